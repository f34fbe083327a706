//! What a link reopens: seed, load, faults per pod, the legacy client and the policy, written
//! in the address under keys prefixed `m_`. Parsing never panics; a bad value is reported in
//! Vietnamese and the default kept.

use crate::sim::mesh::yaml::{format_duration, parse_duration};
use crate::sim::mesh::{LbPolicy, MtlsMode, PodFaults, Policy, PolicyError, RetryOn};

/// The URL keys of the lab.
pub mod keys {
    pub const SEED: &str = "m_seed";
    pub const RATE: &str = "m_rate";
    pub const FAULTS: &str = "m_f";
    pub const LEGACY: &str = "m_leg";
    pub const ATTEMPTS: &str = "m_att";
    pub const PER_TRY: &str = "m_ptt";
    pub const RETRY_ON: &str = "m_ron";
    pub const TIMEOUT: &str = "m_to";
    pub const C5XX: &str = "m_c5";
    pub const INTERVAL: &str = "m_int";
    pub const BASE_EJECTION: &str = "m_bet";
    pub const MAX_EJECTION: &str = "m_mep";
    pub const LB: &str = "m_lb";
    pub const MTLS: &str = "m_mtls";
    pub const MAX_REQUESTS: &str = "m_h2";
    pub const MAX_PENDING: &str = "m_h1";
    pub const MAX_CONNECTIONS: &str = "m_tcp";
    pub const MAX_RETRIES: &str = "m_mr";
    pub const CANARY: &str = "m_can";
    /// Every key, to clear them all.
    pub const ALL: [&str; 19] = [
        SEED,
        RATE,
        FAULTS,
        LEGACY,
        ATTEMPTS,
        PER_TRY,
        RETRY_ON,
        TIMEOUT,
        C5XX,
        INTERVAL,
        BASE_EJECTION,
        MAX_EJECTION,
        LB,
        MTLS,
        MAX_REQUESTS,
        MAX_PENDING,
        MAX_CONNECTIONS,
        MAX_RETRIES,
        CANARY,
    ];
}

/// User request rates offered (per second).
pub const RATES: &[f64] = &[10.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0];

/// Rate of the plaintext legacy client (per second) when it is on.
pub const LEGACY_RATE: f64 = 20.0;

/// The default seed.
pub const DEFAULT_SEED: u64 = 7;

/// Everything a run starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub seed: u64,
    pub rate: f64,
    /// Faults per pod (index = pod id), as long as the topology's pod list.
    pub faults: Vec<PodFaults>,
    /// The plaintext legacy client sends to payment-service.
    pub legacy: bool,
    pub policy: Policy,
}

impl Params {
    /// Defaults for a topology of `pods` pods.
    pub fn defaults(pods: usize) -> Self {
        Params {
            seed: DEFAULT_SEED,
            rate: 100.0,
            faults: vec![PodFaults::default(); pods],
            legacy: false,
            policy: Policy::default(),
        }
    }

