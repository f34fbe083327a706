//! The share link's form of a log: short enough for an address bar, checked on the way back
//! by the very importer that reads files.
//!
//! A log is written as compact text, one event per line, then base64url (so Vietnamese names
//! do not balloon into percent escapes):
//!
//! ```text
//! tt1
//! ACC-001
//! c 17040744e5 Nguyễn Văn An      created: absolute instant (ms), owner
//! d 3456e5 2e6                    deposited: ms since the previous event, amount
//! t 1728e5 3e5 ACC-002            transfer_sent: …, amount, recipient
//! x 864e5                         closed
//! ```
//!
//! Letters: `c` created, `d` deposited, `w` withdrawn, `t` transfer_sent, `i`
//! interest_applied, `x` closed. Numbers drop trailing zeros into an exponent (`2e6`).
//! Decoding turns the text back into an `es-log` JSON document and runs
//! [`import_json`], so a link is held to exactly the rules of a file.

use serde_json::{json, Value};

use crate::sim::es::{import_json, EventKind, EventLog, ImportError, Stream};
use crate::sim::format::group_digits;

const MAGIC: &str = "tt1";
/// Longest encoded log a link carries; a longer log is shared as a JSON file instead.
pub const MAX_LINK_CHARS: usize = 8_000;
// An event takes at least ~10 encoded characters: above this many, don't even try.
const MAX_LINK_EVENTS: u64 = (MAX_LINK_CHARS / 10) as u64;
// Anything longer cannot come from `encode` and is refused before decoding.
const MAX_DECODE_CHARS: usize = 4 * MAX_LINK_CHARS;

/// Why a link's log could not be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// The text is not what `encode` writes (named precisely).
    Corrupt(String),
    /// The text decodes, but the log breaks a rule of the format or of the account.
    Import(ImportError),
}

impl LinkError {
    /// A Vietnamese sentence naming the problem.
    pub fn message_vi(&self) -> String {
        match self {
            LinkError::Corrupt(what) => format!("Liên kết chia sẻ bị hỏng: {what}"),
            LinkError::Import(e) => {
                format!("Nhật ký trong liên kết không hợp lệ. {}", e.message_vi())
            }
        }
    }
}

/// The stream in link form, or `None` if it is too long for a link.
pub fn encode(stream: &Stream) -> Option<String> {
    if stream.version() > MAX_LINK_EVENTS {
        return None;
    }
    let mut text = format!("{MAGIC}\n{}", stream.id());
    let mut previous = 0;
    for (i, e) in stream.events().enumerate() {
        let delta = if i == 0 { e.at } else { e.at - previous };
        previous = e.at;
        let letter = match e.event.kind() {
            EventKind::Created => 'c',
            EventKind::Deposited => 'd',
            EventKind::Withdrawn => 'w',
            EventKind::TransferSent => 't',
            EventKind::InterestApplied => 'i',
            EventKind::Closed => 'x',
        };
        text.push('\n');
        text.push(letter);
        text.push(' ');
        text.push_str(&short_number(delta));
        if let Some(amount) = e.event.amount() {
            text.push(' ');
            text.push_str(&short_number(amount));
        }
        if let Some(name) = e.event.name() {
            text.push(' ');
            text.push_str(name);
        }
    }
    let code = base64url_encode(text.as_bytes());
    (code.len() <= MAX_LINK_CHARS).then_some(code)
}

