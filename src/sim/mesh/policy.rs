//! The mesh policy: Istio's VirtualService / DestinationRule / PeerAuthentication fields,
//! with the lesson's values as defaults, validation with Vietnamese messages, and the
//! Envoy rules the engine applies (which outcomes retry, back-off, ejection time).

use super::Micros;

/// Durations in a policy are whole milliseconds: Istio rejects sub-millisecond values.
pub type Millis = u64;

/// Highest `attempts` the lab accepts (Istio has no limit; more than 10 only teaches storms).
pub const MAX_ATTEMPTS: u32 = 10;

/// Envoy's `max_ejection_time` default (Istio does not expose it): 300 s.
pub const MAX_EJECTION_TIME_MS: Millis = 300_000;

/// Istio sets `host_selection_retry_max_attempts: 5` with the `previous_hosts` predicate.
pub const HOST_RESELECT_ATTEMPTS: u32 = 5;

/// The conditions of `retryOn` the lab offers, with Envoy's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryCondition {
    /// `5xx`: any 5xx response, or no response at all (reset, connect failure, per-try timeout).
    FiveXx,
    /// `gateway-error`: 502, 503 or 504, plus resets (Envoy treats a reset as a would-be 5xx).
    GatewayError,
    /// `reset`: no response (disconnect, reset, per-try timeout, connect failure).
    Reset,
    /// `connect-failure`: the TCP connection could not be made.
    ConnectFailure,
}

impl RetryCondition {
    /// All conditions, in the order they are written in YAML.
    pub const ALL: [RetryCondition; 4] = [
        RetryCondition::FiveXx,
        RetryCondition::GatewayError,
        RetryCondition::Reset,
        RetryCondition::ConnectFailure,
    ];

    /// The Envoy/Istio spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RetryCondition::FiveXx => "5xx",
            RetryCondition::GatewayError => "gateway-error",
            RetryCondition::Reset => "reset",
            RetryCondition::ConnectFailure => "connect-failure",
        }
    }

    fn bit(self) -> u8 {
        match self {
            RetryCondition::FiveXx => 1,
            RetryCondition::GatewayError => 2,
            RetryCondition::Reset => 4,
            RetryCondition::ConnectFailure => 8,
        }
    }
}

/// A set of [`RetryCondition`]s (`retryOn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RetryOn(u8);

impl RetryOn {
    /// The empty set.
    pub const NONE: RetryOn = RetryOn(0);

    /// The lesson's `5xx,reset,connect-failure`.
    pub fn lesson() -> Self {
        Self::NONE
            .with(RetryCondition::FiveXx)
            .with(RetryCondition::Reset)
            .with(RetryCondition::ConnectFailure)
    }

    /// This set plus `c`.
    pub fn with(self, c: RetryCondition) -> Self {
        RetryOn(self.0 | c.bit())
    }

    /// This set without `c`.
    pub fn without(self, c: RetryCondition) -> Self {
        RetryOn(self.0 & !c.bit())
    }

    /// Whether `c` is in the set.
    pub fn contains(self, c: RetryCondition) -> bool {
        self.0 & c.bit() != 0
    }

    /// True when nothing is retried.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Comma-joined, in a fixed order: what goes after `retryOn:`.
    pub fn to_istio_string(self) -> String {
        let parts: Vec<&str> = RetryCondition::ALL
            .iter()
            .filter(|c| self.contains(**c))
            .map(|c| c.as_str())
            .collect();
        parts.join(",")
    }

    /// Parses `5xx,reset,connect-failure` (spaces around names allowed).
    pub fn parse(text: &str) -> Result<Self, PolicyError> {
        let mut set = RetryOn::NONE;
        for raw in text.split(',') {
            let name = raw.trim();
            if name.is_empty() {
                continue;
            }
            match RetryCondition::ALL.iter().find(|c| c.as_str() == name) {
                Some(c) => set = set.with(*c),
                None => return Err(PolicyError::UnknownRetryOn(name.to_string())),
            }
        }
        Ok(set)
    }
}

