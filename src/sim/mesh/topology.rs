//! Services, pods and who calls whom. Service 0 is always the ingress gateway.

use super::Micros;

/// Most pods one service may have (a call remembers the hosts it tried in a 32-bit mask).
pub const MAX_PODS_PER_SERVICE: usize = 32;

/// Most services in a topology.
pub const MAX_SERVICES: usize = 16;

/// Most downstream calls one service's app makes per request.
pub const MAX_CALLS_PER_SERVICE: usize = 16;

/// A latency distribution, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Latency {
    /// Always the same.
    Fixed(Micros),
    /// Uniform in [lo, hi).
    Uniform {
        /// Lowest value.
        lo: Micros,
        /// Upper bound (exclusive).
        hi: Micros,
    },
    /// `min` plus an exponential tail of mean `mean_extra`: a cheap long tail for p99.
    ShiftedExp {
        /// Floor.
        min: Micros,
        /// Mean of the exponential part.
        mean_extra: Micros,
    },
}

/// A draw from the exponential distribution of mean 1 from 32 random bits, by inverse
/// transform: −ln u for u = (bits + ½) / 2^32 (never 0; the tail reaches 22.9), computed as
/// in `exp1_q24`. Draws take 32 bits so that one 64-bit word of the generator serves two.
pub fn exp1(bits: u32) -> f64 {
    exp1_q24(bits_word(bits)) as f64 * (1.0 / ONE_Q24 as f64)
}

/// `mean` × `exp1(bits)`, in whole microseconds, in integer arithmetic (no float conversion
/// on the path every request takes).
#[inline(always)]
pub fn exp_scaled(bits: u32, mean: Micros) -> Micros {
    let v = exp1_q24(bits_word(bits));
    if mean < 1 << 32 {
        // v is below 45·2^24 < 2^30, so the product stays below 2^62.
        (mean * v) >> 24
    } else {
        exp_scaled_far(v, mean)
    }
}

/// A mean of 2^32 µs (71 minutes) or more: in floating point, capped at 1e12 µs.
#[cold]
fn exp_scaled_far(v: u64, mean: Micros) -> Micros {
    let us = v as f64 * (1.0 / ONE_Q24 as f64) * mean as f64;
    // A comparison, not `f64::min`: in wasm that is a libm call.
    (if us < 1e12 { us } else { 1e12 }) as Micros
}

/// The 64-bit word for u = (bits + ½) / 2^32.
#[inline(always)]
fn bits_word(bits: u32) -> u64 {
    (bits as u64) << 32 | 1 << 31
}

const ONE_Q24: u64 = 1 << 24;
/// ln 2 · 2^24, rounded.
const LN2_Q24: u64 = (std::f64::consts::LN_2 * ONE_Q24 as f64 + 0.5) as u64;

/// −ln u for u = (x | 1) / 2^64, in fixed point with 24 fraction bits (to about 1e-5).
/// With y = x | 1 = m · 2^(63 − lz), m in [1, 2): −ln u = (lz + 1)·ln 2 − ln m, and ln m is
/// read off a 1 KB table with a linear step. No branch, and a table small enough to stay in
/// the L1 cache (an 8 KB table of −ln(1 − u) missed it on most draws in the profile).
#[inline(always)]
fn exp1_q24(x: u64) -> u64 {
    let y = x | 1;
    let lz = y.leading_zeros();
    // The leading 1 at bit 63, then 7 bits of table index and 32 bits of step fraction.
    let norm = y << lz;
    let i = ((norm >> (63 - LN_BITS)) as usize) & (LN_STEPS - 1);
    let frac = (norm >> (63 - LN_BITS - 32)) & 0xFFFF_FFFF;
    let (q, step) = LN_Q24[i];
    let ln_m = q as u64 + ((step as u64 * frac) >> 32);
    (lz as u64 + 1) * LN2_Q24 - ln_m
}

const LN_BITS: u32 = 7;
const LN_STEPS: usize = 1 << LN_BITS;

/// Per i: (ln(1 + i/128)·2^24, the step to i + 1), rounded; built at compile time in exact
/// IEEE arithmetic, so the same numbers on every target.
static LN_Q24: [(u32, u32); LN_STEPS] = {
    let mut q = [0u32; LN_STEPS + 1];
    let mut i = 0;
    while i <= LN_STEPS {
        let m = 1.0 + i as f64 / LN_STEPS as f64;
        q[i] = (ln_near_one(m) * ONE_Q24 as f64 + 0.5) as u32;
        i += 1;
    }
    let mut t = [(0, 0); LN_STEPS];
    let mut i = 0;
    while i < LN_STEPS {
        t[i] = (q[i], q[i + 1] - q[i]);
        i += 1;
    }
    t
};

