//! Lag right now (in events and in time) and charted over the run.

use leptos::prelude::*;

use super::params::duration_text;
use super::state::Lab;
use crate::sim::cqrs::Sample;
use crate::sim::format::{decimal, group_digits};
use crate::ui::widgets::chart::{LineChart, Series};

/// Most points a chart line gets (the history is bucketed down to this).
const MAX_POINTS: usize = 300;

/// Points of one chart line, (x, y).
pub type Points = Vec<(f64, f64)>;

/// The lag history as chart points: seconds on x, and per bucket the largest value, so that a
/// short spike is not averaged away.
pub fn lag_points(history: &[Sample]) -> (Points, Points) {
    let per = history.len().div_ceil(MAX_POINTS).max(1);
    let mut events = Vec::with_capacity(history.len() / per + 1);
    let mut ms = Vec::with_capacity(history.len() / per + 1);
    for chunk in history.chunks(per) {
        let Some(last) = chunk.last() else { continue };
        let x = last.time_ms / 1_000.0;
        let e = chunk.iter().map(|s| s.lag_events).max().unwrap_or(0);
        let m = chunk.iter().map(|s| s.lag_ms).fold(0.0, f64::max);
        events.push((x, e as f64));
        ms.push((x, m));
    }
    (events, ms)
}

fn chart_summary(points: &[(f64, f64)], what: fn(f64) -> String) -> String {
    let Some(&(t_end, now)) = points.last() else {
        return "Chưa có dữ liệu: hãy bấm Phát hoặc Tiến một bước.".to_string();
    };
    let (t_max, max) = points
        .iter()
        .copied()
        .fold((0.0, f64::MIN), |a, p| if p.1 > a.1 { p } else { a });
    let t0 = points.first().map_or(0.0, |p| p.0);
    format!(
        "Từ {} tới {} giây: hiện tại {}, cao nhất {} lúc {} giây.",
        decimal(t0, 1),
        decimal(t_end, 1),
        what(now),
        what(max),
        decimal(t_max, 1)
    )
}

fn events_text(x: f64) -> String {
    format!("{} event", group_digits(x.round() as i64))
}

#[component]
fn Card(
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] detail: Signal<String>,
    #[prop(optional)] id: &'static str,
) -> impl IntoView {
    view! {
        <div class="cq-card" id=(!id.is_empty()).then_some(id)>
            <p class="cq-card-label">{label}</p>
            <p class="cq-card-value">{move || value.get()}</p>
            <p class="cq-card-detail">{move || detail.get()}</p>
        </div>
    }
}

/// Lag cards, pipeline counters and the two lag charts.
#[component]
pub fn LagPanel(lab: Lab) -> impl IntoView {
    let snap = lab.snapshot;
    let points = Memo::new(move |_| {
        lab.track_chart();
        lab.with_sim(|s| {
            let h: Vec<Sample> = s.history().iter().copied().collect();
            lag_points(&h)
        })
        .unwrap_or_default()
    });
    let events_series =
        Signal::derive(move || vec![Series::new("Độ trễ (event)", points.with(|p| p.0.clone()))]);
    let ms_series =
        Signal::derive(move || vec![Series::new("Độ trễ (ms)", points.with(|p| p.1.clone()))]);
    let lag = move || snap.with(|s| s.lag);
    view! {
        <section class="cq-box cq-lag" aria-labelledby="cq-lag-title">
            <h4 id="cq-lag-title">"Độ trễ đồng bộ"</h4>
            <div class="cq-cards">
                <Card
                    id="cq-lag-events"
                    label="Độ trễ theo số event"
                    value=Signal::derive(move || events_text(lag().lag_events as f64))
                    detail=Signal::derive(move || format!(
                        "đầu log {} − checkpoint {}",
                        group_digits(lag().head as i64),
                        group_digits(lag().checkpoint as i64)
                    ))
                />
                <Card
                    id="cq-lag-ms"
                    label="Độ trễ theo thời gian"
                    value=Signal::derive(move || duration_text(lag().lag_ms))
                    detail=Signal::derive(|| "tuổi của event cũ nhất chưa xử lý".to_string())
                />
                <Card
                    label="Đang trên event bus"
                    value=Signal::derive(move || events_text(lag().in_flight as f64))
                    detail=Signal::derive(move || format!(
                        "hộp thư projector: {}",
                        events_text(lag().inbox as f64)
                    ))
                />
                <Card
                    label="Projector đã áp dụng"
                    value=Signal::derive(move || events_text(snap.with(|s| s.projector.applied) as f64))
                    detail=Signal::derive(move || snap.with(|s| format!(
                        "bỏ qua {} bản trùng · {} lần commit checkpoint",
                        group_digits(s.projector.duplicates_skipped as i64),
                        group_digits(s.projector.commits as i64)
                    )))
                />
            </div>
            <p class="cq-throttled" role="status">
                {move || {
                    let t = snap.with(|s| s.throttled);
                    (t > 0).then(|| format!(
                        "Hàng đợi chưa chiếu đã đầy: phía ghi đã từ chối {} event (back-pressure).",
                        group_digits(t as i64)
                    ))
                }}
            </p>
            <div class="cq-charts">
                <LineChart
                    series=events_series
                    title="Độ trễ theo số event (đầu log − checkpoint)"
                    x_label="thời gian ảo (giây)"
                    y_label="event"
                    summary=Signal::derive(move || points.with(|p| chart_summary(&p.0, events_text)))
                />
                <LineChart
                    series=ms_series
                    title="Độ trễ theo thời gian (tuổi event cũ nhất chưa xử lý)"
                    x_label="thời gian ảo (giây)"
                    y_label="ms"
                    summary=Signal::derive(move || points.with(|p| chart_summary(&p.1, duration_text)))
                />
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(t: f64, e: u64) -> Sample {
        Sample {
            time_ms: t,
            lag_events: e,
            lag_ms: e as f64,
            write_rate: 0.0,
            projected_rate: 0.0,
        }
    }

    #[test]
    fn buckets_keep_spikes_and_bound_the_points() {
        let h: Vec<Sample> = (0..3_000)
            .map(|i| sample(i as f64 * 100.0, if i == 1_234 { 999 } else { 1 }))
            .collect();
        let (e, m) = lag_points(&h);
        assert!(e.len() <= MAX_POINTS);
        assert_eq!(e.len(), m.len());
        assert!(e.iter().any(|p| p.1 == 999.0));
        assert!(e.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(lag_points(&[]).0.len(), 0);
    }

    #[test]
    fn summary_names_now_and_peak() {
        let s = chart_summary(&[(0.0, 1.0), (1.0, 50.0), (2.0, 3.0)], events_text);
        assert!(s.contains("hiện tại 3 event"), "{s}");
        assert!(s.contains("cao nhất 50 event lúc 1,0 giây"), "{s}");
    }
}
