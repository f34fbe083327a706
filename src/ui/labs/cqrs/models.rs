//! Writes by hand (a learning event, a price change, a visitor's read) and the write model,
//! read model and cache side by side, stale rows marked with how far behind they are.

use leptos::prelude::*;

use super::actions::{suggested_price, Action};
use super::controls::ErrorAt;
use super::params::clock_text;
use super::state::{Lab, Place};
use crate::sim::cqrs::{CourseId, CourseRowView};
use crate::sim::format::{group_digits, vnd};

/// Parses a price typed by the student: `890.000`, `890 000`, `890000 ₫`.
pub fn parse_price(text: &str) -> Result<i64, String> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}' | '₫'))
        .collect();
    let digits = digits.trim_end_matches('đ');
    if digits.is_empty() {
        return Err("Hãy nhập giá mới, ví dụ 890.000.".to_string());
    }
    digits.parse::<i64>().map_err(|_| {
        format!(
            "Giá “{}” không phải một số đồng hợp lệ; hãy nhập như 890.000.",
            text.trim()
        )
    })
}

fn read_badge(r: &CourseRowView) -> (&'static str, String) {
    match &r.read {
        None => ("cq-badge cq-badge-bad", "chưa có".to_string()),
        Some(_) if r.read_stale => (
            "cq-badge cq-badge-bad",
            format!(
                "giá cũ · chậm {} event",
                group_digits(r.read_versions_behind as i64)
            ),
        ),
        Some(_) if r.read_versions_behind > 0 => (
            "cq-badge cq-badge-warn",
            format!("chậm {} event", group_digits(r.read_versions_behind as i64)),
        ),
        Some(_) => ("cq-badge cq-badge-good", "khớp".to_string()),
    }
}

#[component]
fn Row(row: CourseRowView, selected: bool) -> impl IntoView {
    let (badge_class, badge) = read_badge(&row);
    let class = if row.read_stale || row.cache_stale {
        "cq-row cq-row-stale"
    } else if row.read_versions_behind > 0 {
        "cq-row cq-row-behind"
    } else {
        "cq-row"
    };
    let class = if selected {
        format!("{class} cq-row-selected")
    } else {
        class.to_string()
    };
    let w = row.write.clone();
    let read = row.read.clone();
    let cached = row.cached.clone();
    view! {
        <tr class=class data-course=w.id.to_string()>
            <th scope="row">
                <span class="cq-course-id">{w.id.to_string()}</span>
                <span class="cq-course-title">{w.title.clone()}</span>
            </th>
            <td data-label="Phía ghi (sự thật)">
                <span class="cq-price">{vnd(w.price)}</span>
                <span class="cq-version">{format!("phiên bản {}", group_digits(w.version as i64))}</span>
            </td>
            <td data-label="Read model">
                {read.map(|r| view! {
                    <span class="cq-price">{vnd(r.price)}</span>
                    <span class="cq-version">{format!("phiên bản {}", group_digits(r.version as i64))}</span>
                })}
                <span class=badge_class>{badge}</span>
            </td>
            <td data-label="Cache">
                {match cached {
                    Some(c) => view! {
                        <span class="cq-price">{vnd(c.view.price)}</span>
                        <span class="cq-version">{format!("TTL còn {}", clock_text(c.remaining_ttl_ms))}</span>
                        {row.cache_stale.then(|| view! { <span class="cq-badge cq-badge-bad">"giá cũ"</span> })}
                    }.into_any(),
                    None => view! { <span class="cq-version">"trống"</span> }.into_any(),
                }}
            </td>
        </tr>
    }
}

