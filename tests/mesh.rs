#![cfg(not(target_arch = "wasm32"))]
//! Integration and property tests of the service-mesh engine against Istio/Envoy semantics.

use advanced_patterns_lab::sim::mesh::policy::{
    backoff_cap_us, backoff_range_us, ejection_time_ms, MAX_EJECTION_TIME_MS,
};
use advanced_patterns_lab::sim::mesh::storm::{
    closed_form, expected_deepest_tries, run_storm, StormSetup,
};
use advanced_patterns_lab::sim::mesh::yaml::{format_duration, render, Target};
use advanced_patterns_lab::sim::mesh::{
    Fault, LbPolicy, Mesh, MeshConfig, MeshEventKind, Mode, MtlsMode, Outcome, Policy, PolicyError,
    RetryCondition, RetryOn, ServiceId, Subset, Topology, TraceKind, MS, SEC,
};
use proptest::prelude::*;

const USER: ServiceId = ServiceId(2);
const PAYMENT: ServiceId = ServiceId(3);

fn shop(rate: f64) -> MeshConfig {
    MeshConfig {
        request_rate: rate,
        ..MeshConfig::default()
    }
}

/// gateway → layer-1 (leaf): one retrying hop, for exact per-hop checks.
fn one_hop(policy: Policy, rate: f64, limit: Option<u64>) -> MeshConfig {
    MeshConfig {
        topology: Topology::chain(1, 3),
        policy,
        request_rate: rate,
        request_limit: limit,
        ..MeshConfig::default()
    }
}

fn no_outlier(mut p: Policy) -> Policy {
    p.outlier.consecutive_5xx_errors = 0;
    p
}

fn lb_strategy() -> impl Strategy<Value = LbPolicy> {
    prop_oneof![
        Just(LbPolicy::RoundRobin),
        Just(LbPolicy::LeastRequest),
        Just(LbPolicy::Random)
    ]
}

