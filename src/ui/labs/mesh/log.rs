//! The text log: ejections, returns, faults and policy changes in words, read out politely.

use leptos::prelude::*;

use super::state::{clock, Lab, Tone};

fn tone_class(t: Tone) -> &'static str {
    match t {
        Tone::Info => "mesh-log-line",
        Tone::Warn => "mesh-log-line mesh-log-warn",
        Tone::Good => "mesh-log-line mesh-log-good",
    }
}

/// The log, oldest first.
#[component]
pub fn LogView(lab: Lab) -> impl IntoView {
    view! {
        <section class="mesh-box mesh-log" aria-labelledby="mesh-log-title">
            <h4 id="mesh-log-title">"Nhật ký"</h4>
            <div class="mesh-log-scroll" tabindex="0">
                <ol role="log" aria-live="polite" aria-labelledby="mesh-log-title" class="mesh-log-list">
                    <For
                        each=move || lab.log.get()
                        key=|e| e.id
                        children=|e| view! {
                            <li class=tone_class(e.tone)>
                                <span class="mesh-log-time">{clock(e.at_us)}</span>
                                " "
                                <span>{e.text}</span>
                            </li>
                        }
                    />
                </ol>
                <p class="mesh-hint">
                    {move || lab.log.with(Vec::is_empty).then_some(
                        "Chưa có gì: lỗi được tiêm, pod bị loại hay quay lại, chính sách đổi sẽ hiện ở đây."
                    )}
                </p>
            </div>
        </section>
    }
}
