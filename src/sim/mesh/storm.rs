//! Retry storms: N layers each retrying with A tries, measured on the deepest service and
//! compared with the closed forms (A^N when the deepest always fails).

use super::policy::{Policy, MAX_ATTEMPTS};
use super::sim::{Fault, Mesh, MeshConfig, MeshError};
use super::topology::Topology;
use super::{ServiceId, SEC};

/// Most layers a storm may have.
pub const MAX_LAYERS: u32 = 8;

/// Most tries the deepest service may receive in one storm run.
pub const MAX_STORM_TRIES: f64 = 2_000_000.0;

/// Worst-case tries on the deepest service per user request: A^N.
pub fn closed_form(tries_per_layer: u32, layers: u32) -> f64 {
    (tries_per_layer as f64).powi(layers as i32)
}

/// Expected tries on the deepest service per user request when only the deepest service
/// fails, independently with probability `p`, and every layer makes up to `tries` tries.
/// At p = 1 it is A^N; at p = 0 it is 1.
pub fn expected_deepest_tries(p: f64, tries: u32, layers: u32) -> f64 {
    let p = p.clamp(0.0, 1.0);
    let a = tries.max(1) as i32;
    // Walk up from the deepest hop: tries made there, and the chance a call there fails.
    let mut fail = p;
    let mut load = 1.0;
    for _ in 0..layers {
        let per_call = if fail >= 1.0 {
            a as f64
        } else {
            (1.0 - fail.powi(a)) / (1.0 - fail)
        };
        load *= per_call;
        fail = fail.powi(a);
    }
    load
}

/// What to run.
#[derive(Debug, Clone, PartialEq)]
pub struct StormSetup {
    /// Retrying hops (gateway → layer-1 is the first).
    pub layers: u32,
    /// Tries per layer, A = 1 + attempts.
    pub tries_per_layer: u32,
    /// Error rate of the deepest service's pods.
    pub failure_rate: f64,
    /// User requests sent.
    pub user_requests: u32,
    /// Their rate (per second).
    pub request_rate: f64,
}

impl Default for StormSetup {
    /// 3 layers, Istio's lesson default of 4 tries (attempts 3), deepest always failing.
    fn default() -> Self {
        StormSetup {
            layers: 3,
            tries_per_layer: 4,
            failure_rate: 1.0,
            user_requests: 50,
            request_rate: 20.0,
        }
    }
}

/// The measured storm beside its closed forms.
#[derive(Debug, Clone, PartialEq)]
pub struct StormReport {
    /// User requests sent.
    pub user_requests: u64,
    /// Tries the deepest service received.
    pub deepest_tries: u64,
    /// deepest_tries ÷ user_requests.
    pub measured: f64,
    /// A^N.
    pub closed_form: f64,
    /// Expected value for the failure rate used.
    pub expected: f64,
    /// Share of user requests that succeeded.
    pub success_rate: f64,
}

/// Runs a chain of `layers` services, each hop retrying with the same policy (no timeouts,
/// no ejection, so nothing cuts the storm short), the deepest service failing at
/// `failure_rate`.
pub fn run_storm(setup: &StormSetup, seed: u64) -> Result<StormReport, MeshError> {
    if setup.layers == 0 || setup.layers > MAX_LAYERS {
        return Err(MeshError::StormTooLarge);
    }
    if setup.tries_per_layer == 0 || setup.tries_per_layer > MAX_ATTEMPTS + 1 {
        return Err(MeshError::StormTooLarge);
    }
    if !(0.0..=1.0).contains(&setup.failure_rate) {
        return Err(MeshError::BadErrorRate(setup.failure_rate));
    }
    let expected = expected_deepest_tries(setup.failure_rate, setup.tries_per_layer, setup.layers);
    if expected * setup.user_requests as f64 > MAX_STORM_TRIES {
        return Err(MeshError::StormTooLarge);
    }
    let mut policy = Policy::default();
    policy.retries.attempts = setup.tries_per_layer - 1;
    policy.retries.per_try_timeout_ms = None;
    policy.timeout_ms = None;
    policy.outlier.consecutive_5xx_errors = 0;
    policy.pool.http2_max_requests = u32::MAX;
    policy.pool.http1_max_pending_requests = u32::MAX;
    let layers = setup.layers as usize;
    let config = MeshConfig {
        topology: Topology::chain(layers, 2),
        policy,
        request_rate: setup.request_rate,
        request_limit: Some(setup.user_requests as u64),
        ..MeshConfig::default()
    };
    let mut mesh = Mesh::new(config, seed)?;
    for pod in mesh.pods_of(ServiceId(layers)) {
        mesh.inject(Fault::ErrorRate {
            pod,
            rate: setup.failure_rate,
        })?;
    }
    mesh.run_until_idle(24 * 3600 * SEC);
    let t = mesh.totals();
    let users = t.user_requests_started;
    let deepest = t.tries_by_service[layers];
    Ok(StormReport {
        user_requests: users,
        deepest_tries: deepest,
        measured: if users == 0 {
            0.0
        } else {
            deepest as f64 / users as f64
        },
        closed_form: closed_form(setup.tries_per_layer, setup.layers),
        expected,
        success_rate: t.success_rate(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_forms() {
        assert_eq!(closed_form(3, 5), 243.0);
        assert_eq!(expected_deepest_tries(1.0, 3, 5), 243.0);
        assert_eq!(expected_deepest_tries(0.0, 3, 5), 1.0);
        // One layer: (1 − p^A)/(1 − p).
        let e = expected_deepest_tries(0.5, 3, 1);
        assert!((e - 1.75).abs() < 1e-12);
    }

    #[test]
    fn full_failure_storm_matches_a_to_the_n() {
        let r = run_storm(
            &StormSetup {
                layers: 3,
                tries_per_layer: 3,
                failure_rate: 1.0,
                user_requests: 20,
                request_rate: 50.0,
            },
            9,
        )
        .unwrap();
        assert_eq!(r.user_requests, 20);
        assert_eq!(r.measured, 27.0);
        assert_eq!(r.success_rate, 0.0);
    }
}
