//! Retry storms: N layers each retrying with A tries; the tries measured on the deepest
//! service beside the closed form A^N (engine `storm` module).

use leptos::prelude::*;

use super::state::{percent, Lab};
use crate::sim::format::{decimal, group_digits};
use crate::sim::mesh::storm::{closed_form, run_storm, StormReport, StormSetup, MAX_LAYERS};

/// The storm panel.
#[component]
pub fn StormPanel(lab: Lab) -> impl IntoView {
    let layers = RwSignal::new(3u32);
    let tries = RwSignal::new(4u32);
    let fail = RwSignal::new(100u32);
    let result = RwSignal::new(None::<Result<(StormSetup, StormReport), String>>);
    let run = move |_| {
        let setup = StormSetup {
            layers: layers.get_untracked(),
            tries_per_layer: tries.get_untracked(),
            failure_rate: fail.get_untracked() as f64 / 100.0,
            ..StormSetup::default()
        };
        let seed = lab.params.with_untracked(|p| p.seed);
        result.set(Some(
            run_storm(&setup, seed)
                .map(|r| (setup, r))
                .map_err(|e| e.message_vi()),
        ));
    };
    let slider = move |label: &'static str,
                       id: &'static str,
                       sig: RwSignal<u32>,
                       min: u32,
                       max: u32,
                       step: u32,
                       fmt: fn(u32) -> String| {
        view! {
            <div class="mesh-field">
                <div class="mesh-field-head">
                    <label for=id>{label}</label>
                    <output for=id>{move || fmt(sig.get())}</output>
                </div>
                <input
                    type="range"
                    id=id
                    min=min.to_string()
                    max=max.to_string()
                    step=step.to_string()
                    prop:value=move || sig.get().to_string()
                    aria-valuetext=move || fmt(sig.get())
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                            sig.set(v);
                            result.set(None);
                        }
                    }
                />
            </div>
        }
    };
    let out = move || {
        result.get().map(|r| match r {
            Ok((s, r)) => view! {
                <table class="mesh-table mesh-storm-result">
                    <tbody>
                        <tr><th scope="row">"Request người dùng"</th><td>{group_digits(r.user_requests as i64)}</td></tr>
                        <tr><th scope="row">"Lần thử service sâu nhất nhận"</th><td>{group_digits(r.deepest_tries as i64)}</td></tr>
                        <tr><th scope="row">"Đo được (mỗi request)"</th><td class="mesh-storm-measured">{decimal(r.measured, 2)}</td></tr>
                        <tr><th scope="row">{format!("Công thức A^N = {}^{}", s.tries_per_layer, s.layers)}</th><td>{decimal(r.closed_form, 0)}</td></tr>
                        <tr><th scope="row">{format!("Kỳ vọng với tỉ lệ lỗi {}", percent(s.failure_rate))}</th><td>{decimal(r.expected, 2)}</td></tr>
                        <tr><th scope="row">"Request người dùng thành công"</th><td>{percent(r.success_rate)}</td></tr>
                    </tbody>
                </table>
            }
            .into_any(),
            Err(m) => view! { <p class="mesh-error" role="alert">{m}</p> }.into_any(),
        })
    };
    view! {
        <section class="mesh-box mesh-storm" aria-labelledby="mesh-storm-title">
            <h4 id="mesh-storm-title">"Retry storm: retry ở mọi tầng"</h4>
            <p class="mesh-hint">
                "Chuỗi gateway → layer-1 → … → layer-N; mỗi chặng thử tối đa A lần (không timeout, không eject, để không gì cắt ngắn cơn bão); service sâu nhất lỗi với tỉ lệ chọn. Khi nó luôn lỗi, mỗi request người dùng thành A^N lần thử ở đáy."
            </p>
            {slider("Số tầng N", "mesh-storm-layers", layers, 1, MAX_LAYERS, 1, |v| format!("{v} tầng"))}
            {slider("Số lần thử mỗi tầng A (= 1 + attempts)", "mesh-storm-tries", tries, 1, 11, 1, |v| format!("{v} lần thử"))}
            {slider("Tỉ lệ lỗi của service sâu nhất", "mesh-storm-fail", fail, 0, 100, 10, |v| format!("{v}%"))}
            <p class="mesh-storm-formula" role="status">
                {move || format!(
                    "A^N = {}^{} = {} lần thử ở đáy cho mỗi request (trường hợp xấu nhất).",
                    tries.get(),
                    layers.get(),
                    decimal(closed_form(tries.get(), layers.get()), 0)
                )}
            </p>
            <div class="mesh-buttons">
                <button type="button" class="mesh-button mesh-primary mesh-storm-run" on:click=run>
                    {format!("Chạy {} request", StormSetup::default().user_requests)}
                </button>
            </div>
            <div role="status">{out}</div>
        </section>
    }
}
