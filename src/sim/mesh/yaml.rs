//! Renders the policy as Istio resources a real cluster accepts: a VirtualService and a
//! DestinationRule for one service, and the namespace's PeerAuthentication.
//! The text is built field by field in a fixed order, so the same policy gives the same bytes.

use std::fmt::Write;

use super::policy::{Millis, Policy, PolicyError};

/// Where the resources go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    /// Kubernetes service (and resource) name, e.g. `user-service`.
    pub service: &'a str,
    /// Namespace of all three resources.
    pub namespace: &'a str,
    /// The service has `v1`/`v2` pods: render subsets and, when the policy splits, weights.
    pub canary_subsets: bool,
}

/// A duration as Istio writes it: `2s`, `30s`, `250ms`.
pub fn format_duration(ms: Millis) -> String {
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

/// Parses `2s`, `250ms`, `1.5s`, `1m`, `1h` into milliseconds.
pub fn parse_duration(text: &str) -> Result<Millis, PolicyError> {
    let t = text.trim();
    let bad = || PolicyError::BadDuration(text.to_string());
    let (num, unit_ms) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1000.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60_000.0)
    } else if let Some(n) = t.strip_suffix('h') {
        (n, 3_600_000.0)
    } else {
        return Err(bad());
    };
    let v: f64 = num.trim().parse().map_err(|_| bad())?;
    let ms = v * unit_ms;
    if !ms.is_finite() || !(0.0..=1e12).contains(&ms) || ms.fract() != 0.0 {
        return Err(bad());
    }
    Ok(ms as Millis)
}

/// All three resources, separated by `---`.
pub fn render(policy: &Policy, target: &Target<'_>) -> String {
    let mut out = String::new();
    out.push_str(&virtual_service(policy, target));
    out.push_str("---\n");
    out.push_str(&destination_rule(policy, target));
    out.push_str("---\n");
    out.push_str(&peer_authentication(policy, target.namespace));
    out
}

fn metadata(out: &mut String, name: &str, namespace: &str) {
    let _ = writeln!(out, "metadata:\n  name: {name}\n  namespace: {namespace}");
}

fn split(policy: &Policy, target: &Target<'_>) -> Option<u32> {
    if target.canary_subsets {
        policy.canary_v2_percent.map(|w| w.min(100))
    } else {
        None
    }
}

/// The VirtualService: route (with canary weights), retries and timeout.
pub fn virtual_service(policy: &Policy, target: &Target<'_>) -> String {
    let mut o = String::new();
    let host = target.service;
    o.push_str("apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\n");
    metadata(&mut o, host, target.namespace);
    let _ = writeln!(o, "spec:\n  hosts:\n    - {host}\n  http:\n    - route:");
    match split(policy, target) {
        Some(v2) => {
            for (subset, weight) in [("v1", 100 - v2), ("v2", v2)] {
                let _ = writeln!(
                    o,
                    "        - destination:\n            host: {host}\n            subset: {subset}\n          weight: {weight}"
                );
            }
        }
        None => {
            let _ = writeln!(o, "        - destination:\n            host: {host}");
        }
    }
    let r = &policy.retries;
    let _ = writeln!(o, "      retries:\n        attempts: {}", r.attempts);
    // Istio refuses retry settings when retries are disabled.
    if r.attempts > 0 {
        if let Some(ms) = r.per_try_timeout_ms {
            let _ = writeln!(o, "        perTryTimeout: {}", format_duration(ms));
        }
        let _ = writeln!(o, "        retryOn: {}", r.retry_on.to_istio_string());
        if r.backoff_base_ms != 25 {
            let _ = writeln!(o, "        backoff: {}", format_duration(r.backoff_base_ms));
        }
    }
    if let Some(ms) = policy.timeout_ms {
        let _ = writeln!(o, "      timeout: {}", format_duration(ms));
    }
    o
}

