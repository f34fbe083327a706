//! One Envoy cluster as seen by one client sidecar: its hosts, load balancer, outlier
//! detector and connection-pool counters. Envoy keeps all of these per client proxy.

use std::collections::VecDeque;

use super::policy::{ejection_time_ms, LbPolicy, HOST_RESELECT_ATTEMPTS};
use super::table::Table;
use super::{Micros, Subset};
use crate::sim::rng::Rng;

/// Outlier state of one host inside one cluster.
#[derive(Debug, Clone)]
pub(crate) struct Host {
    pub(crate) pod: u32,
    /// Requests in flight from this client to this host (LEAST_REQUEST reads it).
    pub(crate) active: u32,
    pub(crate) consecutive_5xx: u32,
    pub(crate) ejected: bool,
    pub(crate) ejected_at: Micros,
    pub(crate) eject_for: Micros,
    /// Envoy's ejection-time multiplier: +1 per ejection, −1 per healthy sweep.
    pub(crate) multiplier: u32,
}

/// What a failure did to the detector.
pub(crate) enum Ejection {
    None,
    Ejected { multiplier: u32, duration: Micros },
}

#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    pub(crate) client_pod: u32,
    pub(crate) service: u16,
    pub(crate) subset: Subset,
    /// The destination calls nothing further (a try's end is known when it is sent).
    pub(crate) leaf: bool,
    pub(crate) hosts: Table<Host>,
    pub(crate) ejected: u32,
    pub(crate) active: u32,
    pub(crate) retries_active: u32,
    /// Tries waiting for a free slot: (call, generation).
    pub(crate) pending: VecDeque<(u32, u32)>,
    pub(crate) pending_live: u32,
    rr: u64,
}

impl Cluster {
    pub(crate) fn new(
        client_pod: u32,
        service: u16,
        subset: Subset,
        pods: &[u32],
        rng: &mut Rng,
    ) -> Self {
        Cluster {
            client_pod,
            service,
            subset,
            leaf: false,
            hosts: Table::new(
                pods.iter()
                    .map(|&pod| Host {
                        pod,
                        active: 0,
                        consecutive_5xx: 0,
                        ejected: false,
                        ejected_at: 0,
                        eject_for: 0,
                        multiplier: 0,
                    })
                    .collect(),
            ),
            ejected: 0,
            active: 0,
            retries_active: 0,
            pending: VecDeque::new(),
            pending_live: 0,
            // Envoy starts round robin at a random index, so clients do not move in step.
            rr: rng.below(1 << 20) % pods.len().max(1) as u64,
        }
    }

    fn healthy(&self) -> usize {
        self.hosts.len() - self.ejected as usize
    }

    fn nth_healthy(&self, k: usize) -> usize {
        if self.ejected == 0 {
            return k;
        }
        let mut seen = 0;
        for (i, h) in self.hosts.iter().enumerate() {
            if !h.ejected {
                if seen == k {
                    return i;
                }
                seen += 1;
            }
        }
        0
    }

    fn pick_once(&mut self, lb: LbPolicy, rng: &mut Rng) -> usize {
        let n = self.healthy() as u64;
        match lb {
            LbPolicy::RoundRobin => {
                // `rr` is kept below the host count, so a pick needs no division; it is
                // reduced only after the healthy set shrank.
                if self.rr >= n {
                    self.rr %= n;
                }
                let k = self.rr as usize;
                self.rr += 1;
                self.nth_healthy(k)
            }
            LbPolicy::Random => self.nth_healthy(rng.below(n) as usize),
            LbPolicy::LeastRequest => {
                // P2C as Envoy does it: two draws with replacement, the first wins ties.
                let a = self.nth_healthy(rng.below(n) as usize);
                let b = self.nth_healthy(rng.below(n) as usize);
                if self.hosts[b].active < self.hosts[a].active {
                    b
                } else {
                    a
                }
            }
        }
    }

    /// Chooses a healthy host slot, re-picking (up to 5 times) away from hosts this call
    /// already tried; `None` when every host is ejected.
    #[inline(always)]
    pub(crate) fn pick(&mut self, lb: LbPolicy, rng: &mut Rng, tried: u32) -> Option<usize> {
        if tried == 0 && self.ejected == 0 && lb == LbPolicy::RoundRobin {
            // The common case, a first try with every host in: the next index in turn.
            let k = if self.rr >= self.hosts.len() as u64 {
                0
            } else {
                self.rr as usize
            };
            self.rr = k as u64 + 1;
            return Some(k);
        }
        self.pick_slow(lb, rng, tried)
    }

