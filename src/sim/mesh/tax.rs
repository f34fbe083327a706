//! The sidecar resource tax: the lesson's per-pod figures and Istio's published ones.

/// The lesson's figures for one sidecar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LessonFigures {
    /// Memory per pod (MB).
    pub memory_mb_per_pod: f64,
    /// CPU per pod (millicores).
    pub cpu_millicores_per_pod: f64,
    /// Latency added per hop (ms), low end.
    pub latency_ms_per_hop_low: f64,
    /// Latency added per hop (ms), high end.
    pub latency_ms_per_hop_high: f64,
}

/// +50 MB, +10m CPU, +1–2 ms per pod/hop.
pub const LESSON: LessonFigures = LessonFigures {
    memory_mb_per_pod: 50.0,
    cpu_millicores_per_pod: 10.0,
    latency_ms_per_hop_low: 1.0,
    latency_ms_per_hop_high: 2.0,
};

/// What `pods` sidecars and `hops` proxied hops per request cost, by the lesson's figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LessonTax {
    /// Pods counted.
    pub pods: u32,
    /// Extra memory (MB).
    pub memory_mb: f64,
    /// Extra CPU (millicores; 1000 = one core).
    pub cpu_millicores: f64,
    /// Extra latency per request, low end (ms).
    pub latency_ms_low: f64,
    /// Extra latency per request, high end (ms).
    pub latency_ms_high: f64,
}

/// The lesson's tax: 100 pods → 5,000 MB and 1,000m (one core); 5 hops → +5–10 ms.
pub fn lesson_tax(pods: u32, hops: u32) -> LessonTax {
    LessonTax {
        pods,
        memory_mb: pods as f64 * LESSON.memory_mb_per_pod,
        cpu_millicores: pods as f64 * LESSON.cpu_millicores_per_pod,
        latency_ms_low: hops as f64 * LESSON.latency_ms_per_hop_low,
        latency_ms_high: hops as f64 * LESSON.latency_ms_per_hop_high,
    }
}

/// One row of Istio's performance page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IstioFigure {
    /// Istio versions measured.
    pub versions: &'static str,
    /// vCPU per proxy at 1000 requests/s through it.
    pub vcpu_per_1000_rps: f64,
    /// Memory per proxy (MB) in that test; it grows with mesh config size, not with rate.
    pub memory_mb: f64,
    /// Added P90 latency for client + server proxy (ms), when published.
    pub p90_ms: Option<f64>,
    /// Added P99 latency for client + server proxy (ms), when published.
    pub p99_ms: Option<f64>,
}

/// Istio's published sidecar figures (1000 rps, 1 KB payload, mTLS).
pub const ISTIO_FIGURES: [IstioFigure; 3] = [
    IstioFigure {
        versions: "1.7–1.8",
        vcpu_per_1000_rps: 0.5,
        memory_mb: 50.0,
        p90_ms: Some(2.76),
        p99_ms: Some(2.88),
    },
    IstioFigure {
        versions: "1.9–1.15",
        vcpu_per_1000_rps: 0.35,
        memory_mb: 40.0,
        p90_ms: Some(2.65),
        p99_ms: Some(2.9),
    },
    IstioFigure {
        versions: "1.24",
        vcpu_per_1000_rps: 0.20,
        memory_mb: 60.0,
        p90_ms: None,
        p99_ms: None,
    },
];

/// Cost of the sidecars of a mesh by an Istio figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IstioTax {
    /// Proxies counted.
    pub proxies: u32,
    /// vCPU over all proxies.
    pub vcpu: f64,
    /// Memory over all proxies (MB).
    pub memory_mb: f64,
}

/// `proxies` sidecars each passing `rps_per_proxy` requests/s: CPU scales with the rate,
/// memory is per proxy (Istio: it follows configuration size, not traffic).
pub fn istio_tax(figure: &IstioFigure, proxies: u32, rps_per_proxy: f64) -> IstioTax {
    let rps = if rps_per_proxy.is_finite() {
        rps_per_proxy.max(0.0)
    } else {
        0.0
    };
    IstioTax {
        proxies,
        vcpu: proxies as f64 * figure.vcpu_per_1000_rps * rps / 1000.0,
        memory_mb: proxies as f64 * figure.memory_mb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hundred_pods_cost_five_gigabytes_and_one_core() {
        let t = lesson_tax(100, 5);
        assert_eq!(t.memory_mb, 5000.0);
        assert_eq!(t.cpu_millicores, 1000.0);
        assert_eq!((t.latency_ms_low, t.latency_ms_high), (5.0, 10.0));
    }

    #[test]
    fn istio_figures_scale_cpu_with_rate() {
        let f = &ISTIO_FIGURES[1];
        let t = istio_tax(f, 1, 1000.0);
        assert!((t.vcpu - 0.35).abs() < 1e-9);
        assert_eq!(t.memory_mb, 40.0);
        let t = istio_tax(&ISTIO_FIGURES[2], 10, 2000.0);
        assert!((t.vcpu - 4.0).abs() < 1e-9);
        assert_eq!(t.memory_mb, 600.0);
    }
}
