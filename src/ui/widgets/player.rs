//! One set of player controls (start, back, play/pause, forward, end, speed) and the timer
//! behind "play", shared by every lab that moves through time.

use gloo_timers::callback::Interval;
use leptos::prelude::*;

/// Calls `tick` every `period_ms` while `running` is true. The timer is cleared when
/// `running` turns false, when the period changes, and when the owner is disposed, so it never
/// outlives the lab that started it.
pub fn use_interval(running: Signal<bool>, period_ms: Signal<u32>, tick: impl Fn() + 'static) {
    let timer = StoredValue::new_local(None::<Interval>);
    let tick = std::rc::Rc::new(tick);
    Effect::new(move |_| {
        let (on, period) = (running.get(), period_ms.get().max(1));
        timer.update_value(|t| {
            if let Some(old) = t.take() {
                old.cancel();
            }
        });
        if on {
            let tick = tick.clone();
            timer.set_value(Some(Interval::new(period, move || tick())));
        }
    });
    on_cleanup(move || {
        timer.try_update_value(|t| {
            if let Some(old) = t.take() {
                old.cancel();
            }
        });
    });
}

/// The speeds offered, as multipliers of the lab's base pace.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];

/// Formats a speed multiplier the Vietnamese way: `0,5×`.
pub fn speed_label(s: f64) -> String {
    format!("{s}×").replace('.', ",")
}

/// Start / back / play-pause / forward / end buttons and a speed selector.
///
/// The lab owns what a step means; these controls only say when to take one.
#[component]
pub fn PlayerControls(
    /// Whether the lab is playing.
    playing: RwSignal<bool>,
    /// Speed multiplier, one of [`SPEEDS`].
    speed: RwSignal<f64>,
    /// Go to the first moment.
    on_start: Callback<()>,
    /// One step back.
    on_back: Callback<()>,
    /// One step forward.
    on_forward: Callback<()>,
    /// Go to the last moment.
    on_end: Callback<()>,
    /// Reset the run (optional).
    #[prop(optional)]
    on_reset: Option<Callback<()>>,
    /// Accessible name of the group, e.g. "Điều khiển phát lại".
    #[prop(default = "Điều khiển phát lại")]
    label: &'static str,
    /// For runs that only move forward (a live simulation): hide "start", "back" and "end",
    /// keeping play/pause, step forward, reset and speed.
    #[prop(optional)]
    forward_only: bool,
) -> impl IntoView {
    let play_label = move || {
        if playing.get() {
            "Tạm dừng"
        } else {
            "Phát"
        }
    };
    let options = SPEEDS
        .iter()
        .map(|s| view! { <option value=s.to_string()>{speed_label(*s)}</option> })
        .collect_view();
    view! {
        <div class="player" role="group" aria-label=label>
            {(!forward_only).then(|| view! {
                <button type="button" class="player-button" aria-label="Về đầu" title="Về đầu (Home)"
                    on:click=move |_| on_start.run(())>"⏮"</button>
                <button type="button" class="player-button" aria-label="Lùi một bước" title="Lùi một bước (←)"
                    on:click=move |_| on_back.run(())>"◀"</button>
            })}
            <button type="button" class="player-button player-play" aria-label=play_label
                title=move || format!("{} (Phím cách)", play_label())
                aria-pressed=move || playing.get().to_string()
                on:click=move |_| playing.update(|p| *p = !*p)>
                {move || if playing.get() { "⏸" } else { "▶" }}
            </button>
            <button type="button" class="player-button" aria-label="Tiến một bước" title="Tiến một bước (→)"
                on:click=move |_| on_forward.run(())>"▶▏"</button>
            {(!forward_only).then(|| view! {
                <button type="button" class="player-button" aria-label="Tới cuối" title="Tới cuối (End)"
                    on:click=move |_| on_end.run(())>"⏭"</button>
            })}
            {on_reset.map(|r| view! {
                <button type="button" class="player-button player-reset" on:click=move |_| r.run(())>
                    "Chạy lại"
                </button>
            })}
            <label class="player-speed">
                <span>"Tốc độ"</span>
                <select
                    prop:value=move || speed.get().to_string()
                    on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                            speed.set(v);
                        }
                    }
                >
                    {options}
                </select>
            </label>
        </div>
    }
}

/// The bar of a live, seeded simulation (the CQRS and mesh labs): play/pause, one step,
/// reset and speed, the virtual clock, and the seed. `name` prefixes the classes and ids
/// (`cq` → `cq-player`, `cq-clock`, `cq-seed`).
#[component]
pub fn SimPlayer(
    name: &'static str,
    /// Accessible name of the controls.
    label: &'static str,
    playing: RwSignal<bool>,
    speed: RwSignal<f64>,
    on_step: Callback<()>,
    on_reset: Callback<()>,
    /// The virtual time, already written out.
    #[prop(into)]
    clock: Signal<String>,
    #[prop(into)] seed: Signal<u64>,
    on_seed: Callback<u64>,
    on_error: Callback<String>,
) -> impl IntoView {
    let noop = Callback::new(|_: ()| {});
    view! {
        <div class=format!("{name}-player")>
            <PlayerControls
                playing
                speed
                on_start=noop
                on_back=noop
                on_forward=on_step
                on_end=noop
                on_reset
                forward_only=true
                label
            />
            <p class=format!("{name}-clock")>"Thời gian ảo: " <strong>{clock}</strong></p>
            <SeedForm name seed on_seed on_error/>
        </div>
    }
}

/// The seed of a run: a small form that hands a whole number to `on_seed`, or a Vietnamese
/// refusal to `on_error`.
#[component]
fn SeedForm(
    name: &'static str,
    #[prop(into)] seed: Signal<u64>,
    on_seed: Callback<u64>,
    on_error: Callback<String>,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let apply = move || {
        let Some(text) = input.get().map(|i| i.value()) else {
            return;
        };
        match text.trim().parse::<u64>() {
            Ok(s) => on_seed.run(s),
            Err(_) => on_error.run(format!(
                "Seed phải là số nguyên không âm (đã nhập “{}”).",
                text.trim()
            )),
        }
    };
    let id = format!("{name}-seed");
    let (class, label_for) = (id.clone(), id.clone());
    view! {
        <form
            class=class
            on:submit=move |ev| {
                ev.prevent_default();
                apply();
            }
        >
            <label for=label_for>"Seed"</label>
            <input
                id=id
                type="text"
                inputmode="numeric"
                size="8"
                node_ref=input
                prop:value=move || seed.get().to_string()
            />
            <button type="submit" class=format!("{name}-button")>"Dùng seed này"</button>
        </form>
    }
}