/// ln m for m in [1, 2], for the table built at compile time: ln m = 2·atanh(u) with
/// u = (m − 1)/(m + 1) ≤ 1/3, whose series to u^41 is exact to 1 ulp.
const fn ln_near_one(m: f64) -> f64 {
    let u = (m - 1.0) / (m + 1.0);
    let u2 = u * u;
    let mut sum = 0.0;
    let mut k = 41;
    while k >= 1 {
        sum = 1.0 / k as f64 + u2 * sum;
        k -= 2;
    }
    2.0 * u * sum
}

impl Latency {
    /// One sample from 32 random bits: a try draws one 64-bit word and spends it on two
    /// samples, its sidecars' and its pod's, one generator step instead of two.
    #[inline(always)]
    pub fn sample(&self, bits: u32) -> Micros {
        match *self {
            Latency::Fixed(v) => v,
            Latency::Uniform { lo, hi } => {
                if hi <= lo {
                    return lo;
                }
                let span = hi - lo;
                let step = if span <= u32::MAX as u64 {
                    (bits as u64 * span) >> 32
                } else {
                    // Beyond 71 minutes, steps of span / 2^32 are fine enough.
                    (span >> 32) * bits as u64
                };
                lo + step
            }
            Latency::ShiftedExp { min, mean_extra } => {
                if mean_extra == 0 {
                    return min;
                }
                min.saturating_add(exp_scaled(bits, mean_extra))
            }
        }
    }

    /// The mean, for text and estimates.
    pub fn mean(&self) -> f64 {
        match *self {
            Latency::Fixed(v) => v as f64,
            Latency::Uniform { lo, hi } => (lo as f64 + hi.max(lo) as f64) / 2.0,
            Latency::ShiftedExp { min, mean_extra } => min as f64 + mean_extra as f64,
        }
    }
}

/// One pod of a service.
#[derive(Debug, Clone, PartialEq)]
pub struct PodSpec {
    /// Version label (1 = `v1`, 2 = `v2`); `v2` pods form the canary subset.
    pub version: u8,
    /// Time the application takes for one request, when not overloaded.
    pub latency: Latency,
    /// Requests the app handles at full speed; beyond it every request slows proportionally.
    pub capacity: u32,
}

/// What a service is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceKind {
    /// The ingress gateway: Envoy pods with no application behind them.
    Gateway,
    /// An application service; each pod runs the app beside a sidecar.
    App,
}

/// A service: its pods and the services its app calls, one after the other.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSpec {
    /// Kubernetes service name, e.g. `user-service`.
    pub name: String,
    /// Gateway or application.
    pub kind: ServiceKind,
    /// Its pods.
    pub pods: Vec<PodSpec>,
    /// Downstream services (indices), called sequentially; the first failure stops the chain.
    pub calls: Vec<usize>,
}

/// The whole mesh layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// Service 0 is the gateway.
    pub services: Vec<ServiceSpec>,
    /// Index of the service that has `v2` pods (canary), if any.
    pub canary_service: Option<usize>,
}

/// What is wrong with a topology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopologyError {
    /// No services, or service 0 is not a gateway, or another gateway exists.
    GatewayMissingOrMisplaced,
    /// The gateway must forward to exactly one service.
    GatewayMustCallOne,
    /// A service has no pods, or too many.
    BadPodCount(String),
    /// Too many services.
    TooManyServices,
    /// A call to a service index that does not exist, or to the gateway.
    BadCall(String),
    /// A service makes more than `MAX_CALLS_PER_SERVICE` calls.
    TooManyCalls(String),
    /// The call graph has a cycle (a request would never end).
    Cycle,
    /// A pod capacity of 0.
    ZeroCapacity(String),
}

