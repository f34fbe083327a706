//! The lab's plain logic, free of the browser: input checks with Vietnamese messages, labels,
//! chart points, the sizes to measure, the prediction questions. Natively tested.

use crate::sim::es::{Interval, MAX_EVENTS};
use crate::sim::format::{decimal, group_digits};
use crate::sim::rng::Rng;

/// The longest log the lab generates.
pub const MAX_LOG: u64 = MAX_EVENTS as u64;

/// The log length offered first: the lesson's million.
pub const DEFAULT_COUNT: u64 = MAX_LOG;

/// The seed offered first (the same as `cargo bench --bench replay`).
pub const DEFAULT_SEED: u64 = 2024;

/// The sizes of the "time against log size" chart, as fractions of the log (1 %, 10 %, 25 %,
/// 50 %, 100 %: 10.000 … 1.000.000 for a million events).
const SIZE_FRACTIONS: [(u64, u64); 5] = [(1, 100), (1, 10), (1, 4), (1, 2), (1, 1)];

/// The intervals compared in the "time against log size" chart.
pub const CHART_INTERVALS: [Interval; 4] = [
    Interval::Off,
    Interval::Every(100),
    Interval::Every(1_000),
    Interval::Every(10_000),
];

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// Reads a whole number written the Vietnamese way (`1.000.000`, `1 000 000` or `1000000`)
/// between `min` and `max`. `what` names the field in lower case ("chu kỳ snapshot"); the
/// error is a sentence that says what is wrong and quotes what was typed.
pub fn parse_whole(text: &str, what: &str, min: u64, max: u64) -> Result<u64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(format!("Hãy nhập {what}."));
    }
    let digits: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}' | '_'))
        .collect();
    let range = format!(
        "từ {} đến {}",
        group_digits(min as i64),
        group_digits(max.min(i64::MAX as u64) as i64)
    );
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "{} phải là một số nguyên {range}, viết bằng chữ số (bạn nhập “{trimmed}”).",
            capitalised(what)
        ));
    }
    match digits.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!(
            "{} phải {range} (bạn nhập “{trimmed}”).",
            capitalised(what)
        )),
    }
}

/// A custom snapshot interval: 1 … 1.000.000 events.
pub fn parse_interval(text: &str) -> Result<Interval, String> {
    parse_whole(text, "chu kỳ snapshot", 1, MAX_LOG).map(Interval::Every)
}

/// How the interval is written in the URL: `0` for off, else the number of events.
pub fn interval_key(interval: Interval) -> u64 {
    interval.events().unwrap_or(0)
}

/// The interval written as [`interval_key`], if it is one the lab accepts.
pub fn interval_from_key(text: &str) -> Option<Interval> {
    match text.trim().parse::<u64>().ok()? {
        0 => Some(Interval::Off),
        n if n <= MAX_LOG => Some(Interval::Every(n)),
        _ => None,
    }
}

/// `tắt` or the interval with grouped digits (`1.000`).
pub fn interval_label(interval: Interval) -> String {
    match interval.events() {
        None => "tắt".to_string(),
        Some(n) => group_digits(n as i64),
    }
}

/// A whole count with grouped digits.
pub fn count(n: u64) -> String {
    group_digits(n.min(i64::MAX as u64) as i64)
}

/// A duration in milliseconds, in the unit that suits it, with three significant digits at
/// most and no trailing zeros: `10 s`, `1,25 ms`, `4,2 µs`, `625 ns`.
pub fn duration_vi(ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return "—".to_string();
    }
    let short = |x: f64| {
        let places = if x >= 100.0 {
            0
        } else if x >= 10.0 {
            1
        } else {
            2
        };
        let s = decimal(x, places);
        if s.contains(',') {
            s.trim_end_matches('0').trim_end_matches(',').to_string()
        } else {
            s
        }
    };
    if ms >= 1_000.0 {
        format!("{} s", short(ms / 1_000.0))
    } else if ms >= 1.0 {
        format!("{} ms", short(ms))
    } else if ms >= 0.001 {
        format!("{} µs", short(ms * 1_000.0))
    } else {
        format!("{} ns", decimal(ms * 1e6, 0))
    }
}

