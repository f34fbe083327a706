//! The event list beside the state: version, type, payload, time. Events after the cursor are
//! dimmed, the cursor's event is highlighted, a click jumps there. A long log shows a window
//! of rows around the cursor, never every row.

use leptos::prelude::*;

use super::state::{Hypo, Lab, Mode};
use super::text::{events_count, payload};
use crate::sim::es::time::format_date_time_vi;
use crate::sim::es::Outcome;
use crate::sim::format::group_digits;

/// Logs up to this many versions (0 included) are listed whole.
const LIST_ALL_UP_TO: u64 = 12;
/// Otherwise this many rows either side of the cursor.
const WINDOW_SIDE: u64 = 5;

/// One row as shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Row {
    version: u64,
    kind: &'static str,
    payload: String,
    time: String,
    /// `is-in` for money in, `is-out` for money out, empty otherwise.
    tone: &'static str,
    /// Appended to a hypothetical branch (not in the real log).
    branch: bool,
}

/// The versions listed for a cursor `v` in a stream at version `n`.
fn window(v: u64, n: u64) -> (u64, u64) {
    if n < LIST_ALL_UP_TO {
        return (0, n);
    }
    let size = 2 * WINDOW_SIDE;
    let start = v.saturating_sub(WINDOW_SIDE).min(n.saturating_sub(size));
    (start, (start + size).min(n))
}

/// The list of events around the cursor.
#[component]
pub fn EventList(lab: Lab) -> impl IntoView {
    let span = Memo::new(move |_| window(lab.cursor.get(), lab.head.get()));
    let rows = Memo::new(move |_| {
        let (start, end) = span.get();
        let branch_from = lab.hypo.with(|h| match h {
            Hypo::Fork(f) => Some(f.from),
            _ => None,
        });
        lab.with_shown(|s| {
            (start..=end)
                .map(|version| match s.and_then(|s| s.event(version)) {
                    Some(e) => Row {
                        version,
                        kind: e.event.kind().label_vi(),
                        payload: payload(&e.event),
                        time: format_date_time_vi(e.at),
                        tone: match e.event.balance_change().signum() {
                            1 => "is-in",
                            -1 => "is-out",
                            _ => "",
                        },
                        branch: branch_from.is_some_and(|from| version > from),
                    },
                    None => Row {
                        version: 0,
                        kind: "Trạng thái rỗng",
                        payload: "trước event đầu tiên".to_string(),
                        time: String::new(),
                        tone: "",
                        branch: false,
                    },
                })
                .collect::<Vec<_>>()
        })
    });
    // Static paragraphs whose text follows the window (nothing is rebuilt while scrubbing).
    let slots = Memo::new(move |_| rows.with(Vec::len));
    let above = move || {
        let (start, _) = span.get();
        (start > 0).then(|| {
            format!(
                "↑ {} phiên bản trước (0–{}) không hiện ở đây; dùng thanh trượt hoặc phím ← để đi lùi.",
                group_digits(start as i64),
                group_digits(start as i64 - 1)
            )
        })
    };
    let below = move || {
        let (_, end) = span.get();
        let n = lab.head.get();
        (end < n).then(|| {
            format!(
                "↓ {} phiên bản sau ({}–{}) không hiện ở đây.",
                group_digits((n - end) as i64),
                group_digits(end as i64 + 1),
                group_digits(n as i64)
            )
        })
    };
    let caption = move || {
        let id = lab.real.with(|l| {
            super::state::only_stream(l)
                .map(|s| s.id().to_string())
                .unwrap_or_default()
        });
        let which = if lab.mode.get() == Mode::Fork {
            "nhánh giả định của "
        } else {
            ""
        };
        format!("Event của {which}{id}: {}", events_count(lab.head.get()))
    };
    view! {
        <div class="tt-events-wrap">
            <h4 class="tt-card-title">{caption}</h4>
            <p class="tt-more" hidden=move || above().is_none()>{move || above().unwrap_or_default()}</p>
            <ol class="tt-events" aria-label=caption>
                <For each=move || 0..slots.get() key=|i| *i let:i>
                    <EventRow lab=lab row=Memo::new(move |_| rows.with(|r| r.get(i).cloned().unwrap_or_default()))/>
                </For>
            </ol>
            <p class="tt-more" hidden=move || below().is_none()>{move || below().unwrap_or_default()}</p>
        </div>
    }
}

