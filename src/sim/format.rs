//! Numbers the Vietnamese way (`1.500.000 ₫`, `0,5`), shared by engine messages and views.

/// Groups digits by thousands with dots: `-1234567` → `-1.234.567`.
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(d);
    }
    out
}

/// An amount of đồng: `1500000` → `1.500.000 ₫`.
pub fn vnd(amount: i64) -> String {
    format!("{} ₫", group_digits(amount))
}

/// A decimal with `places` digits after a comma and grouped thousands: `1234.5, 1` → `1.234,5`.
pub fn decimal(x: f64, places: usize) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    let s = format!("{:.*}", places, x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let int: i64 = int.parse().unwrap_or(0);
    let sign = if x < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{}", group_digits(int))
    } else {
        format!("{sign}{},{frac}", group_digits(int))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_like_vietnamese() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1.000");
        assert_eq!(group_digits(1_500_000), "1.500.000");
        assert_eq!(group_digits(-1_234_567), "-1.234.567");
        assert_eq!(group_digits(i64::MIN), "-9.223.372.036.854.775.808");
        assert_eq!(vnd(1_500_000), "1.500.000 ₫");
    }

    #[test]
    fn decimals_use_a_comma() {
        assert_eq!(decimal(0.5, 1), "0,5");
        assert_eq!(decimal(1234.56, 2), "1.234,56");
        assert_eq!(decimal(-2.25, 1), "-2,2");
        assert_eq!(decimal(-0.01, 1), "0,0");
        assert_eq!(decimal(10.0, 0), "10");
        assert_eq!(decimal(f64::NAN, 1), "—");
    }
}
