//! Single database vs CQRS for the HPN case: the engine's stated queueing model beside the
//! lesson's figures, labelled as a model. Shown inside the sync-lag lab (at its write rate)
//! and as the `hpn-compare` lab of the HPN chapter (with its own workload and a predict step).

use leptos::prelude::*;

use super::controls::LadderSlider;
use super::params::rate_text;
use crate::sim::cqrs::{
    compare, ComparisonRow, CqrsParams, HpnWorkload, Metric, SingleDbParams, MODEL_NOTE_VI,
};
use crate::sim::format::{decimal, group_digits};
use crate::ui::url_state;
use crate::ui::widgets::chart::{LineChart, Series};

/// A model value of `metric` in words: `90 ms`, `56,2 giây`, `1.055 event/giây`, or
/// "quá tải" when the queue grows without bound.
pub fn value_text(metric: Metric, v: Option<f64>) -> String {
    let Some(v) = v else {
        return "quá tải (hàng đợi dài ra mãi)".to_string();
    };
    match metric {
        Metric::WriteThroughput => format!("{} event/giây", group_digits(v.round() as i64)),
        _ if v >= 1_000.0 => format!("{} giây", decimal(v / 1_000.0, 1)),
        _ if v < 10.0 => format!("{} ms", decimal(v, 1)),
        _ => format!("{} ms", decimal(v, 0)),
    }
}

/// How many times better CQRS is, in words.
pub fn ratio_text(metric: Metric, r: Option<f64>) -> String {
    let Some(r) = r else {
        return "không so được: một bên quá tải".to_string();
    };
    let n = decimal(r, if r < 10.0 { 1 } else { 0 });
    if metric.higher_is_better() {
        format!("cao hơn {n} lần")
    } else {
        format!("nhanh hơn {n} lần")
    }
}

