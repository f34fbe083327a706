//! The account aggregate: its events, the commands that ask for them, its state, and the
//! rules a command must pass before its event is recorded.

use std::fmt;

use super::time::{format_date_time_vi, Millis};
use crate::sim::format::{group_digits, vnd};

/// Longest owner or recipient name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// What kind of fact an event records (the tag of [`AccountEvent`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum EventKind {
    /// The account was opened.
    Created,
    /// Money came in.
    Deposited,
    /// Money was taken out in cash.
    Withdrawn,
    /// Money was sent to another account.
    TransferSent,
    /// The bank paid interest.
    InterestApplied,
    /// The account was closed; nothing may follow.
    Closed,
}

impl EventKind {
    /// Every kind, in the order the lesson introduces them.
    pub const ALL: [EventKind; 6] = [
        EventKind::Created,
        EventKind::Deposited,
        EventKind::Withdrawn,
        EventKind::TransferSent,
        EventKind::InterestApplied,
        EventKind::Closed,
    ];

    /// The name used in the JSON format, e.g. `"transfer_sent"`.
    pub fn json_name(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Deposited => "deposited",
            EventKind::Withdrawn => "withdrawn",
            EventKind::TransferSent => "transfer_sent",
            EventKind::InterestApplied => "interest_applied",
            EventKind::Closed => "closed",
        }
    }

    /// The kind with this JSON name, if any.
    pub fn from_json_name(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.json_name() == name)
    }

    /// A short Vietnamese label for the event list.
    pub fn label_vi(self) -> &'static str {
        match self {
            EventKind::Created => "Mở tài khoản",
            EventKind::Deposited => "Nạp tiền",
            EventKind::Withdrawn => "Rút tiền",
            EventKind::TransferSent => "Chuyển khoản đi",
            EventKind::InterestApplied => "Cộng lãi",
            EventKind::Closed => "Đóng tài khoản",
        }
    }

    /// Whether events of this kind carry an amount.
    pub fn has_amount(self) -> bool {
        !matches!(self, EventKind::Created | EventKind::Closed)
    }
}

/// A fact about an account, as the domain speaks of it. Amounts are whole đồng.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountEvent {
    /// The account was opened for `owner`.
    Created {
        /// The account holder's name.
        owner: String,
    },
    /// `amount` came in.
    Deposited {
        /// Whole đồng, > 0.
        amount: i64,
    },
    /// `amount` was withdrawn.
    Withdrawn {
        /// Whole đồng, > 0.
        amount: i64,
    },
    /// `amount` was sent to account `to`.
    TransferSent {
        /// Whole đồng, > 0.
        amount: i64,
        /// The receiving account.
        to: String,
    },
    /// The bank paid `amount` of interest.
    InterestApplied {
        /// Whole đồng, > 0.
        amount: i64,
    },
    /// The account was closed.
    Closed,
}

impl AccountEvent {
    /// The kind of this event.
    pub fn kind(&self) -> EventKind {
        match self {
            AccountEvent::Created { .. } => EventKind::Created,
            AccountEvent::Deposited { .. } => EventKind::Deposited,
            AccountEvent::Withdrawn { .. } => EventKind::Withdrawn,
            AccountEvent::TransferSent { .. } => EventKind::TransferSent,
            AccountEvent::InterestApplied { .. } => EventKind::InterestApplied,
            AccountEvent::Closed => EventKind::Closed,
        }
    }

    /// The amount, for kinds that carry one.
    pub fn amount(&self) -> Option<i64> {
        match self {
            AccountEvent::Deposited { amount }
            | AccountEvent::Withdrawn { amount }
            | AccountEvent::TransferSent { amount, .. }
            | AccountEvent::InterestApplied { amount } => Some(*amount),
            AccountEvent::Created { .. } | AccountEvent::Closed => None,
        }
    }

    /// The name the event carries (owner or recipient), if any.
    pub fn name(&self) -> Option<&str> {
        match self {
            AccountEvent::Created { owner } => Some(owner),
            AccountEvent::TransferSent { to, .. } => Some(to),
            _ => None,
        }
    }

    /// How the event changes the balance: + for money in, − for money out.
    pub fn balance_change(&self) -> i64 {
        match self {
            AccountEvent::Withdrawn { amount } | AccountEvent::TransferSent { amount, .. } => {
                amount.saturating_neg()
            }
            other => other.amount().unwrap_or(0),
        }
    }
}

/// What a user asks the account to do. If the rules allow it, it becomes one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Open the account for `owner`.
    Open {
        /// The account holder's name.
        owner: String,
    },
    /// Put `amount` in.
    Deposit {
        /// Whole đồng.
        amount: i64,
    },
    /// Take `amount` out.
    Withdraw {
        /// Whole đồng.
        amount: i64,
    },
    /// Send `amount` to account `to`.
    Transfer {
        /// Whole đồng.
        amount: i64,
        /// The receiving account.
        to: String,
    },
    /// Pay `amount` of interest.
    ApplyInterest {
        /// Whole đồng.
        amount: i64,
    },
    /// Close the account.
    Close,
}