    /// Reads the address (through `get`), keeping defaults where a value is missing or bad;
    /// every bad value gives one Vietnamese line.
    pub fn from_query(pods: usize, get: impl Fn(&str) -> Option<String>) -> (Self, Vec<String>) {
        let mut p = Params::defaults(pods);
        let mut problems = Vec::new();
        if let Some(s) = get(keys::SEED) {
            match s.trim().parse::<u64>() {
                Ok(v) => p.seed = v,
                Err(_) => problems.push(format!(
                    "Seed “{s}” trong địa chỉ không hợp lệ: dùng seed {DEFAULT_SEED}."
                )),
            }
        }
        if let Some(s) = get(keys::RATE) {
            match s.trim().parse::<f64>() {
                Ok(v) if RATES.contains(&v) => p.rate = v,
                _ => problems.push(format!(
                    "Tốc độ “{s}” trong địa chỉ không có trong danh sách: dùng 100 request/giây."
                )),
            }
        }
        if let Some(s) = get(keys::FAULTS) {
            match parse_faults(&s, pods) {
                Ok(f) => p.faults = f,
                Err(e) => problems.push(e),
            }
        }
        p.legacy = get(keys::LEGACY).as_deref() == Some("1");
        let mut policy = Policy::default();
        let mut field = |key: &str, apply: &mut dyn FnMut(&str) -> Result<(), String>| {
            if let Some(s) = get(key) {
                if let Err(e) = apply(&s) {
                    problems.push(format!("{e} (giá trị trong địa chỉ bị bỏ qua)"));
                }
            }
        };
        field(keys::ATTEMPTS, &mut |s| {
            policy.retries.attempts = parse_count(s, "attempts")?;
            Ok(())
        });
        field(keys::PER_TRY, &mut |s| {
            policy.retries.per_try_timeout_ms =
                parse_optional_duration(s).map_err(|e| e.message_vi())?;
            Ok(())
        });
        field(keys::RETRY_ON, &mut |s| {
            policy.retries.retry_on = RetryOn::parse(s).map_err(|e| e.message_vi())?;
            Ok(())
        });
        field(keys::TIMEOUT, &mut |s| {
            policy.timeout_ms = parse_optional_duration(s).map_err(|e| e.message_vi())?;
            Ok(())
        });
        field(keys::C5XX, &mut |s| {
            policy.outlier.consecutive_5xx_errors = parse_count(s, "consecutive5xxErrors")?;
            Ok(())
        });
        field(keys::INTERVAL, &mut |s| {
            policy.outlier.interval_ms = parse_duration(s).map_err(|e| e.message_vi())?;
            Ok(())
        });
        field(keys::BASE_EJECTION, &mut |s| {
            policy.outlier.base_ejection_time_ms = parse_duration(s).map_err(|e| e.message_vi())?;
            Ok(())
        });
        field(keys::MAX_EJECTION, &mut |s| {
            policy.outlier.max_ejection_percent = parse_count(s, "maxEjectionPercent")?;
            Ok(())
        });
        field(keys::LB, &mut |s| {
            policy.load_balancer = LbPolicy::ALL
                .into_iter()
                .find(|l| l.as_str() == s)
                .ok_or_else(|| format!("Không có cân bằng tải “{s}”."))?;
            Ok(())
        });
        field(keys::MTLS, &mut |s| {
            policy.mtls = MTLS_MODES
                .into_iter()
                .find(|m| m.as_str() == s)
                .ok_or_else(|| format!("Không có chế độ mTLS “{s}”."))?;
            Ok(())
        });
        field(keys::MAX_REQUESTS, &mut |s| {
            policy.pool.http2_max_requests = parse_count(s, "http2MaxRequests")?;
            Ok(())
        });
        field(keys::MAX_PENDING, &mut |s| {
            policy.pool.http1_max_pending_requests = parse_count(s, "http1MaxPendingRequests")?;
            Ok(())
        });
        field(keys::MAX_CONNECTIONS, &mut |s| {
            policy.pool.max_connections = parse_count(s, "maxConnections")?;
            Ok(())
        });
        field(keys::MAX_RETRIES, &mut |s| {
            policy.pool.max_retries = parse_optional_count(s, "maxRetries")?;
            Ok(())
        });
        field(keys::CANARY, &mut |s| {
            policy.canary_v2_percent = parse_optional_count(s, "canary")?;
            Ok(())
        });
        match policy.validate() {
            Ok(()) => p.policy = policy,
            Err(e) => problems.push(format!(
                "{} Chính sách trong địa chỉ bị bỏ qua, dùng giá trị của bài học.",
                e.message_vi()
            )),
        }
        (p, problems)
    }

