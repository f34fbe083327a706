//! Metrics in bounded memory: a fixed-size latency histogram and a ring of per-bucket stats.

use super::Micros;

const SUB_BITS: u32 = 4;
const SUB: usize = 1 << SUB_BITS;
/// Octaves covered: values up to 2^44 µs (about 200 days) before clamping.
const OCTAVES: usize = 41;
const SLOTS: usize = SUB + OCTAVES * SUB;

/// Log-linear histogram of microsecond values: 16 slots per power of two (≈ 6 % resolution),
/// fixed size, no allocation after creation.
#[derive(Debug, Clone)]
pub struct LatencyHistogram {
    counts: Box<[u32; SLOTS]>,
    total: u64,
}

impl Default for LatencyHistogram {
    fn default() -> Self {
        Self::new()
    }
}

impl LatencyHistogram {
    /// An empty histogram.
    pub fn new() -> Self {
        LatencyHistogram {
            counts: Box::new([0; SLOTS]),
            total: 0,
        }
    }

    fn slot(v: Micros) -> usize {
        if v < SUB as u64 {
            return v as usize;
        }
        let octave = 63 - v.leading_zeros(); // ≥ SUB_BITS
        let sub = ((v >> (octave - SUB_BITS)) as usize) & (SUB - 1);
        let idx = SUB + (octave - SUB_BITS) as usize * SUB + sub;
        idx.min(SLOTS - 1)
    }

    fn slot_value(idx: usize) -> Micros {
        if idx < SUB {
            return idx as u64;
        }
        let octave = (idx - SUB) / SUB + SUB_BITS as usize;
        let sub = ((idx - SUB) % SUB) as u64;
        let lo = (SUB as u64 + sub) << (octave - SUB_BITS as usize);
        let width = 1u64 << (octave - SUB_BITS as usize);
        // Midpoint of the slot.
        lo + width / 2
    }

    /// Adds one value (inlined: twice per finished user request).
    #[inline(always)]
    pub fn record(&mut self, v: Micros) {
        self.counts[Self::slot(v)] += 1;
        self.total += 1;
    }

    /// Number of values recorded.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// The value at quantile `q` in [0, 1]; 0 when empty.
    pub fn quantile(&self, q: f64) -> Micros {
        if self.total == 0 {
            return 0;
        }
        let rank = ((q.clamp(0.0, 1.0) * self.total as f64).ceil() as u64).max(1);
        let mut seen = 0u64;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c as u64;
            if seen >= rank {
                return Self::slot_value(i);
            }
        }
        Self::slot_value(SLOTS - 1)
    }

    /// Forgets everything (keeps the memory).
    pub fn clear(&mut self) {
        if self.total > 0 {
            self.counts.fill(0);
            self.total = 0;
        }
    }
}

/// A fixed-capacity ring: pushing past capacity drops the oldest item.
#[derive(Debug, Clone)]
pub struct Ring<T> {
    items: Vec<T>,
    head: usize,
    cap: usize,
}

impl<T: Clone> Ring<T> {
    /// An empty ring holding at most `cap` items (at least 1).
    pub fn new(cap: usize) -> Self {
        let cap = cap.max(1);
        Ring {
            items: Vec::with_capacity(cap),
            head: 0,
            cap,
        }
    }

    /// Adds an item, dropping the oldest when full.
    pub fn push(&mut self, item: T) {
        if self.items.len() < self.cap {
            self.items.push(item);
        } else {
            self.items[self.head] = item;
            self.head = (self.head + 1) % self.cap;
        }
    }

    /// Number of items held.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Items from oldest to newest.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        let (a, b) = self.items.split_at(self.head);
        b.iter().chain(a.iter())
    }

    /// The newest item.
    pub fn last(&self) -> Option<&T> {
        if self.items.is_empty() {
            None
        } else if self.items.len() < self.cap {
            self.items.last()
        } else {
            Some(&self.items[(self.head + self.cap - 1) % self.cap])
        }
    }
}

/// What happened during one bucket of virtual time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BucketStats {
    /// Start of the bucket (virtual µs).
    pub start_us: Micros,
    /// Length of the bucket (µs).
    pub len_us: Micros,
    /// User requests that finished in the bucket.
    pub requests: u32,
    /// Of those, answered 2xx.
    pub ok: u32,
    /// Of those, answered 503.
    pub status_503: u32,
    /// Of those, answered 504.
    pub status_504: u32,
    /// Median end-to-end latency of finished requests (µs).
    pub p50_us: Micros,
    /// 99th percentile end-to-end latency (µs).
    pub p99_us: Micros,
    /// Service-to-service calls the apps made (each is one try without retries).
    pub calls: u32,
    /// Tries actually sent by sidecars (first tries plus retries).
    pub tries: u32,
    /// Per-try timeouts that fired.
    pub per_try_timeouts: u32,
    /// Connection-pool overflows (503 UO).
    pub overflows: u32,
    /// New ejections.
    pub ejections: u32,
    /// Pods ejected by at least one caller at the end of the bucket.
    pub ejected_pods: u32,
    /// Plaintext legacy requests served.
    pub legacy_ok: u32,
    /// Plaintext legacy requests rejected by mTLS STRICT.
    pub legacy_rejected: u32,
    /// Plaintext legacy requests that failed for another reason.
    pub legacy_failed: u32,
}

impl BucketStats {
    /// Share of finished user requests that succeeded (1.0 when none finished).
    pub fn success_rate(&self) -> f64 {
        if self.requests == 0 {
            1.0
        } else {
            self.ok as f64 / self.requests as f64
        }
    }