/// `retries` of a VirtualService route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Number of *retries*: at most `1 + attempts` tries. 0 disables retries.
    pub attempts: u32,
    /// Time allowed to each try; `None` = bounded only by the route timeout.
    pub per_try_timeout_ms: Option<Millis>,
    /// Which failures are retried.
    pub retry_on: RetryOn,
    /// Envoy's back-off base interval (25 ms). Only rendered in YAML when changed,
    /// because the `backoff` field exists only in recent Istio releases.
    pub backoff_base_ms: Millis,
}

/// `outlierDetection` of a DestinationRule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlierPolicy {
    /// Consecutive 5xx (and local-origin failures) before ejection; 0 disables.
    pub consecutive_5xx_errors: u32,
    /// Sweep period: un-ejects hosts whose time is up, decrements multipliers.
    pub interval_ms: Millis,
    /// Ejection time for the first ejection; k-th in a row lasts min(k × base, 300 s).
    pub base_ejection_time_ms: Millis,
    /// No new ejection that would put more than this share of a cluster's hosts out.
    pub max_ejection_percent: u32,
}

/// `loadBalancer.simple`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LbPolicy {
    /// Each healthy host in turn.
    RoundRobin,
    /// Power of two choices: two random hosts, the one with fewer active requests wins.
    LeastRequest,
    /// A uniformly random healthy host.
    Random,
}

impl LbPolicy {
    /// All policies, for a picker.
    pub const ALL: [LbPolicy; 3] = [
        LbPolicy::RoundRobin,
        LbPolicy::LeastRequest,
        LbPolicy::Random,
    ];

    /// The Istio spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            LbPolicy::RoundRobin => "ROUND_ROBIN",
            LbPolicy::LeastRequest => "LEAST_REQUEST",
            LbPolicy::Random => "RANDOM",
        }
    }
}

/// `connectionPool`: limits per client proxy × destination cluster (summed over hosts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolPolicy {
    /// `tcp.maxConnections`. Rendered, not simulated: HTTP/2 multiplexes requests.
    pub max_connections: u32,
    /// `http.http1MaxPendingRequests`: requests allowed to wait for a free slot.
    pub http1_max_pending_requests: u32,
    /// `http.http2MaxRequests`: requests in flight at once.
    pub http2_max_requests: u32,
    /// `http.maxRetries`: retries in flight at once; `None` = Istio's unlimited default.
    pub max_retries: Option<u32>,
}

/// `PeerAuthentication` mTLS mode of the namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MtlsMode {
    /// Only mTLS: plaintext connections are rejected.
    Strict,
    /// mTLS and plaintext both accepted (migration mode).
    Permissive,
    /// No mTLS at all.
    Disable,
}

impl MtlsMode {
    /// The Istio spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            MtlsMode::Strict => "STRICT",
            MtlsMode::Permissive => "PERMISSIVE",
            MtlsMode::Disable => "DISABLE",
        }
    }

    /// Whether a plaintext client gets through the server sidecar.
    pub fn accepts_plaintext(self) -> bool {
        !matches!(self, MtlsMode::Strict)
    }
}

/// Everything the policy panel sets. Applies to every destination in the mesh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Route retries.
    pub retries: RetryPolicy,
    /// Route timeout covering every try and back-off; `None` = disabled (Istio's default).
    pub timeout_ms: Option<Millis>,
    /// Outlier detection.
    pub outlier: OutlierPolicy,
    /// Load balancer.
    pub load_balancer: LbPolicy,
    /// Connection-pool limits.
    pub pool: PoolPolicy,
    /// mTLS mode.
    pub mtls: MtlsMode,
    /// Canary: share of traffic (percent) to the `v2` subset of the service that has one;
    /// `None` = no split, every pod of the service is one pool.
    pub canary_v2_percent: Option<u32>,
}

impl Default for Policy {
    /// The lesson's YAML values.
    fn default() -> Self {
        Policy {
            retries: RetryPolicy {
                attempts: 3,
                per_try_timeout_ms: Some(2_000),
                retry_on: RetryOn::lesson(),
                backoff_base_ms: 25,
            },
            timeout_ms: Some(10_000),
            outlier: OutlierPolicy {
                consecutive_5xx_errors: 5,
                interval_ms: 30_000,
                base_ejection_time_ms: 30_000,
                max_ejection_percent: 50,
            },
            load_balancer: LbPolicy::RoundRobin,
            pool: PoolPolicy {
                max_connections: 100,
                http1_max_pending_requests: 100,
                http2_max_requests: 1000,
                max_retries: None,
            },
            mtls: MtlsMode::Strict,
            canary_v2_percent: None,
        }
    }
}