/// The log a link carries, checked by the importer.
pub fn decode(code: &str) -> Result<EventLog, LinkError> {
    let corrupt = |what: String| LinkError::Corrupt(what);
    if code.len() > MAX_DECODE_CHARS {
        return Err(corrupt(format!(
            "phần nhật ký dài {} ký tự, quá giới hạn {}.",
            group_digits(code.len() as i64),
            group_digits(MAX_DECODE_CHARS as i64)
        )));
    }
    let bytes = base64url_decode(code)
        .ok_or_else(|| corrupt("phần nhật ký không phải base64url hợp lệ.".to_string()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| corrupt("phần nhật ký không phải văn bản UTF-8.".to_string()))?;
    let mut lines = text.split('\n');
    if lines.next() != Some(MAGIC) {
        return Err(corrupt(format!(
            "thiếu dòng mở đầu “{MAGIC}” (liên kết từ một phiên bản khác?)."
        )));
    }
    let stream = lines
        .next()
        .ok_or_else(|| corrupt("thiếu mã tài khoản.".to_string()))?;
    let mut events = Vec::new();
    let mut at: i64 = 0;
    for (i, line) in lines.enumerate() {
        let n = i + 1;
        let mut parts = line.splitn(2, ' ');
        let letter = parts.next().unwrap_or("");
        let rest = parts.next().unwrap_or("");
        let (kind, fields) = match letter {
            "c" => ("created", 1),
            "d" => ("deposited", 1),
            "w" => ("withdrawn", 1),
            "t" => ("transfer_sent", 2),
            "i" => ("interest_applied", 1),
            "x" => ("closed", 0),
            other => {
                return Err(corrupt(format!(
                    "event thứ {n} có ký hiệu loại lạ “{other}”."
                )))
            }
        };
        // Time first, then the amount, then a name that may hold spaces.
        let mut parts = rest.splitn(fields + 1, ' ');
        let delta = parts
            .next()
            .and_then(parse_short_number)
            .ok_or_else(|| corrupt(format!("event thứ {n} có thời điểm không đọc được.")))?;
        at = if i == 0 {
            delta
        } else {
            at.checked_add(delta)
                .ok_or_else(|| corrupt(format!("event thứ {n} có thời điểm tràn số.")))?
        };
        let mut event = json!({ "version": n, "at": at, "type": kind });
        let missing = || corrupt(format!("event thứ {n} thiếu dữ liệu."));
        match letter {
            "c" => event["owner"] = Value::from(parts.next().ok_or_else(missing)?),
            "x" => {}
            _ => {
                let amount = parts
                    .next()
                    .and_then(parse_short_number)
                    .ok_or_else(|| corrupt(format!("event thứ {n} có số tiền không đọc được.")))?;
                event["amount"] = Value::from(amount);
                if letter == "t" {
                    event["to"] = Value::from(parts.next().ok_or_else(missing)?);
                }
            }
        }
        if parts.next().is_some() {
            return Err(corrupt(format!("event thứ {n} có dữ liệu thừa.")));
        }
        events.push(event);
    }
    let doc = json!({ "format": "es-log", "version": 1, "stream": stream, "events": events });
    import_json(&doc.to_string()).map_err(LinkError::Import)
}

/// `2000000` → `2e6`, `1234` → `1234`, `-300000` → `-3e5`.
fn short_number(n: i64) -> String {
    if n == 0 {
        return "0".to_string();
    }
    let (mut mantissa, mut exponent) = (n, 0);
    while mantissa % 10 == 0 {
        mantissa /= 10;
        exponent += 1;
    }
    if exponent >= 2 {
        format!("{mantissa}e{exponent}")
    } else {
        n.to_string()
    }
}

fn parse_short_number(s: &str) -> Option<i64> {
    match s.split_once('e') {
        Some((mantissa, exponent)) => {
            let mantissa: i64 = mantissa.parse().ok()?;
            let exponent: u32 = exponent.parse().ok()?;
            mantissa.checked_mul(10_i64.checked_pow(exponent)?)
        }
        None => s.parse().ok(),
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648 §5).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The bytes of a base64url text (padding optional); `None` if it is not base64url.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = ALPHABET.iter().position(|&a| a == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len() - 1]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::es::{export_json, Command, Expected, ACC001};

    fn stream(log: &EventLog) -> &Stream {
        log.streams().next().unwrap()
    }

    #[test]
    fn base64url_round_trips() {
        for text in [
            "",
            "f",
            "fo",
            "foo",
            "foob",
            "fooba",
            "foobar",
            "Nguyễn Văn An ₫",
        ] {
            let code = base64url_encode(text.as_bytes());
            assert!(!code.contains(['+', '/', '=']));
            assert_eq!(base64url_decode(&code).unwrap(), text.as_bytes());
        }
        assert_eq!(base64url_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url_decode("Zm9vYg==").unwrap(), b"foob");
        assert_eq!(base64url_decode("A"), None);
        assert_eq!(base64url_decode("ab$d"), None);
    }

    #[test]
    fn short_numbers_round_trip() {
        for n in [
            0,
            5,
            10,
            100,
            2_000_000,
            300_000,
            1_234_567,
            -300_000,
            i64::MAX,
            i64::MIN + 1,
        ] {
            assert_eq!(parse_short_number(&short_number(n)), Some(n), "{n}");
        }
        assert_eq!(short_number(2_000_000), "2e6");
        assert_eq!(parse_short_number("9e99"), None);
    }

    #[test]
    fn a_modified_log_survives_the_link() {
        let mut log = EventLog::acc001();
        let at = stream(&log).last_at().unwrap() + 86_400_000;
        log.execute(
            ACC001,
            Expected::Exactly(5),
            at,
            Command::Withdraw { amount: 250_000 },
        )
        .unwrap();
        log.execute(ACC001, Expected::Exactly(6), at + 1, Command::Close)
            .unwrap();
        let code = encode(stream(&log)).unwrap();
        assert!(code.len() < 200, "{} chars", code.len());
        let back = decode(&code).unwrap();
        assert_eq!(export_json(stream(&back)), export_json(stream(&log)));
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        assert!(matches!(decode("!!"), Err(LinkError::Corrupt(_))));
        let text = |t: &str| base64url_encode(t.as_bytes());
        let e = decode(&text("tt9\nACC-001")).unwrap_err();
        assert!(e.message_vi().contains("tt1"), "{}", e.message_vi());
        let e = decode(&text("tt1\nACC-001\nq 5")).unwrap_err();
        assert!(e.message_vi().contains("“q”"), "{}", e.message_vi());
        // Decodes, but the account rules refuse it: the importer's own message.
        let e = decode(&text("tt1\nACC-001\nc 0 An\nw 1 5e5")).unwrap_err();
        assert!(matches!(e, LinkError::Import(_)));
        assert!(
            e.message_vi().contains("Số dư không đủ"),
            "{}",
            e.message_vi()
        );
        let e = decode(&text("tt1\nACC-001")).unwrap_err();
        assert_eq!(e, LinkError::Import(ImportError::NoEvents));
    }
}
