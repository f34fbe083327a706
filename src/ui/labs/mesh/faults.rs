//! The player bar (shared controls, clock, seed, load) and the fault panel of the selected
//! pod, with the plaintext legacy client toggle.

use leptos::prelude::*;

use super::params::{nearest_index, rate_text, LEGACY_RATE, RATES};
use super::state::{clock, faults_text_vi, percent, Lab, Place};
use crate::sim::format::decimal;
use crate::sim::mesh::PodFaults;
use crate::ui::widgets::player::SimPlayer;

/// Added latencies offered, ms.
const DELAYS: [u64; 6] = [0, 50, 200, 1_000, 2_500, 12_000];

/// Shows the refusal message of `place`, if any.
#[component]
pub fn ErrorAt(lab: Lab, place: Place) -> impl IntoView {
    let msg = move || lab.error.get().and_then(|(p, m)| (p == place).then_some(m));
    view! { <p class="mesh-error" role="alert">{msg}</p> }
}

/// Play/pause/step/reset/speed, the clock, the seed and the load.
#[component]
pub fn PlayerBar(lab: Lab) -> impl IntoView {
    let rate = move || lab.params.with(|p| p.rate);
    view! {
        <SimPlayer
            name="mesh"
            label="Điều khiển mô phỏng mesh"
            playing=lab.playing
            speed=lab.speed
            on_step=Callback::new(move |_| lab.step())
            on_reset=Callback::new(move |_| lab.reset())
            clock=Signal::derive(move || clock(lab.snapshot.with(|s| s.now_us)))
            seed=Signal::derive(move || lab.params.with(|p| p.seed))
            on_seed=Callback::new(move |s| lab.set_seed(s))
            on_error=Callback::new(move |m| lab.fail(Place::Seed, m))
        />
        <ErrorAt lab place=Place::Seed/>
        <div class="mesh-field mesh-rate">
            <div class="mesh-field-head">
                <label for="mesh-rate">"Tải từ người dùng"</label>
                <output for="mesh-rate">{move || rate_text(rate())}</output>
            </div>
            <input
                type="range"
                id="mesh-rate"
                min="0"
                max=(RATES.len() - 1).to_string()
                step="1"
                prop:value=move || nearest_index(RATES, rate()).to_string()
                aria-valuetext=move || rate_text(rate())
                on:change=move |ev| {
                    if let Some(v) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| RATES.get(i)) {
                        lab.set_rate(*v);
                    }
                }
            />
        </div>
        <p class="mesh-hint">
            "Mỗi 50 ms thời gian thật chạy 50 ms × tốc độ thời gian ảo; “Tiến một bước” chạy 1 giây. "
            "Hai lượt chạy song song với cùng seed, cùng request và cùng lỗi: một có mesh, một không. "
            "Địa chỉ trang giữ seed, tải, lỗi và chính sách: mở lại liên kết là chạy lại đúng lượt này."
        </p>
    }
}

