//! Metrics over time (one point per second of virtual time, both runs where it makes sense)
//! and the side-by-side table of the mesh run and the no-mesh run.

use leptos::prelude::*;

use super::state::{duration_text, percent, Lab, RunFigures};
use crate::sim::format::{decimal, group_digits};
use crate::sim::mesh::BucketStats;
use crate::ui::widgets::chart::{LineChart, Series};

/// Picks one pair of lines (mesh, no mesh) out of [`Lines`].
type Pick = fn(&Lines) -> &[Vec<(f64, f64)>; 2];

/// Most seconds charted (the engine keeps 600).
const WINDOW: usize = 300;

/// The chart lines of both runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lines {
    pub success: [Vec<(f64, f64)>; 2],
    pub p50: [Vec<(f64, f64)>; 2],
    pub p99: [Vec<(f64, f64)>; 2],
    pub rps: [Vec<(f64, f64)>; 2],
    pub amplification: [Vec<(f64, f64)>; 2],
    pub ejected: Vec<(f64, f64)>,
}

/// Points from the buckets of the mesh run (`0`) and the no-mesh run (`1`).
pub fn lines(mesh: &[BucketStats], plain: &[BucketStats]) -> Lines {
    let mut l = Lines::default();
    for (k, buckets) in [mesh, plain].into_iter().enumerate() {
        let skip = buckets.len().saturating_sub(WINDOW);
        for b in &buckets[skip..] {
            let x = (b.start_us + b.len_us) as f64 / 1e6;
            if b.requests > 0 {
                l.success[k].push((x, b.success_rate() * 100.0));
                l.p50[k].push((x, b.p50_us as f64 / 1e3));
                l.p99[k].push((x, b.p99_us as f64 / 1e3));
            }
            l.rps[k].push((x, b.rps()));
            // Tries ÷ user requests finished in the second.
            let amp = if b.requests == 0 {
                0.0
            } else {
                b.tries as f64 / b.requests as f64
            };
            l.amplification[k].push((x, amp));
            if k == 0 {
                l.ejected.push((x, b.ejected_pods as f64));
            }
        }
    }
    l
}

fn summary(points: &[(f64, f64)], what: &dyn Fn(f64) -> String) -> String {
    let Some(&(t, now)) = points.last() else {
        return "Chưa có dữ liệu: hãy bấm Phát hoặc Tiến một bước.".to_string();
    };
    let min = points.iter().map(|p| p.1).fold(f64::MAX, f64::min);
    let max = points.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    format!(
        "Tới giây {}: hiện tại {}, thấp nhất {}, cao nhất {}.",
        decimal(t, 0),
        what(now),
        what(min),
        what(max)
    )
}

fn pct(v: f64) -> String {
    format!("{}%", decimal(v, 1))
}

fn ms(v: f64) -> String {
    format!("{} ms", decimal(v, 1))
}

/// The charts.
#[component]
pub fn Charts(lab: Lab) -> impl IntoView {
    let data = Memo::new(move |_| {
        lab.chart_rev.track();
        let mesh = lab.with_mesh(|m| m.buckets()).unwrap_or_default();
        let plain = lab.with_plain(|m| m.buckets()).unwrap_or_default();
        lines(&mesh, &plain)
    });
    let two = move |f: Pick, a: &'static str, b: &'static str| {
        Signal::derive(move || {
            data.with(|d| {
                let [m, p] = f(d);
                vec![Series::new(a, m.clone()), Series::new(b, p.clone())]
            })
        })
    };
    let latency = Signal::derive(move || {
        data.with(|d| {
            vec![
                Series::new("p50 có mesh", d.p50[0].clone()),
                Series::new("p99 có mesh", d.p99[0].clone()),
                Series::new("p50 không mesh", d.p50[1].clone()),
                Series::new("p99 không mesh", d.p99[1].clone()),
            ]
        })
    });
    let ejected = Signal::derive(move || {
        data.with(|d| {
            vec![Series {
                steps: true,
                ..Series::new("Pod bị loại", d.ejected.clone())
            }]
        })
    });
    let sum2 = move |f: Pick, what: fn(f64) -> String| {
        Signal::derive(move || {
            data.with(|d| {
                let [m, p] = f(d);
                format!(
                    "Có mesh: {} Không mesh: {}",
                    summary(m, &what),
                    summary(p, &what)
                )
            })
        })
    };
    view! {
        <section class="mesh-box mesh-metrics" aria-labelledby="mesh-metrics-title">
            <h4 id="mesh-metrics-title">"Số đo theo thời gian (mỗi điểm là một giây ảo)"</h4>
            <div class="mesh-charts">
                <LineChart
                    series=two(|d| &d.success, "có mesh", "không mesh")
                    title="Tỉ lệ request thành công"
                    x_label="thời gian ảo (giây)"
                    y_label="%"
                    summary=sum2(|d| &d.success, pct)
                />
                <LineChart
                    series=latency
                    title="Độ trễ đầu-cuối p50 và p99"
                    x_label="thời gian ảo (giây)"
                    y_label="ms"
                    summary=Signal::derive(move || data.with(|d| format!(
                        "p99 có mesh: {} p99 không mesh: {}",
                        summary(&d.p99[0], &ms),
                        summary(&d.p99[1], &ms)
                    )))
                />
                <LineChart
                    series=two(|d| &d.rps, "có mesh", "không mesh")
                    title="Request người dùng hoàn tất mỗi giây"
                    x_label="thời gian ảo (giây)"
                    y_label="request/giây"
                    summary=sum2(|d| &d.rps, |v| format!("{} request/giây", decimal(v, 0)))
                />
                <LineChart
                    series=two(|d| &d.amplification, "có mesh", "không mesh")
                    title="Khuếch đại retry: số lần thử ÷ request người dùng"
                    x_label="thời gian ảo (giây)"
                    y_label="lần thử/request"
                    summary=sum2(|d| &d.amplification, |v| decimal(v, 2))
                />
                <LineChart
                    series=ejected
                    title="Số pod đang bị loại (ejected)"
                    x_label="thời gian ảo (giây)"
                    y_label="pod"
                    summary=Signal::derive(move || data.with(|d| summary(&d.ejected, &|v| format!("{} pod", decimal(v, 0)))))
                />
            </div>
            <p class="mesh-hint">
                "Mỗi request của người dùng đi qua 4 chặng (gateway → order → user, payment, inventory), nên khi không có lỗi nào, khuếch đại là 4 lần thử/request; retry đẩy con số này lên."
            </p>
        </section>
    }
}

