//! The lab's settings: what the URL holds (`cq_*` keys), the steps the sliders offer, and how
//! the settings become an engine [`Config`]. Plain data, no signals, tested natively.

use crate::sim::cqrs::Config;
use crate::sim::format::{decimal, group_digits};

/// Learning events per second the slider offers: from single clicks (0) to the HPN peak.
pub const WRITE_RATES: &[f64] = &[
    0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0,
    10_000.0,
];
/// Projector capacities, events per second.
pub const CAPACITIES: &[f64] = &[
    1.0, 2.0, 5.0, 10.0, 20.0, 40.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0,
    10_000.0, 20_000.0, 50_000.0,
];
/// Bus delays, ms.
pub const BUS_DELAYS: &[f64] = &[
    0.0, 10.0, 50.0, 100.0, 150.0, 250.0, 500.0, 1_000.0, 2_000.0, 5_000.0,
];
/// Bus jitters, ms.
pub const JITTERS: &[f64] = &[0.0, 10.0, 50.0, 100.0, 250.0, 500.0, 1_000.0];
/// Probabilities of a second delivery.
pub const DUPLICATES: &[f64] = &[0.0, 0.01, 0.05, 0.1, 0.25, 0.5];
/// Cache TTLs, ms (the lesson's is one hour).
pub const TTLS: &[f64] = &[
    5_000.0,
    10_000.0,
    30_000.0,
    60_000.0,
    300_000.0,
    3_600_000.0,
];
/// Bus slowdown factors (fault).
pub const SLOWDOWNS: &[f64] = &[1.0, 2.0, 5.0, 10.0, 20.0, 50.0];
/// Wait-for-version timeouts, ms.
pub const TIMEOUTS: &[f64] = &[100.0, 250.0, 500.0, 1_000.0, 2_000.0, 5_000.0, 10_000.0];

/// Period of the automatic "write then read" user when it is on, ms.
pub const AUTO_RYW_EVERY_MS: u64 = 2_000;

/// The seed of a fresh lab.
pub const DEFAULT_SEED: u64 = 2024;

/// State of the projector that a link can ask for at the start of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectorFault {
    /// Running normally.
    None,
    /// Paused from the start.
    Paused,
    /// Crashed from the start.
    Crashed,
}

impl ProjectorFault {
    fn key(self) -> &'static str {
        match self {
            Self::None => "run",
            Self::Paused => "pause",
            Self::Crashed => "crash",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "run" => Some(Self::None),
            "pause" => Some(Self::Paused),
            "crash" => Some(Self::Crashed),
            _ => None,
        }
    }
}

/// Everything a link reopens: seed, load, pipeline, cache, read-your-writes, faults.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub seed: u64,
    pub write_rate: f64,
    pub capacity: f64,
    pub bus_delay_ms: u64,
    pub jitter_ms: u64,
    pub duplicates: f64,
    pub ttl_ms: u64,
    pub invalidation: bool,
    pub slowdown: f64,
    pub timeout_ms: u64,
    pub auto_ryw: bool,
    pub projector: ProjectorFault,
}

impl Default for Params {
    fn default() -> Self {
        let c = Config::default();
        Self {
            seed: DEFAULT_SEED,
            write_rate: c.write_rate,
            capacity: c.projector_capacity,
            bus_delay_ms: c.bus_delay_ms,
            jitter_ms: c.bus_jitter_ms,
            duplicates: c.duplicate_probability,
            ttl_ms: c.cache_ttl_ms,
            invalidation: c.cache_invalidation,
            slowdown: c.bus_slowdown,
            timeout_ms: c.ryw_timeout_ms,
            auto_ryw: false,
            projector: ProjectorFault::None,
        }
    }
}

/// The query keys, all with the lab's `cq_` prefix.
pub mod keys {
    pub const SEED: &str = "cq_seed";
    pub const RATE: &str = "cq_rate";
    pub const CAPACITY: &str = "cq_cap";
    pub const DELAY: &str = "cq_delay";
    pub const JITTER: &str = "cq_jitter";
    pub const DUPLICATES: &str = "cq_dup";
    pub const TTL: &str = "cq_ttl";
    pub const INVALIDATION: &str = "cq_inv";
    pub const SLOWDOWN: &str = "cq_slow";
    pub const TIMEOUT: &str = "cq_wait";
    pub const AUTO: &str = "cq_auto";
    pub const PROJECTOR: &str = "cq_proj";
    /// Every key, for a reset that clears them.
    pub const ALL: [&str; 12] = [
        SEED,
        RATE,
        CAPACITY,
        DELAY,
        JITTER,
        DUPLICATES,
        TTL,
        INVALIDATION,
        SLOWDOWN,
        TIMEOUT,
        AUTO,
        PROJECTOR,
    ];
}