/// What is wrong with a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyError {
    /// `attempts` above [`MAX_ATTEMPTS`].
    TooManyAttempts(u32),
    /// Retries enabled with an empty `retryOn` (Istio would fall back to its own default).
    EmptyRetryOn,
    /// A `retryOn` name the lab does not know.
    UnknownRetryOn(String),
    /// `perTryTimeout` of 0.
    PerTryTimeoutNotPositive,
    /// Route `timeout` of 0.
    TimeoutNotPositive,
    /// Back-off base of 0.
    BackoffNotPositive,
    /// `interval` of 0.
    IntervalNotPositive,
    /// `baseEjectionTime` of 0.
    BaseEjectionTimeNotPositive,
    /// `maxEjectionPercent` above 100.
    MaxEjectionPercentOver100(u32),
    /// A connection-pool limit of 0 (nothing could ever be sent).
    PoolLimitZero(&'static str),
    /// Canary weight above 100 %.
    CanaryWeightOver100(u32),
    /// A duration text that is not like `2s`, `250ms`, `1m`.
    BadDuration(String),
}

impl PolicyError {
    /// The message shown to the student, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            PolicyError::TooManyAttempts(n) => format!(
                "attempts = {n} quá lớn: phòng lab cho tối đa {MAX_ATTEMPTS} lần retry (tức {} lần thử).",
                MAX_ATTEMPTS + 1
            ),
            PolicyError::EmptyRetryOn => {
                "retryOn đang trống trong khi attempts > 0: hãy chọn ít nhất một điều kiện retry, hoặc đặt attempts = 0.".to_string()
            }
            PolicyError::UnknownRetryOn(name) => format!(
                "Không nhận ra điều kiện retryOn “{name}”. Các giá trị hợp lệ: 5xx, gateway-error, reset, connect-failure."
            ),
            PolicyError::PerTryTimeoutNotPositive => {
                "perTryTimeout phải lớn hơn 0 (ít nhất 1 ms).".to_string()
            }
            PolicyError::TimeoutNotPositive => {
                "timeout phải lớn hơn 0 (ít nhất 1 ms); muốn tắt timeout thì bỏ trống.".to_string()
            }
            PolicyError::BackoffNotPositive => {
                "Khoảng backoff cơ sở phải lớn hơn 0 (Envoy mặc định 25 ms).".to_string()
            }
            PolicyError::IntervalNotPositive => {
                "interval của outlierDetection phải lớn hơn 0.".to_string()
            }
            PolicyError::BaseEjectionTimeNotPositive => {
                "baseEjectionTime phải lớn hơn 0.".to_string()
            }
            PolicyError::MaxEjectionPercentOver100(p) => format!(
                "maxEjectionPercent = {p} không hợp lệ: phải nằm trong khoảng 0–100."
            ),
            PolicyError::PoolLimitZero(field) => format!(
                "{field} phải lớn hơn 0, nếu không sẽ không request nào được gửi đi."
            ),
            PolicyError::CanaryWeightOver100(w) => format!(
                "Trọng số canary {w}% không hợp lệ: phải nằm trong khoảng 0–100%."
            ),
            PolicyError::BadDuration(text) => format!(
                "“{text}” không phải thời lượng hợp lệ: hãy viết dạng 2s, 250ms hoặc 1m."
            ),
        }
    }
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for PolicyError {}

