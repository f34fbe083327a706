//! What the student types, read the Vietnamese way: amounts in whole đồng (`1.500.000`,
//! `2000000 ₫`) and moments from a `datetime-local` field, in Vietnam time (UTC+7).

use crate::sim::es::time::{vn_civil, vn_ms, Millis};

/// Reads an amount of whole đồng. Dots and spaces group thousands (`1.500.000`, `1 500 000`);
/// a trailing `₫`, `đ`, `đồng` or `VND` is allowed. Zero and negative amounts are returned
/// as they are, so that the account rules can name the problem themselves.
pub fn parse_amount(text: &str) -> Result<i64, String> {
    let mut s = text.trim();
    for unit in ["₫", "đồng", "đ", "VND", "vnd", "VNĐ", "vnđ"] {
        if let Some(rest) = s.strip_suffix(unit) {
            s = rest.trim_end();
            break;
        }
    }
    if s.is_empty() {
        return Err("Hãy nhập số tiền, ví dụ 500.000.".to_string());
    }
    let (negative, digits) = match s.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    };
    if digits.contains(',') {
        return Err(format!(
            "“{}” có phần thập phân: số tiền tính bằng đồng chẵn (ví dụ 500.000).",
            text.trim()
        ));
    }
    let groups: Vec<&str> = digits
        .split(['.', ' ', '\u{a0}'])
        .filter(|g| !g.is_empty())
        .collect();
    let grouped = groups.len() > 1;
    let well_formed = !groups.is_empty()
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && (!grouped || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
    if !well_formed {
        return Err(format!(
            "“{}” không phải một số tiền: hãy viết số đồng chẵn, nhóm hàng nghìn bằng dấu chấm (ví dụ 1.500.000).",
            text.trim()
        ));
    }
    let value: i64 = groups
        .concat()
        .parse()
        .map_err(|_| format!("“{}” quá lớn để làm số tiền.", text.trim()))?;
    Ok(if negative { -value } else { value })
}

/// Reads the value of a `datetime-local` input (`2024-01-11T14:00`, seconds optional) as
/// Vietnam time. `None` when the text is not a valid moment.
pub fn parse_local_datetime(text: &str) -> Option<Millis> {
    let (date, time) = text.trim().split_once('T')?;
    let mut d = date.rsplitn(3, '-');
    let day: u32 = d.next()?.parse().ok()?;
    let month: u32 = d.next()?.parse().ok()?;
    let year: i64 = d.next()?.parse().ok()?;
    let mut t = time.split(':');
    let hour: u32 = t.next()?.parse().ok()?;
    let minute: u32 = t.next()?.parse().ok()?;
    let second_ms: Millis = match t.next() {
        Some(s) => {
            let seconds: f64 = s.parse().ok()?;
            if !(0.0..60.0).contains(&seconds) {
                return None;
            }
            (seconds * 1000.0).floor() as Millis
        }
        None => 0,
    };
    if t.next().is_some() {
        return None;
    }
    Some(vn_ms(year, month, day, hour, minute)? + second_ms)
}

/// A moment as the value of a `datetime-local` input, in Vietnam time, to the minute.
pub fn format_local_datetime(at: Millis) -> String {
    let c = vn_civil(at);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_the_vietnamese_way() {
        assert_eq!(parse_amount("2.000.000"), Ok(2_000_000));
        assert_eq!(parse_amount(" 500000 "), Ok(500_000));
        assert_eq!(parse_amount("1 500 000 ₫"), Ok(1_500_000));
        assert_eq!(parse_amount("300.000đ"), Ok(300_000));
        assert_eq!(parse_amount("0"), Ok(0));
        assert_eq!(parse_amount("-5"), Ok(-5));
        assert!(parse_amount("").is_err());
        assert!(parse_amount("1,5").unwrap_err().contains("thập phân"));
        assert!(parse_amount("1.5").is_err());
        assert!(parse_amount("12.3456").is_err());
        assert!(parse_amount("abc").is_err());
        assert!(parse_amount("99999999999999999999")
            .unwrap_err()
            .contains("quá lớn"));
    }

    #[test]
    fn datetime_local_round_trips_in_vietnam_time() {
        let at = parse_local_datetime("2024-01-11T14:00").unwrap();
        assert_eq!(at, vn_ms(2024, 1, 11, 14, 0).unwrap());
        assert_eq!(format_local_datetime(at), "2024-01-11T14:00");
        assert_eq!(
            parse_local_datetime("2024-01-11T14:00:30"),
            Some(at + 30_000)
        );
        assert_eq!(parse_local_datetime("2024-02-30T10:00"), None);
        assert_eq!(parse_local_datetime("2024-01-11"), None);
        assert_eq!(parse_local_datetime(""), None);
        assert_eq!(parse_local_datetime("2024-01-11T25:00"), None);
    }
}