/// The four metrics: the model's value in bold, the lesson's figure under it.
#[component]
pub fn ComparisonTable(
    /// Rows from the engine's `compare`.
    #[prop(into)]
    rows: Signal<Vec<ComparisonRow>>,
    /// Caption saying at which workload.
    #[prop(into)]
    caption: Signal<String>,
) -> impl IntoView {
    let body = move || {
        rows.get()
            .into_iter()
            .map(|r| {
                let (l_single, l_cqrs, l_gain) = r.metric.lesson_vi();
                let single_class = if r.single_db.is_none() {
                    "cq-model cq-saturated"
                } else {
                    "cq-model"
                };
                view! {
                    <tr>
                        <th scope="row">{r.metric.label_vi()}</th>
                        <td data-label="Một cơ sở dữ liệu">
                            <span class=single_class>{value_text(r.metric, r.single_db)}</span>
                            <span class="cq-lesson">{format!("bài học: {l_single}")}</span>
                        </td>
                        <td data-label="CQRS">
                            <span class="cq-model">{value_text(r.metric, r.cqrs)}</span>
                            <span class="cq-lesson">{format!("bài học: {l_cqrs}")}</span>
                        </td>
                        <td data-label="Mức cải thiện">
                            <span class="cq-model">{ratio_text(r.metric, r.ratio)}</span>
                            <span class="cq-lesson">{format!("bài học: {l_gain}")}</span>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <p class="cq-table-note" id="cq-compare-note">{move || caption.get()}</p>
        <div class="table-wrap" tabindex="0" role="region" aria-label="So sánh một cơ sở dữ liệu với CQRS">
            <table class="cq-table cq-stack cq-compare-table" aria-describedby="cq-compare-note">
                <thead>
                    <tr>
                        <th scope="col">"Chỉ số"</th>
                        <th scope="col">"Một cơ sở dữ liệu"</th>
                        <th scope="col">"CQRS"</th>
                        <th scope="col">"Mức cải thiện"</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <p class="cq-model-note"><strong>"Đây là mô hình. "</strong>{MODEL_NOTE_VI}</p>
    }
}

/// The stated model, in words, with the engine's parameters.
#[component]
pub fn ModelExplained() -> impl IntoView {
    let s = SingleDbParams::default();
    let c = CqrsParams::default();
    view! {
        <details class="cq-details">
            <summary>"Mô hình tính thế nào?"</summary>
            <p><strong>"Một cơ sở dữ liệu"</strong>" (một PostgreSQL giữ bảng learning_events):"</p>
            <ul>
                <li>{format!(
                    "Một lần quét cho dashboard 7 ngày mất T = số dòng ÷ {} dòng/giây; tìm kiếm bằng LIKE quét số dòng của danh mục.",
                    group_digits(s.scan_rows_per_sec as i64)
                )}</li>
                <li>{format!(
                    "Tải của máy ρ = tốc độ ghi × {} ms + số dashboard mỗi giây × T ÷ {} luồng quét. Khi ρ ≥ 1, hàng đợi dài ra mãi: mô hình trả lời “quá tải”.",
                    decimal(s.write_service_ms, 1),
                    decimal(s.scan_workers, 0)
                )}</li>
                <li>"Mọi việc xếp hàng sau nhau (kiểu M/M/1): việc cần s giây khi máy rảnh sẽ mất s ÷ (1 − ρ)."</li>
                <li>{format!(
                    "Đọc chặn ghi: mỗi lần quét giữ khoá trên từng đoạn {} dòng; theo định luật Little, số lần quét đang chạy = số dashboard mỗi giây × thời gian một dashboard, và mỗi lệnh ghi chờ trung bình nửa đoạn cho mỗi lần quét ấy.",
                    group_digits(s.lock_chunk_rows as i64)
                )}</li>
                <li>"Thông lượng ghi = phần máy còn lại sau các lần quét ÷ thời gian một lệnh ghi."</li>
            </ul>
            <p><strong>"CQRS"</strong>" (Cassandra ghi; ClickHouse, ElasticSearch đọc):"</p>
            <ul>
                <li>{format!(
                    "Ghi vào kho chỉ nối thêm {} nút × {}: độ trễ = {} ms ÷ (1 − tốc độ ghi ÷ sức chứa); không lần đọc nào chạm vào kho này.",
                    decimal(c.write_nodes, 0),
                    rate_text(c.node_write_rate),
                    decimal(c.append_ms, 0)
                )}</li>
                <li>{format!(
                    "Dashboard đọc cột đã gộp sẵn: {} ms + số dòng ÷ {} dòng/giây.",
                    decimal(c.olap_overhead_ms, 0),
                    group_digits(c.olap_rows_per_sec as i64)
                )}</li>
                <li>{format!(
                    "Tìm kiếm qua chỉ mục đảo ngược: {} ms + {} ms × log₂(số dòng).",
                    decimal(c.search_base_ms, 0),
                    decimal(c.search_ms_per_level, 0)
                )}</li>
            </ul>
        </details>
    }
}

/// Write rates the HPN comparison offers, events per second.
pub const HPN_RATES: &[f64] = &[
    100.0, 200.0, 500.0, 800.0, 1_000.0, 2_000.0, 5_000.0, 10_000.0, 20_000.0, 50_000.0,
];
/// Dashboards started per minute.
pub const DASHBOARDS_PER_MIN: &[f64] = &[0.0, 1.0, 3.0, 6.0, 12.0];
/// Rows in `learning_events`.
pub const EVENT_ROWS: &[f64] = &[10e6, 50e6, 100e6, 200e6, 500e6, 1e9];

fn rows_text(n: f64) -> String {
    if n >= 1e9 {
        format!("{} tỷ dòng", decimal(n / 1e9, 0))
    } else {
        format!("{} triệu dòng", decimal(n / 1e6, 0))
    }
}

fn per_min_text(x: f64) -> String {
    format!("{} dashboard/phút", decimal(x, 0))
}

/// The workload of the HPN comparison, read from and written to the URL (`hp_*`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Workload {
    pub write_rate: f64,
    pub dashboards_per_min: f64,
    pub event_rows: f64,
}

impl Default for Workload {
    fn default() -> Self {
        let w = HpnWorkload::default();
        Self {
            write_rate: w.write_rate,
            dashboards_per_min: w.dashboard_rate * 60.0,
            event_rows: w.event_rows,
        }
    }
}

impl Workload {
    /// The engine's workload.
    pub fn hpn(&self) -> HpnWorkload {
        HpnWorkload {
            write_rate: self.write_rate,
            dashboard_rate: self.dashboards_per_min / 60.0,
            event_rows: self.event_rows,
            ..HpnWorkload::default()
        }
    }

    /// Reads `hp_rate`, `hp_dash`, `hp_rows`: values off the offered steps are refused with a
    /// message and the default is kept.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> (Self, Vec<String>) {
        let mut w = Self::default();
        let mut problems = Vec::new();
        type Setter = fn(&mut Workload, f64);
        let fields: [(&str, &[f64], Setter); 3] = [
            ("hp_rate", HPN_RATES, |w, x| w.write_rate = x),
            ("hp_dash", DASHBOARDS_PER_MIN, |w, x| {
                w.dashboards_per_min = x
            }),
            ("hp_rows", EVENT_ROWS, |w, x| w.event_rows = x),
        ];
        for (key, ladder, set) in fields {
            let Some(v) = get(key) else { continue };
            match v.trim().parse::<f64>() {
                Ok(x) if ladder.contains(&x) => set(&mut w, x),
                _ => problems.push(format!(
                    "Địa chỉ có {key}={v} không dùng được (chỉ nhận các mức trên thanh trượt); lab dùng giá trị mặc định."
                )),
            }
        }
        (w, problems)
    }

    /// The query pairs that reopen this workload.
    pub fn to_query(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("hp_rate", Some(format!("{}", self.write_rate))),
            ("hp_dash", Some(format!("{}", self.dashboards_per_min))),
            ("hp_rows", Some(format!("{}", self.event_rows))),
        ]
    }
}