impl TopologyError {
    /// The message shown to the student, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            TopologyError::GatewayMissingOrMisplaced => {
                "Sơ đồ phải có đúng một gateway và nó phải là service đầu tiên.".to_string()
            }
            TopologyError::GatewayMustCallOne => {
                "Gateway phải chuyển tiếp tới đúng một service.".to_string()
            }
            TopologyError::BadPodCount(s) => format!(
                "Service “{s}” phải có từ 1 đến {MAX_PODS_PER_SERVICE} pod."
            ),
            TopologyError::TooManyServices => {
                format!("Sơ đồ có quá nhiều service (tối đa {MAX_SERVICES}).")
            }
            TopologyError::BadCall(s) => format!(
                "Service “{s}” gọi tới một service không tồn tại hoặc gọi ngược về gateway."
            ),
            TopologyError::TooManyCalls(s) => format!(
                "Service “{s}” gọi quá nhiều lần cho mỗi request (tối đa {MAX_CALLS_PER_SERVICE} lời gọi)."
            ),
            TopologyError::Cycle => {
                "Các lời gọi giữa service tạo thành vòng lặp: một request sẽ không bao giờ kết thúc."
                    .to_string()
            }
            TopologyError::ZeroCapacity(s) => {
                format!("Pod của service “{s}” phải có capacity lớn hơn 0.")
            }
        }
    }
}

impl std::fmt::Display for TopologyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for TopologyError {}

const MS: Micros = 1000;

fn pods(n: usize, latency: Latency) -> Vec<PodSpec> {
    (0..n)
        .map(|_| PodSpec {
            version: 1,
            latency,
            capacity: 200,
        })
        .collect()
}

fn gateway(pods_n: usize, calls: usize) -> ServiceSpec {
    ServiceSpec {
        name: "istio-ingressgateway".to_string(),
        kind: ServiceKind::Gateway,
        pods: pods(pods_n, Latency::Fixed(0)),
        calls: vec![calls],
    }
}

impl Topology {
    /// The lab's shop: gateway → order → user, inventory, payment (payment has a `v2` pod).
    pub fn shop() -> Self {
        let app = |name: &str, n: usize, lat: Latency, calls: Vec<usize>| ServiceSpec {
            name: name.to_string(),
            kind: ServiceKind::App,
            pods: pods(n, lat),
            calls,
        };
        let mut payment = app(
            "payment-service",
            3,
            Latency::ShiftedExp {
                min: 4 * MS,
                mean_extra: 4 * MS,
            },
            vec![],
        );
        payment.pods[2].version = 2;
        Topology {
            services: vec![
                gateway(2, 1),
                app(
                    "order-service",
                    3,
                    Latency::ShiftedExp {
                        min: 2 * MS,
                        mean_extra: 2 * MS,
                    },
                    vec![2, 4, 3],
                ),
                app(
                    "user-service",
                    2,
                    Latency::ShiftedExp {
                        min: 2 * MS,
                        mean_extra: 3 * MS,
                    },
                    vec![],
                ),
                payment,
                app(
                    "inventory-service",
                    2,
                    Latency::ShiftedExp {
                        min: MS,
                        mean_extra: 2 * MS,
                    },
                    vec![],
                ),
            ],
            canary_service: Some(3),
        }
    }

    /// A chain for retry storms: gateway → layer-1 → … → layer-N, so N retrying hops.
    pub fn chain(layers: usize, pods_per_layer: usize) -> Self {
        let mut services = vec![gateway(1, 1)];
        for i in 1..=layers {
            services.push(ServiceSpec {
                name: format!("layer-{i}"),
                kind: ServiceKind::App,
                pods: pods(pods_per_layer, Latency::Uniform { lo: MS, hi: 2 * MS }),
                calls: if i < layers { vec![i + 1] } else { vec![] },
            });
        }
        Topology {
            services,
            canary_service: None,
        }
    }

    /// Checks the shape; the engine relies on it.
    pub fn validate(&self) -> Result<(), TopologyError> {
        let n = self.services.len();
        if n == 0 || self.services[0].kind != ServiceKind::Gateway {
            return Err(TopologyError::GatewayMissingOrMisplaced);
        }
        if n > MAX_SERVICES {
            return Err(TopologyError::TooManyServices);
        }
        for (i, s) in self.services.iter().enumerate() {
            if i > 0 && s.kind == ServiceKind::Gateway {
                return Err(TopologyError::GatewayMissingOrMisplaced);
            }
            if s.pods.is_empty() || s.pods.len() > MAX_PODS_PER_SERVICE {
                return Err(TopologyError::BadPodCount(s.name.clone()));
            }
            if s.pods.iter().any(|p| p.capacity == 0) {
                return Err(TopologyError::ZeroCapacity(s.name.clone()));
            }
            if s.calls.iter().any(|&c| c == 0 || c >= n) {
                return Err(TopologyError::BadCall(s.name.clone()));
            }
            if s.calls.len() > MAX_CALLS_PER_SERVICE {
                return Err(TopologyError::TooManyCalls(s.name.clone()));
            }
        }
        if self.services[0].calls.len() != 1 {
            return Err(TopologyError::GatewayMustCallOne);
        }
        // Depth-first search for a cycle; the graph is tiny.
        let mut state = vec![0u8; n];
        fn visit(t: &Topology, i: usize, state: &mut [u8]) -> bool {
            if state[i] == 1 {
                return false;
            }
            if state[i] == 2 {
                return true;
            }
            state[i] = 1;
            for &c in &t.services[i].calls {
                if !visit(t, c, state) {
                    return false;
                }
            }
            state[i] = 2;
            true
        }
        if !visit(self, 0, &mut state) {
            return Err(TopologyError::Cycle);
        }
        Ok(())
    }