impl Policy {
    /// Checks every field; the first problem found is returned.
    pub fn validate(&self) -> Result<(), PolicyError> {
        let r = &self.retries;
        if r.attempts > MAX_ATTEMPTS {
            return Err(PolicyError::TooManyAttempts(r.attempts));
        }
        if r.attempts > 0 && r.retry_on.is_empty() {
            return Err(PolicyError::EmptyRetryOn);
        }
        if r.per_try_timeout_ms == Some(0) {
            return Err(PolicyError::PerTryTimeoutNotPositive);
        }
        if self.timeout_ms == Some(0) {
            return Err(PolicyError::TimeoutNotPositive);
        }
        if r.backoff_base_ms == 0 {
            return Err(PolicyError::BackoffNotPositive);
        }
        let o = &self.outlier;
        if o.interval_ms == 0 {
            return Err(PolicyError::IntervalNotPositive);
        }
        if o.base_ejection_time_ms == 0 {
            return Err(PolicyError::BaseEjectionTimeNotPositive);
        }
        if o.max_ejection_percent > 100 {
            return Err(PolicyError::MaxEjectionPercentOver100(
                o.max_ejection_percent,
            ));
        }
        let p = &self.pool;
        if p.max_connections == 0 {
            return Err(PolicyError::PoolLimitZero("maxConnections"));
        }
        if p.http2_max_requests == 0 {
            return Err(PolicyError::PoolLimitZero("http2MaxRequests"));
        }
        if let Some(w) = self.canary_v2_percent {
            if w > 100 {
                return Err(PolicyError::CanaryWeightOver100(w));
            }
        }
        Ok(())
    }

    /// Per-try timeout in force: Istio drops it when retries are off (`attempts: 0`).
    pub fn effective_per_try_timeout_ms(&self) -> Option<Millis> {
        if self.retries.attempts == 0 {
            None
        } else {
            self.retries.per_try_timeout_ms
        }
    }
}

/// How one try ended, as the client sidecar sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// 2xx from the upstream.
    Ok,
    /// An HTTP error status from the upstream (503 from an error fault, or propagated).
    Status(u16),
    /// TCP connect refused: pod or its sidecar is down (Envoy flag UF).
    ConnectFailure,
    /// The per-try timeout fired: a local reset (flag UT).
    PerTryTimeout,
    /// The route timeout fired: 504, never retried (flag UT).
    RouteTimeout,
    /// Connection-pool overflow: immediate 503, never retried (flag UO).
    Overflow,
    /// Every host ejected: 503 "no healthy upstream", never retried (flag UH).
    NoHealthyUpstream,
    /// The caller's own sidecar is down: the app cannot even reach localhost.
    LocalSidecarDown,
}

impl Outcome {
    /// The HTTP status the caller ends up with if this is the last try.
    pub fn status(self) -> u16 {
        match self {
            Outcome::Ok => 200,
            Outcome::Status(s) => s,
            Outcome::PerTryTimeout | Outcome::RouteTimeout => 504,
            Outcome::ConnectFailure
            | Outcome::Overflow
            | Outcome::NoHealthyUpstream
            | Outcome::LocalSidecarDown => 503,
        }
    }

    /// Envoy's response flag for a local failure, if any.
    pub fn envoy_flag(self) -> Option<&'static str> {
        match self {
            Outcome::ConnectFailure => Some("UF"),
            Outcome::PerTryTimeout | Outcome::RouteTimeout => Some("UT"),
            Outcome::Overflow => Some("UO"),
            Outcome::NoHealthyUpstream => Some("UH"),
            _ => None,
        }
    }

    /// Whether outlier detection counts it as a failure of the host (5xx or local origin).
    pub fn counts_against_host(self) -> bool {
        match self {
            Outcome::Status(s) => s >= 500,
            Outcome::ConnectFailure | Outcome::PerTryTimeout | Outcome::RouteTimeout => true,
            _ => false,
        }
    }
}

/// Envoy's retry decision (`wouldRetryFromHeaders` / `wouldRetryFromReset`), ignoring limits.
pub fn would_retry(outcome: Outcome, on: RetryOn) -> bool {
    use RetryCondition::*;
    match outcome {
        Outcome::Status(s) if s >= 500 => {
            on.contains(FiveXx) || (on.contains(GatewayError) && matches!(s, 502..=504))
        }
        Outcome::Status(_) | Outcome::Ok => false,
        // Any reset is retried by 5xx, gateway-error and reset; connect-failure adds this one.
        Outcome::ConnectFailure => {
            on.contains(FiveXx)
                || on.contains(GatewayError)
                || on.contains(Reset)
                || on.contains(ConnectFailure)
        }
        // A per-try timeout is a local reset.
        Outcome::PerTryTimeout => {
            on.contains(FiveXx) || on.contains(GatewayError) || on.contains(Reset)
        }
        // Overflow, no host, route timeout and a dead local sidecar never retry.
        Outcome::RouteTimeout
        | Outcome::Overflow
        | Outcome::NoHealthyUpstream
        | Outcome::LocalSidecarDown => false,
    }
}