/// The DestinationRule: connection pool, outlier detection, load balancer, subsets.
pub fn destination_rule(policy: &Policy, target: &Target<'_>) -> String {
    let mut o = String::new();
    o.push_str("apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\n");
    metadata(&mut o, target.service, target.namespace);
    let p = &policy.pool;
    let od = &policy.outlier;
    let _ = writeln!(o, "spec:\n  host: {}\n  trafficPolicy:", target.service);
    let _ = writeln!(
        o,
        "    connectionPool:\n      tcp:\n        maxConnections: {}\n      http:\n        h2UpgradePolicy: UPGRADE\n        http1MaxPendingRequests: {}\n        http2MaxRequests: {}",
        p.max_connections, p.http1_max_pending_requests, p.http2_max_requests
    );
    if let Some(n) = p.max_retries {
        let _ = writeln!(o, "        maxRetries: {n}");
    }
    let _ = writeln!(
        o,
        "    outlierDetection:\n      consecutive5xxErrors: {}\n      interval: {}\n      baseEjectionTime: {}\n      maxEjectionPercent: {}",
        od.consecutive_5xx_errors,
        format_duration(od.interval_ms),
        format_duration(od.base_ejection_time_ms),
        od.max_ejection_percent
    );
    let _ = writeln!(
        o,
        "    loadBalancer:\n      simple: {}",
        policy.load_balancer.as_str()
    );
    if target.canary_subsets {
        o.push_str("  subsets:\n");
        for v in ["v1", "v2"] {
            let _ = writeln!(o, "    - name: {v}\n      labels:\n        version: {v}");
        }
    }
    o
}

/// The namespace-wide PeerAuthentication (`default` applies to every workload in it).
pub fn peer_authentication(policy: &Policy, namespace: &str) -> String {
    let mut o = String::new();
    o.push_str("apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\n");
    metadata(&mut o, "default", namespace);
    let _ = writeln!(o, "spec:\n  mtls:\n    mode: {}", policy.mtls.as_str());
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_round_trip() {
        assert_eq!(format_duration(2000), "2s");
        assert_eq!(format_duration(25), "25ms");
        assert_eq!(parse_duration("2s"), Ok(2000));
        assert_eq!(parse_duration("250ms"), Ok(250));
        assert_eq!(parse_duration("1.5s"), Ok(1500));
        assert_eq!(parse_duration("1m"), Ok(60_000));
        assert!(parse_duration("abc").is_err());
        assert!(parse_duration("-1s").is_err());
    }

    #[test]
    fn lesson_policy_renders_the_lesson_yaml() {
        let t = Target {
            service: "user-service",
            namespace: "production",
            canary_subsets: false,
        };
        let y = render(&Policy::default(), &t);
        for needle in [
            "apiVersion: networking.istio.io/v1beta1",
            "kind: VirtualService",
            "        attempts: 3\n",
            "        perTryTimeout: 2s\n",
            "        retryOn: 5xx,reset,connect-failure\n",
            "      timeout: 10s\n",
            "      consecutive5xxErrors: 5\n",
            "      interval: 30s\n",
            "      baseEjectionTime: 30s\n",
            "      maxEjectionPercent: 50\n",
            "      simple: ROUND_ROBIN\n",
            "apiVersion: security.istio.io/v1beta1",
            "    mode: STRICT\n",
        ] {
            assert!(y.contains(needle), "missing {needle:?} in\n{y}");
        }
        assert!(!y.contains("backoff"));
        assert_eq!(y, render(&Policy::default(), &t));
    }

    #[test]
    fn canary_renders_weights_and_subsets() {
        let p = Policy {
            canary_v2_percent: Some(20),
            ..Policy::default()
        };
        let t = Target {
            service: "payment-service",
            namespace: "production",
            canary_subsets: true,
        };
        let y = render(&p, &t);
        assert!(y.contains("subset: v1\n          weight: 80"));
        assert!(y.contains("subset: v2\n          weight: 20"));
        assert!(y.contains("  subsets:\n    - name: v1"));
    }
}