/// A number as a URL value: integers without a decimal point, `0.05` as is.
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn flag(b: bool) -> String {
    if b { "1" } else { "0" }.to_string()
}

impl Params {
    /// The engine settings for these parameters.
    pub fn config(&self) -> Config {
        Config {
            write_rate: self.write_rate,
            projector_capacity: self.capacity,
            bus_delay_ms: self.bus_delay_ms,
            bus_jitter_ms: self.jitter_ms,
            duplicate_probability: self.duplicates,
            bus_slowdown: self.slowdown,
            cache_ttl_ms: self.ttl_ms,
            cache_invalidation: self.invalidation,
            ryw_timeout_ms: self.timeout_ms,
            ryw_auto_every_ms: if self.auto_ryw { AUTO_RYW_EVERY_MS } else { 0 },
            ..Config::default()
        }
    }

    /// The query pairs that reopen these parameters.
    pub fn to_query(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            (keys::SEED, Some(self.seed.to_string())),
            (keys::RATE, Some(num(self.write_rate))),
            (keys::CAPACITY, Some(num(self.capacity))),
            (keys::DELAY, Some(self.bus_delay_ms.to_string())),
            (keys::JITTER, Some(self.jitter_ms.to_string())),
            (keys::DUPLICATES, Some(num(self.duplicates))),
            (keys::TTL, Some(self.ttl_ms.to_string())),
            (keys::INVALIDATION, Some(flag(self.invalidation))),
            (keys::SLOWDOWN, Some(num(self.slowdown))),
            (keys::TIMEOUT, Some(self.timeout_ms.to_string())),
            (keys::AUTO, Some(flag(self.auto_ryw))),
            (keys::PROJECTOR, Some(self.projector.key().to_string())),
        ]
    }

    /// Reads parameters from query values (`get(key)`). A missing key keeps its default; a
    /// value that does not parse or that the engine refuses keeps the default too and adds a
    /// Vietnamese message saying which key was wrong.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> (Self, Vec<String>) {
        let mut p = Self::default();
        let mut problems = Vec::new();
        let mut bad = |key: &str, value: &str, why: String| {
            problems.push(format!(
                "Địa chỉ có {key}={value} không dùng được ({why}); lab dùng giá trị mặc định."
            ));
        };
        let not_a_number = || "không phải số hợp lệ".to_string();

        if let Some(v) = get(keys::SEED) {
            match v.trim().parse::<u64>() {
                Ok(s) => p.seed = s,
                Err(_) => bad(
                    keys::SEED,
                    &v,
                    "seed phải là số nguyên không âm".to_string(),
                ),
            }
        }
        // Each numeric key is tried alone against the engine's own validation.
        type Setter = fn(&mut Params, f64);
        let numeric: [(&str, Setter); 8] = [
            (keys::RATE, |p, x| p.write_rate = x),
            (keys::CAPACITY, |p, x| p.capacity = x),
            (keys::DELAY, |p, x| p.bus_delay_ms = x as u64),
            (keys::JITTER, |p, x| p.jitter_ms = x as u64),
            (keys::DUPLICATES, |p, x| p.duplicates = x),
            (keys::TTL, |p, x| p.ttl_ms = x as u64),
            (keys::SLOWDOWN, |p, x| p.slowdown = x),
            (keys::TIMEOUT, |p, x| p.timeout_ms = x as u64),
        ];
        for (key, set) in numeric {
            let Some(v) = get(key) else { continue };
            let Ok(x) = v.trim().parse::<f64>() else {
                bad(key, &v, not_a_number());
                continue;
            };
            if !x.is_finite() || x < 0.0 {
                bad(key, &v, not_a_number());
                continue;
            }
            let mut trial = p.clone();
            set(&mut trial, x);
            match trial.config().validate() {
                Ok(()) => p = trial,
                Err(e) => bad(key, &v, e.message_vi().trim_end_matches('.').to_string()),
            }
        }
        for (key, set) in [
            (
                keys::INVALIDATION,
                (|p, b| p.invalidation = b) as fn(&mut Params, bool),
            ),
            (keys::AUTO, |p, b| p.auto_ryw = b),
        ] {
            match get(key).as_deref() {
                None => {}
                Some("1") => set(&mut p, true),
                Some("0") => set(&mut p, false),
                Some(v) => bad(key, v, "chỉ nhận 0 hoặc 1".to_string()),
            }
        }
        if let Some(v) = get(keys::PROJECTOR) {
            match ProjectorFault::parse(v.trim()) {
                Some(f) => p.projector = f,
                None => bad(
                    keys::PROJECTOR,
                    &v,
                    "chỉ nhận run, pause hoặc crash".to_string(),
                ),
            }
        }
        (p, problems)
    }
}