/// Model write latency against write rate for both architectures, up to where the single
/// database saturates (its line stops there) and clipped at one second.
pub fn latency_curves(w: &Workload) -> Vec<Series> {
    let (mut single, mut cqrs) = (Vec::new(), Vec::new());
    for i in 0..=48 {
        let rate = 50.0 * i as f64;
        let rows = compare(
            &Workload {
                write_rate: rate,
                ..*w
            }
            .hpn(),
            &SingleDbParams::default(),
            &CqrsParams::default(),
        );
        if let Some(v) = rows[0].single_db.filter(|v| *v <= 1_000.0) {
            single.push((rate, v));
        }
        if let Some(v) = rows[0].cqrs {
            cqrs.push((rate, v));
        }
    }
    vec![
        Series::new("Một cơ sở dữ liệu", single),
        Series::new("CQRS", cqrs),
    ]
}

/// The answer the model gives to "at the HPN peak, what happens to the single database's
/// write latency?": 0 slower but finite, 1 saturated, 2 unchanged.
pub fn peak_answer(w: &Workload) -> (usize, String) {
    let at = |rate: f64| {
        compare(
            &Workload {
                write_rate: rate,
                ..*w
            }
            .hpn(),
            &SingleDbParams::default(),
            &CqrsParams::default(),
        )
    };
    let base = at(500.0);
    let peak = at(10_000.0);
    let answer = match (base[0].single_db, peak[0].single_db) {
        (_, None) => 1,
        (Some(b), Some(p)) if p > 1.5 * b => 0,
        _ => 2,
    };
    let summary = format!(
        "Ở 500 event/giây, mô hình cho độ trễ ghi {} (một cơ sở dữ liệu) và {} (CQRS). Ở 10.000 event/giây: {} và {}. Thông lượng ghi tối đa: {} so với {}.",
        value_text(Metric::WriteLatency, base[0].single_db),
        value_text(Metric::WriteLatency, base[0].cqrs),
        value_text(Metric::WriteLatency, peak[0].single_db),
        value_text(Metric::WriteLatency, peak[0].cqrs),
        value_text(Metric::WriteThroughput, peak[3].single_db),
        value_text(Metric::WriteThroughput, peak[3].cqrs),
    );
    (answer, summary)
}

const PEAK_OPTIONS: [&str; 3] = [
    "Chậm hơn, nhưng vẫn có một độ trễ hữu hạn",
    "Quá tải: hàng đợi dài ra mãi",
    "Gần như không đổi",
];

