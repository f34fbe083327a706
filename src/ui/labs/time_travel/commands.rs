//! Commands: deposit, withdraw, transfer, interest, close (and open, for an empty branch).
//! The domain decides; a refusal is shown in the engine's own Vietnamese words and the log
//! stays as it was. From a cursor in the past, the card explains that history is immutable
//! and offers a hypothetical branch instead.

use leptos::prelude::*;

use super::input::parse_amount;
use super::state::{only_stream, Lab, Mode};
use super::text::events_count;
use crate::sim::es::time::format_date_time_vi;
use crate::sim::es::{Command, CommandError};
use crate::sim::format::group_digits;

/// The command chosen in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Deposit,
    Withdraw,
    Transfer,
    Interest,
    Close,
    Open,
}

impl Kind {
    const ALL: [Kind; 6] = [
        Kind::Deposit,
        Kind::Withdraw,
        Kind::Transfer,
        Kind::Interest,
        Kind::Close,
        Kind::Open,
    ];

    fn label(self) -> &'static str {
        match self {
            Kind::Deposit => "Nạp tiền",
            Kind::Withdraw => "Rút tiền",
            Kind::Transfer => "Chuyển khoản",
            Kind::Interest => "Cộng lãi",
            Kind::Close => "Đóng tài khoản",
            Kind::Open => "Mở tài khoản",
        }
    }

    fn value(self) -> &'static str {
        match self {
            Kind::Deposit => "deposit",
            Kind::Withdraw => "withdraw",
            Kind::Transfer => "transfer",
            Kind::Interest => "interest",
            Kind::Close => "close",
            Kind::Open => "open",
        }
    }

    fn has_amount(self) -> bool {
        matches!(
            self,
            Kind::Deposit | Kind::Withdraw | Kind::Transfer | Kind::Interest
        )
    }
}

/// What the last submit did.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    accepted: bool,
    text: String,
}

