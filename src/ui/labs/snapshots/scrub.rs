//! Time travel on the generated log through snapshots: a slider over versions 0…N, the state
//! at the cursor (latest snapshot + tail), the events applied, and the fold time measured once
//! the cursor rests.

use std::hint::black_box;

use leptos::prelude::*;

use crate::sim::es::time::format_date_time_vi;
use crate::sim::es::{fold, AccountState, Status};
use crate::sim::format::vnd;
use crate::ui::widgets::player::{use_interval, PlayerControls};

use super::browser::{next_frame, time_stable, unique_id, use_rest};
use super::data::SnapshotSet;
use super::model::{count, duration_vi, interval_key, parse_whole, Timing};

/// Events per step of the player.
const STEPS: [u64; 5] = [1, 10, 100, 1_000, 10_000];

/// Milliseconds per step at speed 1×.
const BASE_PERIOD_MS: f64 = 250.0;

/// The cursor must rest this long before the fold time is measured (measuring takes a few
/// milliseconds and would slow scrubbing down).
const REST_MS: u64 = 250;

/// What was measured at one cursor position.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Measured {
    key: (u64, u64, u64),
    with_snapshots: Timing,
    from_start: Timing,
    same_state: bool,
}

fn key_of(set: &SnapshotSet, version: u64) -> (u64, u64, u64) {
    (set.log().id, interval_key(set.interval()), version)
}

/// Measures the replay at `version` with snapshots, then (a frame later, so the page stays
/// responsive) the fold from the first event; gives up if `still_wanted` turns false between.
async fn measure(
    set: SnapshotSet,
    version: u64,
    still_wanted: impl Fn((u64, u64, u64)) -> bool,
) -> Option<Measured> {
    let version = version.min(set.log().len());
    let key = key_of(&set, version);
    let with_snapshots = time_stable(|| {
        black_box(set.replay(black_box(version)));
    });
    next_frame().await;
    if !still_wanted(key) {
        return None;
    }
    let events = &set.log().stream()?.stored()[..version as usize];
    let from_start = time_stable(|| {
        black_box(fold(black_box(AccountState::EMPTY), black_box(events)));
    });
    let same_state = set.replay(version).state == fold(AccountState::EMPTY, events);
    Some(Measured {
        key,
        with_snapshots,
        from_start,
        same_state,
    })
}

fn balance_text(state: AccountState) -> String {
    match state.status {
        Status::NotOpened => format!("{} (tài khoản chưa mở)", vnd(state.balance)),
        _ => vnd(state.balance),
    }
}

