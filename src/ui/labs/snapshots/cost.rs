//! The lesson's "10 s vs 10 ms" from a stated I/O cost model, beside what this browser
//! measures for the same reads, and why the two differ.

use std::hint::black_box;

use leptos::prelude::*;

use crate::sim::es::{fold, AccountState, CostModel, Interval};
use crate::sim::format::decimal;

use super::browser::{next_frame, time_stable, unique_id, use_rest};
use super::data::{LabLog, SnapshotSet};
use super::model::{count, duration_vi, interval_label};

/// A read the table compares.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Read {
    /// Fold every event from the first.
    Full,
    /// Load one snapshot, then fold one whole interval of events (the lesson's estimate).
    Snapshot(u64),
}

/// What the browser measured for one read, ms.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Row {
    read: Read,
    measured_ms: f64,
}

fn measure(log: &LabLog, read: Read) -> Option<Row> {
    let stream = log.stream()?;
    let events = stream.stored();
    let measured_ms = match read {
        Read::Full => {
            time_stable(|| {
                black_box(fold(black_box(AccountState::EMPTY), black_box(events)));
            })
            .per_run_ms
        }
        Read::Snapshot(k) => {
            // The last snapshot with a whole interval of events after it in the log.
            let set = SnapshotSet::build(log, Interval::Every(k));
            let n = events.len() as u64;
            let from = n.checked_sub(k)? / k * k;
            let start = set
                .snapshots()
                .latest_at_or_before(from)
                .unwrap_or(AccountState::EMPTY);
            let tail = &events[start.version as usize..(start.version + k) as usize];
            time_stable(|| {
                let loaded = black_box(set.snapshots().latest_at_or_before(black_box(from)));
                black_box(fold(loaded.unwrap_or(AccountState::EMPTY), black_box(tail)));
            })
            .per_run_ms
        }
    };
    Some(Row { read, measured_ms })
}

/// Reads `text` as a cost (a number ≥ 0, comma or dot for decimals).
fn parse_cost(text: &str, what: &str, max: f64) -> Result<f64, String> {
    let t = text.trim().replace(',', ".");
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..=max).contains(&x) => Ok(x),
        _ if t.is_empty() => Err(format!("Hãy nhập {what}.")),
        _ => Err(format!(
            "{what} phải là một số từ 0 đến {} (bạn nhập “{}”).",
            decimal(max, 0),
            text.trim()
        )),
    }
}

