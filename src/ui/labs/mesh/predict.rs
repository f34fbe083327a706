//! Predict, then observe: "a payment pod answers 503 for p of the requests; with 3 retries,
//! what share succeeds?" The student commits a percentage, a dedicated small run measures it
//! (gateway → payment-service with one pod, same seed), and the gap to 1 − p^A is shown.

use leptos::prelude::*;

use super::state::{percent, Lab};
use crate::sim::format::decimal;
use crate::sim::mesh::{
    Fault, Latency, Mesh, MeshConfig, MeshError, Mode, PodId, PodSpec, Policy, ServiceKind,
    ServiceSpec, Topology, MS, SEC,
};

/// User requests in the check.
pub const CHECK_REQUESTS: u64 = 4_000;
/// Retries in the question (the lesson's attempts: 3).
pub const ATTEMPTS: u32 = 3;

/// The measured answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observed {
    pub with_mesh: f64,
    pub without_mesh: f64,
    pub formula: f64,
    pub tries_per_request: f64,
}

fn topology() -> Topology {
    let pod = |latency| PodSpec {
        version: 1,
        latency,
        capacity: 200,
    };
    Topology {
        services: vec![
            ServiceSpec {
                name: "istio-ingressgateway".to_string(),
                kind: ServiceKind::Gateway,
                pods: vec![pod(Latency::Fixed(0))],
                calls: vec![1],
            },
            ServiceSpec {
                name: "payment-service".to_string(),
                kind: ServiceKind::App,
                pods: vec![pod(Latency::ShiftedExp {
                    min: 4 * MS,
                    mean_extra: 4 * MS,
                })],
                calls: vec![],
            },
        ],
        canary_service: None,
    }
}

/// Runs the question with error rate `p`, with and without the mesh.
pub fn observe(p: f64, seed: u64) -> Result<Observed, MeshError> {
    let run = |mode: Mode| -> Result<(f64, f64), MeshError> {
        let mut policy = Policy::default();
        policy.retries.attempts = ATTEMPTS;
        let mut m = Mesh::new(
            MeshConfig {
                topology: topology(),
                mode,
                policy,
                request_rate: 500.0,
                request_limit: Some(CHECK_REQUESTS),
                ..MeshConfig::default()
            },
            seed,
        )?;
        m.inject(Fault::ErrorRate {
            pod: PodId(1),
            rate: p,
        })?;
        m.run_until_idle(600 * SEC);
        let t = m.totals();
        let tries = if t.user_requests_started == 0 {
            0.0
        } else {
            t.tries_by_service.get(1).copied().unwrap_or(0) as f64 / t.user_requests_started as f64
        };
        Ok((t.success_rate(), tries))
    };
    let (with_mesh, tries_per_request) = run(Mode::Mesh)?;
    let (without_mesh, _) = run(Mode::NoMesh)?;
    Ok(Observed {
        with_mesh,
        without_mesh,
        formula: 1.0 - p.powi(ATTEMPTS as i32 + 1),
        tries_per_request,
    })
}

