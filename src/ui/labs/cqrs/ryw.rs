//! Read-your-writes: the user who changes a price and reads it back, with one of three
//! strategies; stale reads counted per strategy.

use leptos::prelude::*;

use super::actions::{ryw_price, Action};
use super::controls::{ErrorAt, LadderSlider};
use super::params::{duration_text, TIMEOUTS};
use super::state::{outcome_text, Lab, Place};
use crate::sim::cqrs::{RywKind, RywStrategy};
use crate::sim::format::group_digits;

fn kind_key(k: RywKind) -> &'static str {
    match k {
        RywKind::None => "none",
        RywKind::WaitForVersion => "wait",
        RywKind::ReadFromWriteSide => "write",
    }
}

fn kind_hint(k: RywKind) -> &'static str {
    match k {
        RywKind::None => "đọc qua cache như mọi người",
        RywKind::WaitForVersion => "gửi kèm phiên bản vừa ghi, chờ read model tới đó",
        RywKind::ReadFromWriteSide => "đọc thẳng phía ghi, thêm tải cho phía ghi",
    }
}

/// The strategy picker, the buttons and the counts.
#[component]
pub fn RywPanel(lab: Lab) -> impl IntoView {
    let snap = lab.snapshot;
    let kind = RwSignal::new(RywKind::None);
    let up = StoredValue::new(false);
    let timeout = move || lab.params.with(|p| p.timeout_ms);
    let next_price = move || {
        let current = snap.with_untracked(|s| {
            s.row(lab.selected.get_untracked())
                .map_or(0, |r| r.write.price)
        });
        let go_up = !up.get_value();
        up.set_value(go_up);
        ryw_price(current, go_up)
    };
    let write_then_read = move |_| {
        let strategy = match kind.get_untracked() {
            RywKind::None => RywStrategy::None,
            RywKind::WaitForVersion => RywStrategy::WaitForVersion {
                timeout_ms: lab.params.with_untracked(|p| p.timeout_ms),
            },
            RywKind::ReadFromWriteSide => RywStrategy::ReadFromWriteSide,
        };
        lab.act(
            Place::Ryw,
            Action::WriteThenRead {
                course: lab.selected.get_untracked(),
                price: next_price(),
                strategy,
            },
        );
    };
    let all_three = move |_| {
        lab.act(
            Place::Ryw,
            Action::WriteThenReadAll {
                course: lab.selected.get_untracked(),
                price: next_price(),
                timeout_ms: lab.params.with_untracked(|p| p.timeout_ms),
            },
        );
    };
    let radios = RywKind::ALL
        .iter()
        .map(|&k| {
            let id = format!("cq-ryw-{}", kind_key(k));
            view! {
                <label class="cq-radio">
                    <input
                        type="radio"
                        id=id
                        name="cq-ryw"
                        value=kind_key(k)
                        prop:checked=move || kind.get() == k
                        on:change=move |_| kind.set(k)
                    />
                    <span>
                        <strong>{k.label_vi()}</strong>
                        <span class="cq-hint">{format!(": {}", kind_hint(k))}</span>
                    </span>
                </label>
            }
        })
        .collect_view();
    let stats_rows = move || {
        snap.with(|s| {
            RywKind::ALL
                .iter()
                .map(|&k| {
                    let st = s.ryw[k.index()];
                    let stale_class = if st.stale > 0 {
                        "cq-num cq-stale-count"
                    } else {
                        "cq-num"
                    };
                    view! {
                        <tr data-strategy=kind_key(k)>
                            <th scope="row">{k.label_vi()}</th>
                            <td class="cq-num" data-label="Lượt đọc">{group_digits(st.reads as i64)}</td>
                            <td class=stale_class data-label="Thấy giá cũ">{group_digits(st.stale as i64)}</td>
                            <td class="cq-num" data-label="Hết giờ chờ">{group_digits(st.timeouts as i64)}</td>
                            <td class="cq-num" data-label="Chờ trung bình">{duration_text(st.mean_wait_ms())}</td>
                            <td class="cq-num" data-label="Chờ lâu nhất">{duration_text(st.max_wait_ms)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let outcomes = move || {
        snap.with(|s| {
            s.outcomes
                .iter()
                .rev()
                .map(|o| {
                    let (text, _) = outcome_text(o);
                    let class = if o.stale {
                        "cq-outcome cq-outcome-stale"
                    } else {
                        "cq-outcome"
                    };
                    view! { <li class=class>{text}</li> }
                })
                .collect_view()
        })
    };
    view! {
        <section class="cq-box cq-ryw" aria-labelledby="cq-ryw-title">
            <h4 id="cq-ryw-title">"Đọc lại chính thứ mình vừa ghi"</h4>
            <p class="cq-hint">
                "Giảng viên đổi giá khoá học đang chọn (lên hoặc xuống 10.000 ₫), rồi mở lại trang ngay. Nếu đang tạm dừng, hãy bấm Phát hoặc Tiến một bước để lượt đọc được trả lời."
            </p>
            <fieldset class="cq-strategies">
                <legend>"Chiến lược đọc lại"</legend>
                {radios}
            </fieldset>
            <LadderSlider
                label="Thời gian chờ tối đa (chờ tới phiên bản)"
                id="cq-wait"
                ladder=TIMEOUTS
                value=Signal::derive(move || timeout() as f64)
                format=duration_text
                on_input=Callback::new(move |v: f64| lab.change(false, |p| p.timeout_ms = v as u64))
                on_commit=Callback::new(move |_| lab.commit_url())
            />
            <div class="cq-buttons">
                <button type="button" class="cq-button cq-primary" id="cq-ryw-one" on:click=write_then_read>
                    "Đổi giá rồi đọc lại"
                </button>
                <button type="button" class="cq-button" id="cq-ryw-all" on:click=all_three>
                    "Thử cả ba trên cùng một lần ghi"
                </button>
            </div>
            <label class="cq-check">
                <input
                    type="checkbox"
                    id="cq-ryw-auto"
                    prop:checked=move || lab.params.with(|p| p.auto_ryw)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        lab.change(true, |p| p.auto_ryw = on);
                    }
                />
                "Tự động: cứ 2 giây, giảng viên KH-001 đổi giá rồi đọc lại bằng cả ba chiến lược"
            </label>
            <ErrorAt lab place=Place::Ryw/>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Kết quả theo chiến lược">
                <table class="cq-table cq-stack cq-ryw-table">
                    <thead>
                        <tr>
                            <th scope="col">"Chiến lược"</th>
                            <th scope="col">"Lượt đọc"</th>
                            <th scope="col">"Thấy giá cũ"</th>
                            <th scope="col">"Hết giờ chờ"</th>
                            <th scope="col">"Chờ trung bình"</th>
                            <th scope="col">"Chờ lâu nhất"</th>
                        </tr>
                    </thead>
                    <tbody>{stats_rows}</tbody>
                </table>
            </div>
            <p class="cq-hint">
                {move || {
                    let n = snap.with(|s| s.pending_reads);
                    if n > 0 { format!("{} lượt đọc đang chờ.", group_digits(n as i64)) } else { String::new() }
                }}
            </p>
            <ul class="cq-outcomes" aria-label="Các lượt đọc lại gần nhất, mới nhất trước">{outcomes}</ul>
        </section>
    }
}