/// The `hpn-compare` lab: workload sliders, a predict step, the table and the latency curve.
#[component]
pub fn HpnCompareLab() -> impl IntoView {
    let (start, problems) = Workload::from_query(url_state::read);
    let work = RwSignal::new(start);
    let problem = RwSignal::new(problems.join(" "));
    let guess = RwSignal::new(None::<usize>);
    let revealed = RwSignal::new(None::<(usize, String)>);
    let rows = Memo::new(move |_| {
        compare(
            &work.get().hpn(),
            &SingleDbParams::default(),
            &CqrsParams::default(),
        )
    });
    let curves = Memo::new(move |_| {
        let w = work.get();
        latency_curves(&Workload {
            write_rate: 0.0,
            ..w
        })
    });
    let set = move |f: fn(&mut Workload, f64), v: f64| {
        work.update(|w| f(w, v));
        problem.set(String::new());
    };
    let commit = Callback::new(move |_| url_state::write(&work.get_untracked().to_query()));
    let caption = Signal::derive(move || {
        let w = work.get();
        format!(
            "Mô hình ở {}, {}, bảng {}; dòng nhỏ là số liệu của bài học.",
            rate_text(w.write_rate),
            per_min_text(w.dashboards_per_min),
            rows_text(w.event_rows)
        )
    });
    let curve_summary = Signal::derive(move || {
        let c = curves.get();
        let last_single = c[0].points.last().map_or(0.0, |p| p.0);
        let cqrs = c[1].points.first().map_or(0.0, |p| p.1);
        format!(
            "Theo mô hình, độ trễ ghi của một cơ sở dữ liệu tăng vọt khi tốc độ ghi tới gần {}: quá mức đó nó vượt 1 giây rồi quá tải. CQRS giữ khoảng {} ms trên cả dải.",
            rate_text(last_single),
            decimal(cqrs, 1)
        )
    });
    view! {
        <div class="cq-lab cq-hpn">
            <section class="cq-box cq-predict" aria-labelledby="hp-predict-title">
                <h4 id="hp-predict-title">"Dự đoán trước, xem sau"</h4>
                <p class="cq-prompt">
                    "Giờ cao điểm của HPN là 10.000 event/giây. Theo mô hình, độ trễ ghi của hệ một cơ sở dữ liệu ở mức đó sẽ thế nào?"
                </p>
                <fieldset class="cq-guesses">
                    <legend>"Bạn dự đoán"</legend>
                    {PEAK_OPTIONS.iter().enumerate().map(|(i, text)| {
                        let id = format!("hp-guess-{i}");
                        view! {
                            <label class="cq-radio">
                                <input
                                    type="radio"
                                    id=id
                                    name="hp-guess"
                                    prop:checked=move || guess.get() == Some(i)
                                    disabled=move || revealed.get().is_some()
                                    on:change=move |_| guess.set(Some(i))
                                />
                                <span>{*text}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="cq-buttons">
                    <button
                        type="button"
                        class="cq-button cq-primary"
                        id="hp-reveal"
                        disabled=move || guess.get().is_none() || revealed.get().is_some()
                        on:click=move |_| {
                            set(|w, v| w.write_rate = v, 10_000.0);
                            url_state::write(&work.get_untracked().to_query());
                            revealed.set(Some(peak_answer(&work.get_untracked())));
                        }
                    >
                        "Đặt 10.000 event/giây và xem"
                    </button>
                    {move || revealed.get().is_some().then(|| view! {
                        <button type="button" class="cq-button" on:click=move |_| {
                            revealed.set(None);
                            guess.set(None);
                        }>"Đoán lại"</button>
                    })}
                </div>
                {move || revealed.get().map(|(answer, summary)| {
                    let right = guess.get() == Some(answer);
                    view! {
                        <div class=if right { "cq-verdict cq-verdict-right" } else { "cq-verdict cq-verdict-wrong" } role="status">
                            <p>
                                <strong>{if right { "Bạn đoán đúng. " } else { "Chưa đúng. " }}</strong>
                                {format!("Mô hình cho thấy: “{}”.", PEAK_OPTIONS[answer])}
                            </p>
                            <p>{summary}</p>
                            <p>
                                <strong>"Vì sao? "</strong>
                                "Mỗi lệnh ghi chiếm máy một chút, và các lần quét dashboard chiếm thêm một phần. Khi tổng nhu cầu vượt năng lực của máy, việc đến nhanh hơn việc xong và hàng đợi dài ra không giới hạn. Vì thế hệ cũ của HPN dừng ở khoảng 1.000 event/giây trong khi giờ cao điểm cần 10.000; phía ghi của CQRS không phải gánh các lần quét nên còn dư sức."
                            </p>
                        </div>
                    }
                })}
            </section>
            <fieldset class="cq-box">
                <legend>"Tải của HPN"</legend>
                <LadderSlider
                    label="Tốc độ ghi"
                    id="hp-rate"
                    ladder=HPN_RATES
                    value=Signal::derive(move || work.get().write_rate)
                    format=rate_text
                    on_input=Callback::new(move |v| set(|w, v| w.write_rate = v, v))
                    on_commit=commit
                />
                <LadderSlider
                    label="Dashboard 7 ngày chạy mỗi phút"
                    id="hp-dash"
                    ladder=DASHBOARDS_PER_MIN
                    value=Signal::derive(move || work.get().dashboards_per_min)
                    format=per_min_text
                    on_input=Callback::new(move |v| set(|w, v| w.dashboards_per_min = v, v))
                    on_commit=commit
                />
                <LadderSlider
                    label="Số dòng trong learning_events"
                    id="hp-rows"
                    ladder=EVENT_ROWS
                    value=Signal::derive(move || work.get().event_rows)
                    format=rows_text
                    on_input=Callback::new(move |v| set(|w, v| w.event_rows = v, v))
                    on_commit=commit
                />
                <p class="cq-error" role="alert">{move || problem.get()}</p>
            </fieldset>
            <ComparisonTable rows=rows caption=caption/>
            <LineChart
                series=Signal::derive(move || curves.get())
                title="Độ trễ ghi theo tốc độ ghi (mô hình)"
                x_label="tốc độ ghi (event/giây)"
                y_label="ms"
                summary=curve_summary
            />
            <ModelExplained/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_the_vietnamese_way() {
        assert_eq!(value_text(Metric::WriteLatency, Some(90.4)), "90 ms");
        assert_eq!(value_text(Metric::WriteLatency, Some(5.0)), "5,0 ms");
        assert_eq!(
            value_text(Metric::DashboardLatency, Some(56_200.0)),
            "56,2 giây"
        );
        assert_eq!(
            value_text(Metric::WriteThroughput, Some(50_000.0)),
            "50.000 event/giây"
        );
        assert!(value_text(Metric::WriteLatency, None).starts_with("quá tải"));
        assert_eq!(
            ratio_text(Metric::WriteThroughput, Some(47.4)),
            "cao hơn 47 lần"
        );
        assert_eq!(
            ratio_text(Metric::SearchLatency, Some(4.25)),
            "nhanh hơn 4,2 lần"
        );
    }

    #[test]
    fn the_peak_saturates_the_single_database() {
        let (answer, summary) = peak_answer(&Workload::default());
        assert_eq!(answer, 1, "{summary}");
        assert!(summary.contains("quá tải"));
    }

    #[test]
    fn curves_stop_where_the_single_database_saturates() {
        let c = latency_curves(&Workload::default());
        let single_end = c[0].points.last().map_or(0.0, |p| p.0);
        assert!(single_end > 500.0 && single_end < 1_100.0, "{single_end}");
        assert_eq!(c[1].points.len(), 49);
        assert!(c[1].points.iter().all(|p| p.1 < 10.0));
    }

    #[test]
    fn workload_query_round_trip_and_refusal() {
        let w = Workload {
            write_rate: 10_000.0,
            dashboards_per_min: 6.0,
            event_rows: 1e9,
        };
        let q = w.to_query();
        let get = |k: &str| q.iter().find(|p| p.0 == k).and_then(|p| p.1.clone());
        assert_eq!(Workload::from_query(get), (w, vec![]));
        let (d, problems) = Workload::from_query(|k| (k == "hp_rate").then(|| "7".to_string()));
        assert_eq!(d, Workload::default());
        assert_eq!(problems.len(), 1);
    }
}