    fn pick_slow(&mut self, lb: LbPolicy, rng: &mut Rng, tried: u32) -> Option<usize> {
        if self.healthy() == 0 {
            return None;
        }
        let mut slot = self.pick_once(lb, rng);
        for _ in 0..HOST_RESELECT_ATTEMPTS {
            if tried & (1 << slot) == 0 {
                break;
            }
            slot = self.pick_once(lb, rng);
        }
        Some(slot)
    }

    /// Feeds one try result to the outlier detector; may eject inline.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record(
        &mut self,
        slot: usize,
        failed: bool,
        now: Micros,
        threshold: u32,
        base_ms: u64,
        max_percent: u32,
    ) -> Ejection {
        let host_count = self.hosts.len() as u64;
        let ejected = self.ejected as u64;
        let h = &mut self.hosts[slot];
        if !failed {
            h.consecutive_5xx = 0;
            return Ejection::None;
        }
        h.consecutive_5xx = h.consecutive_5xx.saturating_add(1);
        // Envoy checks `++count == threshold`: a blocked ejection is not retried on the next error.
        if threshold == 0 || h.consecutive_5xx != threshold || h.ejected {
            return Ejection::None;
        }
        // Never exceed maxEjectionPercent (no "always eject one host").
        if (ejected + 1) * 100 > max_percent as u64 * host_count {
            return Ejection::None;
        }
        let max_mult = (super::policy::MAX_EJECTION_TIME_MS / base_ms.max(1)) as u32 + 1;
        if h.multiplier < max_mult {
            h.multiplier += 1;
        }
        h.ejected = true;
        h.ejected_at = now;
        h.eject_for = ejection_time_ms(h.multiplier, base_ms) * 1000;
        self.ejected += 1;
        Ejection::Ejected {
            multiplier: h.multiplier,
            duration: h.eject_for,
        }
    }

    /// Whether a sweep would change anything (an ejected host or a multiplier to lower).
    pub(crate) fn needs_sweep(&self) -> bool {
        self.hosts.iter().any(|h| h.ejected || h.multiplier > 0)
    }

    /// The interval sweep: returns hosts whose time is up (their pods, via `back`) and lowers
    /// the multiplier of hosts that stayed healthy.
    pub(crate) fn sweep(&mut self, now: Micros, back: &mut Vec<u32>) {
        for h in self.hosts.iter_mut() {
            if !h.ejected {
                h.multiplier = h.multiplier.saturating_sub(1);
            } else if now.saturating_sub(h.ejected_at) >= h.eject_for {
                h.ejected = false;
                h.consecutive_5xx = 0;
                self.ejected -= 1;
                back.push(h.pod);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(n: u32) -> Cluster {
        let pods: Vec<u32> = (0..n).collect();
        Cluster::new(100, 1, Subset::All, &pods, &mut Rng::new(1))
    }

    #[test]
    fn round_robin_cycles_and_skips_ejected() {
        let mut c = cluster(3);
        let mut r = Rng::new(2);
        let picks: Vec<usize> = (0..6)
            .map(|_| c.pick(LbPolicy::RoundRobin, &mut r, 0).unwrap())
            .collect();
        for s in 0..3 {
            assert_eq!(picks.iter().filter(|&&p| p == s).count(), 2);
        }
        for _ in 0..5 {
            c.record(1, true, 0, 5, 30_000, 50);
        }
        assert!(c.hosts[1].ejected);
        for _ in 0..10 {
            assert_ne!(c.pick(LbPolicy::RoundRobin, &mut r, 0), Some(1));
        }
    }

    #[test]
    fn max_ejection_percent_is_never_exceeded() {
        let mut c = cluster(3);
        for slot in 0..3 {
            for _ in 0..5 {
                c.record(slot, true, 0, 5, 30_000, 50);
            }
        }
        assert_eq!(c.ejected, 1);
    }

    #[test]
    fn previous_hosts_are_avoided() {
        let mut c = cluster(2);
        let mut r = Rng::new(3);
        // Six draws all landing on the tried host happen with probability 1/64.
        let other = (0..200)
            .filter(|_| c.pick(LbPolicy::Random, &mut r, 0b01) == Some(1))
            .count();
        assert!(other > 180, "{other}");
    }
}
