//! The sidecar resource tax: pods × per-sidecar memory and CPU, hops × latency, by the
//! lesson's figures and Istio's published ones, with a small calculator.

use leptos::prelude::*;

use super::state::Lab;
use crate::sim::format::{decimal, group_digits};
use crate::sim::mesh::tax::{istio_tax, lesson_tax, ISTIO_FIGURES, LESSON};

fn memory(mb: f64) -> String {
    if mb >= 1_000.0 {
        format!(
            "{} MB (≈ {} GB)",
            group_digits(mb.round() as i64),
            decimal(mb / 1_000.0, 1)
        )
    } else {
        format!("{} MB", decimal(mb, 0))
    }
}

fn number_field(
    label: &'static str,
    id: &'static str,
    sig: RwSignal<u32>,
    max: u32,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="mesh-field">
            <label for=id>{label}</label>
            <input
                id=id
                type="number"
                min="0"
                max=max.to_string()
                prop:value=move || sig.get().to_string()
                on:change=move |ev| {
                    let t = event_target_value(&ev);
                    match t.trim().parse::<u32>() {
                        Ok(v) if v <= max => {
                            sig.set(v);
                            error.set(None);
                        }
                        _ => error.set(Some(format!(
                            "{label}: “{}” không hợp lệ, hãy nhập số nguyên từ 0 đến {}.",
                            t.trim(),
                            group_digits(max as i64)
                        ))),
                    }
                }
            />
        </div>
    }
}

/// The tax panel.
#[component]
pub fn TaxPanel(lab: Lab) -> impl IntoView {
    let pods = RwSignal::new(100u32);
    let hops = RwSignal::new(5u32);
    let rps = RwSignal::new(1_000u32);
    let error = RwSignal::new(None::<String>);
    let lesson = move || lesson_tax(pods.get(), hops.get());
    let here = move || {
        lab.with_mesh(|m| m.sidecar_tax())
            .map(|t| {
                format!(
                    "Sơ đồ của lab: {} pod ứng dụng có sidecar → {}, {} millicore; một request qua {} chặng → +{}–{} ms. Đo trong lab: p50 có mesh {} so với không mesh {}.",
                    t.pods,
                    memory(t.memory_mb),
                    decimal(t.cpu_millicores, 0),
                    crate::sim::mesh::Topology::shop().hops_per_request(),
                    decimal(t.latency_ms_low, 0),
                    decimal(t.latency_ms_high, 0),
                    lab.snapshot.with(|s| super::state::duration_text(s.mesh.p50_us)),
                    lab.snapshot.with(|s| super::state::duration_text(s.plain.p50_us)),
                )
            })
            .unwrap_or_default()
    };
    let istio_rows = move || {
        let (n, r) = (pods.get(), rps.get() as f64);
        ISTIO_FIGURES
            .iter()
            .map(|f| {
                let t = istio_tax(f, n, r);
                let lat = match (f.p90_ms, f.p99_ms) {
                    (Some(a), Some(b)) => {
                        format!("P90 +{} ms, P99 +{} ms", decimal(a, 2), decimal(b, 2))
                    }
                    _ => "không công bố".to_string(),
                };
                view! {
                    <tr>
                        <th scope="row">{format!("Istio {}", f.versions)}</th>
                        <td>{memory(t.memory_mb)}</td>
                        <td>{format!("{} vCPU", decimal(t.vcpu, 2))}</td>
                        <td>{lat}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="mesh-box mesh-tax" aria-labelledby="mesh-tax-title">
            <h4 id="mesh-tax-title">"Thuế tài nguyên của sidecar"</h4>
            <p class="mesh-hint">{format!(
                "Bài học: mỗi sidecar +{} MB bộ nhớ, +{}m CPU, +{}–{} ms mỗi chặng.",
                decimal(LESSON.memory_mb_per_pod, 0),
                decimal(LESSON.cpu_millicores_per_pod, 0),
                decimal(LESSON.latency_ms_per_hop_low, 0),
                decimal(LESSON.latency_ms_per_hop_high, 0)
            )}</p>
            <div class="mesh-tax-inputs">
                {number_field("Số pod", "mesh-tax-pods", pods, 100_000, error)}
                {number_field("Số chặng mỗi request", "mesh-tax-hops", hops, 100, error)}
                {number_field("Request/giây qua mỗi sidecar", "mesh-tax-rps", rps, 1_000_000, error)}
            </div>
            <p class="mesh-error" role="alert">{move || error.get()}</p>
            <div class="mesh-table-wrap">
                <table class="mesh-table">
                    <thead>
                        <tr>
                            <th scope="col">"Theo"</th>
                            <th scope="col">"Bộ nhớ"</th>
                            <th scope="col">"CPU"</th>
                            <th scope="col">"Độ trễ thêm"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="mesh-tax-lesson">
                            <th scope="row">"Bài học"</th>
                            <td>{move || memory(lesson().memory_mb)}</td>
                            <td>{move || format!("{} millicore (≈ {} core)", group_digits(lesson().cpu_millicores as i64), decimal(lesson().cpu_millicores / 1_000.0, 1))}</td>
                            <td>{move || format!("+{}–{} ms mỗi request", decimal(lesson().latency_ms_low, 0), decimal(lesson().latency_ms_high, 0))}</td>
                        </tr>
                        {istio_rows}
                    </tbody>
                </table>
            </div>
            <p class="mesh-hint">
                "Istio đo ở 1.000 request/giây với payload 1 KB và mTLS: CPU tăng theo lưu lượng qua proxy, bộ nhớ theo kích thước cấu hình mesh chứ không theo lưu lượng; độ trễ là của cặp proxy client + server."
            </p>
            <p class="mesh-hint">{here}</p>
        </section>
    }
}