/// The command form.
#[component]
pub fn CommandCard(lab: Lab) -> impl IntoView {
    let kind = RwSignal::new(Kind::Withdraw);
    let amount = RwSignal::new(String::new());
    let to = RwSignal::new("ACC-002".to_string());
    let owner = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let forked = move || lab.mode.get() == Mode::Fork;
    let in_past = Memo::new(move |_| lab.cursor.get() < lab.head.get());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let k = kind.get_untracked();
        let command = if k.has_amount() {
            match parse_amount(&amount.get_untracked()) {
                Ok(a) => match k {
                    Kind::Deposit => Command::Deposit { amount: a },
                    Kind::Withdraw => Command::Withdraw { amount: a },
                    Kind::Transfer => Command::Transfer {
                        amount: a,
                        to: to.get_untracked().trim().to_string(),
                    },
                    _ => Command::ApplyInterest { amount: a },
                },
                Err(message) => {
                    outcome.set(Some(Outcome {
                        accepted: false,
                        text: format!("Chưa gửi lệnh: {message}"),
                    }));
                    return;
                }
            }
        } else if k == Kind::Close {
            Command::Close
        } else {
            Command::Open {
                owner: owner.get_untracked().trim().to_string(),
            }
        };
        let result = lab.run_command(command);
        let where_ = if lab.mode.get_untracked() == Mode::Fork {
            "nhánh giả định"
        } else {
            "log thật"
        };
        outcome.set(Some(match result {
            Ok(appended) => Outcome {
                accepted: true,
                text: format!(
                    "Đã chấp nhận: {} được ghi vào {where_} thành event #{}.",
                    k.label(),
                    group_digits(appended.version as i64)
                ),
            },
            Err(e) => {
                let extra = if matches!(e, CommandError::WrongExpectedVersion { .. }) {
                    " Lịch sử là bất biến: không thể chèn event vào giữa quá khứ."
                } else {
                    ""
                };
                Outcome {
                    accepted: false,
                    text: format!(
                        "Bị từ chối: {}{extra} Không có event nào được ghi; {where_} vẫn có {}.",
                        e.message_vi(),
                        events_count(lab.head.get_untracked())
                    ),
                }
            }
        }));
    };

    let target = move || {
        let id = lab
            .real
            .with(|l| only_stream(l).map(|s| s.id().to_string()));
        let where_ = if forked() {
            "nhánh giả định của"
        } else {
            "log thật"
        };
        format!(
            "Ghi vào {where_} {} (đang ở phiên bản {}), lúc {} (một ngày sau event cuối; thời gian trong lab là thời gian ảo).",
            id.unwrap_or_default(),
            group_digits(lab.head.get() as i64),
            format_date_time_vi(lab.next_instant())
        )
    };

    let kinds = Kind::ALL
        .into_iter()
        .map(|k| {
            view! {
                <label class="tt-choice" class:is-checked=move || kind.get() == k>
                    <input
                        type="radio"
                        name="tt-command"
                        value=k.value()
                        prop:checked=move || kind.get() == k
                        on:change=move |_| kind.set(k)
                    />
                    <span>{k.label()}</span>
                </label>
            }
        })
        .collect_view();

    view! {
        <section class="tt-card tt-commands" class:is-hypo=forked aria-label="Gửi lệnh">
            <h4 class="tt-card-title">
                "Gửi lệnh"
                {move || forked().then(|| view! { <span class="tt-badge tt-badge-hypo">"Giả định"</span> })}
            </h4>
            <p class="tt-note">{target}</p>
            {move || in_past.get().then(|| view! { <PastNotice lab=lab/> })}
            <form class="tt-form" on:submit=submit>
                <fieldset class="tt-kinds">
                    <legend>"Lệnh"</legend>
                    {kinds}
                </fieldset>
                <div class="tt-fields">
                    {move || kind.get().has_amount().then(|| view! {
                        <label class="tt-field">
                            <span class="tt-field-label">"Số tiền (đồng)"</span>
                            <input
                                type="text"
                                class="tt-input"
                                inputmode="numeric"
                                autocomplete="off"
                                placeholder="ví dụ 2.000.000"
                                prop:value=move || amount.get()
                                on:input=move |ev| amount.set(event_target_value(&ev))
                            />
                        </label>
                    })}
                    {move || (kind.get() == Kind::Transfer).then(|| view! {
                        <label class="tt-field">
                            <span class="tt-field-label">"Tài khoản nhận"</span>
                            <input
                                type="text"
                                class="tt-input"
                                autocomplete="off"
                                prop:value=move || to.get()
                                on:input=move |ev| to.set(event_target_value(&ev))
                            />
                        </label>
                    })}
                    {move || (kind.get() == Kind::Open).then(|| view! {
                        <label class="tt-field">
                            <span class="tt-field-label">"Tên chủ tài khoản"</span>
                            <input
                                type="text"
                                class="tt-input"
                                autocomplete="off"
                                prop:value=move || owner.get()
                                on:input=move |ev| owner.set(event_target_value(&ev))
                            />
                        </label>
                    })}
                    <button type="submit" class="tt-button tt-primary tt-submit">
                        {move || format!("Gửi lệnh “{}”", kind.get().label())}
                    </button>
                </div>
            </form>
            <p class="tt-message" role="status" aria-live="polite"
                class:is-good=move || outcome.with(|o| o.as_ref().is_some_and(|o| o.accepted))
                class:is-bad=move || outcome.with(|o| o.as_ref().is_some_and(|o| !o.accepted))
            >
                {move || outcome.get().map(|o| o.text)}
            </p>
        </section>
    }
}

/// Shown while the cursor is before the newest version.
#[component]
fn PastNotice(lab: Lab) -> impl IntoView {
    let forked = move || lab.mode.get() == Mode::Fork;
    let v = move || group_digits(lab.cursor.get() as i64);
    let n = move || group_digits(lab.head.get() as i64);
    view! {
        <div class="tt-past">
            <p>
                <strong>{move || format!("Con trỏ đang ở phiên bản {}, trong quá khứ.", v())}</strong>
                " Lịch sử là bất biến: event đã ghi không được sửa, xoá hay chèn thêm vào giữa. Lệnh mới chỉ được ghi vào cuối, sau phiên bản "
                {n}
                {move || format!(
                    "; một lệnh gửi từ phiên bản {} sẽ bị từ chối vì xung đột phiên bản (optimistic concurrency).",
                    v()
                )}
            </p>
            <div class="tt-actions">
                <button type="button" class="tt-button" on:click=move |_| lab.go_end()>
                    {move || format!("Tới phiên bản mới nhất (#{})", n())}
                </button>
                {move || (!forked()).then(|| view! {
                    <button type="button" class="tt-button tt-hypo-button" on:click=move |_| lab.start_fork()>
                        {move || format!("Thử giả định: rẽ nhánh tại #{}", v())}
                    </button>
                })}
            </div>
        </div>
    }
}