/// Index of the ladder step nearest to `value` (for a slider over uneven steps).
pub fn nearest_index(ladder: &[f64], value: f64) -> usize {
    ladder
        .iter()
        .enumerate()
        .min_by(|a, b| (a.1 - value).abs().total_cmp(&(b.1 - value).abs()))
        .map_or(0, |(i, _)| i)
}

/// `1.500 event/giây`.
pub fn rate_text(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{} event/giây", group_digits(x as i64))
    } else {
        format!("{} event/giây", decimal(x, 1))
    }
}

/// A duration: `150 ms`, `1,5 giây`, `5 phút`, `1 giờ`.
pub fn duration_text(ms: f64) -> String {
    if !ms.is_finite() {
        "—".to_string()
    } else if ms < 1_000.0 {
        format!("{} ms", decimal(ms, 0))
    } else if ms < 60_000.0 {
        let s = ms / 1_000.0;
        let places = if s.fract().abs() < 0.05 { 0 } else { 1 };
        format!("{} giây", decimal(s, places))
    } else if ms < 3_600_000.0 {
        let m = ms / 60_000.0;
        let places = if m.fract().abs() < 0.05 { 0 } else { 1 };
        format!("{} phút", decimal(m, places))
    } else {
        let h = ms / 3_600_000.0;
        let places = if h.fract().abs() < 0.05 { 0 } else { 1 };
        format!("{} giờ", decimal(h, places))
    }
}

/// A remaining time as `mm:ss` (or `h:mm:ss` from one hour), for the cache's TTL countdown.
pub fn clock_text(ms: u64) -> String {
    let s = ms / 1_000;
    let (h, m, s) = (s / 3_600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// A probability as a percentage: `0,01` → `1%`.
pub fn percent_text(p: f64) -> String {
    format!(
        "{}%",
        decimal(p * 100.0, if (p * 100.0).fract() == 0.0 { 0 } else { 1 })
    )
}

/// A slowdown factor: `×10`, or "bình thường" for 1.
pub fn slowdown_text(x: f64) -> String {
    if x <= 1.0 {
        "bình thường (×1)".to_string()
    } else {
        format!("chậm ×{}", decimal(x, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn query(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_are_the_engines_and_valid() {
        let p = Params::default();
        assert_eq!(p.config(), Config::default());
        assert_eq!(p.config().validate(), Ok(()));
        for ladder in [
            WRITE_RATES,
            CAPACITIES,
            BUS_DELAYS,
            JITTERS,
            DUPLICATES,
            TTLS,
            SLOWDOWNS,
            TIMEOUTS,
        ] {
            assert!(ladder.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn query_round_trip() {
        let p = Params {
            seed: 7,
            write_rate: 10_000.0,
            capacity: 40.0,
            duplicates: 0.05,
            invalidation: false,
            slowdown: 10.0,
            auto_ryw: true,
            projector: ProjectorFault::Crashed,
            ..Params::default()
        };
        let pairs: Vec<(String, String)> = p
            .to_query()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.unwrap_or_default()))
            .collect();
        assert!(pairs.iter().all(|(k, _)| k.starts_with("cq_")));
        let get = |k: &str| pairs.iter().find(|(a, _)| a == k).map(|(_, v)| v.clone());
        let (back, problems) = Params::from_query(get);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, p);
    }

    #[test]
    fn bad_values_keep_defaults_and_say_why() {
        let (p, problems) = Params::from_query(query(&[
            ("cq_rate", "abc"),
            ("cq_cap", "0"),
            ("cq_inv", "yes"),
            ("cq_proj", "boom"),
            ("cq_seed", "-3"),
            ("cq_delay", "300"),
        ]));
        assert_eq!(p.write_rate, Params::default().write_rate);
        assert_eq!(p.capacity, Params::default().capacity);
        assert_eq!(p.bus_delay_ms, 300);
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems
            .iter()
            .any(|m| m.contains("cq_cap=0") && m.contains("Công suất projector")));
        assert!(problems.iter().all(|m| m.contains("mặc định")));
    }

    #[test]
    fn texts_are_vietnamese() {
        assert_eq!(rate_text(10_000.0), "10.000 event/giây");
        assert_eq!(duration_text(150.0), "150 ms");
        assert_eq!(duration_text(1_500.0), "1,5 giây");
        assert_eq!(duration_text(3_600_000.0), "1 giờ");
        assert_eq!(clock_text(3_599_000), "59:59");
        assert_eq!(clock_text(3_600_000), "1:00:00");
        assert_eq!(percent_text(0.01), "1%");
        assert_eq!(nearest_index(WRITE_RATES, 10_000.0), WRITE_RATES.len() - 1);
        assert_eq!(nearest_index(CAPACITIES, 45.0), 5);
    }
}