    /// Total pods, gateway included.
    pub fn pod_count(&self) -> usize {
        self.services.iter().map(|s| s.pods.len()).sum()
    }

    /// Service-to-service hops one user request crosses when nothing fails.
    pub fn hops_per_request(&self) -> usize {
        fn hops(t: &Topology, i: usize) -> usize {
            t.services[i].calls.iter().map(|&c| 1 + hops(t, c)).sum()
        }
        hops(self, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::Rng;

    #[test]
    fn shop_and_chain_are_valid() {
        assert!(Topology::shop().validate().is_ok());
        assert!(Topology::chain(4, 2).validate().is_ok());
        assert_eq!(Topology::shop().hops_per_request(), 4);
        assert_eq!(Topology::chain(3, 1).hops_per_request(), 3);
    }

    #[test]
    fn too_many_calls_are_rejected() {
        let mut t = Topology::chain(2, 1);
        t.services[1].calls = vec![2; MAX_CALLS_PER_SERVICE];
        assert!(t.validate().is_ok());
        t.services[1].calls.push(2);
        let e = t.validate().unwrap_err();
        assert_eq!(e, TopologyError::TooManyCalls("layer-1".to_string()));
        assert!(e.message_vi().contains("tối đa 16"));
    }

    #[test]
    fn cycles_are_rejected() {
        let mut t = Topology::chain(2, 1);
        t.services[2].calls = vec![1];
        assert_eq!(t.validate(), Err(TopologyError::Cycle));
    }

    #[test]
    fn exponential_draws_match_the_logarithm() {
        let exact = |x: u64| -((x | 1) as f64 / 2f64.powi(64)).ln();
        let mut r = Rng::new(9);
        let edges = [0, 1, 2, 3, 1 << 20, 1 << 63, u64::MAX - 1, u64::MAX];
        for x in edges.into_iter().chain((0..100_000).map(|_| r.next_u64())) {
            let got = exp1_q24(x) as f64 / ONE_Q24 as f64;
            assert!((got - exact(x)).abs() < 1e-5, "{x}: {got} vs {}", exact(x));
        }
        let mut r = Rng::new(4);
        let n = 200_000;
        let draws: Vec<f64> = (0..n).map(|_| exp1(r.next_u32())).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        assert!((mean - 1.0).abs() < 0.01, "{mean}");
        // The far tail is there: P(X > ln 1024) = 1/1024.
        let tail = draws.iter().filter(|&&x| x > 1024f64.ln()).count();
        assert!((120..280).contains(&tail), "{tail}");
    }

    #[test]
    fn integer_exponential_matches_the_float_one() {
        let mut a = Rng::new(11);
        let mut b = Rng::new(11);
        for mean in [1, 7, 2_000, 123_456, 3_600_000_000, 1 << 32, 1 << 40] {
            for _ in 0..20_000 {
                let int = exp_scaled(a.next_u32(), mean);
                let float = exp1(b.next_u32()) * mean as f64;
                let float = if float < 1e12 { float } else { 1e12 };
                // Rounding the table to 2^-24 costs at most 2^-23 of the mean.
                let err = (int as f64 - float).abs();
                assert!(
                    err <= 1.0 + mean as f64 / 8e6,
                    "mean {mean}: {int} vs {float}"
                );
            }
        }
    }

    #[test]
    fn latency_samples_stay_in_range() {
        let mut r = Rng::new(1);
        let u = Latency::Uniform { lo: 10, hi: 20 };
        for _ in 0..1000 {
            let v = u.sample(r.next_u32());
            assert!((10..20).contains(&v));
        }
        assert_eq!((u.sample(0), u.sample(u32::MAX)), (10, 19));
        let e = Latency::ShiftedExp {
            min: 100,
            mean_extra: 50,
        };
        let mean: f64 = (0..20_000)
            .map(|_| e.sample(r.next_u32()) as f64)
            .sum::<f64>()
            / 20_000.0;
        assert!((mean - 150.0).abs() < 5.0, "{mean}");
    }
}
