//! The lab's two charts: events applied against version (the sawtooth), and the measured
//! replay time against log size for several intervals.

use std::hint::black_box;

use leptos::prelude::*;

use crate::sim::es::Interval;
use crate::ui::widgets::chart::{LineChart, Series};

use super::browser::{next_frame, time_stable};
use super::data::{LabLog, SnapshotSet};
use super::model::{
    chart_sizes, count, duration_vi, events_applied_points, interval_label, sawtooth_end, Timing,
    CHART_INTERVALS,
};

fn series_name(interval: Interval) -> String {
    match interval {
        Interval::Off => "Không snapshot".to_string(),
        i => format!("Snapshot mỗi {}", interval_label(i)),
    }
}

/// Events applied to reach each version, with and without snapshots.
#[component]
pub fn EventsAppliedChart(
    /// Events in the log.
    events: u64,
    /// The interval chosen in the lab.
    #[prop(into)]
    interval: Signal<Interval>,
) -> impl IntoView {
    let series = Memo::new(move |_| {
        let interval = interval.get();
        let end = sawtooth_end(interval, events);
        let mut out = vec![Series::new(
            series_name(Interval::Off),
            events_applied_points(Interval::Off, end),
        )];
        if interval != Interval::Off {
            out.push(Series::new(
                series_name(interval),
                events_applied_points(interval, end),
            ));
        }
        out
    });
    let summary = Signal::derive(move || {
        let interval = interval.get();
        let end = sawtooth_end(interval, events);
        match interval.events() {
            None => format!(
                "Không có snapshot: số event phải áp dụng bằng chính số phiên bản, một đường \
                 thẳng đi lên tới {} ở đầu log.",
                count(events)
            ),
            Some(k) => format!(
                "Không có snapshot, số event phải áp dụng tăng đều theo phiên bản (đường \
                 thẳng). Với một snapshot sau mỗi {} event, nó thành hình răng cưa: tăng từ 0 \
                 tới {} rồi rơi về 0 ở mỗi snapshot. Biểu đồ phóng to đoạn phiên bản 0 … {}; \
                 phần còn lại của log lặp lại đúng hình này.",
                count(k),
                count(k - 1),
                count(end)
            ),
        }
    });
    view! {
        <LineChart
            series=series
            title="Số event phải áp dụng theo phiên bản"
            x_label="Phiên bản (event)"
            y_label="Số event phải áp dụng (event)"
            summary=summary
        />
    }
}

/// One measured point: the state at the head of a log of `size` − 1 events.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    interval: Interval,
    size: u64,
    applied: u64,
    timing: Timing,
}

/// Measured replay time of the latest state against log size, for several intervals.
#[component]
pub fn TimeBySizeChart(
    /// The generated log.
    log: LabLog,
) -> impl IntoView {
    let points = RwSignal::new(Vec::<Point>::new());
    let sizes = chart_sizes(log.len());
    let total = sizes.len() * CHART_INTERVALS.len();
    {
        let sizes = sizes.clone();
        leptos::task::spawn_local(async move {
            // One frame first, so the lab paints before the measuring starts.
            next_frame().await;
            for interval in CHART_INTERVALS {
                let set = SnapshotSet::build(&log, interval);
                for &size in &sizes {
                    // Just before the next snapshot: the longest tail for this size.
                    let version = size - 1;
                    let timing = time_stable(|| {
                        black_box(set.replay(black_box(version)));
                    });
                    let applied = set.replay(version).events_applied;
                    let point = Point {
                        interval,
                        size,
                        applied,
                        timing,
                    };
                    if points.try_update(|p| p.push(point)).is_none() {
                        return;
                    }
                    next_frame().await;
                }
            }
        });
    }
    let series = Memo::new(move |_| {
        points.with(|pts| {
            CHART_INTERVALS
                .iter()
                .map(|&interval| {
                    Series::new(
                        series_name(interval),
                        pts.iter()
                            .filter(|p| p.interval == interval)
                            .map(|p| (p.size as f64, p.timing.per_run_ms * 1_000.0))
                            .collect(),
                    )
                })
                .filter(|s| !s.points.is_empty())
                .collect::<Vec<_>>()
        })
    });
    let summary = Signal::derive(move || {
        points.with(|pts| {
            if pts.len() < total {
                return format!("Đang đo: {}/{} điểm…", pts.len(), total);
            }
            let at_max = |interval| {
                pts.iter()
                    .filter(|p| p.interval == interval)
                    .max_by_key(|p| p.size)
                    .map(|p| duration_vi(p.timing.per_run_ms))
                    .unwrap_or_default()
            };
            format!(
                "Không có snapshot, thời gian đo được tăng theo độ dài log ({} ở {} event); \
                 đường có thể cong lên ở log dài, vì log ngắn nằm gọn trong bộ nhớ đệm (cache) \
                 của CPU còn log dài phải đọc từ RAM. Với snapshot, thời gian gần như không đổi \
                 vì phần đuôi không bao giờ dài quá chu kỳ: {} với chu kỳ 100, {} với chu kỳ \
                 1.000, {} với chu kỳ 10.000. Số liệu từng điểm ở bảng bên dưới.",
                at_max(Interval::Off),
                count(pts.iter().map(|p| p.size).max().unwrap_or(0)),
                at_max(Interval::Every(100)),
                at_max(Interval::Every(1_000)),
                at_max(Interval::Every(10_000)),
            )
        })
    });
    let header = CHART_INTERVALS
        .iter()
        .map(|&i| view! { <th scope="col">{series_name(i)}</th> })
        .collect_view();
    let rows = move || {
        points.with(|pts| {
            sizes
                .iter()
                .map(|&size| {
                    let cells = CHART_INTERVALS
                        .iter()
                        .map(|&interval| {
                            let text = pts
                                .iter()
                                .find(|p| p.interval == interval && p.size == size)
                                .map_or("…".to_string(), |p| {
                                    format!(
                                        "{} ({} event)",
                                        duration_vi(p.timing.per_run_ms),
                                        count(p.applied)
                                    )
                                });
                            view! { <td>{text}</td> }
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{count(size)}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <LineChart
            series=series
            title="Thời gian replay đo được theo độ dài log"
            x_label="Độ dài log (event)"
            y_label="Thời gian đo được (µs)"
            summary=summary
        />
        <p class="sn-note">
            "Mỗi điểm là trạng thái ở đầu một log dài (độ dài − 1) event, ngay trước một \
             snapshot, tức phần đuôi dài nhất có thể. Mỗi số là trung vị của nhiều lượt đo; \
             phép replay ngắn được lặp lại hàng nghìn lần trong một lượt rồi chia đều."
        </p>
        <details class="sn-table-wrap">
            <summary>"Bảng số đo (thời gian và số event đã áp dụng)"</summary>
            <div class="sn-scroll">
                <table class="sn-table">
                    <thead>
                        <tr>
                            <th scope="col">"Độ dài log"</th>
                            {header}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}