/// The cost model's inputs and the model-versus-measured table.
#[component]
pub fn CostPanel(
    /// The generated log.
    log: LabLog,
    /// The interval chosen in the lab.
    #[prop(into)]
    interval: Signal<Interval>,
) -> impl IntoView {
    let n = log.len();
    let model = RwSignal::new(CostModel::LESSON);
    let per_event_text = RwSignal::new(decimal(CostModel::LESSON.per_event_us, 0));
    let load_text = RwSignal::new(decimal(CostModel::LESSON.snapshot_load_us / 1_000.0, 0));
    let per_event_error = RwSignal::new(None::<String>);
    let load_error = RwSignal::new(None::<String>);
    let apply = move || {
        let per_event = parse_cost(
            &per_event_text.get_untracked(),
            "Chi phí đọc một event",
            1e6,
        );
        let load = parse_cost(&load_text.get_untracked(), "Chi phí nạp một snapshot", 1e6);
        per_event_error.set(per_event.as_ref().err().cloned());
        load_error.set(load.as_ref().err().cloned());
        if let (Ok(e), Ok(l)) = (per_event, load) {
            model.set(CostModel::new(e, l * 1_000.0));
        }
    };
    let reset = move |_| {
        per_event_text.set(decimal(CostModel::LESSON.per_event_us, 0));
        load_text.set(decimal(CostModel::LESSON.snapshot_load_us / 1_000.0, 0));
        apply();
    };

    // The reads compared: no snapshots, the lesson's 100, and the interval chosen.
    let reads = Memo::new(move |_| {
        let mut reads = vec![Read::Full];
        if n >= 100 {
            reads.push(Read::Snapshot(100));
        }
        if let Some(k) = interval.get().events() {
            if k != 100 && k <= n {
                reads.push(Read::Snapshot(k));
            }
        }
        reads
    });
    let measured = RwSignal::new(Vec::<Row>::new());
    let stored_log = StoredValue::new(log);
    use_rest(
        200,
        move || reads.get(),
        move |reads: Vec<Read>| {
            let missing: Vec<Read> = measured
                .try_with_untracked(|m| {
                    reads
                        .iter()
                        .copied()
                        .filter(|r| !m.iter().any(|row| row.read == *r))
                        .collect()
                })
                .unwrap_or_default();
            // One read per frame: each takes up to a few tens of milliseconds.
            leptos::task::spawn_local(async move {
                for read in missing {
                    let Some(row) = stored_log.try_with_value(|l| measure(l, read)).flatten()
                    else {
                        return;
                    };
                    if measured.try_update(|m| m.push(row)).is_none() {
                        return;
                    }
                    next_frame().await;
                }
            });
        },
    );
    let measured_of = move |read: Read| {
        measured.with(|m| m.iter().find(|r| r.read == read).map(|r| r.measured_ms))
    };
    let modelled = move |read: Read| {
        let m = model.get();
        match read {
            Read::Full => m.full_replay_us(n),
            Read::Snapshot(k) => m.lesson_estimate_us(n, Interval::Every(k)),
        }
    };
    let rows = move || {
        reads
            .get()
            .into_iter()
            .map(|read| {
                let (what, applied) = match read {
                    Read::Full => (
                        "Không snapshot: cộng dồn từ event đầu".to_string(),
                        count(n),
                    ),
                    Read::Snapshot(k) => (
                        format!(
                            "Snapshot mỗi {}: nạp 1 snapshot rồi áp dụng {} event",
                            interval_label(Interval::Every(k)),
                            count(k)
                        ),
                        count(k),
                    ),
                };
                view! {
                    <tr>
                        <th scope="row">{what}</th>
                        <td>{applied}</td>
                        <td class="sn-model">{move || duration_vi(modelled(read) / 1_000.0)}</td>
                        <td class="sn-real">
                            {move || measured_of(read).map_or("đang đo…".to_string(), duration_vi)}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let ratios = move || {
        let full = Read::Full;
        let lesson = Read::Snapshot(100);
        let model_ratio = modelled(full) / modelled(lesson);
        let real = measured_of(full).zip(measured_of(lesson));
        let real_text = real.map_or("đang đo…".to_string(), |(f, s)| {
            if s > 0.0 {
                format!("{}×", decimal(f / s, 0))
            } else {
                "—".to_string()
            }
        });
        format!(
            "Snapshot mỗi 100 nhanh hơn đọc từ đầu: {}× theo mô hình, {} theo số đo trong \
             trình duyệt.",
            decimal(model_ratio, 0),
            real_text
        )
    };
    let per_event_id = unique_id("sn-cost-event");
    let per_event_msg = unique_id("sn-cost-event-msg");
    let load_id = unique_id("sn-cost-load");
    let load_msg = unique_id("sn-cost-load-msg");

    view! {
        <div class="sn-cost">
            <p>
                "Mô hình I/O: thời gian đọc = số event phải đọc × chi phí đọc một event, cộng \
                 thêm chi phí nạp một snapshot nếu có dùng snapshot. Với số của bài học (10 µs \
                 mỗi event, 9 ms mỗi lần nạp snapshot), 1.000.000 event mất 10 s khi không có \
                 snapshot và 10 ms khi có snapshot mỗi 100 event (9 ms + 100 × 10 µs)."
            </p>
            <div class="sn-fields">
                <div class="sn-field">
                    <label for=per_event_id.clone()>"Chi phí đọc một event từ kho (µs)"</label>
                    <input
                        id=per_event_id
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        prop:value=move || per_event_text.get()
                        aria-invalid=move || per_event_error.get().is_some().to_string()
                        aria-describedby=per_event_msg.clone()
                        on:input=move |ev| {
                            per_event_text.set(event_target_value(&ev));
                            apply();
                        }
                    />
                    <p id=per_event_msg class="sn-error" aria-live="polite">{move || per_event_error.get()}</p>
                </div>
                <div class="sn-field">
                    <label for=load_id.clone()>"Chi phí nạp một snapshot (ms)"</label>
                    <input
                        id=load_id
                        type="text"
                        inputmode="decimal"
                        autocomplete="off"
                        prop:value=move || load_text.get()
                        aria-invalid=move || load_error.get().is_some().to_string()
                        aria-describedby=load_msg.clone()
                        on:input=move |ev| {
                            load_text.set(event_target_value(&ev));
                            apply();
                        }
                    />
                    <p id=load_msg class="sn-error" aria-live="polite">{move || load_error.get()}</p>
                </div>
                <div class="sn-field sn-field-end">
                    <button type="button" class="button" on:click=reset>"Dùng số của bài học"</button>
                </div>
            </div>
            <div class="sn-scroll">
                <table class="sn-table">
                    <caption>{format!("Đọc trạng thái mới nhất của log {} event", count(n))}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Cách đọc"</th>
                            <th scope="col">"Event áp dụng"</th>
                            <th scope="col">"Theo mô hình I/O"</th>
                            <th scope="col">"Trình duyệt đo được"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="sn-note">
                "Mỗi số đo là trung vị của nhiều lượt; phép đọc ngắn hơn vài mili giây được lặp \
                 lại hàng nghìn lần trong một lượt rồi chia đều, vì đồng hồ của trình duyệt chỉ \
                 chính xác tới khoảng 0,1 ms. “Nạp snapshot” ở đây là tìm và chép trạng thái đã \
                 lưu trong bộ nhớ."
            </p>
            <p class="sn-ratio" aria-live="polite">{ratios}</p>
            <p class="sn-honest">
                "Vì sao hai cột khác nhau hàng nghìn lần? Mô hình tính cho một kho event thật: \
                 mỗi event phải được đọc từ đĩa hoặc qua mạng, giải mã (JSON, Protobuf…) rồi mới \
                 áp dụng, và mỗi lần nạp snapshot là thêm một lượt hỏi cơ sở dữ liệu. "
                {format!(
                    "Ở đây, {} event đã nằm sẵn trong bộ nhớ của trang, mỗi event chỉ {} byte, \
                     không đọc đĩa, không qua mạng, không giải mã: áp dụng một event chỉ là một \
                     phép cộng, và “nạp snapshot” chỉ là chép vài chục byte. Còn số event phải áp \
                     dụng thì giống hệt ở cả hai cột, và đó mới là điều snapshot thay đổi.",
                    count(n),
                    std::mem::size_of::<crate::sim::es::StoredEvent>()
                )}
            </p>
        </div>
    }
}