fn row(label: &'static str, m: String, p: String) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{label}</th>
            <td>{m}</td>
            <td>{p}</td>
        </tr>
    }
}

fn count(v: u64) -> String {
    group_digits(v as i64)
}

/// Both runs since the start, side by side.
#[component]
pub fn CompareTable(lab: Lab) -> impl IntoView {
    let both = move || lab.snapshot.with(|s| (s.mesh.clone(), s.plain.clone()));
    let rows = move || {
        let (m, p): (RunFigures, RunFigures) = both();
        let failed = |r: &RunFigures| r.totals.user_requests - r.totals.ok;
        view! {
            {row("Request người dùng đã xong", count(m.totals.user_requests), count(p.totals.user_requests))}
            {row("Tỉ lệ thành công", percent(m.totals.success_rate()), percent(p.totals.success_rate()))}
            {row("Request thất bại", count(failed(&m)), count(failed(&p)))}
            {row("Độ trễ p50", duration_text(m.p50_us), duration_text(p.p50_us))}
            {row("Độ trễ p99", duration_text(m.p99_us), duration_text(p.p99_us))}
            {row("Lần thử mỗi request người dùng", decimal(m.tries_per_request(), 2), decimal(p.tries_per_request(), 2))}
            {row("Retry", count(m.totals.retries), count(p.totals.retries))}
            {row("Per-try timeout", count(m.totals.per_try_timeouts), count(p.totals.per_try_timeouts))}
            {row("Route timeout (504)", count(m.totals.route_timeouts), count(p.totals.route_timeouts))}
            {row("Kết nối bị từ chối", count(m.totals.connect_failures), count(p.totals.connect_failures))}
            {row("Tràn connection pool (503 UO)", count(m.totals.overflows), count(p.totals.overflows))}
            {row("Lần eject pod", count(m.totals.ejections), count(p.totals.ejections))}
        }
    };
    view! {
        <section class="mesh-box mesh-compare" aria-labelledby="mesh-compare-title">
            <h4 id="mesh-compare-title">"Cùng seed, cùng lỗi: có mesh và không mesh"</h4>
            <div class="mesh-table-wrap">
                <table class="mesh-table">
                    <thead>
                        <tr>
                            <th scope="col">"Từ đầu lượt chạy"</th>
                            <th scope="col">"Có mesh"</th>
                            <th scope="col">"Không mesh"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="mesh-hint">
                "Không mesh: client HTTP thường, không retry, không timeout, không eject, không sidecar; kube-proxy chọn pod ngẫu nhiên. Lượt có mesh trả thêm độ trễ của hai sidecar ở mỗi chặng."
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_the_buckets() {
        let b = |i: u64, req: u32, ok: u32, tries: u32| BucketStats {
            start_us: i * 1_000_000,
            len_us: 1_000_000,
            requests: req,
            ok,
            tries,
            ..BucketStats::default()
        };
        let m = vec![b(0, 100, 90, 450), b(1, 0, 0, 0)];
        let p = vec![b(0, 100, 50, 400)];
        let l = lines(&m, &p);
        assert_eq!(l.success[0], vec![(1.0, 90.0)]);
        assert_eq!(l.success[1], vec![(1.0, 50.0)]);
        assert_eq!(l.amplification[0][0], (1.0, 4.5));
        assert_eq!(l.rps[0].len(), 2);
        assert_eq!(l.ejected.len(), 2);
        assert!(summary(&l.success[0], &pct).contains("90,0%"));
    }
}
