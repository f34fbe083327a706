//! The compact form events take inside a stream, and the fast fold over it.
//!
//! Names (owner, recipient) are interned per stream, so every stored event is the same
//! fixed-size value: a million of them fold in one tight loop with no allocation.

use super::account::{AccountState, EventKind, Status};
use super::time::Millis;

/// One recorded event in compact form: 32 bytes (position, instant, signed balance change,
/// name id, kind).
///
/// Only a [`Stream`](super::Stream) makes these, after the account rules accepted the event,
/// so a fold over them never needs to check anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StoredEvent {
    position: u64,
    at: Millis,
    // The balance change (+ in, − out, 0 for created/closed): the fold is then a plain sum
    // with no branch on the kind.
    delta: i64,
    name: u32,
    kind: EventKind,
}

impl StoredEvent {
    /// `amount` must be > 0 for kinds with an amount (checked by the account rules).
    pub(crate) fn new(position: u64, at: Millis, kind: EventKind, amount: i64, name: u32) -> Self {
        let delta = match kind {
            EventKind::Deposited | EventKind::InterestApplied => amount,
            EventKind::Withdrawn | EventKind::TransferSent => -amount,
            EventKind::Created | EventKind::Closed => 0,
        };
        StoredEvent {
            position,
            at,
            delta,
            name,
            kind,
        }
    }

    /// Global position in the log ($all order): increasing, not necessarily contiguous.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// When it happened (virtual time).
    pub fn at(&self) -> Millis {
        self.at
    }

    /// Its kind.
    pub fn kind(&self) -> EventKind {
        self.kind
    }

    /// Its amount in đồng (0 for kinds without one).
    pub fn amount(&self) -> i64 {
        // Amounts are > 0, so the change is never i64::MIN and its absolute value is exact.
        self.delta.wrapping_abs()
    }

    /// How it changes the balance: + in, − out, 0 for created and closed.
    pub fn delta(&self) -> i64 {
        self.delta
    }

    pub(crate) fn name_id(&self) -> u32 {
        self.name
    }
}

/// Folds `events` onto `start`: the state after `start.version + events.len()` events.
///
/// `events` must be the slice of a stream that follows `start` (e.g. `stream.stored()[v..w]`
/// after the state at version `v`). Stored events obey the account rules, which makes the
/// fold simple: the balance is a sum of changes (exact, so wrapping arithmetic is safe), and
/// the status follows the last event, since `created` can only come first and `closed` last.
pub fn fold(start: AccountState, events: &[StoredEvent]) -> AccountState {
    let balance = events
        .iter()
        .fold(start.balance, |balance, e| balance.wrapping_add(e.delta));
    let status = match events.last() {
        None => start.status,
        Some(e) if e.kind == EventKind::Closed => Status::Closed,
        Some(_) => Status::Open,
    };
    AccountState {
        version: start.version.saturating_add(events.len() as u64),
        status,
        balance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_matches_the_rules_step_by_step() {
        let script = [
            (EventKind::Created, 0),
            (EventKind::Deposited, 700),
            (EventKind::Withdrawn, 200),
            (EventKind::TransferSent, 100),
            (EventKind::InterestApplied, 5),
            (EventKind::Closed, 0),
        ];
        let mut by_rules = AccountState::EMPTY;
        let mut stored = Vec::new();
        for (i, (kind, amount)) in script.into_iter().enumerate() {
            by_rules = by_rules.next(kind, amount).unwrap();
            stored.push(StoredEvent::new(i as u64 + 1, 0, kind, amount, 0));
            assert_eq!(fold(AccountState::EMPTY, &stored), by_rules);
            assert_eq!(stored[i].amount(), amount);
        }
        assert_eq!(by_rules.balance, 405);
        assert_eq!(fold(by_rules, &[]), by_rules);
    }
}
