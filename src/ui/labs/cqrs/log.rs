//! The text log: notable events in words, read out politely by screen readers.

use leptos::prelude::*;

use super::actions::Tone;
use super::state::{clock, Lab};

fn tone_class(t: Tone) -> &'static str {
    match t {
        Tone::Info => "cq-log-line",
        Tone::Warn => "cq-log-line cq-log-warn",
        Tone::Good => "cq-log-line cq-log-good",
    }
}

/// The log, oldest first in the document (as `role="log"` expects), newest shown on top.
#[component]
pub fn LogView(lab: Lab) -> impl IntoView {
    view! {
        <section class="cq-box cq-log" aria-labelledby="cq-log-title">
            <h4 id="cq-log-title">"Nhật ký"</h4>
            <div class="cq-log-scroll" tabindex="0">
                <ol role="log" aria-live="polite" aria-labelledby="cq-log-title" class="cq-log-list">
                    <For
                        each=move || lab.log.get()
                        key=|e| e.id
                        children=|e| view! {
                            <li class=tone_class(e.tone)>
                                <span class="cq-log-time">{clock(e.at_ms)}</span>
                                " "
                                <span>{e.text}</span>
                            </li>
                        }
                    />
                </ol>
                <p class="cq-hint cq-log-empty">
                    {move || lab.log.with(Vec::is_empty).then_some(
                        "Chưa có gì: các sự kiện đáng chú ý (projector dừng, sập, bắt kịp, đọc thấy giá cũ) sẽ hiện ở đây."
                    )}
                </p>
            </div>
        </section>
    }
}