impl Command {
    /// The event this command records if it is accepted.
    pub fn into_event(self) -> AccountEvent {
        match self {
            Command::Open { owner } => AccountEvent::Created { owner },
            Command::Deposit { amount } => AccountEvent::Deposited { amount },
            Command::Withdraw { amount } => AccountEvent::Withdrawn { amount },
            Command::Transfer { amount, to } => AccountEvent::TransferSent { amount, to },
            Command::ApplyInterest { amount } => AccountEvent::InterestApplied { amount },
            Command::Close => AccountEvent::Closed,
        }
    }
}

/// Where an account is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// No `Created` event yet (version 0).
    NotOpened,
    /// Open: money may move.
    Open,
    /// Closed: nothing may follow.
    Closed,
}

impl Status {
    /// A Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Status::NotOpened => "Chưa mở",
            Status::Open => "Đang hoạt động",
            Status::Closed => "Đã đóng",
        }
    }
}

/// The state folded from a stream's first `version` events. Small and `Copy` so a fold is a
/// plain loop and a snapshot is just this value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AccountState {
    /// How many events were folded (0 = empty state).
    pub version: u64,
    /// Opened, closed or neither.
    pub status: Status,
    /// Balance in whole đồng, never negative.
    pub balance: i64,
}

impl Default for AccountState {
    fn default() -> Self {
        AccountState::EMPTY
    }
}

impl AccountState {
    /// The state before any event: version 0, not opened, balance 0.
    pub const EMPTY: AccountState = AccountState {
        version: 0,
        status: Status::NotOpened,
        balance: 0,
    };

    /// The state after one more event of `kind` with `amount`, if the rules allow it.
    ///
    /// Order of checks: lifecycle (opened, not closed), then amount, then funds, so the message
    /// names the most basic reason.
    pub fn next(&self, kind: EventKind, amount: i64) -> Result<AccountState, CommandError> {
        match (self.status, kind) {
            (Status::Closed, _) => return Err(CommandError::AccountClosed),
            (Status::NotOpened, EventKind::Created) => {}
            (Status::NotOpened, _) => return Err(CommandError::NotOpened),
            (Status::Open, EventKind::Created) => return Err(CommandError::AlreadyOpened),
            (Status::Open, _) => {}
        }
        if kind.has_amount() && amount <= 0 {
            return Err(CommandError::AmountNotPositive { amount });
        }
        let mut next = *self;
        next.version = self.version.saturating_add(1);
        match kind {
            EventKind::Created => next.status = Status::Open,
            EventKind::Closed => next.status = Status::Closed,
            EventKind::Deposited | EventKind::InterestApplied => {
                next.balance =
                    self.balance
                        .checked_add(amount)
                        .ok_or(CommandError::BalanceOverflow {
                            balance: self.balance,
                            amount,
                        })?;
            }
            EventKind::Withdrawn | EventKind::TransferSent => {
                if amount > self.balance {
                    return Err(CommandError::InsufficientFunds {
                        balance: self.balance,
                        amount,
                    });
                }
                next.balance = self.balance - amount;
            }
        }
        Ok(next)
    }
}

/// Which name a name rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameField {
    /// The owner in `Created`.
    Owner,
    /// The receiving account in `TransferSent`.
    Recipient,
}

impl NameField {
    /// The JSON field that holds this name.
    pub fn json_field(self) -> &'static str {
        match self {
            NameField::Owner => "owner",
            NameField::Recipient => "to",
        }
    }

    fn label_vi(self) -> &'static str {
        match self {
            NameField::Owner => "Tên chủ tài khoản",
            NameField::Recipient => "Tài khoản nhận",
        }
    }
}

/// Checks an owner or recipient name: not blank, not too long, no control characters.
pub fn check_name(field: NameField, name: &str) -> Result<(), CommandError> {
    if name.trim().is_empty() {
        return Err(CommandError::EmptyName { field });
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(CommandError::NameTooLong {
            field,
            max_chars: MAX_NAME_CHARS,
        });
    }
    if name.chars().any(char::is_control) {
        return Err(CommandError::NameHasControlChar { field });
    }
    Ok(())
}

