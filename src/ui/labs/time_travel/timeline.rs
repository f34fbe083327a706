//! Moving through time: a native slider over versions 0…N with a spoken value, a date-time
//! picker for "the state at a moment", and the shared player controls.

use leptos::prelude::*;

use super::input::{format_local_datetime, parse_local_datetime};
use super::state::Lab;
use crate::sim::es::time::format_date_time_vi;
use crate::sim::format::group_digits;
use crate::ui::widgets::player::{use_interval, PlayerControls};

/// Up to this many events, every version gets a tick label under the slider.
const MAX_TICK_LABELS: u64 = 20;

/// Slider, position, date-time picker and playback.
#[component]
pub fn Timeline(lab: Lab) -> impl IntoView {
    use_interval(
        lab.playing.into(),
        Signal::derive(move || lab.period_ms()),
        move || lab.tick(),
    );
    // A picker left half-filled: the message stays while the cursor has not moved since.
    let moment_error = RwSignal::new(None::<(u64, String)>);
    let valuetext = move || lab.describe_cursor();
    let ticks = move || {
        let n = lab.head.get();
        let labels: Vec<u64> = if n <= MAX_TICK_LABELS {
            (0..=n).collect()
        } else {
            vec![0, n]
        };
        labels
            .into_iter()
            .map(|v| {
                let current = move || lab.cursor.get() == v;
                view! {
                    <span class="tt-tick" class:is-current=current>
                        {group_digits(v as i64)}
                    </span>
                }
            })
            .collect_view()
    };
    let picker_value = move || {
        lab.moment
            .get()
            .or_else(|| lab.cursor_time())
            .map(format_local_datetime)
            .unwrap_or_default()
    };
    let on_moment = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match parse_local_datetime(&text) {
            Some(at) => {
                moment_error.set(None);
                lab.set_moment(at);
            }
            None => moment_error.set(Some((
                lab.cursor.get_untracked(),
                "Hãy chọn đủ ngày và giờ để xem trạng thái lúc đó.".to_string(),
            ))),
        }
    };
    let moment_note = move || {
        let at = lab.moment.get()?;
        let v = lab.cursor.get();
        let at_text = format_date_time_vi(at);
        Some(match lab.cursor_time() {
            Some(last) => format!(
                "Lúc {at_text}, event gần nhất đã xảy ra là #{} ({}): trạng thái lúc đó là trạng thái sau phiên bản {}.",
                group_digits(v as i64),
                format_date_time_vi(last),
                group_digits(v as i64)
            ),
            None => format!("Lúc {at_text}, chưa có event nào: trạng thái rỗng (phiên bản 0)."),
        })
    };
    view! {
        <div class="tt-timeline">
            <div class="tt-slider-wrap">
                <input
                    type="range"
                    class="tt-slider"
                    min="0"
                    max=move || lab.head.get().to_string()
                    step="1"
                    aria-label="Con trỏ thời gian: phiên bản"
                    style:--tt-p=move || {
                        let n = lab.head.get().max(1) as f64;
                        format!("{:.5}", lab.cursor.get() as f64 / n)
                    }
                    // Re-applied whenever the maximum changes too, so a value beyond the old
                    // maximum is never clamped by the browser.
                    prop:value=move || {
                        lab.head.track();
                        lab.cursor.get().to_string()
                    }
                    aria-valuetext=valuetext
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u64>() {
                            lab.set_cursor(v);
                        }
                    }
                />
                <div class="tt-ticks" aria-hidden="true">{ticks}</div>
            </div>
            <div class="tt-controls">
                <PlayerControls
                    playing=lab.playing
                    speed=lab.speed
                    on_start=Callback::new(move |_| lab.go_start())
                    on_back=Callback::new(move |_| lab.step(-1))
                    on_forward=Callback::new(move |_| lab.step(1))
                    on_end=Callback::new(move |_| lab.go_end())
                    label="Điều khiển du hành thời gian"
                />
                <label class="tt-moment">
                    <span class="tt-field-label">"Trạng thái lúc (giờ Việt Nam)"</span>
                    <input
                        type="datetime-local"
                        class="tt-input"
                        prop:value=picker_value
                        on:change=on_moment
                    />
                </label>
            </div>
            {move || {
                moment_error
                    .get()
                    .filter(|(v, _)| lab.moment.get().is_none() && *v == lab.cursor.get())
                    .map(|(_, m)| view! { <p class="tt-message is-bad" role="alert">{m}</p> })
            }}
            {move || moment_note().map(|m| view! { <p class="tt-moment-note">{m}</p> })}
        </div>
    }
}