/// The write form and the side-by-side table.
#[component]
pub fn ModelsPanel(lab: Lab) -> impl IntoView {
    let snap = lab.snapshot;
    let price_input = NodeRef::<leptos::html::Input>::new();
    let learner = StoredValue::new(0u32);
    let current_price =
        move || snap.with(|s| s.row(lab.selected.get()).map_or(0, |r| r.write.price));
    // The suggestion follows the selected course's price on the write side.
    // A memo, so that the field is only rewritten when the suggestion really changes (not on
    // every frame while the student types).
    let suggestion = Memo::new(move |_| group_digits(suggested_price(current_price())));
    let update_price = move || {
        let Some(text) = price_input.get().map(|i| i.value()) else {
            return;
        };
        match parse_price(&text) {
            Ok(price) => lab.act(
                Place::Write,
                Action::UpdatePrice {
                    course: lab.selected.get_untracked(),
                    price,
                },
            ),
            Err(msg) => lab.error.set(Some((Place::Write, msg))),
        }
    };
    // The course list changes only when a course is created: a memo keeps the open
    // drop-down from being rebuilt every frame.
    let courses = Memo::new(move |_| {
        snap.with(|s| {
            s.rows
                .iter()
                .map(|r| (r.write.id, r.write.title.clone()))
                .collect::<Vec<_>>()
        })
    });
    let options = move || {
        courses
            .get()
            .into_iter()
            .map(|(id, title)| {
                view! {
                    <option value=id.0.to_string() selected=move || lab.selected.get() == id>
                        {format!("{id} · {title}")}
                    </option>
                }
            })
            .collect_view()
    };
    let rows = move || {
        let sel = lab.selected.get();
        snap.with(|s| {
            s.rows
                .iter()
                .map(|r| view! { <Row row=r.clone() selected=r.write.id == sel/> })
                .collect_view()
        })
    };
    let readers = move || {
        snap.with(|s| {
            let r = s.readers;
            format!(
                "Khách đọc trang (nền, 20 lượt/giây): {} lượt, {} lượt trúng cache, {} lượt thấy giá cũ, {} lượt chưa thấy event mới nhất.",
                group_digits(r.reads as i64),
                group_digits(r.cache_hits as i64),
                group_digits(r.stale_price as i64),
                group_digits(r.behind_write as i64)
            )
        })
    };
    view! {
        <section class="cq-box cq-models" aria-labelledby="cq-models-title">
            <h4 id="cq-models-title">"Phía ghi, read model và cache"</h4>
            <form
                class="cq-write"
                on:submit=move |ev| {
                    ev.prevent_default();
                    update_price();
                }
            >
                <div class="cq-field">
                    <label for="cq-course">"Khoá học"</label>
                    <select
                        id="cq-course"
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                lab.selected.set(CourseId(n));
                            }
                        }
                    >
                        {options}
                    </select>
                </div>
                <div class="cq-field">
                    <label for="cq-price">"Giá mới (đồng)"</label>
                    <input
                        id="cq-price"
                        type="text"
                        inputmode="numeric"
                        node_ref=price_input
                        prop:value=suggestion
                    />
                </div>
                <div class="cq-buttons">
                    <button type="submit" class="cq-button cq-primary" id="cq-update-price">"Đổi giá"</button>
                    <button
                        type="button"
                        class="cq-button"
                        id="cq-learning"
                        on:click=move |_| {
                            let l = learner.get_value();
                            learner.set_value((l + 1) % 5_000);
                            lab.act(Place::Write, Action::Learning { course: lab.selected.get_untracked(), learner: l });
                        }
                    >
                        "Ghi 1 event học tập"
                    </button>
                    <button
                        type="button"
                        class="cq-button"
                        id="cq-visit"
                        on:click=move |_| lab.act(Place::Write, Action::VisitorRead { course: lab.selected.get_untracked() })
                    >
                        "Khách mở trang khoá học"
                    </button>
                </div>
            </form>
            <ErrorAt lab place=Place::Write/>
            <p class="cq-table-note" id="cq-models-note">
                "Mỗi khoá học ở ba nơi. Dòng tô đỏ: phía đọc đang hiện giá khác phía ghi; dòng tô vàng: read model đúng giá nhưng còn thiếu event học tập."
            </p>
            <div class="table-wrap cq-table-wrap" tabindex="0" role="region" aria-label="Bảng so sánh hai phía">
                <table class="cq-table cq-stack" aria-describedby="cq-models-note">
                    <thead>
                        <tr>
                            <th scope="col">"Khoá học"</th>
                            <th scope="col">"Phía ghi (sự thật)"</th>
                            <th scope="col">"Read model"</th>
                            <th scope="col">"Cache"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="cq-hint">{readers}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_parse_the_vietnamese_way() {
        assert_eq!(parse_price("890.000"), Ok(890_000));
        assert_eq!(parse_price(" 890 000 ₫"), Ok(890_000));
        assert_eq!(parse_price("1500000"), Ok(1_500_000));
        assert!(parse_price("").is_err());
        assert!(parse_price("rẻ").unwrap_err().contains("rẻ"));
        // Zero and negatives parse; the engine refuses them with its own message.
        assert_eq!(parse_price("-5"), Ok(-5));
    }
}
