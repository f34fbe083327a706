//! Virtual time: milliseconds since the Unix epoch, and the calendar in Vietnam time.
//!
//! The engine never reads a clock; callers pass instants in. Dates are shown in Vietnam time
//! (UTC+7, no daylight saving), the time zone of the lesson's readers.

/// An instant of virtual time: milliseconds since 1970-01-01 00:00 UTC.
pub type Millis = i64;

/// One minute, in milliseconds.
pub const MINUTE_MS: Millis = 60_000;
/// One day, in milliseconds.
pub const DAY_MS: Millis = 86_400_000;
/// Vietnam's offset from UTC (+07:00), in milliseconds.
pub const VN_OFFSET_MS: Millis = 7 * 60 * MINUTE_MS;

/// A calendar date and wall time in Vietnam time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// Year, e.g. 2024.
    pub year: i64,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31.
    pub day: u32,
    /// Hour, 0 to 23.
    pub hour: u32,
    /// Minute, 0 to 59.
    pub minute: u32,
    /// Second, 0 to 59.
    pub second: u32,
}

/// The instant of a Vietnam-time date and time, or `None` if the date does not exist.
pub fn vn_ms(year: i64, month: u32, day: u32, hour: u32, minute: u32) -> Option<Millis> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || !(-1_000_000..=1_000_000).contains(&year) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let local = days * DAY_MS + i64::from(hour) * 60 * MINUTE_MS + i64::from(minute) * MINUTE_MS;
    Some(local - VN_OFFSET_MS)
}

/// The Vietnam-time calendar reading of an instant.
pub fn vn_civil(at: Millis) -> Civil {
    let local = at.saturating_add(VN_OFFSET_MS);
    let days = local.div_euclid(DAY_MS);
    let in_day = local.rem_euclid(DAY_MS);
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: (in_day / (60 * MINUTE_MS)) as u32,
        minute: (in_day / MINUTE_MS % 60) as u32,
        second: (in_day / 1000 % 60) as u32,
    }
}

/// `dd/mm/yyyy` in Vietnam time, e.g. `15/01/2024`.
pub fn format_date_vi(at: Millis) -> String {
    let c = vn_civil(at);
    format!("{:02}/{:02}/{:04}", c.day, c.month, c.year)
}

/// `dd/mm/yyyy HH:MM` in Vietnam time, e.g. `15/01/2024 09:00`.
pub fn format_date_time_vi(at: Millis) -> String {
    let c = vn_civil(at);
    format!("{} {:02}:{:02}", format_date_vi(at), c.hour, c.minute)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil and its inverse: exact for the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lesson_dates_round_trip() {
        let at = vn_ms(2024, 1, 15, 9, 0).unwrap();
        // 09:00 in Hà Nội is 02:00 UTC.
        assert_eq!(at, 1_705_284_000_000);
        assert_eq!(format_date_time_vi(at), "15/01/2024 09:00");
        assert_eq!(vn_ms(2024, 2, 30, 0, 0), None);
        assert_eq!(
            vn_ms(2024, 2, 29, 0, 0).map(format_date_vi).as_deref(),
            Some("29/02/2024")
        );
    }

    #[test]
    fn extremes_do_not_panic() {
        let _ = format_date_time_vi(i64::MIN);
        let _ = format_date_time_vi(i64::MAX);
    }
}