/// One slot of the list. Slots stay in place while the window slides; only their text and
/// classes change, so scrubbing a long log never rebuilds rows.
#[component]
fn EventRow(lab: Lab, row: Memo<Row>) -> impl IntoView {
    let v = move || row.with(|r| r.version);
    // One comparison per row and step; the row's DOM is touched only when it changes.
    let place = Memo::new(move |_| v().cmp(&lab.cursor.get()));
    let current = move || place.get() == std::cmp::Ordering::Equal;
    let future = move || place.get() == std::cmp::Ordering::Greater;
    let skip_mode = move || lab.mode.get() == Mode::Skip;
    let skipped = move || {
        let v = v();
        lab.hypo
            .with(|h| matches!(h, Hypo::Skip(s) if s.contains(&v)))
    };
    let refusal = Memo::new(move |_| {
        let v = v();
        lab.skip_replay.with(|r| {
            let step = r.as_ref()?.steps.get(v.checked_sub(1)? as usize)?;
            match &step.outcome {
                Outcome::Rejected(e) => Some(e.message_vi()),
                _ => None,
            }
        })
    });
    let show_skip = Memo::new(move |_| skip_mode() && v() > 0);
    let branch = Memo::new(move |_| row.with(|r| r.branch));
    let time = move || row.with(|r| r.time.clone());
    view! {
        <li
            class="tt-event"
            class:is-current=current
            class:is-future=future
            class:is-branch=move || branch.get()
            class:is-skipped=move || skip_mode() && skipped()
            class:is-refused=move || refusal.with(Option::is_some)
        >
            <button
                type="button"
                class="tt-event-main"
                aria-current=move || current().then_some("step")
                on:click=move |_| lab.set_cursor(row.with_untracked(|r| r.version))
            >
                <span class="tt-ev-version">{move || format!("#{}", group_digits(v() as i64))}</span>
                <span class="tt-ev-what">
                    <span class="tt-ev-kind">{move || row.with(|r| r.kind)}</span>
                    " "
                    <span class=move || row.with(|r| format!("tt-ev-payload {}", r.tone))>
                        {move || row.with(|r| r.payload.clone())}
                    </span>
                    {move || branch.get().then(|| view! {
                        <span class="tt-badge tt-badge-hypo">"Giả định"</span>
                    })}
                </span>
                <span class="tt-ev-time" hidden=move || time().is_empty()>{time}</span>
                <span class="tt-sr">
                    {move || if future() { " (chưa xảy ra ở vị trí con trỏ)" } else { "" }}
                </span>
            </button>
            {move || {
                show_skip
                    .get()
                    .then(|| {
                        view! {
                            <label class="tt-skip">
                                <input
                                    type="checkbox"
                                    prop:checked=skipped
                                    on:change=move |_| lab.toggle_skip(row.with_untracked(|r| r.version))
                                />
                                <span>
                                    "Bỏ qua"
                                    <span class="tt-sr">{move || format!(" event #{}", v())}</span>
                                </span>
                            </label>
                        }
                    })
            }}
            {move || {
                refusal
                    .get()
                    .map(|m| {
                        view! {
                            <p class="tt-ev-refused">
                                <span class="tt-badge tt-badge-hypo">"Giả định"</span>
                                " bị từ chối: "
                                {m}
                            </p>
                        }
                    })
            }}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_logs_are_listed_whole_long_ones_windowed() {
        assert_eq!(window(3, 5), (0, 5));
        assert_eq!(window(0, 100_000), (0, 10));
        assert_eq!(window(50_000, 100_000), (49_995, 50_005));
        assert_eq!(window(100_000, 100_000), (99_990, 100_000));
        assert_eq!(window(2, 12), (0, 10));
    }
}