fn retry_on_strategy() -> impl Strategy<Value = RetryOn> {
    (1u8..16).prop_map(|bits| {
        let mut s = RetryOn::NONE;
        for (i, c) in RetryCondition::ALL.iter().enumerate() {
            if bits & (1 << i) != 0 {
                s = s.with(*c);
            }
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Istio's `attempts` counts retries: a call never makes more than 1 + attempts tries,
    /// at every layer, whatever fails.
    #[test]
    fn tries_per_call_never_exceed_one_plus_attempts(
        attempts in 0u32..=5,
        per_try in prop_oneof![Just(None), (5u64..400).prop_map(Some)],
        retry_on in retry_on_strategy(),
        lb in lb_strategy(),
        err in 0.0f64..0.9,
        delay_ms in 0u64..300,
        seed in any::<u64>(),
    ) {
        let mut p = Policy::default();
        p.retries.attempts = attempts;
        p.retries.per_try_timeout_ms = per_try;
        p.retries.retry_on = retry_on;
        p.load_balancer = lb;
        p.timeout_ms = Some(1_000);
        let mut m = Mesh::new(MeshConfig { policy: p, ..shop(300.0) }, seed).unwrap();
        let users = m.pods_of(USER);
        m.inject(Fault::ErrorRate { pod: users[0], rate: err }).unwrap();
        m.inject(Fault::Delay { pod: users[1], added_ms: delay_ms }).unwrap();
        m.inject(Fault::Crash { pod: m.pods_of(PAYMENT)[0] }).unwrap();
        m.advance(2 * SEC);
        prop_assert!(m.totals().max_tries_per_call <= 1 + attempts,
            "max {} attempts {}", m.totals().max_tries_per_call, attempts);
    }

    /// Across N retrying layers the deepest service sees at most (1 + attempts)^N tries
    /// per user request.
    #[test]
    fn layered_tries_are_bounded_by_a_to_the_n(
        layers in 1usize..=3,
        attempts in 0u32..=3,
        err in 0.0f64..=1.0,
        seed in any::<u64>(),
    ) {
        let mut p = no_outlier(Policy::default());
        p.retries.attempts = attempts;
        let c = MeshConfig {
            topology: Topology::chain(layers, 2),
            policy: p,
            request_rate: 50.0,
            request_limit: Some(40),
            ..MeshConfig::default()
        };
        let mut m = Mesh::new(c, seed).unwrap();
        for pod in m.pods_of(ServiceId(layers)) {
            m.inject(Fault::ErrorRate { pod, rate: err }).unwrap();
        }
        prop_assert!(m.run_until_idle(3600 * SEC));
        let t = m.totals();
        let bound = closed_form(1 + attempts, layers as u32) * t.user_requests_started as f64;
        prop_assert!(t.tries_by_service[layers] as f64 <= bound);
        prop_assert!(t.max_tries_per_call <= 1 + attempts);
    }

    /// No client sidecar ever ejects more than maxEjectionPercent of a cluster's hosts
    /// (this engine does not implement Envoy's opt-in "always eject one host").
    #[test]
    fn ejections_never_exceed_max_ejection_percent(
        pct in 0u32..=100,
        consecutive in 1u32..=5,
        err in 0.3f64..=1.0,
        crash_all in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let mut p = Policy::default();
        p.outlier.max_ejection_percent = pct;
        p.outlier.consecutive_5xx_errors = consecutive;
        p.outlier.interval_ms = 1_000;
        p.outlier.base_ejection_time_ms = 2_000;
        let mut m = Mesh::new(MeshConfig { policy: p, ..shop(400.0) }, seed).unwrap();
        for s in 1..5 {
            for (i, pod) in m.pods_of(ServiceId(s)).into_iter().enumerate() {
                if crash_all || i == 0 {
                    m.inject(Fault::Crash { pod }).unwrap();
                } else {
                    m.inject(Fault::ErrorRate { pod, rate: err }).unwrap();
                }
            }
        }
        for _ in 0..30 {
            m.advance(100 * MS);
            for c in m.clusters() {
                let ejected = c.hosts.iter().filter(|h| h.ejected).count() as u64;
                prop_assert!(ejected * 100 <= pct as u64 * c.hosts.len() as u64,
                    "{ejected} of {} ejected at {pct}%", c.hosts.len());
            }
        }
    }

    /// The k-th ejection in a row lasts min(k × baseEjectionTime, 300 s), and the host comes
    /// back at the first sweep after that.
    #[test]
    fn ejection_time_grows_and_is_capped(
        base_s in 20u64..=120,
        interval_s in 1u64..=10,
        seed in any::<u64>(),
    ) {
        let mut p = Policy::default();
        p.outlier.base_ejection_time_ms = base_s * 1000;
        p.outlier.interval_ms = interval_s * 1000;
        p.outlier.consecutive_5xx_errors = 1;
        p.outlier.max_ejection_percent = 50;
        let c = MeshConfig { policy: p, ..one_hop(Policy::default(), 20.0, None) };
        let mut m = Mesh::new(c, seed).unwrap();
        let bad = m.pods_of(ServiceId(1))[0];
        m.inject(Fault::Crash { pod: bad }).unwrap();
        let mut seen = 0u64;
        let mut open: Option<(u64, u64)> = None;
        let mut max_k = 0;
        for _ in 0..(1500 / interval_s) {
            m.advance(interval_s * SEC);
            for e in m.events_since(seen) {
                seen = e.seq + 1;
                match e.kind {
                    MeshEventKind::Ejected { pod, times, duration_us, .. } => {
                        prop_assert_eq!(pod, bad);
                        prop_assert_eq!(duration_us,
                            ejection_time_ms(times, base_s * 1000) * 1000);
                        prop_assert_eq!(duration_us,
                            (times as u64 * base_s * SEC).min(MAX_EJECTION_TIME_MS * 1000));
                        max_k = max_k.max(times);
                        open = Some((e.at, duration_us));
                    }
                    MeshEventKind::Returned { pod, .. } => {
                        prop_assert_eq!(pod, bad);
                        let (at, dur) = open.take().expect("returned without ejection");
                        prop_assert!(e.at >= at + dur);
                        prop_assert!(e.at < at + dur + interval_s * SEC);
                    }
                    _ => {}
                }
            }
        }
        // The crashed pod keeps failing, so it is ejected again and again: k grows.
        prop_assert!(max_k >= 3, "k reached {max_k}");
    }

    /// Same seed, same policy, same faults: the very same run.
    #[test]
    fn same_seed_same_run(seed in any::<u64>(), err in 0.0f64..0.5, lb in lb_strategy()) {
        let run = || {
            let p = Policy { load_balancer: lb, ..Policy::default() };
            let mut m = Mesh::new(MeshConfig { policy: p, ..shop(800.0) }, seed).unwrap();
            let pod = m.pods_of(USER)[0];
            m.inject(Fault::ErrorRate { pod, rate: err }).unwrap();
            m.set_trace_every(97);
            m.advance(3 * SEC);
            (m.buckets(), m.totals(), m.trace().cloned(), m.events_since(0))
        };
        prop_assert_eq!(run(), run());
    }

    /// The route timeout covers every try: no try starts after it, the call ends at it
    /// with 504 when it fires.
    #[test]
    fn route_timeout_ends_in_504_with_no_later_try(
        timeout_ms in 50u64..3_000,
        per_try_ms in 20u64..2_000,
        delay_ms in 0u64..4_000,
        seed in any::<u64>(),
    ) {
        let mut p = no_outlier(Policy::default());
        p.timeout_ms = Some(timeout_ms);
        p.retries.per_try_timeout_ms = Some(per_try_ms);
        p.retries.attempts = 5;
        let mut m = Mesh::new(one_hop(p, 10.0, Some(1)), seed).unwrap();
        for pod in m.pods_of(ServiceId(1)) {
            m.inject(Fault::Delay { pod, added_ms: delay_ms }).unwrap();
        }
        m.trace_next();
        prop_assert!(m.run_until_idle(60 * SEC));
        let t = m.trace().expect("traced").clone();
        let call_start = t.steps.iter()
            .find(|s| matches!(s.kind, TraceKind::CallStart { .. })).unwrap().at;
        let deadline = call_start + timeout_ms * MS;
        for s in &t.steps {
            if let TraceKind::TryStart { .. } = s.kind {
                prop_assert!(s.at < deadline, "try at {} after deadline {}", s.at, deadline);
            }
        }
        let end = t.steps.iter()
            .find(|s| matches!(s.kind, TraceKind::CallEnd { .. })).unwrap();
        prop_assert!(end.at <= deadline);
        let timed_out = t.steps.iter().any(|s| matches!(s.kind,
            TraceKind::TryEnd { outcome: Outcome::RouteTimeout, .. }));
        if timed_out {
            prop_assert_eq!(end.at, deadline);
            prop_assert_eq!(t.status, Some(504));
        }
        if delay_ms * MS > timeout_ms * MS + 10 * MS {
            prop_assert_eq!(t.status, Some(504));
        }
    }

    /// Full-jitter back-off: retry n waits less than (2^n − 1)·25 ms and at most 250 ms.
    #[test]
    fn backoff_is_full_jitter_within_envoy_bounds(seed in any::<u64>()) {
        let mut p = no_outlier(Policy::default());
        p.retries.attempts = 6;
        let mut m = Mesh::new(one_hop(p, 10.0, Some(1)), seed).unwrap();
        for pod in m.pods_of(ServiceId(1)) {
            m.inject(Fault::ErrorRate { pod, rate: 1.0 }).unwrap();
        }
        m.trace_next();
        prop_assert!(m.run_until_idle(60 * SEC));
        let t = m.trace().unwrap();
        let waits: Vec<(u32, u64)> = t.steps.iter().filter_map(|s| match s.kind {
            TraceKind::Backoff { retry_no, wait_us } => Some((retry_no, wait_us)),
            _ => None,
        }).collect();
        prop_assert_eq!(waits.len(), 6);
        for (n, w) in waits {
            prop_assert!(w < backoff_range_us(n, 25));
            prop_assert!(w <= backoff_cap_us(25));
        }
        prop_assert_eq!(t.tries(), 7);
        prop_assert_eq!(t.status, Some(503));
    }

    /// The YAML carries every policy value, in Istio's spelling.
    #[test]
    fn yaml_contains_the_policy_values(
        attempts in 1u32..=10,
        per_try_ms in 1u64..100_000,
        timeout_ms in 1u64..100_000,
        retry_on in retry_on_strategy(),
        consecutive in 0u32..50,
        interval_ms in 1u64..600_000,
        base_ms in 1u64..600_000,
        pct in 0u32..=100,
        lb in lb_strategy(),
        strict in any::<bool>(),
        pending in 1u32..10_000,
        max_req in 1u32..10_000,
    ) {
        let mut p = Policy::default();
        p.retries.attempts = attempts;
        p.retries.per_try_timeout_ms = Some(per_try_ms);
        p.retries.retry_on = retry_on;
        p.timeout_ms = Some(timeout_ms);
        p.outlier.consecutive_5xx_errors = consecutive;
        p.outlier.interval_ms = interval_ms;
        p.outlier.base_ejection_time_ms = base_ms;
        p.outlier.max_ejection_percent = pct;
        p.load_balancer = lb;
        p.mtls = if strict { MtlsMode::Strict } else { MtlsMode::Permissive };
        p.pool.http1_max_pending_requests = pending;
        p.pool.http2_max_requests = max_req;
        prop_assert!(p.validate().is_ok());
        let target = Target { service: "user-service", namespace: "production", canary_subsets: false };
        let y = render(&p, &target);
        let expect = [
            format!("        attempts: {attempts}\n"),
            format!("        perTryTimeout: {}\n", format_duration(per_try_ms)),
            format!("        retryOn: {}\n", retry_on.to_istio_string()),
            format!("      timeout: {}\n", format_duration(timeout_ms)),
            format!("      consecutive5xxErrors: {consecutive}\n"),
            format!("      interval: {}\n", format_duration(interval_ms)),
            format!("      baseEjectionTime: {}\n", format_duration(base_ms)),
            format!("      maxEjectionPercent: {pct}\n"),
            format!("      simple: {}\n", lb.as_str()),
            format!("    mode: {}\n", p.mtls.as_str()),
            format!("        http1MaxPendingRequests: {pending}\n"),
            format!("        http2MaxRequests: {max_req}\n"),
        ];
        for e in expect {
            prop_assert!(y.contains(&e), "missing {:?}", e);
        }
        prop_assert_eq!(y.matches("\n---\n").count(), 2);
        prop_assert_eq!(render(&p, &target), y);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// With independent failures of probability p and A tries, success ≈ 1 − p^A, within
    /// 4.5 binomial standard errors.
    #[test]
    fn success_rate_matches_one_minus_p_to_the_a(
        p_fail in 0.1f64..0.8,
        tries in 1u32..=4,
        seed in any::<u64>(),
    ) {
        let n = 20_000u64;
        let mut policy = no_outlier(Policy::default());
        policy.retries.attempts = tries - 1;
        let mut m = Mesh::new(one_hop(policy, 5_000.0, Some(n)), seed).unwrap();
        for pod in m.pods_of(ServiceId(1)) {
            m.inject(Fault::ErrorRate { pod, rate: p_fail }).unwrap();
        }
        prop_assert!(m.run_until_idle(3600 * SEC));
        let t = m.totals();
        prop_assert_eq!(t.user_requests, n);
        let expected = 1.0 - p_fail.powi(tries as i32);
        let se = (expected * (1.0 - expected) / n as f64).sqrt();
        let got = t.success_rate();
        prop_assert!((got - expected).abs() <= 4.5 * se + 1e-9,
            "got {got}, expected {expected} ± {}", 4.5 * se);
        // Expected tries per call: (1 − p^A)/(1 − p).
        let tries_per_call = t.tries as f64 / t.calls as f64;
        let want = expected_deepest_tries(p_fail, tries, 1);
        prop_assert!((tries_per_call - want).abs() < 0.05 * want, "{tries_per_call} vs {want}");
    }
}

#[test]
fn strict_rejects_plaintext_and_permissive_accepts_it() {
    for (mode, mtls, accepted) in [
        (Mode::Mesh, MtlsMode::Strict, false),
        (Mode::Mesh, MtlsMode::Permissive, true),
        (Mode::Mesh, MtlsMode::Disable, true),
        (Mode::NoMesh, MtlsMode::Strict, true),
    ] {
        let p = Policy {
            mtls,
            ..Policy::default()
        };
        let mut m = Mesh::new(
            MeshConfig {
                mode,
                policy: p,
                ..shop(100.0)
            },
            5,
        )
        .unwrap();
        m.inject(Fault::LegacyClient {
            service: USER,
            rate: 200.0,
        })
        .unwrap();
        m.advance(3 * SEC);
        let t = m.totals();
        if accepted {
            assert!(t.legacy_ok > 400, "{mode:?} {mtls:?}: {t:?}");
            assert_eq!(t.legacy_rejected, 0);
        } else {
            assert!(t.legacy_rejected > 400, "{t:?}");
            assert_eq!(t.legacy_ok, 0);
        }
        // Mesh traffic itself is always mTLS, so users are unaffected either way.
        assert_eq!(t.ok, t.user_requests);
    }
}

#[test]
fn changing_mtls_at_runtime_takes_effect() {
    let mut m = Mesh::new(shop(50.0), 1).unwrap();
    m.inject(Fault::LegacyClient {
        service: USER,
        rate: 100.0,
    })
    .unwrap();
    m.advance(SEC);
    assert_eq!(m.totals().legacy_ok, 0);
    let mut p = m.policy().clone();
    p.mtls = MtlsMode::Permissive;
    m.set_policy(p).unwrap();
    m.advance(SEC);
    assert!(m.totals().legacy_ok > 50);
}

#[test]
fn route_timeout_example_from_the_lesson_numbers() {
    // perTryTimeout 2 s, timeout 3 s, pod 5 s slow: try 1 times out at 2 s, try 2 starts
    // after a back-off, the route timeout cuts it at 3 s with 504, and no try 3 follows.
    let mut p = no_outlier(Policy::default());
    p.timeout_ms = Some(3_000);
    let mut m = Mesh::new(one_hop(p, 10.0, Some(1)), 11).unwrap();
    for pod in m.pods_of(ServiceId(1)) {
        m.inject(Fault::Delay {
            pod,
            added_ms: 5_000,
        })
        .unwrap();
    }
    m.trace_next();
    assert!(m.run_until_idle(60 * SEC));
    let t = m.trace().unwrap();
    assert_eq!(t.status, Some(504));
    assert_eq!(t.tries(), 2);
    let start = t.started_at;
    assert_eq!(t.finished_at, Some(start + 3 * SEC));
    let outcomes: Vec<Outcome> = t
        .steps
        .iter()
        .filter_map(|s| match s.kind {
            TraceKind::TryEnd { outcome, .. } => Some(outcome),
            _ => None,
        })
        .collect();
    assert_eq!(
        outcomes,
        vec![Outcome::PerTryTimeout, Outcome::RouteTimeout]
    );
    assert_eq!(m.totals().route_timeouts, 1);
}

#[test]
fn mesh_hides_a_crashed_pod_and_no_mesh_does_not() {
    let run = |mode| {
        let mut m = Mesh::new(
            MeshConfig {
                mode,
                ..shop(1000.0)
            },
            21,
        )
        .unwrap();
        let pod = m.pods_of(USER)[0];
        m.inject(Fault::Crash { pod }).unwrap();
        m.advance(5 * SEC);
        m.totals()
    };
    let mesh = run(Mode::Mesh);
    let plain = run(Mode::NoMesh);
    // Identical arrivals: the comparison is fair.
    assert_eq!(mesh.user_requests_started, plain.user_requests_started);
    assert!(mesh.success_rate() > 0.999, "{}", mesh.success_rate());
    assert!(
        (0.45..0.55).contains(&plain.success_rate()),
        "{}",
        plain.success_rate()
    );
    assert_eq!(plain.retries, 0);
    assert!(mesh.ejections > 0);
    assert_eq!(plain.ejections, 0);
}

#[test]
fn sidecars_add_latency_per_hop() {
    let p50 = |mode| {
        let mut m = Mesh::new(
            MeshConfig {
                mode,
                ..shop(500.0)
            },
            2,
        )
        .unwrap();
        m.advance(5 * SEC);
        m.latency_quantile(0.5) as f64
    };
    let diff_ms = (p50(Mode::Mesh) - p50(Mode::NoMesh)) / 1000.0;
    // Four hops at 1–2 ms each.
    assert!((3.0..9.0).contains(&diff_ms), "{diff_ms} ms");
}

#[test]
fn all_hosts_ejected_gives_503_no_healthy_upstream() {
    let mut p = Policy::default();
    p.outlier.max_ejection_percent = 100;
    let mut m = Mesh::new(
        MeshConfig {
            policy: p,
            ..shop(500.0)
        },
        4,
    )
    .unwrap();
    for pod in m.pods_of(USER) {
        m.inject(Fault::Crash { pod }).unwrap();
    }
    m.advance(3 * SEC);
    let t = m.totals();
    assert!(t.no_healthy_upstream > 0);
    assert!(t.success_rate() < 0.01);
    let pods = m.pods();
    assert!(m.pods_of(USER).iter().all(|p| pods[p.0].ejected_by > 0));
    // The failure cascades: order pods answer 503 too, and the gateways eject them as well.
    assert!(m.ejected_pods() >= 2);
    let b = m.latest_bucket().unwrap();
    assert_eq!(b.status_503, b.requests);
}

#[test]
fn pool_overflow_is_an_immediate_503_and_never_retried() {
    let mut p = Policy::default();
    p.pool.http2_max_requests = 2;
    p.pool.http1_max_pending_requests = 1;
    let mut m = Mesh::new(
        MeshConfig {
            policy: p,
            ..one_hop(Policy::default(), 2_000.0, None)
        },
        8,
    )
    .unwrap();
    m.set_policy({
        let mut p = m.policy().clone();
        p.pool.http2_max_requests = 2;
        p.pool.http1_max_pending_requests = 1;
        p
    })
    .unwrap();
    m.set_trace_every(3);
    m.advance(2 * SEC);
    let t = m.totals();
    assert!(t.overflows > 100, "{t:?}");
    assert_eq!(
        t.retries, 0,
        "overflow is not retried and nothing else fails"
    );
    assert!(t.success_rate() < 0.9);
}

#[test]
fn least_request_avoids_a_slow_pod_better_than_round_robin() {
    let share = |lb| {
        let p = Policy {
            load_balancer: lb,
            ..Policy::default()
        };
        let mut m = Mesh::new(
            MeshConfig {
                policy: p,
                ..shop(2000.0)
            },
            6,
        )
        .unwrap();
        let slow = m.pods_of(USER)[0];
        m.inject(Fault::Delay {
            pod: slow,
            added_ms: 50,
        })
        .unwrap();
        m.advance(3 * SEC);
        let pods = m.pods();
        let total: u64 = m
            .pods_of(USER)
            .iter()
            .map(|p| pods[p.0].tries_received)
            .sum();
        pods[slow.0].tries_received as f64 / total as f64
    };
    let rr = share(LbPolicy::RoundRobin);
    let lr = share(LbPolicy::LeastRequest);
    let random = share(LbPolicy::Random);
    assert!((0.45..0.55).contains(&rr), "{rr}");
    assert!((0.4..0.6).contains(&random), "{random}");
    assert!(lr < 0.35, "{lr}");
}

#[test]
fn canary_weight_splits_traffic() {
    let p = Policy {
        canary_v2_percent: Some(20),
        ..Policy::default()
    };
    let mut m = Mesh::new(
        MeshConfig {
            policy: p,
            ..shop(2000.0)
        },
        12,
    )
    .unwrap();
    m.advance(3 * SEC);
    let pods = m.pods();
    let payment = m.pods_of(PAYMENT);
    let total: u64 = payment.iter().map(|p| pods[p.0].tries_received).sum();
    let v2: u64 = payment
        .iter()
        .filter(|p| pods[p.0].version == 2)
        .map(|p| pods[p.0].tries_received)
        .sum();
    let share = v2 as f64 / total as f64;
    assert!((0.18..0.22).contains(&share), "{share}");
    assert!(m
        .clusters()
        .iter()
        .any(|c| c.subset == Subset::V2 && c.hosts.len() == 1));
    let y = m.yaml(PAYMENT).unwrap();
    assert!(y.contains("weight: 20"));
}

#[test]
fn a_crashed_sidecar_cuts_its_pod_off_and_the_mesh_routes_around_it() {
    let mut m = Mesh::new(shop(1000.0), 13).unwrap();
    let order = m.pods_of(ServiceId(1))[0];
    m.inject(Fault::SidecarCrash { pod: order }).unwrap();
    m.advance(3 * SEC);
    let t = m.totals();
    assert!(t.connect_failures > 0);
    assert!(t.success_rate() > 0.999, "{}", t.success_rate());
    // Without the mesh there is no sidecar to crash.
    let mut plain = Mesh::new(
        MeshConfig {
            mode: Mode::NoMesh,
            ..shop(1000.0)
        },
        13,
    )
    .unwrap();
    plain.inject(Fault::SidecarCrash { pod: order }).unwrap();
    plain.advance(3 * SEC);
    assert_eq!(plain.totals().ok, plain.totals().user_requests);
}

#[test]
fn retry_storm_matches_a_to_the_n() {
    for layers in 1..=4u32 {
        for tries in 2..=4u32 {
            let r = run_storm(
                &StormSetup {
                    layers,
                    tries_per_layer: tries,
                    failure_rate: 1.0,
                    user_requests: 10,
                    request_rate: 100.0,
                },
                layers as u64 * 10 + tries as u64,
            )
            .unwrap();
            assert_eq!(r.measured, closed_form(tries, layers), "{layers} {tries}");
            assert_eq!(r.closed_form, (tries as f64).powi(layers as i32));
        }
    }
    assert_eq!(closed_form(3, 5), 243.0);
    // Partial failure: the measured load is near the expected value, far below A^N.
    let r = run_storm(
        &StormSetup {
            layers: 2,
            tries_per_layer: 3,
            failure_rate: 0.5,
            user_requests: 3000,
            request_rate: 1000.0,
        },
        77,
    )
    .unwrap();
    assert!((r.measured - r.expected).abs() < 0.1 * r.expected, "{r:?}");
    assert!(r.measured < r.closed_form);
}

#[test]
fn policy_validation_has_typed_errors_in_vietnamese() {
    let mut p = Policy::default();
    p.retries.attempts = 11;
    assert_eq!(p.validate(), Err(PolicyError::TooManyAttempts(11)));
    let p = Policy {
        timeout_ms: Some(0),
        ..Policy::default()
    };
    let e = p.validate().unwrap_err();
    assert_eq!(e, PolicyError::TimeoutNotPositive);
    assert!(e.message_vi().contains("phải lớn hơn 0"));
    let mut p = Policy::default();
    p.outlier.max_ejection_percent = 150;
    assert_eq!(
        p.validate(),
        Err(PolicyError::MaxEjectionPercentOver100(150))
    );
    // A refused policy leaves the running one untouched.
    let mut m = Mesh::new(shop(10.0), 1).unwrap();
    assert!(m.set_policy(p).is_err());
    assert_eq!(m.policy(), &Policy::default());
    assert!(Mesh::new(
        MeshConfig {
            request_rate: f64::NAN,
            ..shop(1.0)
        },
        1
    )
    .is_err());
    assert!(m
        .inject(Fault::ErrorRate {
            pod: advanced_patterns_lab::sim::mesh::PodId(999),
            rate: 0.5
        })
        .is_err());
    assert!(m
        .inject(Fault::ErrorRate {
            pod: advanced_patterns_lab::sim::mesh::PodId(3),
            rate: 1.5
        })
        .is_err());
}

#[test]
fn metrics_stay_bounded_over_a_long_run() {
    let mut m = Mesh::new(
        MeshConfig {
            history: 30,
            ..shop(2000.0)
        },
        3,
    )
    .unwrap();
    let pod = m.pods_of(USER)[1];
    m.inject(Fault::ErrorRate { pod, rate: 0.3 }).unwrap();
    m.advance(60 * SEC);
    assert_eq!(m.buckets().len(), 30);
    let b = m.latest_bucket().unwrap();
    assert!(b.rps() > 1800.0 && b.rps() < 2200.0, "{}", b.rps());
    assert!(b.amplification() >= 1.0);
    assert!(m.totals().retries > 0);
    assert!(b.p99_us >= b.p50_us && b.p50_us > 0);
    assert!(m.queued_events() < 5_000);
    // A long quiet stretch does not loop over every empty bucket.
    m.set_request_rate(0.0).unwrap();
    m.advance(1_000_000 * SEC);
    assert_eq!(m.buckets().len(), 30);
}

#[test]
fn trace_records_hops_tries_and_final_status() {
    let mut m = Mesh::new(shop(100.0), 30).unwrap();
    let pod = m.pods_of(USER)[0];
    m.inject(Fault::ErrorRate { pod, rate: 1.0 }).unwrap();
    m.trace_next();
    m.advance(2 * SEC);
    let t = m.trace().unwrap();
    let calls = t
        .steps
        .iter()
        .filter(|s| matches!(s.kind, TraceKind::CallStart { .. }))
        .count();
    assert_eq!(calls, 4, "gateway→order, order→user, inventory, payment");
    assert!(t.steps.iter().any(|s| s.depth == 1));
    assert_eq!(t.status, Some(200));
    assert_eq!(t.request, 1);
    assert!(t.finished_at.unwrap() > t.started_at);
}

/// One arrival draw picks both the next arrival and this request's gateway, so with one seed
/// the same requests reach the same gateways with or without the mesh.
#[test]
fn mesh_and_no_mesh_send_each_request_to_the_same_gateway() {
    let gateways = |mode: Mode| {
        let mut m = Mesh::new(MeshConfig { mode, ..shop(50.0) }, 11).unwrap();
        let mut seen = std::collections::BTreeMap::new();
        for _ in 0..60 {
            m.trace_next();
            m.advance(100 * MS);
            if let Some(t) = m.trace() {
                if let Some(TraceKind::Received { gateway }) = t.steps.first().map(|s| &s.kind) {
                    seen.insert(t.request, *gateway);
                }
            }
        }
        seen
    };
    let (mesh, plain) = (gateways(Mode::Mesh), gateways(Mode::NoMesh));
    let both: Vec<u64> = mesh
        .keys()
        .filter(|r| plain.contains_key(r))
        .copied()
        .collect();
    assert!(
        both.len() >= 20,
        "{} requests traced in both runs",
        both.len()
    );
    for r in &both {
        assert_eq!(mesh[r], plain[r], "request {r}");
    }
    let used: std::collections::BTreeSet<_> = both.iter().map(|r| mesh[r]).collect();
    assert_eq!(used.len(), 2, "both gateway pods take requests");
}

#[test]
fn extreme_settings_do_not_panic() {
    let mut topo = Topology::shop();
    topo.services[2].pods[0].latency =
        advanced_patterns_lab::sim::mesh::Latency::Fixed(u64::MAX / 2);
    let mut m = Mesh::new(
        MeshConfig {
            topology: topo,
            network_latency_us: u64::MAX / 4,
            request_rate: 1_000_000.0,
            history: 0,
            ..MeshConfig::default()
        },
        1,
    )
    .unwrap();
    m.inject(Fault::Delay {
        pod: m.pods_of(USER)[1],
        added_ms: u64::MAX,
    })
    .unwrap();
    m.advance(10 * MS);
    m.set_request_rate(0.0).unwrap();
    // A huge step with a few far-away events left: ends at once, no overflow.
    m.advance(u64::MAX);
    assert_eq!(m.buckets().len(), 1);
}

#[test]
fn sidecar_tax_follows_the_lesson_figures() {
    let m = Mesh::new(shop(10.0), 1).unwrap();
    let tax = m.sidecar_tax();
    assert_eq!(tax.pods, 10);
    assert_eq!(tax.memory_mb, 500.0);
    assert_eq!(tax.cpu_millicores, 100.0);
    assert_eq!((tax.latency_ms_low, tax.latency_ms_high), (4.0, 8.0));
    let hundred = advanced_patterns_lab::sim::mesh::tax::lesson_tax(100, 5);
    assert_eq!(
        (hundred.memory_mb, hundred.cpu_millicores),
        (5000.0, 1000.0)
    );
    let plain = Mesh::new(
        MeshConfig {
            mode: Mode::NoMesh,
            ..shop(10.0)
        },
        1,
    )
    .unwrap();
    assert_eq!(plain.sidecar_tax().pods, 0);
}

#[test]
fn a_long_healthy_run_has_no_spurious_timeouts_or_retries() {
    // Slots are reused: a stale per-try timer must never hit the slot's next call.
    let mut m = Mesh::new(shop(3000.0), 17).unwrap();
    m.advance(20 * SEC);
    let t = m.totals();
    assert_eq!(t.per_try_timeouts, 0);
    assert_eq!(t.retries, 0);
    assert!(t.calls >= 4 * t.user_requests && t.calls <= 4 * t.user_requests_started);
    assert_eq!(t.ok, t.user_requests);
}