    /// Finished user requests per second of virtual time.
    pub fn rps(&self) -> f64 {
        if self.len_us == 0 {
            0.0
        } else {
            self.requests as f64 * 1e6 / self.len_us as f64
        }
    }

    /// Retry amplification: tries ÷ calls (1.0 means no retry happened).
    pub fn amplification(&self) -> f64 {
        if self.calls == 0 {
            1.0
        } else {
            self.tries as f64 / self.calls as f64
        }
    }
}

/// Counters since the start of the run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    /// User requests that entered the gateway.
    pub user_requests_started: u64,
    /// User requests finished.
    pub user_requests: u64,
    /// Of those, 2xx.
    pub ok: u64,
    /// Service-to-service calls made by apps (and the gateway).
    pub calls: u64,
    /// Tries sent.
    pub tries: u64,
    /// Retries (tries beyond the first).
    pub retries: u64,
    /// Per-try timeouts.
    pub per_try_timeouts: u64,
    /// Route timeouts (504 after the whole budget).
    pub route_timeouts: u64,
    /// Connection-pool overflows.
    pub overflows: u64,
    /// "No healthy upstream" answers.
    pub no_healthy_upstream: u64,
    /// Connect failures.
    pub connect_failures: u64,
    /// Ejections.
    pub ejections: u64,
    /// Most tries any single call made.
    pub max_tries_per_call: u32,
    /// Tries received by each service (index = service), gateway always 0.
    pub tries_by_service: Vec<u64>,
    /// Plaintext legacy requests served.
    pub legacy_ok: u64,
    /// Plaintext legacy requests rejected by STRICT mTLS.
    pub legacy_rejected: u64,
    /// Plaintext legacy requests that failed otherwise.
    pub legacy_failed: u64,
}

impl Totals {
    /// Success rate of finished user requests.
    pub fn success_rate(&self) -> f64 {
        if self.user_requests == 0 {
            1.0
        } else {
            self.ok as f64 / self.user_requests as f64
        }
    }

    /// Tries received by `service` per user request started: the amplification seen there.
    pub fn amplification_at(&self, service: usize) -> f64 {
        let tries = self.tries_by_service.get(service).copied().unwrap_or(0);
        if self.user_requests_started == 0 {
            0.0
        } else {
            tries as f64 / self.user_requests_started as f64
        }
    }
}

/// The engine's metric sink: the open bucket, its histogram, the ring and the totals.
#[derive(Debug, Clone)]
pub(crate) struct Collector {
    pub(crate) bucket_us: Micros,
    pub(crate) open: BucketStats,
    pub(crate) hist: LatencyHistogram,
    pub(crate) all_hist: LatencyHistogram,
    pub(crate) ring: Ring<BucketStats>,
    pub(crate) totals: Totals,
    /// Kept apart from `totals` in a boxed slice: it is bumped on every try.
    pub(crate) tries_by_service: Box<[u64]>,
}

impl Collector {
    pub(crate) fn new(bucket_us: Micros, history: usize, services: usize) -> Self {
        Collector {
            bucket_us,
            open: BucketStats {
                len_us: bucket_us,
                ..BucketStats::default()
            },
            hist: LatencyHistogram::new(),
            all_hist: LatencyHistogram::new(),
            ring: Ring::new(history),
            totals: Totals::default(),
            tries_by_service: vec![0; services].into_boxed_slice(),
        }
    }

    /// End of the open bucket.
    pub(crate) fn bucket_end(&self) -> Micros {
        self.open.start_us.saturating_add(self.bucket_us)
    }

    /// Closes the open bucket with the current ejected-pod count and opens the next one.
    pub(crate) fn close(&mut self, ejected_pods: u32) {
        let mut b = std::mem::take(&mut self.open);
        b.p50_us = self.hist.quantile(0.50);
        b.p99_us = self.hist.quantile(0.99);
        b.ejected_pods = ejected_pods;
        self.hist.clear();
        let next = b.start_us.saturating_add(self.bucket_us);
        self.ring.push(b);
        self.open = BucketStats {
            start_us: next,
            len_us: self.bucket_us,
            ..BucketStats::default()
        };
    }

    /// Totals with the per-service counts filled in.
    pub(crate) fn totals(&self) -> Totals {
        Totals {
            tries_by_service: self.tries_by_service.to_vec(),
            ..self.totals.clone()
        }
    }

    pub(crate) fn user_done(&mut self, latency: Micros, status: u16) {
        self.open.requests += 1;
        self.totals.user_requests += 1;
        match status {
            200..=299 => {
                self.open.ok += 1;
                self.totals.ok += 1;
            }
            503 => self.open.status_503 += 1,
            504 => self.open.status_504 += 1,
            _ => {}
        }
        self.hist.record(latency);
        self.all_hist.record(latency);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_quantiles_are_close() {
        let mut h = LatencyHistogram::new();
        for v in 1..=10_000u64 {
            h.record(v * 10);
        }
        let p50 = h.quantile(0.5) as f64;
        let p99 = h.quantile(0.99) as f64;
        assert!((p50 / 50_000.0 - 1.0).abs() < 0.07, "{p50}");
        assert!((p99 / 99_000.0 - 1.0).abs() < 0.07, "{p99}");
        h.clear();
        assert_eq!(h.quantile(0.5), 0);
        h.record(u64::MAX);
        assert!(h.quantile(1.0) > 0);
    }

    #[test]
    fn ring_keeps_newest() {
        let mut r = Ring::new(3);
        for i in 0..5 {
            r.push(i);
        }
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), vec![2, 3, 4]);
        assert_eq!(r.last(), Some(&4));
        assert_eq!(r.len(), 3);
    }
}
