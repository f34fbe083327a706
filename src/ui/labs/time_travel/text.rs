//! How the lab words events and states: one place, so the list, the slider's spoken value
//! and the live region say the same thing.

use crate::sim::es::time::format_date_time_vi;
use crate::sim::es::{AccountEvent, RecordedEvent};
use crate::sim::format::{group_digits, vnd};

/// A signed amount: `+2.000.000 ₫`, `−500.000 ₫` (a real minus sign), `0 ₫`.
pub fn signed_vnd(delta: i64) -> String {
    match delta.signum() {
        1 => format!("+{}", vnd(delta)),
        -1 => format!("−{}", vnd(delta.saturating_abs())),
        _ => vnd(0),
    }
}

/// What the event carries beside its type: the amount, the owner, the recipient.
pub fn payload(event: &AccountEvent) -> String {
    match event {
        AccountEvent::Created { owner } => owner.clone(),
        AccountEvent::TransferSent { amount, to } => {
            format!("{} → {to}", signed_vnd(-amount))
        }
        AccountEvent::Closed => "không còn giao dịch".to_string(),
        other => signed_vnd(other.balance_change()),
    }
}

/// `#3 · Rút tiền −500.000 ₫ · 10/01/2024 09:00`, for spoken values and messages.
pub fn event_sentence(e: &RecordedEvent) -> String {
    format!(
        "#{} · {} {} · {}",
        group_digits(e.version as i64),
        e.event.kind().label_vi(),
        payload(&e.event),
        format_date_time_vi(e.at)
    )
}

/// `Phiên bản 3/5`.
pub fn version_of(version: u64, head: u64) -> String {
    format!(
        "Phiên bản {}/{}",
        group_digits(version as i64),
        group_digits(head as i64)
    )
}

/// `5 event`, `100.000 event`.
pub fn events_count(n: u64) -> String {
    format!("{} event", group_digits(n as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::es::EventLog;

    #[test]
    fn words_for_the_lesson_log() {
        let log = EventLog::acc001();
        let s = log.streams().next().unwrap();
        let e = s.event(3).unwrap();
        assert_eq!(
            event_sentence(&e),
            "#3 · Rút tiền −500.000 ₫ · 10/01/2024 09:00"
        );
        assert_eq!(payload(&s.event(4).unwrap().event), "−300.000 ₫ → ACC-002");
        assert_eq!(payload(&s.event(2).unwrap().event), "+2.000.000 ₫");
        assert_eq!(payload(&s.event(1).unwrap().event), "Nguyễn Văn An");
        assert_eq!(version_of(3, 100_000), "Phiên bản 3/100.000");
        assert_eq!(signed_vnd(0), "0 ₫");
    }
}
