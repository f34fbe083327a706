//! The player bar (shared player controls, virtual clock, seed) and the settings of the
//! pipeline: load, projector, bus, cache.

use leptos::prelude::*;

use super::params::{
    duration_text, nearest_index, percent_text, rate_text, BUS_DELAYS, CAPACITIES, DUPLICATES,
    JITTERS, TTLS, WRITE_RATES,
};
use super::state::{clock, Lab, Place};
use crate::ui::widgets::player::SimPlayer;

/// A slider over uneven steps (a native range input over the step index), with its value
/// written beside the label and spoken through `aria-valuetext`.
#[component]
pub fn LadderSlider(
    /// Visible label.
    label: &'static str,
    /// Element id (unique in the page).
    id: &'static str,
    /// The values offered, increasing.
    ladder: &'static [f64],
    /// Current value.
    #[prop(into)]
    value: Signal<f64>,
    /// Text of a value, with its unit.
    format: fn(f64) -> String,
    /// Called while the slider moves.
    on_input: Callback<f64>,
    /// Called when the slider is released (or a key press is done).
    #[prop(optional)]
    on_commit: Option<Callback<()>>,
    /// One line of help under the slider.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let max = (ladder.len() - 1).to_string();
    let pick = move |ev: &leptos::ev::Event| {
        event_target_value(ev)
            .parse::<usize>()
            .ok()
            .and_then(|i| ladder.get(i).copied())
    };
    view! {
        <div class="cq-field">
            <div class="cq-field-head">
                <label for=id>{label}</label>
                <output for=id>{move || format(value.get())}</output>
            </div>
            <input
                type="range"
                id=id
                min="0"
                max=max
                step="1"
                prop:value=move || nearest_index(ladder, value.get()).to_string()
                aria-valuetext=move || format(value.get())
                on:input=move |ev| {
                    if let Some(v) = pick(&ev) {
                        on_input.run(v);
                    }
                }
                on:change=move |_| {
                    if let Some(c) = on_commit {
                        c.run(());
                    }
                }
            />
            {hint.map(|h| view! { <p class="cq-hint">{h}</p> })}
        </div>
    }
}

/// Shows the refusal message of `place`, if any, as an alert next to the controls.
#[component]
pub fn ErrorAt(lab: Lab, place: Place) -> impl IntoView {
    let msg = move || lab.error.get().and_then(|(p, m)| (p == place).then_some(m));
    view! {
        <p class="cq-error" role="alert">{msg}</p>
    }
}

/// Play/pause/step/reset/speed, the virtual clock and the seed.
#[component]
pub fn PlayerBar(lab: Lab) -> impl IntoView {
    view! {
        <SimPlayer
            name="cq"
            label="Điều khiển mô phỏng"
            playing=lab.playing
            speed=lab.speed
            on_step=Callback::new(move |_| lab.step())
            on_reset=Callback::new(move |_| lab.reset())
            clock=Signal::derive(move || clock(lab.snapshot.with(|s| s.now_ms)))
            seed=Signal::derive(move || lab.params.with(|p| p.seed))
            on_seed=Callback::new(move |s| lab.set_seed(s))
            on_error=Callback::new(move |m| lab.error.set(Some((Place::Seed, m))))
        />
        <ErrorAt lab place=Place::Seed/>
        <p class="cq-hint">
            "Khi phát, mỗi 50 ms thời gian thật chạy 50 ms × tốc độ thời gian ảo; “Tiến một bước” chạy 100 ms. "
            "Địa chỉ trang giữ seed, thông số và lỗi đang bật: mở lại liên kết là chạy lại đúng lần chạy này từ đầu."
        </p>
    }
}

/// Load, projector, bus and cache settings.
#[component]
pub fn Settings(lab: Lab) -> impl IntoView {
    let cfg = move || lab.snapshot.with(|s| s.config.clone());
    let commit = Callback::new(move |_| lab.commit_url());
    view! {
        <fieldset class="cq-box cq-settings">
            <legend>"Tải và đường ống"</legend>
            <LadderSlider
                label="Tốc độ ghi của học viên"
                id="cq-rate"
                ladder=WRITE_RATES
                value=Signal::derive(move || cfg().write_rate)
                format=rate_text
                on_input=Callback::new(move |v| lab.change(false, |p| p.write_rate = v))
                on_commit=commit
                hint="0 là chỉ ghi khi bạn bấm; 10.000 là giờ cao điểm của HPN."
            />
            <LadderSlider
                label="Công suất projector"
                id="cq-cap"
                ladder=CAPACITIES
                value=Signal::derive(move || cfg().projector_capacity)
                format=rate_text
                on_input=Callback::new(move |v| lab.change(false, |p| p.capacity = v))
                on_commit=commit
            />
            <LadderSlider
                label="Độ trễ của event bus"
                id="cq-delay"
                ladder=BUS_DELAYS
                value=Signal::derive(move || cfg().bus_delay_ms as f64)
                format=duration_text
                on_input=Callback::new(move |v: f64| lab.change(false, |p| p.bus_delay_ms = v as u64))
                on_commit=commit
            />
            <LadderSlider
                label="Dao động (jitter) của event bus"
                id="cq-jitter"
                ladder=JITTERS
                value=Signal::derive(move || cfg().bus_jitter_ms as f64)
                format=duration_text
                on_input=Callback::new(move |v: f64| lab.change(false, |p| p.jitter_ms = v as u64))
                on_commit=commit
            />
            <LadderSlider
                label="Xác suất giao trùng (at-least-once)"
                id="cq-dup"
                ladder=DUPLICATES
                value=Signal::derive(move || cfg().duplicate_probability)
                format=percent_text
                on_input=Callback::new(move |v| lab.change(false, |p| p.duplicates = v))
                on_commit=commit
            />
            <LadderSlider
                label="TTL của cache"
                id="cq-ttl"
                ladder=TTLS
                value=Signal::derive(move || cfg().cache_ttl_ms as f64)
                format=duration_text
                on_input=Callback::new(move |v: f64| lab.change(false, |p| p.ttl_ms = v as u64))
                on_commit=commit
                hint="Bài học dùng 1 giờ (setex … 3600). TTL mới áp dụng cho các bản sao nạp từ giờ."
            />
            <label class="cq-check">
                <input
                    type="checkbox"
                    prop:checked=move || cfg().cache_invalidation
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        lab.change(true, |p| p.invalidation = on);
                    }
                />
                "Xoá cache khi giá đổi (redis.del trong projector)"
            </label>
            <ErrorAt lab place=Place::Settings/>
            <button type="button" class="cq-button cq-link-button" on:click=move |_| lab.defaults()>
                "Về thông số mặc định"
            </button>
        </fieldset>
    }
}