/// Why a command (or an append) was refused. A refused command records nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// Amounts must be > 0.
    AmountNotPositive {
        /// The amount given.
        amount: i64,
    },
    /// Withdrawal or transfer larger than the balance.
    InsufficientFunds {
        /// Balance before the command.
        balance: i64,
        /// Amount asked for.
        amount: i64,
    },
    /// The account has no `Created` event yet.
    NotOpened,
    /// The account was already opened.
    AlreadyOpened,
    /// The account is closed.
    AccountClosed,
    /// The balance would not fit in an `i64`.
    BalanceOverflow {
        /// Balance before the command.
        balance: i64,
        /// Amount to add.
        amount: i64,
    },
    /// A name is blank.
    EmptyName {
        /// Which name.
        field: NameField,
    },
    /// A name is longer than [`MAX_NAME_CHARS`].
    NameTooLong {
        /// Which name.
        field: NameField,
        /// The limit.
        max_chars: usize,
    },
    /// A name holds a control character (newline, tab…).
    NameHasControlChar {
        /// Which name.
        field: NameField,
    },
    /// Optimistic concurrency: the stream moved since the caller read it.
    WrongExpectedVersion {
        /// The version the caller based its command on.
        expected: u64,
        /// The stream's version now.
        actual: u64,
    },
    /// The instant is earlier than the stream's last event.
    TimeBeforeLastEvent {
        /// The last event's instant.
        last: Millis,
        /// The instant given.
        at: Millis,
    },
    /// The stream id is blank, too long or holds control characters.
    InvalidStreamId,
    /// The log already holds its maximum number of events.
    LogFull {
        /// The limit.
        limit: usize,
    },
}

impl CommandError {
    /// A clear Vietnamese sentence for the user.
    pub fn message_vi(&self) -> String {
        match self {
            CommandError::AmountNotPositive { amount } => format!(
                "Số tiền phải lớn hơn 0 (đã nhập {}).",
                vnd(*amount)
            ),
            CommandError::InsufficientFunds { balance, amount } => format!(
                "Số dư không đủ: cần {} nhưng tài khoản chỉ còn {}.",
                vnd(*amount),
                vnd(*balance)
            ),
            CommandError::NotOpened => {
                "Tài khoản chưa được mở: hãy mở tài khoản trước khi giao dịch.".to_string()
            }
            CommandError::AlreadyOpened => {
                "Tài khoản đã được mở rồi, không thể mở thêm lần nữa.".to_string()
            }
            CommandError::AccountClosed => {
                "Tài khoản đã đóng: không thể ghi thêm giao dịch nào.".to_string()
            }
            CommandError::BalanceOverflow { balance, amount } => format!(
                "Số dư {} cộng thêm {} vượt quá giới hạn có thể lưu trữ.",
                vnd(*balance),
                vnd(*amount)
            ),
            CommandError::EmptyName { field } => format!(
                "{} (trường \"{}\") không được để trống.",
                field.label_vi(),
                field.json_field()
            ),
            CommandError::NameTooLong { field, max_chars } => format!(
                "{} (trường \"{}\") dài quá {} ký tự.",
                field.label_vi(),
                field.json_field(),
                max_chars
            ),
            CommandError::NameHasControlChar { field } => format!(
                "{} (trường \"{}\") chứa ký tự điều khiển (xuống dòng, tab…) không hợp lệ.",
                field.label_vi(),
                field.json_field()
            ),
            CommandError::WrongExpectedVersion { expected, actual } => format!(
                "Xung đột phiên bản: lệnh dựa trên phiên bản {} nhưng luồng sự kiện đã ở phiên bản {}. \
                 Hãy đọc lại trạng thái rồi thử lại.",
                group_digits(*expected as i64),
                group_digits(*actual as i64)
            ),
            CommandError::TimeBeforeLastEvent { last, at } => format!(
                "Thời điểm {} sớm hơn sự kiện cuối cùng ({}): nhật ký chỉ ghi thêm theo thứ tự thời gian.",
                format_date_time_vi(*at),
                format_date_time_vi(*last)
            ),
            CommandError::InvalidStreamId => format!(
                "Mã luồng sự kiện phải có từ 1 đến {} ký tự, không để trống và không chứa ký tự điều khiển.",
                super::log::MAX_STREAM_ID_CHARS
            ),
            CommandError::LogFull { limit } => format!(
                "Nhật ký đã đủ {} sự kiện, không thể ghi thêm.",
                group_digits(*limit as i64)
            ),
        }
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for CommandError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_in_order() {
        let s = AccountState::EMPTY;
        assert_eq!(
            s.next(EventKind::Deposited, 5),
            Err(CommandError::NotOpened)
        );
        let s = s.next(EventKind::Created, 0).unwrap();
        assert_eq!(s.status, Status::Open);
        assert_eq!(
            s.next(EventKind::Deposited, 0),
            Err(CommandError::AmountNotPositive { amount: 0 })
        );
        assert_eq!(
            s.next(EventKind::Withdrawn, 1),
            Err(CommandError::InsufficientFunds {
                balance: 0,
                amount: 1
            })
        );
        let s = s.next(EventKind::Deposited, i64::MAX).unwrap();
        assert!(matches!(
            s.next(EventKind::InterestApplied, 1),
            Err(CommandError::BalanceOverflow { .. })
        ));
        let s = s.next(EventKind::Closed, 0).unwrap();
        assert_eq!(
            s.next(EventKind::Created, 0),
            Err(CommandError::AccountClosed)
        );
        assert_eq!(s.version, 3);
    }

    #[test]
    fn json_names_round_trip() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::from_json_name(k.json_name()), Some(k));
        }
        assert_eq!(EventKind::from_json_name("Deposited"), None);
    }
}
