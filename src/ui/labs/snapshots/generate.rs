//! Generating the log in the browser: a seed, a length up to 1.000.000, a progress bar. The
//! work is cut into slices of about 10 ms with a frame in between, so the page stays
//! responsive while a million events are made.

use leptos::prelude::*;

use crate::sim::es::{Generator, Progress};
use crate::sim::format::{decimal, vnd};

use super::browser::{next_frame, now_ms, unique_id};
use super::data::LabLog;
use super::model::{count, duration_vi, parse_whole, MAX_LOG};

/// Largest seed accepted.
pub const MAX_SEED: u64 = u32::MAX as u64;

/// Time a slice of generation aims for, ms: short enough to keep a frame or so of headroom.
const SLICE_MS: f64 = 10.0;

/// Seed, length, a button, and a progress bar; hands the finished log to `on_done`.
#[component]
pub fn GeneratePanel(
    /// The seed shown first.
    seed: u64,
    /// The length shown first.
    events: u64,
    /// Start generating as soon as the panel mounts (the URL asked for a log).
    #[prop(default = false)]
    autostart: bool,
    /// Receives each finished log.
    on_done: Callback<LabLog>,
) -> impl IntoView {
    let seed_text = RwSignal::new(seed.to_string());
    let count_text = RwSignal::new(count(events));
    let seed_error = RwSignal::new(None::<String>);
    let count_error = RwSignal::new(None::<String>);
    let running = RwSignal::new(false);
    let progress = RwSignal::new(None::<Progress>);
    let status = RwSignal::new(String::new());
    // The generation under way; a new start or the panel's disposal ends the older one.
    let current = StoredValue::new(0u64);

    let start = move || {
        let seed = parse_whole(&seed_text.get_untracked(), "seed", 0, MAX_SEED);
        let n = parse_whole(&count_text.get_untracked(), "số event", 1, MAX_LOG);
        seed_error.set(seed.as_ref().err().cloned());
        count_error.set(n.as_ref().err().cloned());
        let (Ok(seed), Ok(n)) = (seed, n) else {
            status.set("Chưa sinh: hãy sửa ô bị báo lỗi.".to_string());
            return;
        };
        let token = current.get_value() + 1;
        current.set_value(token);
        running.set(true);
        progress.set(Some(Progress {
            done: 0,
            total: n as usize,
        }));
        status.set(format!("Đang sinh {} event (seed {seed})…", count(n)));
        leptos::task::spawn_local(async move {
            let started = now_ms();
            let mut generator = Generator::new(seed, n as usize);
            let mut slice = 2_000usize;
            while !generator.is_done() {
                let t = now_ms();
                let p = generator.step(slice);
                let took = now_ms() - t;
                // Aim each slice at SLICE_MS from the speed just seen.
                slice = if took > 0.5 {
                    ((slice as f64 * SLICE_MS / took) as usize).clamp(500, 250_000)
                } else {
                    (slice * 4).min(250_000)
                };
                if current.try_get_value() != Some(token) || progress.try_set(Some(p)).is_some() {
                    return;
                }
                next_frame().await;
                if current.try_get_value() != Some(token) {
                    return;
                }
            }
            let took = now_ms() - started;
            let lab_log = LabLog::new(token, seed, took, generator.into_log());
            let n = lab_log.len();
            running.try_set(false);
            status.try_set(format!(
                "Đã sinh {} event (seed {seed}) trong {}, khoảng {} ns mỗi event. Số dư ở đầu \
                 log: {}.",
                count(n),
                duration_vi(took),
                decimal(took * 1e6 / n.max(1) as f64, 0),
                vnd(lab_log.head().balance)
            ));
            on_done.run(lab_log);
        });
    };
    let stop = move || {
        current.update_value(|t| *t += 1);
        running.set(false);
        status.set("Đã dừng; log trước đó (nếu có) vẫn được giữ nguyên.".to_string());
    };
    if autostart {
        start();
    }

    let seed_id = unique_id("sn-seed");
    let seed_msg = unique_id("sn-seed-msg");
    let count_id = unique_id("sn-count");
    let count_msg = unique_id("sn-count-msg");
    let progress_id = unique_id("sn-progress");
    let progress_label = move || match progress.get() {
        Some(p) => format!(
            "Tiến độ: {} / {} event ({} %)",
            count(p.done as u64),
            count(p.total as u64),
            decimal(p.fraction() * 100.0, 0)
        ),
        None => "Tiến độ: chưa sinh".to_string(),
    };
    view! {
        <form
            class="sn-generate"
            on:submit=move |ev| {
                ev.prevent_default();
                start();
            }
        >
            <div class="sn-fields">
                <div class="sn-field">
                    <label for=seed_id.clone()>"Seed (0 … 4.294.967.295)"</label>
                    <input
                        id=seed_id
                        class="sn-seed"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        prop:value=move || seed_text.get()
                        aria-invalid=move || seed_error.get().is_some().to_string()
                        aria-describedby=seed_msg.clone()
                        on:input=move |ev| seed_text.set(event_target_value(&ev))
                    />
                    <p id=seed_msg class="sn-error sn-seed-error" aria-live="polite">{move || seed_error.get()}</p>
                </div>
                <div class="sn-field">
                    <label for=count_id.clone()>"Số event (1 … 1.000.000)"</label>
                    <input
                        id=count_id
                        class="sn-events"
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        prop:value=move || count_text.get()
                        aria-invalid=move || count_error.get().is_some().to_string()
                        aria-describedby=count_msg.clone()
                        on:input=move |ev| count_text.set(event_target_value(&ev))
                    />
                    <p id=count_msg class="sn-error sn-events-error" aria-live="polite">{move || count_error.get()}</p>
                </div>
            </div>
            <div class="sn-actions">
                <button type="submit" class="button sn-run" disabled=move || running.get()>
                    "Sinh log"
                </button>
                <Show when=move || running.get()>
                    <button type="button" class="button sn-stop" on:click=move |_| stop()>"Dừng"</button>
                </Show>
            </div>
            <div class="sn-progress">
                <label for=progress_id.clone()>{progress_label}</label>
                <progress
                    id=progress_id
                    max=move || progress.get().map_or(1, |p| p.total.max(1)).to_string()
                    value=move || progress.get().map_or(0, |p| p.done).to_string()
                ></progress>
            </div>
            <p class="sn-status" aria-live="polite">{move || status.get()}</p>
        </form>
    }
}