/// Faults of the selected pod, and the legacy client.
#[component]
pub fn FaultPanel(lab: Lab) -> impl IntoView {
    let sel = lab.selected;
    let current = move || {
        lab.params
            .with(|p| p.faults.get(sel.get()).copied().unwrap_or_default())
    };
    let name = Memo::new(move |_| {
        lab.snapshot
            .with(|s| s.pods.get(sel.get()).map(|p| p.name.clone()))
            .unwrap_or_default()
    });
    let change = move |f: &dyn Fn(&mut PodFaults)| {
        let mut next = current();
        f(&mut next);
        lab.set_faults(sel.get_untracked(), next);
    };
    let error_pct = move || (current().error_rate * 100.0).round() as u32;
    let options = move || {
        lab.snapshot.with(|s| {
            s.pods
                .iter()
                .enumerate()
                .filter(|(_, p)| p.service.0 != 0)
                .map(|(i, p)| {
                    let n = p.name.clone();
                    view! { <option value=i.to_string() selected=move || sel.get() == i>{n}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <fieldset class="mesh-box mesh-faults">
            <legend>"Tiêm lỗi vào pod"</legend>
            <p class="mesh-hint">"Bấm một pod trên sơ đồ (hoặc chọn ở đây). Lỗi áp dụng cho cả hai lượt."</p>
            <div class="mesh-field">
                <label for="mesh-pod">"Pod"</label>
                <select
                    id="mesh-pod"
                    on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                            sel.set(i);
                        }
                    }
                >
                    {options}
                </select>
            </div>
            <p class="mesh-selected" role="status">
                <strong>{move || name.get()}</strong>": "{move || faults_text_vi(&current())}
            </p>
            <div class="mesh-field">
                <div class="mesh-field-head">
                    <label for="mesh-err">"Tỉ lệ trả 503"</label>
                    <output for="mesh-err">{move || percent(error_pct() as f64 / 100.0)}</output>
                </div>
                <input
                    type="range"
                    id="mesh-err"
                    min="0"
                    max="100"
                    step="5"
                    prop:value=move || error_pct().to_string()
                    aria-valuetext=move || format!("{} request trả 503", percent(error_pct() as f64 / 100.0))
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                            change(&|f| f.error_rate = v.min(100) as f64 / 100.0);
                        }
                    }
                />
            </div>
            <div class="mesh-field">
                <label for="mesh-delay">"Độ trễ thêm"</label>
                <select
                    id="mesh-delay"
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u64>() {
                            change(&|f| f.added_latency_ms = v);
                        }
                    }
                >
                    {DELAYS
                        .iter()
                        .map(|&d| {
                            let text = if d == 0 {
                                "không".to_string()
                            } else if d >= 1_000 {
                                format!("+{} giây", decimal(d as f64 / 1_000.0, if d % 1_000 == 0 { 0 } else { 1 }))
                            } else {
                                format!("+{d} ms")
                            };
                            view! {
                                <option value=d.to_string() selected=move || current().added_latency_ms == d>{text}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <label class="mesh-check">
                <input
                    type="checkbox"
                    class="mesh-crash"
                    prop:checked=move || current().crashed
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        change(&|f| f.crashed = on);
                    }
                />
                "Pod sập (kết nối bị từ chối)"
            </label>
            <label class="mesh-check">
                <input
                    type="checkbox"
                    class="mesh-sidecar-crash"
                    prop:checked=move || current().sidecar_crashed
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        change(&|f| f.sidecar_crashed = on);
                    }
                />
                "Sidecar của pod sập"
            </label>
            <div class="mesh-buttons">
                <button type="button" class="mesh-button" on:click=move |_| lab.set_faults(sel.get_untracked(), PodFaults::default())>
                    "Chữa pod này"
                </button>
                <button type="button" class="mesh-button" on:click=move |_| lab.heal_all()>
                    "Chữa mọi pod"
                </button>
            </div>
            <ErrorAt lab place=Place::Faults/>
            <label class="mesh-check mesh-legacy-toggle">
                <input
                    type="checkbox"
                    prop:checked=move || lab.params.with(|p| p.legacy)
                    on:change=move |ev| lab.set_legacy(event_target_checked(&ev))
                />
                {format!(
                    "Client cũ ngoài mesh gửi plaintext tới payment-service ({} request/giây)",
                    decimal(LEGACY_RATE, 0)
                )}
            </label>
            <p class="mesh-hint" role="status">
                {move || lab.params.with(|p| p.legacy).then(|| lab.snapshot.with(|s| {
                    let t = &s.mesh.totals;
                    format!(
                        "Client cũ: {} request được phục vụ, {} bị mTLS {} từ chối, {} lỗi khác.",
                        crate::sim::format::group_digits(t.legacy_ok as i64),
                        crate::sim::format::group_digits(t.legacy_rejected as i64),
                        s.policy.mtls.as_str(),
                        crate::sim::format::group_digits(t.legacy_failed as i64),
                    )
                }))}
            </p>
        </fieldset>
    }
}
