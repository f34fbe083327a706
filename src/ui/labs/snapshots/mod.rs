//! The snapshot lab: generate up to 1.000.000 events in the browser, choose a snapshot
//! interval, predict then observe the events applied, travel through the log on a slider,
//! chart the sawtooth and the measured cost, and set the lesson's I/O model beside what the
//! browser measures.
//!
//! A thin adapter over [`crate::sim::es`]: the engine generates, snapshots and folds; this
//! module keeps the view state (seed, interval, cursor) and measures time with
//! `performance.now`. The state lives in the URL (`sn-seed`, `sn-n`, `sn-k`, `sn-v`), so a
//! link reopens the same log at the same version.

mod browser;
mod charts;
mod cost;
mod data;
mod generate;
mod interval;
pub mod model;
mod predict;
mod scrub;

use leptos::prelude::*;

use crate::sim::es::Interval;
use crate::ui::url_state;

pub use browser::{next_frame, now_ms};
pub use data::{LabLog, SnapshotSet};
pub use scrub::ScrubView;

use browser::{unique_id, use_rest};
use charts::{EventsAppliedChart, TimeBySizeChart};
use cost::CostPanel;
use generate::{GeneratePanel, MAX_SEED};
use interval::{IntervalPicker, SnapshotCost};
use model::{
    interval_from_key, interval_key, parse_whole, Question, DEFAULT_COUNT, DEFAULT_SEED, MAX_LOG,
};
use predict::PredictPanel;

/// The lab as mounted by the `::lab snapshots` marker.
#[component]
pub fn SnapshotsLab() -> impl IntoView {
    let from_url =
        |key: &str, max: u64| url_state::read(key).and_then(|t| parse_whole(&t, key, 0, max).ok());
    let url_seed = from_url("sn-seed", MAX_SEED);
    let url_count = from_url("sn-n", MAX_LOG).filter(|&n| n > 0);
    let url_cursor = from_url("sn-v", MAX_LOG);
    let url_interval = url_state::read("sn-k").and_then(|t| interval_from_key(&t));

    let log = RwSignal::new(None::<LabLog>);
    let interval = RwSignal::new(url_interval.unwrap_or(Interval::Every(100)));
    let cursor = RwSignal::new(0u64);
    // Built once per log and interval, shared by every view below.
    let snapshots = Memo::new(move |_| log.get().map(|l| SnapshotSet::build(&l, interval.get())));
    // The version the URL asked for, applied to the first log generated.
    let wanted_cursor = StoredValue::new(url_cursor);
    let on_done = Callback::new(move |l: LabLog| {
        let n = l.len();
        let v = wanted_cursor.get_value().unwrap_or(n).min(n);
        wanted_cursor.set_value(None);
        url_state::write(&[
            ("sn-seed", Some(l.seed.to_string())),
            ("sn-n", Some(n.to_string())),
        ]);
        cursor.set(v);
        log.set(Some(l));
    });
    // Interval and cursor go to the URL once they rest (the address bar is not rewritten on
    // every slider step).
    use_rest(
        400,
        move || (interval.get(), cursor.get(), log.with(Option::is_some)),
        |(interval, cursor, has_log)| {
            if has_log {
                url_state::write(&[
                    ("sn-k", Some(interval_key(interval).to_string())),
                    ("sn-v", Some(cursor.to_string())),
                ]);
            }
        },
    );

    view! {
        <div class="sn-lab">
            <section class="sn-step" aria-labelledby="sn-h-generate">
                <h4 id="sn-h-generate">"1. Sinh log"</h4>
                <p class="sn-note">
                    "Cùng seed và cùng số event thì luôn ra cùng một lịch sử: nạp tiền, rút tiền, \
                     cộng lãi, chuyển khoản, không bao giờ âm số dư."
                </p>
                <GeneratePanel
                    seed=url_seed.unwrap_or(DEFAULT_SEED)
                    events=url_count.unwrap_or(DEFAULT_COUNT)
                    autostart=url_count.is_some()
                    on_done=on_done
                />
            </section>
            <section class="sn-step" aria-labelledby="sn-h-interval">
                <h4 id="sn-h-interval">"2. Chọn chu kỳ snapshot"</h4>
                <IntervalPicker interval=interval/>
                {move || snapshots.get().map(|set| view! { <SnapshotCost set=set/> })}
            </section>
            {move || match log.get() {
                Some(l) => {
                    let fallback = l.clone();
                    let snapshots = Signal::derive(move || {
                        snapshots
                            .get()
                            .unwrap_or_else(|| SnapshotSet::build(&fallback, interval.get()))
                    });
                    view! { <LogLab log=l snapshots=snapshots interval=interval cursor=cursor/> }
                        .into_any()
                }
                None => view! {
                    <p class="sn-empty">
                        "Hãy sinh log ở bước 1. Ngay khi log sẵn sàng, các bước dự đoán, du hành \
                         thời gian, biểu đồ và mô hình chi phí sẽ hiện ra bên dưới."
                    </p>
                }
                .into_any(),
            }}
        </div>
    }
}

/// Everything that needs a generated log.
#[component]
fn LogLab(
    log: LabLog,
    snapshots: Signal<SnapshotSet>,
    interval: RwSignal<Interval>,
    cursor: RwSignal<u64>,
) -> impl IntoView {
    let n = log.len();
    let scrub_id = unique_id("sn-scrub");
    let on_observe = {
        let scrub_id = scrub_id.clone();
        Callback::new(move |q: Question| {
            interval.set(q.interval);
            cursor.set(q.version.min(n));
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&scrub_id))
            {
                el.scroll_into_view();
            }
        })
    };
    view! {
        <section class="sn-step" aria-labelledby="sn-h-predict">
            <h4 id="sn-h-predict">"3. Dự đoán trước khi xem"</h4>
            <PredictPanel log=log.clone() on_observe=on_observe/>
        </section>
        <section class="sn-step" id=scrub_id aria-labelledby="sn-h-scrub">
            <h4 id="sn-h-scrub">"4. Du hành thời gian qua snapshot"</h4>
            <p class="sn-note">
                "Kéo thanh trượt qua mọi phiên bản của log. Trạng thái ở con trỏ = snapshot mới \
                 nhất không vượt quá con trỏ + các event sau nó (phần đuôi)."
            </p>
            <ScrubView snapshots=snapshots cursor=cursor/>
        </section>
        <section class="sn-step" aria-labelledby="sn-h-charts">
            <h4 id="sn-h-charts">"5. Biểu đồ chi phí replay"</h4>
            <EventsAppliedChart events=n interval=interval/>
            <TimeBySizeChart log=log.clone()/>
        </section>
        <section class="sn-step" aria-labelledby="sn-h-cost">
            <h4 id="sn-h-cost">"6. Mô hình I/O của bài học và số đo thật"</h4>
            <CostPanel log=log interval=interval/>
        </section>
    }
}