    /// The address keys of these parameters; values equal to the defaults are removed.
    pub fn to_query(&self) -> Vec<(&'static str, Option<String>)> {
        let d = Params::defaults(self.faults.len());
        let dp = &d.policy;
        let p = &self.policy;
        let diff = |same: bool, v: String| (!same).then_some(v);
        vec![
            (keys::SEED, diff(self.seed == d.seed, self.seed.to_string())),
            (keys::RATE, diff(self.rate == d.rate, self.rate.to_string())),
            (
                keys::FAULTS,
                diff(self.faults == d.faults, faults_text(&self.faults)),
            ),
            (keys::LEGACY, self.legacy.then(|| "1".to_string())),
            (
                keys::ATTEMPTS,
                diff(
                    p.retries.attempts == dp.retries.attempts,
                    p.retries.attempts.to_string(),
                ),
            ),
            (
                keys::PER_TRY,
                diff(
                    p.retries.per_try_timeout_ms == dp.retries.per_try_timeout_ms,
                    optional_duration_text(p.retries.per_try_timeout_ms),
                ),
            ),
            (
                keys::RETRY_ON,
                diff(
                    p.retries.retry_on == dp.retries.retry_on,
                    p.retries.retry_on.to_istio_string(),
                ),
            ),
            (
                keys::TIMEOUT,
                diff(
                    p.timeout_ms == dp.timeout_ms,
                    optional_duration_text(p.timeout_ms),
                ),
            ),
            (
                keys::C5XX,
                diff(
                    p.outlier.consecutive_5xx_errors == dp.outlier.consecutive_5xx_errors,
                    p.outlier.consecutive_5xx_errors.to_string(),
                ),
            ),
            (
                keys::INTERVAL,
                diff(
                    p.outlier.interval_ms == dp.outlier.interval_ms,
                    format_duration(p.outlier.interval_ms),
                ),
            ),
            (
                keys::BASE_EJECTION,
                diff(
                    p.outlier.base_ejection_time_ms == dp.outlier.base_ejection_time_ms,
                    format_duration(p.outlier.base_ejection_time_ms),
                ),
            ),
            (
                keys::MAX_EJECTION,
                diff(
                    p.outlier.max_ejection_percent == dp.outlier.max_ejection_percent,
                    p.outlier.max_ejection_percent.to_string(),
                ),
            ),
            (
                keys::LB,
                diff(
                    p.load_balancer == dp.load_balancer,
                    p.load_balancer.as_str().to_string(),
                ),
            ),
            (
                keys::MTLS,
                diff(p.mtls == dp.mtls, p.mtls.as_str().to_string()),
            ),
            (
                keys::MAX_REQUESTS,
                diff(
                    p.pool.http2_max_requests == dp.pool.http2_max_requests,
                    p.pool.http2_max_requests.to_string(),
                ),
            ),
            (
                keys::MAX_PENDING,
                diff(
                    p.pool.http1_max_pending_requests == dp.pool.http1_max_pending_requests,
                    p.pool.http1_max_pending_requests.to_string(),
                ),
            ),
            (
                keys::MAX_CONNECTIONS,
                diff(
                    p.pool.max_connections == dp.pool.max_connections,
                    p.pool.max_connections.to_string(),
                ),
            ),
            (
                keys::MAX_RETRIES,
                diff(
                    p.pool.max_retries == dp.pool.max_retries,
                    p.pool.max_retries.map_or(String::new(), |v| v.to_string()),
                ),
            ),
            (
                keys::CANARY,
                diff(
                    p.canary_v2_percent == dp.canary_v2_percent,
                    p.canary_v2_percent.map_or(String::new(), |v| v.to_string()),
                ),
            ),
        ]
    }
}

/// The mTLS modes, in the order of the picker.
pub const MTLS_MODES: [MtlsMode; 3] = [MtlsMode::Strict, MtlsMode::Permissive, MtlsMode::Disable];

/// A non-negative whole number typed in a policy field.
pub fn parse_count(text: &str, field: &'static str) -> Result<u32, String> {
    let t = text.trim();
    t.parse::<u32>()
        .map_err(|_| format!("{field} phải là một số nguyên không âm (đã nhập “{t}”)."))
}

/// A whole number or empty (`None`).
pub fn parse_optional_count(text: &str, field: &'static str) -> Result<Option<u32>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_count(text, field).map(Some)
    }
}

/// A duration like `2s`, or empty (`None`).
pub fn parse_optional_duration(text: &str) -> Result<Option<u64>, PolicyError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_duration(text).map(Some)
    }
}

/// `2s`, or empty for `None`.
pub fn optional_duration_text(ms: Option<u64>) -> String {
    ms.map_or(String::new(), format_duration)
}

