//! Numbers written the Vietnamese way, for the messages the engine returns.

/// Digits grouped by dots, as Vietnamese writes them: `1500000` → `1.500.000`.
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// An amount of money in đồng: `1500000` → `1.500.000 ₫`.
pub fn format_vnd(amount: i64) -> String {
    format!("{} ₫", group_digits(amount))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_like_vietnamese() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1.000");
        assert_eq!(group_digits(-300_000), "-300.000");
        assert_eq!(format_vnd(1_500_000), "1.500.000 ₫");
        assert_eq!(group_digits(i64::MIN), "-9.223.372.036.854.775.808");
    }
}