/// Bytes, with a rounded size in kB or MB beside large values: `240.000 byte (240 kB)`.
pub fn bytes_vi(bytes: u64) -> String {
    let exact = format!("{} byte", count(bytes));
    let b = bytes as f64;
    if bytes >= 1_000_000 {
        format!("{exact} (≈ {} MB)", decimal(b / 1e6, 1))
    } else if bytes >= 1_000 {
        format!("{exact} (≈ {} kB)", decimal(b / 1e3, 1))
    } else {
        exact
    }
}

/// The log sizes measured for the "time against log size" chart: 1 %, 10 %, 25 %, 50 % and
/// 100 % of `n`, without repeats or zeros.
pub fn chart_sizes(n: u64) -> Vec<u64> {
    let mut sizes: Vec<u64> = SIZE_FRACTIONS
        .iter()
        .map(|&(a, b)| n * a / b)
        .filter(|&s| s > 0)
        .collect();
    sizes.dedup();
    sizes
}

/// The last version shown in the "events applied" chart: a few whole intervals from the start,
/// so that the teeth of the sawtooth can be seen (the rest of the log repeats them).
pub fn sawtooth_end(interval: Interval, n: u64) -> u64 {
    const TEETH: u64 = 8;
    match interval.events() {
        None => n,
        Some(k) => n.min(k.saturating_mul(TEETH)),
    }
}

/// Events applied to get the state at each version from 0 to `end`, with snapshots every
/// `interval`: `v mod k`. Exact: two points per tooth (its foot and its top). Without
/// snapshots the line is `v` itself.
pub fn events_applied_points(interval: Interval, end: u64) -> Vec<(f64, f64)> {
    let Some(k) = interval.events() else {
        return vec![(0.0, 0.0), (end as f64, end as f64)];
    };
    let mut points = Vec::new();
    let mut foot = 0u64;
    while foot <= end {
        let top = (foot + k - 1).min(end);
        points.push((foot as f64, 0.0));
        if top > foot {
            points.push((top as f64, (top - foot) as f64));
        }
        foot = match foot.checked_add(k) {
            Some(f) => f,
            None => break,
        };
    }
    points
}

/// One "predict, then observe" question: how many events are applied to get the state at
/// `version` with snapshots every `interval`?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    /// The version asked about.
    pub version: u64,
    /// The snapshot interval.
    pub interval: Interval,
}