/// Faults as `3:e50,d200,c,s;5:c` (pod index: error %, added ms, crashed, sidecar crashed).
pub fn faults_text(faults: &[PodFaults]) -> String {
    let mut parts = Vec::new();
    for (i, f) in faults.iter().enumerate() {
        if *f == PodFaults::default() {
            continue;
        }
        let mut items = Vec::new();
        if f.error_rate > 0.0 {
            items.push(format!("e{}", (f.error_rate * 100.0).round() as u32));
        }
        if f.added_latency_ms > 0 {
            items.push(format!("d{}", f.added_latency_ms));
        }
        if f.crashed {
            items.push("c".to_string());
        }
        if f.sidecar_crashed {
            items.push("s".to_string());
        }
        parts.push(format!("{i}:{}", items.join(",")));
    }
    parts.join(";")
}

/// Parses [`faults_text`] for a topology of `pods` pods.
pub fn parse_faults(text: &str, pods: usize) -> Result<Vec<PodFaults>, String> {
    let bad = || {
        format!("Danh sách lỗi “{text}” trong địa chỉ không đọc được: lab bắt đầu không có lỗi.")
    };
    let mut out = vec![PodFaults::default(); pods];
    for part in text.split(';').filter(|p| !p.trim().is_empty()) {
        let (pod, items) = part.split_once(':').ok_or_else(bad)?;
        let pod: usize = pod.trim().parse().map_err(|_| bad())?;
        let f = out.get_mut(pod).ok_or_else(bad)?;
        for item in items.split(',').filter(|i| !i.is_empty()) {
            match item.split_at(1) {
                ("e", v) => {
                    let pct: u32 = v.parse().map_err(|_| bad())?;
                    if pct > 100 {
                        return Err(bad());
                    }
                    f.error_rate = pct as f64 / 100.0;
                }
                ("d", v) => f.added_latency_ms = v.parse::<u64>().map_err(|_| bad())?.min(60_000),
                ("c", "") => f.crashed = true,
                ("s", "") => f.sidecar_crashed = true,
                _ => return Err(bad()),
            }
        }
    }
    Ok(out)
}

/// `100 request/giây`.
pub fn rate_text(r: f64) -> String {
    format!(
        "{} request/giây",
        crate::sim::format::decimal(r, if r.fract() == 0.0 { 0 } else { 1 })
    )
}

/// Index of the value in `ladder` nearest to `v`.
pub fn nearest_index(ladder: &[f64], v: f64) -> usize {
    ladder
        .iter()
        .enumerate()
        .min_by(|a, b| (a.1 - v).abs().total_cmp(&(b.1 - v).abs()))
        .map_or(0, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn faults_round_trip() {
        let mut f = vec![PodFaults::default(); 12];
        f[3] = PodFaults {
            error_rate: 0.5,
            added_latency_ms: 200,
            crashed: true,
            sidecar_crashed: false,
        };
        f[7].sidecar_crashed = true;
        let t = faults_text(&f);
        assert_eq!(t, "3:e50,d200,c;7:s");
        assert_eq!(parse_faults(&t, 12).unwrap(), f);
        assert!(parse_faults("99:c", 12).is_err());
        assert!(parse_faults("1:e500", 12).is_err());
        assert!(parse_faults("x", 12).is_err());
    }

    #[test]
    fn params_round_trip_through_the_query() {
        let mut p = Params::defaults(12);
        p.seed = 42;
        p.rate = 500.0;
        p.legacy = true;
        p.faults[4].crashed = true;
        p.policy.retries.attempts = 5;
        p.policy.timeout_ms = None;
        p.policy.load_balancer = LbPolicy::LeastRequest;
        p.policy.mtls = MtlsMode::Permissive;
        p.policy.canary_v2_percent = Some(20);
        p.policy.pool.max_retries = Some(3);
        let q: HashMap<&str, String> = p
            .to_query()
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
        let (back, problems) = Params::from_query(12, |k| q.get(k).cloned());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, p);
        // Defaults write nothing.
        assert!(Params::defaults(12)
            .to_query()
            .iter()
            .all(|(_, v)| v.is_none()));
    }

    #[test]
    fn bad_values_are_reported_and_ignored() {
        let (p, problems) = Params::from_query(12, |k| match k {
            keys::ATTEMPTS => Some("99".to_string()),
            keys::SEED => Some("abc".to_string()),
            _ => None,
        });
        assert_eq!(p.policy, Policy::default());
        assert_eq!(p.seed, DEFAULT_SEED);
        assert_eq!(problems.len(), 2);
        assert!(problems[1].contains("attempts = 99"), "{problems:?}");
    }
}