/// The predict step.
#[component]
pub fn PredictStep(lab: Lab) -> impl IntoView {
    let p = RwSignal::new(50u32);
    let guess = RwSignal::new(String::new());
    let committed = RwSignal::new(None::<f64>);
    let result = RwSignal::new(None::<Result<Observed, String>>);
    let error = RwSignal::new(None::<String>);
    let run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = guess.get_untracked();
        let g = text.trim().trim_end_matches('%').replace(',', ".");
        match g.trim().parse::<f64>() {
            Ok(v) if (0.0..=100.0).contains(&v) => {
                error.set(None);
                committed.set(Some(v));
                let seed = lab.params.with_untracked(|x| x.seed);
                result.set(Some(
                    observe(p.get_untracked() as f64 / 100.0, seed).map_err(|e| e.message_vi()),
                ));
            }
            _ => error.set(Some(format!(
                "Hãy nhập một phần trăm từ 0 đến 100 (đã nhập “{}”).",
                text.trim()
            ))),
        }
    };
    let verdict = move || {
        let (Some(g), Some(r)) = (committed.get(), result.get()) else {
            return None;
        };
        Some(match r {
            Ok(o) => {
                let gap = g - o.with_mesh * 100.0;
                let close = gap.abs() <= 2.0;
                let pv = p.get_untracked();
                view! {
                    <div class=if close { "mesh-verdict mesh-verdict-right" } else { "mesh-verdict mesh-verdict-wrong" } role="status">
                        <p>
                            <strong>{if close { "Rất gần. " } else { "Chưa khớp. " }}</strong>
                            {format!(
                                "Bạn đoán {}%. Đo được với mesh: {}; lệch {} điểm phần trăm.",
                                decimal(g, 1),
                                percent(o.with_mesh),
                                decimal(gap.abs(), 1)
                            )}
                        </p>
                        <p class="mesh-predict-formula">{format!(
                            "Công thức: 1 − p^A = 1 − {}^{} = {}. Không mesh (không retry): {} (≈ 1 − p). Trung bình {} lần thử mỗi request.",
                            decimal(pv as f64 / 100.0, 2),
                            ATTEMPTS + 1,
                            percent(o.formula),
                            percent(o.without_mesh),
                            decimal(o.tries_per_request, 2)
                        )}</p>
                        <p>
                            <strong>"Vì sao? "</strong>
                            "Mỗi lần thử độc lập thất bại với xác suất p; request chỉ thất bại khi cả A = 1 + attempts lần thử đều thất bại. Cái giá là tải: pod lỗi nhận thêm retry (trung bình (1 − p^A)/(1 − p) lần thử mỗi request)."
                        </p>
                    </div>
                }
                .into_any()
            }
            Err(m) => view! { <p class="mesh-error" role="alert">{m}</p> }.into_any(),
        })
    };
    view! {
        <section class="mesh-box mesh-predict" aria-labelledby="mesh-predict-title">
            <h4 id="mesh-predict-title">"Dự đoán trước, chạy sau"</h4>
            <div class="mesh-field">
                <label for="mesh-predict-p">"Tỉ lệ pod payment trả 503"</label>
                <select
                    id="mesh-predict-p"
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                            p.set(v);
                            committed.set(None);
                            result.set(None);
                        }
                    }
                >
                    {[10u32, 30, 50, 70, 90].into_iter().map(|v| view! {
                        <option value=v.to_string() selected=move || p.get() == v>{format!("{v}%")}</option>
                    }).collect_view()}
                </select>
            </div>
            <p class="mesh-prompt">
                {move || format!(
                    "Một pod payment-service trả 503 cho {}% số request. Với retries.attempts = {ATTEMPTS} (tối đa {} lần thử), bao nhiêu phần trăm request của người dùng thành công?",
                    p.get(),
                    ATTEMPTS + 1
                )}
            </p>
            <form class="mesh-predict-form" on:submit=run>
                <label for="mesh-guess">"Bạn dự đoán (%)"</label>
                <input
                    id="mesh-guess"
                    type="text"
                    inputmode="decimal"
                    size="6"
                    prop:value=move || guess.get()
                    on:input=move |ev| guess.set(event_target_value(&ev))
                />
                <button type="submit" class="mesh-button mesh-primary mesh-predict-run">"Chạy để kiểm chứng"</button>
            </form>
            <p class="mesh-error" role="alert">{move || error.get()}</p>
            <p class="mesh-hint">{format!(
                "Lượt kiểm chứng chạy riêng {} request qua gateway → payment-service (một pod), cùng seed, có và không có mesh.",
                crate::sim::format::group_digits(CHECK_REQUESTS as i64)
            )}</p>
            {verdict}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measured_success_is_near_one_minus_p_to_the_a() {
        let o = observe(0.5, 7).unwrap();
        assert!((o.formula - 0.9375).abs() < 1e-12);
        assert!((o.with_mesh - o.formula).abs() < 0.02, "{o:?}");
        assert!((o.without_mesh - 0.5).abs() < 0.03, "{o:?}");
    }
}
