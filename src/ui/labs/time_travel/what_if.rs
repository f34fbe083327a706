//! What-if: turn chosen events off, or branch at the cursor and append. Either way the
//! hypothetical state is marked "Giả định" and the real log never changes.

use leptos::prelude::*;

use super::state::{Hypo, Lab, Mode};
use super::text::events_count;
use crate::sim::format::group_digits;

/// The what-if card.
#[component]
pub fn WhatIfCard(lab: Lab) -> impl IntoView {
    let body = move || match lab.mode.get() {
        Mode::Real => view! { <Choose lab=lab/> }.into_any(),
        Mode::Skip => view! { <Skipping lab=lab/> }.into_any(),
        Mode::Fork => view! { <Branching lab=lab/> }.into_any(),
    };
    view! {
        <section
            class="tt-card tt-what-if"
            class:is-hypo=move || lab.mode.get() != Mode::Real
            aria-label="Giả định (what-if)"
        >
            <h4 class="tt-card-title">
                "Giả định (what-if)"
                {move || (lab.mode.get() != Mode::Real)
                    .then(|| view! { <span class="tt-badge tt-badge-hypo">"Đang bật"</span> })}
            </h4>
            <p class="tt-note">
                "Phép thử “giả như” chạy trên một bản sao: log thật không bao giờ bị sửa."
            </p>
            {body}
        </section>
    }
}

#[component]
fn Choose(lab: Lab) -> impl IntoView {
    let v = move || group_digits(lab.cursor.get() as i64);
    view! {
        <div class="tt-actions">
            <button type="button" class="tt-button tt-hypo-button" on:click=move |_| lab.start_skip()>
                "Tắt bớt event…"
            </button>
            <button type="button" class="tt-button tt-hypo-button" on:click=move |_| lab.start_fork()>
                {move || format!("Rẽ nhánh tại phiên bản {}", v())}
            </button>
        </div>
    }
}

#[component]
fn Skipping(lab: Lab) -> impl IntoView {
    let v = move || lab.cursor.get();
    let cursor_skipped = move || {
        let v = v();
        lab.hypo
            .with(|h| matches!(h, Hypo::Skip(s) if s.contains(&v)))
    };
    let summary = move || {
        let skipped = lab.hypo.with(|h| match h {
            Hypo::Skip(s) => s.len(),
            _ => 0,
        });
        let refused = lab
            .skip_replay
            .with(|r| r.as_ref().map_or(0, |r| r.rejected().count()));
        let end = lab
            .skip_replay
            .with(|r| r.as_ref().map(|r| r.state.balance));
        let real = lab.real_head.get().balance;
        let hidden = lab.hides(lab.real_head.get().version);
        match (skipped, end) {
            (0, _) => "Đánh dấu ô “Bỏ qua” ở các event trong danh sách (hoặc dùng nút dưới đây cho event tại con trỏ).".to_string(),
            (_, Some(_)) if hidden => format!(
                "Đang bỏ qua {}; số dư cuối được che cho tới khi bạn chốt dự đoán.",
                events_count(skipped as u64)
            ),
            (_, Some(end)) => {
                let refused = if refused > 0 {
                    format!(" {} khác không còn hợp lệ nên cũng rơi ra.", events_count(refused as u64))
                } else {
                    String::new()
                };
                format!(
                    "Đang bỏ qua {}. Số dư cuối: giả định {} — thật {}.{refused}",
                    events_count(skipped as u64),
                    crate::sim::format::vnd(end),
                    crate::sim::format::vnd(real)
                )
            }
            (_, None) => String::new(),
        }
    };
    view! {
        <p class="tt-hypo-summary">{summary}</p>
        <div class="tt-actions">
            <button
                type="button"
                class="tt-button tt-hypo-button"
                disabled=move || v() == 0
                on:click=move |_| lab.toggle_skip(v())
            >
                {move || {
                    let v = group_digits(v() as i64);
                    if cursor_skipped() {
                        format!("Bật lại event #{v}")
                    } else {
                        format!("Bỏ qua event #{v} (tại con trỏ)")
                    }
                }}
            </button>
            <button type="button" class="tt-button" on:click=move |_| lab.leave_hypo()>
                "Kết thúc giả định"
            </button>
        </div>
    }
}

#[component]
fn Branching(lab: Lab) -> impl IntoView {
    let summary = move || {
        lab.hypo.with(|h| match h {
            Hypo::Fork(f) => {
                let added = lab.head.get().saturating_sub(f.from);
                format!(
                    "Nhánh rẽ từ phiên bản {} của log thật; đã thêm {} giả định. Gửi lệnh ở thẻ “Gửi lệnh” để ghi tiếp vào nhánh.",
                    group_digits(f.from as i64),
                    events_count(added)
                )
            }
            _ => String::new(),
        })
    };
    view! {
        <p class="tt-hypo-summary">{summary}</p>
        <div class="tt-actions">
            <button type="button" class="tt-button" on:click=move |_| lab.leave_hypo()>
                "Bỏ nhánh, về log thật"
            </button>
        </div>
    }
}
