//! The snapshot interval: off, 10, 100, 1.000, 10.000 or a custom number, checked as typed.

use leptos::prelude::*;

use crate::sim::es::{Interval, Snapshots, StoredEvent};

use super::browser::unique_id;
use super::data::SnapshotSet;
use super::model::{bytes_vi, count, interval_label, parse_interval};

/// Radio buttons for the lab's intervals and a checked custom field. A bad custom value shows
/// a Vietnamese message and leaves the interval as it was.
#[component]
pub fn IntervalPicker(
    /// The interval in use.
    interval: RwSignal<Interval>,
) -> impl IntoView {
    // The custom choice stays selected while the interval is the one it set (or one the
    // presets do not offer); choosing elsewhere (a preset, the prediction's "show me") ends it.
    let custom_for = RwSignal::new(None::<Interval>);
    let custom_mode = Memo::new(move |_| {
        let i = interval.get();
        !Interval::LAB_CHOICES.contains(&i) || custom_for.get() == Some(i)
    });
    let custom_text = RwSignal::new(match interval.get_untracked() {
        i if !Interval::LAB_CHOICES.contains(&i) => interval_label(i),
        _ => "5.000".to_string(),
    });
    let error = RwSignal::new(None::<String>);
    let apply_custom = move || match parse_interval(&custom_text.get_untracked()) {
        Ok(i) => {
            error.set(None);
            custom_for.set(Some(i));
            interval.set(i);
        }
        Err(e) => {
            error.set(Some(e));
            custom_for.set(Some(interval.get_untracked()));
        }
    };
    let name = unique_id("sn-interval");
    let custom_id = unique_id("sn-custom");
    let msg_id = unique_id("sn-custom-msg");
    let presets = Interval::LAB_CHOICES
        .iter()
        .map(|&choice| {
            let label = match choice {
                Interval::Off => "Tắt".to_string(),
                other => interval_label(other),
            };
            view! {
                <label class="sn-choice">
                    <input
                        type="radio"
                        name=name.clone()
                        value=label.clone()
                        prop:checked=move || !custom_mode.get() && interval.get() == choice
                        on:change=move |_| {
                            custom_for.set(None);
                            error.set(None);
                            interval.set(choice);
                        }
                    />
                    <span>{label}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="sn-interval">
            <legend>"Chu kỳ snapshot (số event giữa hai snapshot)"</legend>
            <div class="sn-choices">
                {presets}
                <label class="sn-choice">
                    <input
                        type="radio"
                        name=name
                        value="custom"
                        prop:checked=move || custom_mode.get()
                        on:change=move |_| apply_custom()
                    />
                    <span>"Tùy chỉnh"</span>
                </label>
            </div>
            <div class="sn-custom" class:sn-disabled=move || !custom_mode.get()>
                <label for=custom_id.clone()>"Chu kỳ tùy chỉnh (1 … 1.000.000 event)"</label>
                <input
                    id=custom_id
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    prop:value=move || custom_text.get()
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby=msg_id.clone()
                    on:input=move |ev| {
                        custom_text.set(event_target_value(&ev));
                        apply_custom();
                    }
                />
                <p id=msg_id class="sn-error" aria-live="polite">{move || error.get()}</p>
            </div>
        </fieldset>
    }
}

/// How many snapshots the interval takes on this log and the memory they use.
#[component]
pub fn SnapshotCost(
    /// The log and its snapshots.
    set: SnapshotSet,
) -> impl IntoView {
    let n = set.log().len();
    let taken = set.snapshots().count() as u64;
    let bytes = set.snapshots().bytes() as u64;
    let event_bytes = std::mem::size_of::<StoredEvent>() as u64;
    let log_bytes = n * event_bytes;
    let share = if log_bytes == 0 {
        0.0
    } else {
        bytes as f64 * 100.0 / log_bytes as f64
    };
    // The tail is shorter than the interval, and never longer than the log.
    let worst = set.interval().events().map_or(n, |k| (k - 1).min(n));
    view! {
        <dl class="sn-figures">
            <div>
                <dt>"Số snapshot"</dt>
                <dd class="sn-count">{count(taken)}</dd>
            </div>
            <div>
                <dt>"Bộ nhớ snapshot"</dt>
                <dd class="sn-bytes">
                    {format!(
                        "{} ({} × {} byte)",
                        bytes_vi(bytes),
                        count(taken),
                        Snapshots::bytes_per_snapshot()
                    )}
                </dd>
            </div>
            <div>
                <dt>"So với log"</dt>
                <dd>
                    {format!(
                        "{} % của log ({} event × {} byte)",
                        crate::sim::format::decimal(share, 2),
                        count(n),
                        event_bytes
                    )}
                </dd>
            </div>
            <div>
                <dt>"Số event tối đa phải áp dụng"</dt>
                <dd class="sn-worst">{count(worst)}</dd>
            </div>
        </dl>
    }
}
