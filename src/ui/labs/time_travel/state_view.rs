//! The state at the cursor: balance, status, and how it was computed (a fold of the events,
//! or a snapshot plus the tail). Beside it, while a hypothesis is explored, the hypothetical
//! state, marked "Giả định", and the real log, unchanged.

use leptos::prelude::*;

use super::state::{only_stream, Hypo, Lab, Mode};
use super::text::{events_count, signed_vnd};
use crate::sim::es::time::format_date_time_vi;
use crate::sim::es::{AccountState, Stream};
use crate::sim::format::{group_digits, vnd};

/// Up to this many events, the explanation writes the fold out as a sum.
const SUM_UP_TO: u64 = 8;

/// The fold of the first `v` events written as a sum, `0 + 2.000.000 − 500.000`, for short
/// prefixes (`None` beyond [`SUM_UP_TO`] events or past the stream's end).
pub fn fold_sum(stream: &Stream, v: u64) -> Option<String> {
    if v > SUM_UP_TO || v > stream.version() {
        return None;
    }
    let mut sum = String::from("0");
    for e in &stream.stored()[..v as usize] {
        let d = e.delta();
        if d > 0 {
            sum.push_str(&format!(" + {}", group_digits(d)));
        } else if d < 0 {
            sum.push_str(&format!(" − {}", group_digits(-d)));
        }
    }
    Some(sum)
}

/// `0 + 2.000.000 − 500.000 = 1.500.000 ₫`, or the snapshot and tail for long streams.
fn explanation(stream: Option<&Stream>, lab: &Lab, v: u64, state: &AccountState) -> String {
    let Some(s) = stream else {
        return "Chưa có event nào: trạng thái rỗng.".to_string();
    };
    if v == 0 {
        return "Phiên bản 0: chưa gộp event nào, trạng thái rỗng.".to_string();
    }
    if let Some(sum) = fold_sum(s, v) {
        return format!(
            "Gộp (fold) {}: {sum} = {}",
            events_count(v),
            vnd(state.balance)
        );
    }
    let replay = lab.snapshots.with(|snaps| snaps.replay(s, v).ok());
    match replay.and_then(|r| r.snapshot.map(|at| (at, r.events_applied))) {
        Some((at, tail)) => format!(
            "Snapshot ở phiên bản {} rồi gộp thêm {}: không phải đọc lại {} từ đầu.",
            group_digits(at as i64),
            events_count(tail),
            events_count(v)
        ),
        None => format!("Gộp (fold) {} từ trạng thái rỗng.", events_count(v)),
    }
}

/// The cards: the displayed state, and the other world while a hypothesis is open.
#[component]
pub fn StatePanel(lab: Lab) -> impl IntoView {
    let hidden = move || lab.hides(lab.cursor.get());
    let heading = move || {
        let v = lab.cursor.get();
        match lab.moment.get() {
            Some(at) => format!(
                "Trạng thái lúc {} (sau phiên bản {})",
                format_date_time_vi(at),
                group_digits(v as i64)
            ),
            None => format!("Trạng thái sau phiên bản {}", group_digits(v as i64)),
        }
    };
    let forked = move || lab.mode.get() == Mode::Fork;
    let balance = move || {
        if hidden() {
            "? ₫".to_string()
        } else {
            vnd(lab.state.get().balance)
        }
    };
    let details = move || {
        let state = lab.state.get();
        let owner = lab.with_shown(|s| {
            s.filter(|_| state.version > 0)
                .and_then(|s| s.owner().map(str::to_string))
        });
        match owner {
            Some(o) => format!("{} · chủ tài khoản: {o}", state.status.label_vi()),
            None => state.status.label_vi().to_string(),
        }
    };
    let how = move || {
        if hidden() {
            return "Số dư ở phiên bản này đang được che: hãy chốt dự đoán của bạn trước (thẻ “Dự đoán rồi quan sát”).".to_string();
        }
        let v = lab.cursor.get();
        let state = lab.state.get();
        lab.with_shown(|s| explanation(s, &lab, v, &state))
    };
    view! {
        <div class="tt-states">
            <section
                class="tt-state tt-state-main"
                class:is-hypo=forked
                aria-label=move || if forked() { "Trạng thái giả định tại con trỏ" } else { "Trạng thái thật tại con trỏ" }
            >
                <p class="tt-state-kicker">
                    {move || if forked() {
                        view! { <span class="tt-badge tt-badge-hypo">"Giả định"</span> }.into_any()
                    } else {
                        view! { <span class="tt-badge tt-badge-real">"Thật"</span> }.into_any()
                    }}
                    <span>{heading}</span>
                </p>
                <p class="tt-balance-label">"Số dư"</p>
                <p class="tt-balance" class:is-hidden=hidden>{balance}</p>
                <p class="tt-state-details">{details}</p>
                <p class="tt-how">{how}</p>
            </section>
            {move || match lab.mode.get() {
                Mode::Real => None,
                Mode::Skip => Some(view! { <SkipCard lab=lab/> }.into_any()),
                Mode::Fork => Some(view! { <RealCard lab=lab/> }.into_any()),
            }}
        </div>
    }
}