/// Upper bound (exclusive) of Envoy's full-jitter back-off before retry `n` (1-based),
/// before the cap: (2^n − 1) × base.
pub fn backoff_range_us(retry: u32, base_ms: Millis) -> Micros {
    let mult = (1u64 << retry.clamp(1, 30)) - 1;
    mult.saturating_mul(base_ms.saturating_mul(1000))
}

/// Envoy's cap on one back-off: `max_interval` = 10 × base.
pub fn backoff_cap_us(base_ms: Millis) -> Micros {
    base_ms.saturating_mul(10_000)
}

/// Ejection time for the k-th consecutive ejection: min(k × base, 300 s), in ms.
pub fn ejection_time_ms(k: u32, base_ms: Millis) -> Millis {
    (k as u64).saturating_mul(base_ms).min(MAX_EJECTION_TIME_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_lesson_values_and_valid() {
        let p = Policy::default();
        assert_eq!(p.retries.attempts, 3);
        assert_eq!(p.retries.per_try_timeout_ms, Some(2000));
        assert_eq!(
            p.retries.retry_on.to_istio_string(),
            "5xx,reset,connect-failure"
        );
        assert_eq!(p.timeout_ms, Some(10_000));
        assert_eq!(p.outlier.max_ejection_percent, 50);
        assert!(p.validate().is_ok());
    }

    #[test]
    fn validation_errors_are_typed_with_vietnamese_text() {
        let mut p = Policy::default();
        p.retries.attempts = 11;
        let e = p.validate().unwrap_err();
        assert_eq!(e, PolicyError::TooManyAttempts(11));
        assert!(e.message_vi().contains("quá lớn"));
        let p = Policy {
            timeout_ms: Some(0),
            ..Policy::default()
        };
        assert_eq!(p.validate(), Err(PolicyError::TimeoutNotPositive));
        let mut p = Policy::default();
        p.outlier.max_ejection_percent = 101;
        assert!(p
            .validate()
            .unwrap_err()
            .message_vi()
            .contains("khoảng 0–100"));
    }

    #[test]
    fn retry_on_parses_and_prints() {
        let s = RetryOn::parse(" reset, 5xx ").unwrap();
        assert_eq!(s.to_istio_string(), "5xx,reset");
        assert!(matches!(
            RetryOn::parse("5xx,bogus"),
            Err(PolicyError::UnknownRetryOn(_))
        ));
    }

    #[test]
    fn envoy_retry_semantics() {
        let only = |c| RetryOn::NONE.with(c);
        use RetryCondition::*;
        assert!(would_retry(Outcome::ConnectFailure, only(FiveXx)));
        assert!(would_retry(Outcome::ConnectFailure, only(ConnectFailure)));
        assert!(!would_retry(Outcome::PerTryTimeout, only(ConnectFailure)));
        assert!(would_retry(Outcome::PerTryTimeout, only(GatewayError)));
        assert!(would_retry(Outcome::Status(500), only(FiveXx)));
        assert!(!would_retry(Outcome::Status(500), only(GatewayError)));
        assert!(would_retry(Outcome::Status(503), only(GatewayError)));
        assert!(!would_retry(Outcome::Status(503), only(Reset)));
        assert!(!would_retry(Outcome::Overflow, RetryOn::lesson()));
        assert!(!would_retry(Outcome::RouteTimeout, RetryOn::lesson()));
    }

    #[test]
    fn backoff_and_ejection_formulas() {
        assert_eq!(backoff_range_us(1, 25), 25_000);
        assert_eq!(backoff_range_us(2, 25), 75_000);
        assert_eq!(backoff_range_us(3, 25), 175_000);
        assert_eq!(backoff_cap_us(25), 250_000);
        assert_eq!(ejection_time_ms(1, 30_000), 30_000);
        assert_eq!(ejection_time_ms(3, 30_000), 90_000);
        assert_eq!(ejection_time_ms(20, 30_000), 300_000);
    }
}