/// The slider, the player and the state at the cursor for one log and interval.
#[component]
pub fn ScrubView(
    /// The log and its snapshots at the chosen interval.
    #[prop(into)]
    snapshots: Signal<SnapshotSet>,
    /// The version under the cursor (0…N).
    cursor: RwSignal<u64>,
) -> impl IntoView {
    let len = Memo::new(move |_| snapshots.with(|s| s.log().len()));
    let replay = Memo::new(move |_| snapshots.with(|s| s.replay(cursor.get())));
    let set_cursor = move |v: u64| cursor.set(v.min(len.get_untracked()));

    // Player: a step is a number of events, chosen by the student.
    let playing = RwSignal::new(false);
    let speed = RwSignal::new(1.0);
    let step = RwSignal::new(1_000u64);
    let period = Signal::derive(move || (BASE_PERIOD_MS / speed.get()).round().max(16.0) as u32);
    use_interval(playing.into(), period, move || {
        let (Some(v), Some(s), Some(n)) = (
            cursor.try_get_untracked(),
            step.try_get_untracked(),
            len.try_get_untracked(),
        ) else {
            return;
        };
        if v >= n {
            playing.try_set(false);
        } else {
            cursor.try_set((v + s).min(n));
        }
    });
    let on_start = Callback::new(move |_| set_cursor(0));
    let on_end = Callback::new(move |_| set_cursor(u64::MAX));
    let on_back = Callback::new(move |_| {
        set_cursor(cursor.get_untracked().saturating_sub(step.get_untracked()))
    });
    let on_forward = Callback::new(move |_| {
        set_cursor(cursor.get_untracked().saturating_add(step.get_untracked()))
    });

    // Fold time, measured once the cursor rests.
    let measured = RwSignal::new(None::<Measured>);
    let wanted = move || {
        let v = cursor.try_get_untracked()?;
        snapshots.try_with_untracked(|s| key_of(s, v.min(s.log().len())))
    };
    use_rest(
        REST_MS,
        move || (snapshots.get(), cursor.get()),
        move |(set, v)| {
            leptos::task::spawn_local(async move {
                if let Some(m) = measure(set, v, move |key| wanted() == Some(key)).await {
                    measured.try_set(Some(m));
                }
            });
        },
    );
    let current = move || {
        let key = snapshots.with(|s| key_of(s, cursor.get().min(len.get())));
        measured.get().filter(|m| m.key == key)
    };

    // "Go to version" for exact values the slider cannot hit on a phone.
    let goto_text = RwSignal::new(String::new());
    let goto_error = RwSignal::new(None::<String>);
    let goto = move || match parse_whole(
        &goto_text.get_untracked(),
        "phiên bản",
        0,
        len.get_untracked(),
    ) {
        Ok(v) => {
            goto_error.set(None);
            set_cursor(v);
        }
        Err(e) => goto_error.set(Some(e)),
    };

    let slider_id = unique_id("sn-slider");
    let goto_id = unique_id("sn-goto");
    let goto_msg_id = unique_id("sn-goto-msg");
    let step_id = unique_id("sn-step");
    let step_for = step_id.clone();
    let value_text = move || {
        let r = replay.get();
        format!(
            "Phiên bản {} trên {}, số dư {}, áp dụng {} event",
            count(r.state.version),
            count(len.get()),
            vnd(r.state.balance),
            count(r.events_applied)
        )
    };
    let snapshot_text = move || match replay.get().snapshot {
        Some(v) => format!("phiên bản {}", count(v)),
        None => "không có: cộng dồn từ event đầu tiên".to_string(),
    };
    let tail_text = move || {
        let r = replay.get();
        let from = r.snapshot.unwrap_or(0);
        if r.events_applied == 0 {
            "không phải áp dụng event nào".to_string()
        } else {
            format!("các event {} … {}", count(from + 1), count(r.state.version))
        }
    };
    let event_text = move || {
        let v = cursor.get().min(len.get());
        snapshots.with(|s| s.log().event(v)).map_or_else(
            || "chưa có event nào (phiên bản 0)".to_string(),
            |e| {
                let amount = e.event.amount().map(vnd).unwrap_or_default();
                format!(
                    "#{} · {} {} · {}",
                    count(e.version),
                    e.event.kind().label_vi(),
                    amount,
                    format_date_time_vi(e.at)
                )
                .replace("  ", " ")
            },
        )
    };
    let step_options = STEPS
        .iter()
        .map(|s| view! { <option value=s.to_string()>{count(*s)}</option> })
        .collect_view();

    view! {
        <div class="sn-scrub">
            <label class="sn-slider-label" for=slider_id.clone()>
                "Phiên bản: " <strong class="sn-cursor">{move || count(cursor.get().min(len.get()))}</strong>
                {move || format!(" / {}", count(len.get()))}
            </label>
            <input
                id=slider_id
                class="sn-slider"
                type="range"
                min="0"
                max=move || len.get().to_string()
                step="1"
                prop:value=move || cursor.get().min(len.get()).to_string()
                aria-valuetext=value_text
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<u64>() {
                        set_cursor(v);
                    }
                }
            />
            <div class="sn-row">
                <PlayerControls
                    playing=playing
                    speed=speed
                    on_start=on_start
                    on_back=on_back
                    on_forward=on_forward
                    on_end=on_end
                    label="Điều khiển du hành thời gian"
                />
                <label class="sn-field sn-field-inline" for=step_for>
                    <span>"Mỗi bước"</span>
                    <select
                        id=step_id
                        prop:value=move || step.get().to_string()
                        on:change=move |ev| {
                            if let Ok(v) = event_target_value(&ev).parse::<u64>() {
                                step.set(v);
                            }
                        }
                    >
                        {step_options}
                    </select>
                    <span>"event"</span>
                </label>
            </div>
            <form
                class="sn-goto"
                on:submit=move |ev| {
                    ev.prevent_default();
                    goto();
                }
            >
                <label for=goto_id.clone()>"Đi tới phiên bản"</label>
                <input
                    id=goto_id
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    placeholder="ví dụ 500.050"
                    aria-invalid=move || goto_error.get().is_some().to_string()
                    aria-describedby=goto_msg_id.clone()
                    prop:value=move || goto_text.get()
                    on:input=move |ev| goto_text.set(event_target_value(&ev))
                />
                <button type="submit" class="button">"Đi"</button>
                <p id=goto_msg_id class="sn-error" aria-live="polite">{move || goto_error.get()}</p>
            </form>
            <dl class="sn-readout">
                <div>
                    <dt>"Số dư tại con trỏ"</dt>
                    <dd class="sn-balance">{move || balance_text(replay.get().state)}</dd>
                </div>
                <div>
                    <dt>"Snapshot đã dùng"</dt>
                    <dd class="sn-snapshot-used">{snapshot_text}</dd>
                </div>
                <div>
                    <dt>"Số event đã áp dụng"</dt>
                    <dd>
                        <strong class="sn-applied">{move || count(replay.get().events_applied)}</strong>
                        " (" {tail_text} ")"
                    </dd>
                </div>
                <div>
                    <dt>"Event tại con trỏ"</dt>
                    <dd class="sn-event">{event_text}</dd>
                </div>
                <div class="sn-wide">
                    <dt>"Thời gian replay đo được"</dt>
                    <dd class="sn-measured">
                        {move || match current() {
                            Some(m) => view! {
                                <strong>{duration_vi(m.with_snapshots.per_run_ms)}</strong>
                                " với snapshot; "
                                <strong>{duration_vi(m.from_start.per_run_ms)}</strong>
                                " nếu cộng dồn từ event đầu"
                                <small class="sn-how">{format!("Cách đo: {}.", m.with_snapshots.note_vi())}</small>
                            }
                            .into_any(),
                            None => "đang chờ con trỏ dừng lại để đo…".into_any(),
                        }}
                    </dd>
                </div>
                <div>
                    <dt>"Snapshot + đuôi = replay từ đầu?"</dt>
                    <dd class="sn-invariant">
                        {move || match current() {
                            Some(m) if m.same_state => "Đúng: cùng số dư, cùng phiên bản.",
                            Some(_) => "Sai: hai cách cho kết quả khác nhau (lỗi engine).",
                            None => "đang chờ con trỏ dừng lại để kiểm tra…",
                        }}
                    </dd>
                </div>
            </dl>
            <p class="sn-live visually-hidden" aria-live="polite">{value_text}</p>
        </div>
    }
}