/// Question number `index` for a log of `n` events generated from `seed`. The first is the
/// lesson's own (version 500.050, a snapshot every 100 events) when the log is long enough.
pub fn question(n: u64, seed: u64, index: u32) -> Question {
    if index == 0 && n >= 500_050 {
        return Question {
            version: 500_050,
            interval: Interval::Every(100),
        };
    }
    let mut rng = Rng::new(seed ^ (u64::from(index) + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    // Off, 10, 100, 1.000 or 10.000, equally likely.
    let interval = Interval::LAB_CHOICES[rng.below(5) as usize];
    let version = 1 + rng.below(n.max(1));
    Question { version, interval }
}

/// The gap between a guess and what the engine did, in words.
pub fn gap_vi(guess: u64, actual: u64) -> String {
    if guess == actual {
        "Chính xác: bạn đoán đúng số event phải áp dụng.".to_string()
    } else {
        let gap = guess.abs_diff(actual);
        let side = if guess > actual {
            "nhiều hơn"
        } else {
            "ít hơn"
        };
        format!(
            "Bạn đoán {} event, {side} thực tế {} event.",
            count(guess),
            count(gap)
        )
    }
}

/// How a timing was taken, for the sentence beside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// Time of one run, in ms (the median over the samples).
    pub per_run_ms: f64,
    /// Runs timed together in one sample (1 = each run timed alone).
    pub repeats: u32,
    /// Samples taken; the figure is their median.
    pub samples: u32,
}

impl Timing {
    /// How the figure was obtained, said plainly.
    pub fn note_vi(&self) -> String {
        if self.repeats > 1 {
            format!(
                "trung vị của {} lượt đo; mỗi lượt lặp lại phép replay {} lần rồi chia đều, vì \
                 một lần quá ngắn so với độ phân giải của đồng hồ trình duyệt",
                self.samples,
                count(u64::from(self.repeats))
            )
        } else {
            format!("trung vị của {} lần đo", self.samples)
        }
    }
}

/// A batch must last this long (ms) before it is timed: the browser's clock moves in steps of
/// about 0,1 ms, so a batch of 2 ms is read to within 5 %.
pub const BATCH_MS: f64 = 2.0;

const MAX_REPEATS: u32 = 1 << 22;

/// Times `run` against `clock` (ms): one timed warm-up run, then batches grown until one lasts
/// [`BATCH_MS`], then the median of several batches (fewer when a run is long).
pub fn time_stable(mut clock: impl FnMut() -> f64, mut run: impl FnMut()) -> Timing {
    let mut timed = |repeats: u32, clock: &mut dyn FnMut() -> f64| {
        let start = clock();
        for _ in 0..repeats {
            run();
        }
        (clock() - start).max(0.0)
    };
    let first = timed(1, &mut clock);
    let mut repeats = 1u32;
    if first < BATCH_MS {
        let mut elapsed = first;
        while elapsed < BATCH_MS && repeats < MAX_REPEATS {
            repeats = if elapsed <= 0.0 {
                repeats.saturating_mul(8)
            } else {
                let goal = (f64::from(repeats) * BATCH_MS * 1.25 / elapsed).ceil();
                (goal as u32).clamp(repeats.saturating_mul(2), repeats.saturating_mul(16))
            }
            .min(MAX_REPEATS);
            elapsed = timed(repeats, &mut clock);
        }
    }
    let samples: u32 = if first >= 10.0 {
        1
    } else if first >= BATCH_MS {
        3
    } else {
        5
    };
    let mut per_run: Vec<f64> = if samples == 1 {
        vec![first]
    } else {
        (0..samples)
            .map(|_| timed(repeats, &mut clock) / f64::from(repeats))
            .collect()
    };
    per_run.sort_by(f64::total_cmp);
    Timing {
        per_run_ms: per_run[per_run.len() / 2],
        repeats,
        samples,
    }
}

/// The median and the p99 of `times`, sorted in place.
pub fn p50_p99(times: &mut [f64]) -> (f64, f64) {
    if times.is_empty() {
        return (0.0, 0.0);
    }
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.99))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_read_the_vietnamese_way() {
        assert_eq!(
            parse_whole("1.000.000", "số event", 1, MAX_LOG),
            Ok(1_000_000)
        );
        assert_eq!(parse_whole(" 2 500 ", "số event", 1, MAX_LOG), Ok(2_500));
        assert_eq!(parse_interval("100"), Ok(Interval::Every(100)));
        let empty = parse_interval("  ").unwrap_err();
        assert_eq!(empty, "Hãy nhập chu kỳ snapshot.");
        let word = parse_interval("mười").unwrap_err();
        assert!(
            word.starts_with("Chu kỳ snapshot phải là một số nguyên"),
            "{word}"
        );
        assert!(word.contains("“mười”"), "{word}");
        assert!(parse_interval("0")
            .unwrap_err()
            .contains("từ 1 đến 1.000.000"));
        assert!(parse_interval("1.000.001").is_err());
        assert!(parse_interval("-5").is_err());
        assert!(parse_interval("2,5").is_err());
        assert!(parse_whole("99999999999999999999999", "seed", 0, u64::MAX).is_err());
    }

    #[test]
    fn intervals_round_trip_through_the_url() {
        for i in Interval::LAB_CHOICES {
            assert_eq!(interval_from_key(&interval_key(i).to_string()), Some(i));
        }
        assert_eq!(interval_from_key("7"), Some(Interval::Every(7)));
        assert_eq!(interval_from_key("x"), None);
        assert_eq!(interval_from_key("2000000"), None);
        assert_eq!(interval_label(Interval::Every(10_000)), "10.000");
        assert_eq!(interval_label(Interval::Off), "tắt");
    }

    #[test]
    fn durations_and_sizes_read_well() {
        assert_eq!(duration_vi(10_000.0), "10 s");
        assert_eq!(duration_vi(10.0), "10 ms");
        assert_eq!(duration_vi(9.904), "9,9 ms");
        assert_eq!(duration_vi(1.25), "1,25 ms");
        assert_eq!(duration_vi(0.004_2), "4,2 µs");
        assert_eq!(duration_vi(0.000_42), "420 ns");
        assert_eq!(duration_vi(0.000_000_7), "1 ns");
        assert_eq!(bytes_vi(240_000), "240.000 byte (≈ 240,0 kB)");
        assert_eq!(bytes_vi(24), "24 byte");
        assert_eq!(bytes_vi(32_000_000), "32.000.000 byte (≈ 32,0 MB)");
    }

    #[test]
    fn chart_sizes_follow_the_lesson() {
        assert_eq!(
            chart_sizes(1_000_000),
            vec![10_000, 100_000, 250_000, 500_000, 1_000_000]
        );
        assert_eq!(chart_sizes(3), vec![1, 3]);
        assert!(chart_sizes(0).is_empty());
    }

    #[test]
    fn sawtooth_points_are_exact() {
        let pts = events_applied_points(Interval::Every(10), 25);
        assert_eq!(
            pts,
            vec![
                (0.0, 0.0),
                (9.0, 9.0),
                (10.0, 0.0),
                (19.0, 9.0),
                (20.0, 0.0),
                (25.0, 5.0)
            ]
        );
        for (v, applied) in pts {
            assert_eq!(applied as u64, v as u64 % 10);
        }
        assert_eq!(
            events_applied_points(Interval::Off, 50),
            vec![(0.0, 0.0), (50.0, 50.0)]
        );
        assert_eq!(sawtooth_end(Interval::Every(100), 1_000_000), 800);
        assert_eq!(sawtooth_end(Interval::Every(10_000), 50_000), 50_000);
        assert_eq!(sawtooth_end(Interval::Off, 1_000_000), 1_000_000);
        let long = events_applied_points(Interval::Every(1), 8);
        assert_eq!(long.len(), 9);
    }

    #[test]
    fn questions_start_with_the_lessons_and_stay_in_the_log() {
        assert_eq!(
            question(1_000_000, 1, 0),
            Question {
                version: 500_050,
                interval: Interval::Every(100)
            }
        );
        for i in 0..50 {
            let q = question(1_000, 9, i);
            assert!((1..=1_000).contains(&q.version));
            assert_eq!(q, question(1_000, 9, i));
        }
        assert_eq!(
            gap_vi(50, 50),
            "Chính xác: bạn đoán đúng số event phải áp dụng."
        );
        assert_eq!(
            gap_vi(100, 50),
            "Bạn đoán 100 event, nhiều hơn thực tế 50 event."
        );
    }

    #[test]
    fn stable_timing_batches_short_runs() {
        // A fake clock where each run costs 0,01 ms: batches grow until they last 2 ms.
        let t = std::cell::Cell::new(0.0);
        let timing = time_stable(|| t.get(), || t.set(t.get() + 0.01));
        assert!(timing.repeats >= 200, "{timing:?}");
        assert_eq!(timing.samples, 5);
        assert!((timing.per_run_ms - 0.01).abs() < 1e-9);
        assert!(timing.note_vi().contains("lặp lại"));
        // A long run is timed alone.
        let t = std::cell::Cell::new(0.0);
        let timing = time_stable(|| t.get(), || t.set(t.get() + 30.0));
        assert_eq!((timing.repeats, timing.samples), (1, 1));
        assert_eq!(timing.per_run_ms, 30.0);
        // A clock that never moves stops growing at the cap.
        let timing = time_stable(|| 0.0, || {});
        assert!(timing.repeats >= 1 << 22);
    }

    #[test]
    fn percentiles() {
        let mut v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(p50_p99(&mut v), (51.0, 99.0));
        assert_eq!(p50_p99(&mut []), (0.0, 0.0));
    }
}