/// The real log replayed without the skipped events.
#[component]
fn SkipCard(lab: Lab) -> impl IntoView {
    let hidden = move || lab.hides(lab.cursor.get());
    let hypo_state = move || {
        let v = lab.cursor.get();
        lab.skip_replay
            .with(|r| r.as_ref().map(|r| r.state_at(v)))
            .unwrap_or(AccountState::EMPTY)
    };
    let skipped = move || {
        lab.hypo.with(|h| match h {
            Hypo::Skip(s) if !s.is_empty() => s
                .iter()
                .map(|v| format!("#{}", group_digits(*v as i64)))
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        })
    };
    let title = move || {
        let s = skipped();
        if s.is_empty() {
            "Nếu bỏ qua… (chưa chọn event nào)".to_string()
        } else {
            format!("Nếu bỏ qua {s}")
        }
    };
    let balance = move || {
        if hidden() {
            "? ₫".to_string()
        } else {
            vnd(hypo_state().balance)
        }
    };
    let gap = move || {
        if hidden() {
            return String::new();
        }
        let (real, hypo) = (lab.state.get().balance, hypo_state().balance);
        if real == hypo {
            "Bằng số dư thật ở cùng phiên bản.".to_string()
        } else {
            format!("Chênh {} so với số dư thật.", signed_vnd(hypo - real))
        }
    };
    let refused = move || {
        lab.skip_replay.with(|r| {
            r.as_ref()
                .map(|r| r.rejected().count())
                .filter(|n| *n > 0)
                .map(|n| {
                    format!(
                        "{} không còn hợp lệ trong thế giới giả định nên cũng bị bỏ (xem danh sách).",
                        events_count(n as u64)
                    )
                })
        })
    };
    // The end of the log, where the lesson asks its question.
    let at_end = move || {
        let head = lab.real_head.get();
        if lab.cursor.get() == head.version || lab.hides(head.version) {
            return None;
        }
        let end = lab
            .skip_replay
            .with(|r| r.as_ref().map(|r| r.state.balance))?;
        Some(format!(
            "Ở cuối log (phiên bản {}): giả định {}, thật {}.",
            group_digits(head.version as i64),
            vnd(end),
            vnd(head.balance)
        ))
    };
    view! {
        <section class="tt-state tt-state-hypo is-hypo" aria-label="Trạng thái giả định tại con trỏ">
            <p class="tt-state-kicker">
                <span class="tt-badge tt-badge-hypo">"Giả định"</span>
                <span>{title}</span>
            </p>
            <p class="tt-balance-label">"Số dư giả định"</p>
            <p class="tt-balance tt-balance-hypo" class:is-hidden=hidden>{balance}</p>
            <p class="tt-state-details">{gap}</p>
            <p class="tt-how" hidden=move || at_end().is_none()>{move || at_end().unwrap_or_default()}</p>
            <p class="tt-how" hidden=move || refused().is_none()>{move || refused().unwrap_or_default()}</p>
        </section>
    }
}

/// While forked: the real log, untouched.
#[component]
fn RealCard(lab: Lab) -> impl IntoView {
    let info = move || {
        let head = lab.real_head.get();
        let from = lab.hypo.with(|h| match h {
            Hypo::Fork(f) => f.from,
            _ => 0,
        });
        let hidden = lab.hides(head.version);
        let id = lab
            .real
            .with(|l| only_stream(l).map(|s| s.id().to_string()));
        (head, from, hidden, id.unwrap_or_default())
    };
    view! {
        <section class="tt-state tt-state-real" aria-label="Log thật, không đổi">
            <p class="tt-state-kicker">
                <span class="tt-badge tt-badge-real">"Thật"</span>
                <span>{move || format!("Log thật {} vẫn nguyên", info().3)}</span>
            </p>
            <p class="tt-balance-label">"Số dư hiện tại"</p>
            <p class="tt-balance tt-balance-real">
                {move || {
                    let (head, _, hidden, _) = info();
                    if hidden { "? ₫".to_string() } else { vnd(head.balance) }
                }}
            </p>
            <p class="tt-state-details">
                {move || {
                    let (head, from, _, _) = info();
                    format!(
                        "{} ({}). Nhánh giả định rẽ ra từ phiên bản {}.",
                        events_count(head.version),
                        head.status.label_vi(),
                        group_digits(from as i64)
                    )
                }}
            </p>
        </section>
    }
}
