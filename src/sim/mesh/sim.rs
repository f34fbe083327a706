//! The engine: users → gateway → services, every hop through a client and a server sidecar.
//!
//! A *call* is what an app asks for (one logical request to a service); a *try* is what the
//! client sidecar sends (first try plus retries); a *work* is a request being handled by a
//! pod's app. Calls and works live in slabs reused through free lists, so a running mesh
//! allocates nothing per request.

use super::cluster::{Cluster, Ejection};
use super::events::{Ev, Kind, Queue};
use super::metrics::{BucketStats, Collector, Ring, Totals};
use super::policy::{
    backoff_cap_us, backoff_range_us, would_retry, LbPolicy, MtlsMode, Outcome, Policy, PolicyError,
};
use super::table::Table;
use super::topology::{Latency, ServiceKind, Topology, TopologyError};
use super::trace::{Trace, TraceKind};
use super::{Micros, PodId, ServiceId, Subset, MS, SEC};
use crate::sim::rng::Rng;

const NONE: u32 = u32::MAX;
const NEVER: Micros = Micros::MAX;

/// With or without the mesh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Sidecars apply the policy.
    Mesh,
    /// Plain HTTP clients: no retries, timeouts, ejection, pool limits, mTLS or sidecar
    /// latency; kube-proxy picks a random pod.
    NoMesh,
}

/// Everything a mesh run starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct MeshConfig {
    /// Services and pods.
    pub topology: Topology,
    /// With or without the mesh.
    pub mode: Mode,
    /// The policy in force at the start.
    pub policy: Policy,
    /// User requests per second arriving at the gateway (Poisson).
    pub request_rate: f64,
    /// Stop generating user requests after this many (tests and storms).
    pub request_limit: Option<u64>,
    /// Time one sidecar adds to one request passing through it (two sidecars per hop).
    pub sidecar_latency: Latency,
    /// Network time per hop, each way.
    pub network_latency_us: Micros,
    /// Length of a metrics bucket.
    pub bucket_us: Micros,
    /// Buckets kept.
    pub history: usize,
}

impl Default for MeshConfig {
    /// The shop topology at 100 requests/s with the lesson's policy; 0.5–1 ms per sidecar,
    /// so 1–2 ms per hop as the lesson says.
    fn default() -> Self {
        MeshConfig {
            topology: Topology::shop(),
            mode: Mode::Mesh,
            policy: Policy::default(),
            request_rate: 100.0,
            request_limit: None,
            sidecar_latency: Latency::Uniform { lo: 500, hi: 1000 },
            network_latency_us: 100,
            bucket_us: SEC,
            history: 600,
        }
    }
}

/// Faults currently set on a pod.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PodFaults {
    /// Share of requests the app answers with 503.
    pub error_rate: f64,
    /// Extra time the app takes per request.
    pub added_latency_ms: u64,
    /// The pod is down: connections are refused.
    pub crashed: bool,
    /// Its sidecar is down: nothing gets in or out of the pod (meaningless without mesh).
    pub sidecar_crashed: bool,
}

impl PodFaults {
    /// Connections to the pod are refused: it is down, or (with the mesh) its sidecar is.
    #[inline(always)]
    fn refuses_connections(&self, mesh: bool) -> bool {
        self.crashed || (mesh && self.sidecar_crashed)
    }
}

/// A command that breaks something.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// The pod answers this share (0–1) of requests with 503.
    ErrorRate {
        /// Target pod.
        pod: PodId,
        /// Share in [0, 1].
        rate: f64,
    },
    /// The pod takes this much longer per request.
    Delay {
        /// Target pod.
        pod: PodId,
        /// Extra milliseconds.
        added_ms: u64,
    },
    /// The pod crashes (connect failure).
    Crash {
        /// Target pod.
        pod: PodId,
    },
    /// The pod's sidecar crashes.
    SidecarCrash {
        /// Target pod.
        pod: PodId,
    },
    /// Every fault of the pod cleared.
    Heal {
        /// Target pod.
        pod: PodId,
    },
    /// A plaintext client outside the mesh sends to a service; rate 0 stops it.
    LegacyClient {
        /// Target service (an application service).
        service: ServiceId,
        /// Requests per second.
        rate: f64,
    },
}

/// Why a command or configuration was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum MeshError {
    /// The policy is invalid.
    Policy(PolicyError),
    /// The topology is invalid.
    Topology(TopologyError),
    /// No such pod.
    UnknownPod(usize),
    /// No such service, or not one that can take this command.
    UnknownService(usize),
    /// An error rate outside [0, 1].
    BadErrorRate(f64),
    /// A request rate that is negative, not finite or above 1,000,000/s.
    BadRequestRate(f64),
    /// Bucket length 0.
    BadBucket,
    /// A retry storm too big to simulate.
    StormTooLarge,
}

impl MeshError {
    /// The message shown to the student, in Vietnamese.
    pub fn message_vi(&self) -> String {
        match self {
            MeshError::Policy(e) => e.message_vi(),
            MeshError::Topology(e) => e.message_vi(),
            MeshError::UnknownPod(i) => format!("Không có pod số {i}."),
            MeshError::UnknownService(i) => {
                format!("Không có service số {i} (hoặc service đó không nhận lệnh này).")
            }
            MeshError::BadErrorRate(r) => {
                format!("Tỉ lệ lỗi {r} không hợp lệ: phải nằm trong khoảng 0–1 (0–100%).")
            }
            MeshError::BadRequestRate(r) => {
                format!("Tốc độ {r} request/giây không hợp lệ: phải từ 0 đến 1.000.000.")
            }
            MeshError::BadBucket => "Độ dài mỗi khoảng đo phải lớn hơn 0.".to_string(),
            MeshError::StormTooLarge => {
                "Retry storm này quá lớn để mô phỏng: hãy giảm số tầng, số lần thử hoặc số request."
                    .to_string()
            }
        }
    }
}

impl std::fmt::Display for MeshError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for MeshError {}

impl From<PolicyError> for MeshError {
    fn from(e: PolicyError) -> Self {
        MeshError::Policy(e)
    }
}

impl From<TopologyError> for MeshError {
    fn from(e: TopologyError) -> Self {
        MeshError::Topology(e)
    }
}

/// Something worth a line in the lab's text log.
#[derive(Debug, Clone, PartialEq)]
pub enum MeshEventKind {
    /// A client sidecar ejected a pod from its load-balancing set.
    Ejected {
        /// The client proxy's pod.
        client: PodId,
        /// The ejected pod.
        pod: PodId,
        /// Ejections in a row (the multiplier k).
        times: u32,
        /// min(k × baseEjectionTime, 300 s).
        duration_us: Micros,
    },
    /// A sweep brought a pod back.
    Returned {
        /// The client proxy's pod.
        client: PodId,
        /// The pod.
        pod: PodId,
    },
    /// A fault command was applied.
    Fault(Fault),
    /// The policy changed.
    PolicyChanged,
}

/// A log line with its sequence number (for "what is new since").
#[derive(Debug, Clone, PartialEq)]
pub struct MeshEvent {
    /// 0, 1, 2… over the whole run.
    pub seq: u64,
    /// Virtual time.
    pub at: Micros,
    /// What happened.
    pub kind: MeshEventKind,
}

/// A pod as the view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PodView {
    /// Its id.
    pub id: PodId,
    /// e.g. `user-service-1`.
    pub name: String,
    /// Its service.
    pub service: ServiceId,
    /// 1 or 2.
    pub version: u8,
    /// Faults set on it.
    pub faults: PodFaults,
    /// Requests its app is handling.
    pub in_flight: u32,
    /// Client sidecars that currently eject it.
    pub ejected_by: u32,
    /// Tries sent to it since the start.
    pub tries_received: u64,
}

/// A host inside a client's cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct HostView {
    /// The pod.
    pub pod: PodId,
    /// Out of the load-balancing set.
    pub ejected: bool,
    /// Consecutive 5xx / local failures counted.
    pub consecutive_5xx: u32,
    /// Ejection multiplier k.
    pub multiplier: u32,
    /// Requests in flight from this client.
    pub active: u32,
}

/// One client sidecar's view of one destination (an Envoy cluster).
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterView {
    /// The client proxy's pod.
    pub client: PodId,
    /// Destination service.
    pub service: ServiceId,
    /// Subset.
    pub subset: Subset,
    /// Its hosts.
    pub hosts: Vec<HostView>,
    /// Requests in flight.
    pub active: u32,
    /// Requests waiting in the pending queue.
    pub pending: u32,
}

#[derive(Debug, Clone)]
struct Pod {
    service: u16,
    version: u8,
    latency: Latency,
    capacity: u32,
    faults: PodFaults,
    in_flight: u32,
    ejected_by: u32,
    tries_received: u64,
    name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CallState {
    Free,
    Pending,
    InTry,
    Backoff,
    Between,
}

/// One call in 64 bytes, aligned to a cache line: a try's end touches one line, not two.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Call {
    work: u32,
    cluster: u32,
    gen: u32,
    state: CallState,
    /// Tries sent: at most 1 + `MAX_ATTEMPTS`.
    tries: u8,
    deadline: Micros,
    /// Host slot of the current try: below `MAX_PODS_PER_SERVICE`.
    slot: u8,
    /// Its pod (kept here so a try's end reaches the pod without going through the host).
    host: u32,
    depth: u8,
    outcome: Outcome,
    release_pod: bool,
    retrying: bool,
    /// In the per-try timer list (`timer_prev`/`timer_next`), due at `timer_at`.
    timed: bool,
    /// Host slots tried, one bit each.
    tried: u32,
    trace: u64,
    timer_at: Micros,
    timer_prev: u32,
    timer_next: u32,
}

// The layout the comment on `Call` promises, and the counters that fit in it.
const _: () = assert!(std::mem::size_of::<Call>() == 64);
const _: () = assert!(super::policy::MAX_ATTEMPTS < u8::MAX as u32);
const _: () = assert!(super::topology::MAX_PODS_PER_SERVICE <= 32);

/// A call slot as a new call starts it.
const FRESH_CALL: Call = Call {
    work: 0,
    cluster: 0,
    gen: 0,
    state: CallState::Between,
    tries: 0,
    deadline: NEVER,
    slot: 0,
    host: 0,
    depth: 0,
    outcome: Outcome::Ok,
    release_pod: false,
    retrying: false,
    timed: false,
    tried: 0,
    trace: 0,
    timer_at: 0,
    timer_prev: NONE,
    timer_next: NONE,
};

/// What a try needs from its call: read once (or taken from the values that just set up
/// the call) and passed along, instead of read back from the call slot at every step.
#[derive(Debug, Clone, Copy)]
struct TryOf {
    call: u32,
    cluster: u32,
    /// Tries sent so far.
    tries: u32,
    gen: u32,
    tried: u32,
    deadline: Micros,
    trace: u64,
    depth: u8,
}

#[derive(Debug, Clone, Copy)]
enum Parent {
    User { start: Micros },
    Call { call: u32, gen: u32 },
}

/// One work in 32 bytes, aligned: two to a cache line, none across two.
#[derive(Debug, Clone, Copy)]
#[repr(align(32))]
struct Work {
    parent: Parent,
    trace: u64,
    pod: u16,
    /// Index in `routes` of the pod's first downstream call.
    route: u16,
    stage: u8,
    /// Downstream calls the pod's app makes.
    calls: u8,
    depth: u8,
}

// The layout the comment on `Work` promises, and the topology's limits that let it fit.
const _: () = assert!(std::mem::size_of::<Work>() == 32);
const _: () = {
    use super::topology::{MAX_CALLS_PER_SERVICE, MAX_PODS_PER_SERVICE, MAX_SERVICES};
    let pods = MAX_SERVICES * MAX_PODS_PER_SERVICE;
    assert!(pods * MAX_CALLS_PER_SERVICE <= u16::MAX as usize);
    assert!(MAX_CALLS_PER_SERVICE <= u8::MAX as usize && MAX_SERVICES <= u8::MAX as usize);
};

/// Slots reused through a free list; ids index it (`slab[id]`).
#[derive(Debug, Clone)]
struct Slab<T: Copy> {
    items: Table<T>,
    used: usize,
    /// Released ids, the last released on top.
    free: Table<u32>,
    nfree: usize,
}

impl<T: Copy> Default for Slab<T> {
    fn default() -> Self {
        Slab {
            items: Table::default(),
            used: 0,
            free: Table::default(),
            nfree: 0,
        }
    }
}

impl<T: Copy> Slab<T> {
    #[inline(always)]
    fn alloc(&mut self, item: T) -> u32 {
        let i = self.slot(item);
        self[i] = item;
        i
    }

    /// A free slot, still holding what it held last (`fresh` if it never held anything).
    #[inline(always)]
    fn slot(&mut self, fresh: T) -> u32 {
        if self.nfree > 0 {
            self.nfree -= 1;
            return self.free[self.nfree];
        }
        if self.used == self.items.len() {
            self.items.grow(fresh);
        }
        self.items[self.used] = fresh;
        self.used += 1;
        (self.used - 1) as u32
    }

    #[inline(always)]
    fn release(&mut self, i: u32) {
        if self.nfree == self.free.len() {
            self.free.grow(0);
        }
        self.free[self.nfree] = i;
        self.nfree += 1;
    }

    #[cfg(test)]
    fn live(&self) -> usize {
        self.used - self.nfree
    }
}

impl<T: Copy> std::ops::Index<u32> for Slab<T> {
    type Output = T;

    #[inline(always)]
    fn index(&self, id: u32) -> &T {
        &self.items[id as usize]
    }
}

impl<T: Copy> std::ops::IndexMut<u32> for Slab<T> {
    #[inline(always)]
    fn index_mut(&mut self, id: u32) -> &mut T {
        &mut self.items[id as usize]
    }
}

/// The policy as the engine applies it in the current mode, in microseconds.
#[derive(Debug, Clone, Copy)]
struct Eff {
    attempts: u32,
    per_try: Micros,
    timeout: Micros,
    retry_on: super::policy::RetryOn,
    backoff_base_ms: u64,
    outlier: bool,
    consecutive: u32,
    interval: Micros,
    base_eject_ms: u64,
    max_eject_pct: u32,
    lb: LbPolicy,
    max_requests: u32,
    max_pending: u32,
    max_retries: u32,
    mtls: MtlsMode,
    canary: Option<u32>,
}

impl Eff {
    fn new(p: &Policy, mode: Mode) -> Self {
        let mesh = mode == Mode::Mesh;
        Eff {
            attempts: if mesh { p.retries.attempts } else { 0 },
            per_try: match (mesh, p.effective_per_try_timeout_ms()) {
                (true, Some(ms)) => ms * MS,
                _ => NEVER,
            },
            timeout: match (mesh, p.timeout_ms) {
                (true, Some(ms)) => ms * MS,
                _ => NEVER,
            },
            retry_on: p.retries.retry_on,
            backoff_base_ms: p.retries.backoff_base_ms,
            outlier: mesh && p.outlier.consecutive_5xx_errors > 0,
            consecutive: p.outlier.consecutive_5xx_errors,
            interval: p.outlier.interval_ms * MS,
            base_eject_ms: p.outlier.base_ejection_time_ms,
            max_eject_pct: p.outlier.max_ejection_percent,
            lb: if mesh {
                p.load_balancer
            } else {
                LbPolicy::Random
            },
            max_requests: if mesh {
                p.pool.http2_max_requests
            } else {
                u32::MAX
            },
            max_pending: if mesh {
                p.pool.http1_max_pending_requests
            } else {
                u32::MAX
            },
            max_retries: p.pool.max_retries.unwrap_or(u32::MAX),
            mtls: p.mtls,
            canary: if mesh { p.canary_v2_percent } else { None },
        }
    }
}

/// The simulated mesh. See the module docs.
#[derive(Debug)]
pub struct Mesh {
    config: MeshConfig,
    eff: Eff,
    mesh: bool,
    now: Micros,
    rng: Rng,
    arrivals: Rng,
    legacy_rng: Rng,
    queue: Queue,
    pods: Table<Pod>,
    service_pods: Box<[(u32, u32)]>,
    /// Per service: how many downstream calls its app makes.
    svc_calls: Table<u16>,
    clusters: Table<Cluster>,
    clusters_by_service: Vec<Vec<u32>>,
    /// Per pod: index of its first route group in `routes`.
    route_base: Table<u32>,
    /// Per (pod, downstream index): clusters for All, V1, V2.
    routes: Table<[u32; 3]>,
    calls: Slab<Call>,
    works: Slab<Work>,
    next_arrival: Micros,
    /// `gap_mean_q8` of the request rate.
    arrival_gap_q8: u64,
    next_legacy: Micros,
    legacy: Option<(usize, f64)>,
    requests_started: u64,
    users_in_flight: u64,
    sweep_gen: u32,
    /// Sweeps fall on epoch + k × interval, as Envoy's interval timer does.
    sweep_epoch: Micros,
    /// Per service: a sweep is queued. Sweeps with nothing to do are not queued, so an
    /// idle mesh has no endless timer and a long `advance` ends.
    sweep_armed: Box<[bool]>,
    /// Cached end of the open metrics bucket (checked on every event).
    bucket_end: Micros,
    metrics: Collector,
    log: Ring<MeshEvent>,
    log_seq: u64,
    trace: Option<Trace>,
    trace_next: bool,
    trace_every: u64,
    back_buf: Vec<u32>,
    /// Gateway pods that are up, in order: the cloud load balancer's choice (kept in step
    /// with the faults, so an arrival does not scan the pods).
    gateways_up: Vec<u32>,
    /// Some pod's sidecar is down (with the mesh): only then does a call check its own.
    any_sidecar_down: bool,
    /// Per-try timers in time order: a list through `Call::timer_prev`/`timer_next`.
    timer_head: u32,
    timer_tail: u32,
    /// When the first timer is due (`NEVER` without timers).
    timer_head_at: Micros,
    /// When the last timer is due (0 without timers).
    timer_tail_at: Micros,
    timers: usize,
}

/// The mean gap between Poisson arrivals at `rate` per second, in 1/256 µs; 0 for none.
fn gap_mean_q8(rate: f64) -> u64 {
    if rate > 0.0 {
        // At most 1,000,000/s (checked), so at least 256.
        (256e6 / rate) as u64
    } else {
        0
    }
}

/// A gap to the next Poisson arrival (at least 1 µs) from 32 random bits and `gap_mean_q8`:
/// in integers, so the path taken once per user request has no float division.
#[inline(always)]
fn exp_gap(bits: u32, mean_q8: u64) -> Micros {
    if mean_q8 == 0 {
        return NEVER;
    }
    let us = if mean_q8 < 1 << 32 {
        super::topology::exp_scaled(bits, mean_q8) >> 8
    } else {
        exp_gap_slow(bits, mean_q8)
    };
    us.max(1)
}

/// Below 0.06 arrivals per second: in floating point.
#[cold]
fn exp_gap_slow(bits: u32, mean_q8: u64) -> Micros {
    let us = super::topology::exp1(bits) * (mean_q8 as f64 / 256.0);
    // A comparison, not `f64::max`: wasm has no instruction with its NaN rule (a libm call).
    if us > 1.0 {
        us as Micros
    } else {
        1
    }
}

fn check_rate(rate: f64) -> Result<(), MeshError> {
    if rate.is_finite() && (0.0..=1_000_000.0).contains(&rate) {
        Ok(())
    } else {
        Err(MeshError::BadRequestRate(rate))
    }
}

impl Mesh {
    /// A mesh at time 0. Everything random comes from `seed`; user arrivals use their own
    /// stream, so Mesh and NoMesh runs with one seed see the very same requests.
    pub fn new(config: MeshConfig, seed: u64) -> Result<Self, MeshError> {
        config.topology.validate()?;
        config.policy.validate()?;
        check_rate(config.request_rate)?;
        if config.bucket_us == 0 {
            return Err(MeshError::BadBucket);
        }
        let topo = &config.topology;
        let mut rng = Rng::new(seed);
        let mut arrivals = Rng::new(seed ^ 0x5EED_A441_7A15_0001);
        let legacy_rng = Rng::new(seed ^ 0x1E6A_C7C1_1E47_0002);

        let mut pods = Vec::new();
        let mut service_pods = Vec::new();
        for (si, s) in topo.services.iter().enumerate() {
            let first = pods.len() as u32;
            for (pi, p) in s.pods.iter().enumerate() {
                let name = if p.version == 2 {
                    format!("{}-v2-{}", s.name, pi + 1)
                } else {
                    format!("{}-{}", s.name, pi + 1)
                };
                pods.push(Pod {
                    service: si as u16,
                    version: p.version,
                    latency: p.latency,
                    capacity: p.capacity,
                    faults: PodFaults::default(),
                    in_flight: 0,
                    ejected_by: 0,
                    tries_received: 0,
                    name,
                });
            }
            service_pods.push((first, pods.len() as u32));
        }

        // One cluster per client pod × destination × subset, as each Envoy holds its own.
        let mut clusters = Vec::new();
        let mut clusters_by_service = vec![Vec::new(); topo.services.len()];
        let mut route_base = Vec::with_capacity(pods.len());
        let mut routes = Vec::new();
        for client in 0..pods.len() as u32 {
            route_base.push(routes.len() as u32);
            let svc = pods[client as usize].service as usize;
            for &dest in &topo.services[svc].calls {
                let (lo, hi) = service_pods[dest];
                let all: Vec<u32> = (lo..hi).collect();
                let v1: Vec<u32> = all
                    .iter()
                    .copied()
                    .filter(|&p| pods[p as usize].version != 2)
                    .collect();
                let v2: Vec<u32> = all
                    .iter()
                    .copied()
                    .filter(|&p| pods[p as usize].version == 2)
                    .collect();
                let mut group = [NONE; 3];
                let mut add = |subset: Subset, members: &[u32], slot: usize| {
                    let id = clusters.len() as u32;
                    clusters.push(Cluster::new(client, dest as u16, subset, members, &mut rng));
                    clusters_by_service[dest].push(id);
                    group[slot] = id;
                };
                add(Subset::All, &all, 0);
                if !v2.is_empty() && !v1.is_empty() {
                    add(Subset::V1, &v1, 1);
                    add(Subset::V2, &v2, 2);
                }
                for &id in group.iter().filter(|&&id| id != NONE) {
                    clusters[id as usize].leaf = topo.services[dest].calls.is_empty();
                }
                routes.push(group);
            }
        }

        let svc_calls: Vec<u16> = topo.services.iter().map(|s| s.calls.len() as u16).collect();

        let eff = Eff::new(&config.policy, config.mode);
        let mesh = config.mode == Mode::Mesh;
        let first_arrival = if config.request_limit == Some(0) {
            NEVER
        } else {
            exp_gap(arrivals.next_u32(), gap_mean_q8(config.request_rate))
        };
        let metrics = Collector::new(config.bucket_us, config.history, topo.services.len());
        let mut m = Mesh {
            eff,
            mesh,
            now: 0,
            rng,
            arrivals,
            legacy_rng,
            queue: Queue::default(),
            pods: Table::new(pods),
            service_pods: service_pods.into_boxed_slice(),
            svc_calls: Table::new(svc_calls),
            clusters: Table::new(clusters),
            clusters_by_service,
            route_base: Table::new(route_base),
            routes: Table::new(routes),
            calls: Slab::default(),
            works: Slab::default(),
            next_arrival: first_arrival,
            arrival_gap_q8: gap_mean_q8(config.request_rate),
            next_legacy: NEVER,
            legacy: None,
            requests_started: 0,
            users_in_flight: 0,
            sweep_gen: 0,
            sweep_epoch: 0,
            sweep_armed: vec![false; config.topology.services.len()].into_boxed_slice(),
            bucket_end: config.bucket_us,
            metrics,
            log: Ring::new(512),
            log_seq: 0,
            trace: None,
            trace_next: false,
            trace_every: 0,
            back_buf: Vec::new(),
            gateways_up: Vec::new(),
            any_sidecar_down: false,
            timer_head: NONE,
            timer_tail: NONE,
            timer_head_at: NEVER,
            timer_tail_at: 0,
            timers: 0,
            config,
        };
        m.refresh_fault_summary();
        m.schedule_sweeps();
        Ok(m)
    }

    // ----- commands -----

    /// Runs the simulation for `dt` of virtual time.
    pub fn advance(&mut self, dt: Micros) {
        let end = self.now.saturating_add(dt);
        loop {
            // Arrivals, the legacy client and per-try timers are kept apart from the queue;
            // at equal times they go first.
            let t_other = self
                .next_arrival
                .min(self.next_legacy)
                .min(self.timer_head_at);
            if let Some(ev) = self.queue.pop_before(end, t_other) {
                if ev.at >= self.bucket_end {
                    self.roll_buckets(ev.at);
                }
                self.now = ev.at;
                self.handle(ev);
                continue;
            }
            let t = t_other;
            if t > end || t == NEVER {
                break;
            }
            if t >= self.bucket_end {
                self.roll_buckets(t);
            }
            self.now = t;
            if t == self.next_arrival {
                self.on_arrival();
            } else if t == self.next_legacy {
                self.on_legacy();
            } else {
                self.fire_timer();
            }
        }
        if end != NEVER {
            if end >= self.bucket_end {
                self.roll_buckets(end);
            }
            self.now = end;
        }
    }

    /// Advances in 100 ms steps until no user request is in flight and no more will come,
    /// or until `max` of virtual time has passed. Returns true when idle.
    pub fn run_until_idle(&mut self, max: Micros) -> bool {
        let stop = self.now.saturating_add(max);
        while self.now < stop {
            if self.users_in_flight == 0 && self.next_arrival == NEVER {
                return true;
            }
            let step = (100 * MS).min(stop - self.now);
            self.advance(step);
        }
        self.users_in_flight == 0 && self.next_arrival == NEVER
    }

    /// Applies a fault (or heals a pod, or starts/stops the legacy client).
    pub fn inject(&mut self, fault: Fault) -> Result<(), MeshError> {
        match fault {
            Fault::ErrorRate { pod, rate } => {
                if !(0.0..=1.0).contains(&rate) {
                    return Err(MeshError::BadErrorRate(rate));
                }
                self.pod_mut(pod)?.faults.error_rate = rate;
            }
            Fault::Delay { pod, added_ms } => {
                self.pod_mut(pod)?.faults.added_latency_ms = added_ms.min(3_600_000);
            }
            Fault::Crash { pod } => self.pod_mut(pod)?.faults.crashed = true,
            Fault::SidecarCrash { pod } => self.pod_mut(pod)?.faults.sidecar_crashed = true,
            Fault::Heal { pod } => self.pod_mut(pod)?.faults = PodFaults::default(),
            Fault::LegacyClient { service, rate } => {
                check_rate(rate)?;
                let ok = self
                    .config
                    .topology
                    .services
                    .get(service.0)
                    .is_some_and(|s| s.kind == ServiceKind::App);
                if !ok {
                    return Err(MeshError::UnknownService(service.0));
                }
                if rate > 0.0 {
                    self.legacy = Some((service.0, rate));
                    let bits = self.legacy_rng.next_u32();
                    self.next_legacy = self.now + exp_gap(bits, gap_mean_q8(rate));
                } else {
                    self.legacy = None;
                    self.next_legacy = NEVER;
                }
            }
        }
        self.refresh_fault_summary();
        self.log_event(MeshEventKind::Fault(fault));
        Ok(())
    }

    /// Refreshes what is kept from the pods' faults so that requests need not scan them:
    /// the gateways that are up and whether any sidecar is down.
    fn refresh_fault_summary(&mut self) {
        let (lo, hi) = self.service_pods[0];
        let mesh = self.mesh;
        self.gateways_up.clear();
        for pod in lo..hi {
            if !self.pods[pod as usize].faults.refuses_connections(mesh) {
                self.gateways_up.push(pod);
            }
        }
        self.any_sidecar_down = mesh && self.pods.iter().any(|p| p.faults.sidecar_crashed);
    }

    /// Clears every pod's faults and stops the legacy client.
    pub fn clear_faults(&mut self) {
        for p in self.pods.iter_mut() {
            p.faults = PodFaults::default();
        }
        self.legacy = None;
        self.next_legacy = NEVER;
        self.refresh_fault_summary();
    }

    /// Replaces the policy (validated first; nothing changes on error). Calls already in
    /// flight keep their deadlines; current ejections stay until their sweep.
    pub fn set_policy(&mut self, policy: Policy) -> Result<(), MeshError> {
        policy.validate()?;
        let old_interval = self.config.policy.outlier.interval_ms;
        self.config.policy = policy;
        self.eff = Eff::new(&self.config.policy, self.config.mode);
        if self.config.policy.outlier.interval_ms != old_interval {
            self.schedule_sweeps();
        }
        self.log_event(MeshEventKind::PolicyChanged);
        Ok(())
    }

    /// Changes the user request rate (per second).
    pub fn set_request_rate(&mut self, rate: f64) -> Result<(), MeshError> {
        check_rate(rate)?;
        self.config.request_rate = rate;
        self.arrival_gap_q8 = gap_mean_q8(rate);
        if self.next_arrival != NEVER || self.limit_left() {
            self.next_arrival = self
                .now
                .saturating_add(exp_gap(self.arrivals.next_u32(), self.arrival_gap_q8));
        }
        Ok(())
    }

    /// Traces the next user request that arrives.
    pub fn trace_next(&mut self) {
        self.trace_next = true;
    }

    /// Traces every `n`-th user request (when no trace is in progress); 0 turns it off.
    pub fn set_trace_every(&mut self, n: u64) {
        self.trace_every = n;
    }

    // ----- read-only accessors -----

    /// Current virtual time.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// The configuration, with the policy and request rate now in force.
    pub fn config(&self) -> &MeshConfig {
        &self.config
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.config.policy
    }

    /// Mesh or no mesh.
    pub fn mode(&self) -> Mode {
        self.config.mode
    }

    /// Services and pods.
    pub fn topology(&self) -> &Topology {
        &self.config.topology
    }

    /// Every pod with its state.
    pub fn pods(&self) -> Vec<PodView> {
        self.pods
            .iter()
            .enumerate()
            .map(|(i, p)| PodView {
                id: PodId(i),
                name: p.name.clone(),
                service: ServiceId(p.service as usize),
                version: p.version,
                faults: p.faults,
                in_flight: p.in_flight,
                ejected_by: p.ejected_by,
                tries_received: p.tries_received,
            })
            .collect()
    }

    /// The pods of a service.
    pub fn pods_of(&self, service: ServiceId) -> Vec<PodId> {
        match self.service_pods.get(service.0) {
            Some(&(lo, hi)) => (lo..hi).map(|p| PodId(p as usize)).collect(),
            None => Vec::new(),
        }
    }

    /// Every client sidecar's cluster, with its outlier state.
    pub fn clusters(&self) -> Vec<ClusterView> {
        self.clusters
            .iter()
            .map(|c| ClusterView {
                client: PodId(c.client_pod as usize),
                service: ServiceId(c.service as usize),
                subset: c.subset,
                hosts: c
                    .hosts
                    .iter()
                    .map(|h| HostView {
                        pod: PodId(h.pod as usize),
                        ejected: h.ejected,
                        consecutive_5xx: h.consecutive_5xx,
                        multiplier: h.multiplier,
                        active: h.active,
                    })
                    .collect(),
                active: c.active,
                pending: c.pending_live,
            })
            .collect()
    }

    /// Closed metric buckets, oldest first.
    pub fn buckets(&self) -> Vec<BucketStats> {
        self.metrics.ring.iter().cloned().collect()
    }

    /// Closed metric buckets, oldest first, without copying.
    pub fn buckets_iter(&self) -> impl Iterator<Item = &BucketStats> {
        self.metrics.ring.iter()
    }

    /// The newest closed bucket.
    pub fn latest_bucket(&self) -> Option<&BucketStats> {
        self.metrics.ring.last()
    }

    /// Counters since the start.
    pub fn totals(&self) -> Totals {
        self.metrics.totals()
    }

    /// Latency quantile over the whole run (µs), from the fixed histogram.
    pub fn latency_quantile(&self, q: f64) -> Micros {
        self.metrics.all_hist.quantile(q)
    }

    /// User requests currently in flight.
    pub fn users_in_flight(&self) -> u64 {
        self.users_in_flight
    }

    /// Pods ejected by at least one client sidecar right now.
    pub fn ejected_pods(&self) -> u32 {
        self.pods.iter().filter(|p| p.ejected_by > 0).count() as u32
    }

    /// The current or last trace.
    pub fn trace(&self) -> Option<&Trace> {
        self.trace.as_ref()
    }

    /// Log entries with `seq >= since` still held (the log keeps the last 512).
    pub fn events_since(&self, since: u64) -> Vec<MeshEvent> {
        self.log
            .iter()
            .filter(|e| e.seq >= since)
            .cloned()
            .collect()
    }

    /// The Istio YAML of the current policy for one service.
    pub fn yaml(&self, service: ServiceId) -> Result<String, MeshError> {
        let topo = &self.config.topology;
        let s = topo
            .services
            .get(service.0)
            .filter(|s| s.kind == ServiceKind::App)
            .ok_or(MeshError::UnknownService(service.0))?;
        let canary = topo.canary_service == Some(service.0);
        Ok(super::yaml::render(
            &self.config.policy,
            &super::yaml::Target {
                service: &s.name,
                namespace: "production",
                canary_subsets: canary,
            },
        ))
    }

    /// The lesson's sidecar tax for this topology: one sidecar per application pod, and
    /// the hops one request crosses. Zero without the mesh.
    pub fn sidecar_tax(&self) -> super::tax::LessonTax {
        let topo = &self.config.topology;
        if !self.mesh {
            return super::tax::lesson_tax(0, 0);
        }
        let pods = topo
            .services
            .iter()
            .filter(|s| s.kind == ServiceKind::App)
            .map(|s| s.pods.len() as u32)
            .sum();
        super::tax::lesson_tax(pods, topo.hops_per_request() as u32)
    }

    /// Pending events (for tests of boundedness).
    pub fn queued_events(&self) -> usize {
        self.queue.len() + self.timers
    }

    // ----- internals -----

    fn pod_mut(&mut self, pod: PodId) -> Result<&mut Pod, MeshError> {
        self.pods.get_mut(pod.0).ok_or(MeshError::UnknownPod(pod.0))
    }

    fn limit_left(&self) -> bool {
        self.config
            .request_limit
            .is_none_or(|l| self.requests_started < l)
    }

    fn log_event(&mut self, kind: MeshEventKind) {
        self.log.push(MeshEvent {
            seq: self.log_seq,
            at: self.now,
            kind,
        });
        self.log_seq += 1;
    }

    /// Restarts the sweep grid (new interval): pending sweeps go stale, busy services re-arm.
    fn schedule_sweeps(&mut self) {
        self.sweep_gen = self.sweep_gen.wrapping_add(1);
        self.sweep_epoch = self.now;
        for s in 0..self.sweep_armed.len() {
            self.sweep_armed[s] = false;
            if self.sweep_needed(s) {
                self.arm_sweep(s);
            }
        }
    }

    fn sweep_needed(&self, service: usize) -> bool {
        self.clusters_by_service[service]
            .iter()
            .any(|&c| self.clusters[c as usize].needs_sweep())
    }

    /// Queues the next sweep of `service` on the grid, unless one is queued.
    fn arm_sweep(&mut self, service: usize) {
        if !self.mesh || self.sweep_armed[service] {
            return;
        }
        let interval = self.eff.interval.max(1);
        let k = (self.now - self.sweep_epoch.min(self.now)) / interval + 1;
        let at = self.sweep_epoch.saturating_add(k.saturating_mul(interval));
        self.sweep_armed[service] = true;
        self.queue.push(Ev {
            at,
            a: service as u32,
            b: self.sweep_gen,
            kind: Kind::Sweep,
        });
    }

    fn roll_buckets(&mut self, t: Micros) {
        let b = self.metrics.bucket_us;
        let cap = self.config.history.max(1) as u64;
        while t >= self.metrics.bucket_end() {
            let behind = (t - self.metrics.open.start_us) / b;
            if behind > cap + 1 {
                // A long quiet gap: skip straight to the last `cap` empty buckets.
                let ej = self.ejected_pods();
                self.metrics.close(ej);
                let aligned = self.metrics.open.start_us + (behind - cap) * b;
                self.metrics.open.start_us = aligned;
                continue;
            }
            let ej = self.ejected_pods();
            self.metrics.close(ej);
        }
        self.bucket_end = self.metrics.bucket_end();
    }

    /// Draws an error with probability `rate`; healthy pods cost no random draw.
    #[inline(always)]
    fn fails(&mut self, rate: f64) -> bool {
        rate > 0.0 && (rate >= 1.0 || self.rng.chance(rate))
    }

    /// A sidecar's time for one request, from 32 random bits (see `Latency::sample`).
    #[inline(always)]
    fn sidecar(&self, bits: u32) -> Micros {
        if self.mesh {
            self.config.sidecar_latency.sample(bits)
        } else {
            0
        }
    }

    /// App time for one request on `pod`, from 32 random bits: its latency, slowed past
    /// capacity, plus faults.
    #[inline(always)]
    fn app_time(&self, pod: u32, bits: u32) -> Micros {
        let p = &self.pods[pod as usize];
        let (lat, cap, inflight, extra) = (
            p.latency,
            p.capacity as u64,
            p.in_flight as u64,
            p.faults.added_latency_ms * MS,
        );
        let base = lat.sample(bits);
        let slowed = if inflight > cap {
            base.saturating_mul(inflight) / cap
        } else {
            base
        };
        slowed.saturating_add(extra)
    }

    #[inline(always)]
    fn trace_push(&mut self, id: u64, depth: u8, kind: TraceKind) {
        if id != 0 {
            self.trace_record(id, depth, kind);
        }
    }

    fn trace_record(&mut self, id: u64, depth: u8, kind: TraceKind) {
        let now = self.now;
        if let Some(t) = self.trace.as_mut() {
            if t.request == id {
                t.push(now, depth, kind);
            }
        }
    }

    fn on_arrival(&mut self) {
        let now = self.now;
        self.requests_started += 1;
        self.metrics.totals.user_requests_started += 1;
        // One draw: the high half for the gap to the next arrival, the low half for this
        // request's gateway (so Mesh and NoMesh runs of a seed send it to the same one).
        let word = self.arrivals.next_u64();
        self.next_arrival = if self.limit_left() {
            now.saturating_add(exp_gap((word >> 32) as u32, self.arrival_gap_q8))
        } else {
            NEVER
        };
        let id = self.requests_started;
        let idle = self.trace.as_ref().is_none_or(|t| t.finished_at.is_some());
        let wanted =
            self.trace_next || (self.trace_every > 0 && id.is_multiple_of(self.trace_every));
        let trace = if idle && wanted {
            self.trace_next = false;
            self.trace = Some(Trace {
                request: id,
                started_at: now,
                ..Trace::default()
            });
            id
        } else {
            0
        };
        // The cloud load balancer skips gateway pods that are down.
        let alive = self.gateways_up.len() as u64;
        self.users_in_flight += 1;
        if alive == 0 {
            self.user_done(now, 503, trace);
            return;
        }
        let gw = self.gateways_up[(((word & 0xFFFF_FFFF) * alive) >> 32) as usize];
        self.trace_push(
            trace,
            0,
            TraceKind::Received {
                gateway: PodId(gw as usize),
            },
        );
        let w = self.new_work(Parent::User { start: now }, gw, 0, trace);
        self.start_call(w, NONE);
    }

    fn user_done(&mut self, start: Micros, status: u16, trace: u64) {
        let now = self.now;
        self.users_in_flight -= 1;
        self.metrics.user_done(now - start, status);
        if trace != 0 {
            if let Some(t) = self.trace.as_mut() {
                if t.request == trace {
                    t.push(now, 0, TraceKind::Done { status });
                    t.finished_at = Some(now);
                    t.status = Some(status);
                }
            }
        }
    }

    #[cold]
    fn on_legacy(&mut self) {
        let now = self.now;
        let Some((svc, rate)) = self.legacy else {
            self.next_legacy = NEVER;
            return;
        };
        let bits = self.legacy_rng.next_u32();
        self.next_legacy = now.saturating_add(exp_gap(bits, gap_mean_q8(rate)));
        let (lo, hi) = self.service_pods[svc];
        let pod = lo + self.legacy_rng.below((hi - lo) as u64) as u32;
        if self.mesh && !self.eff.mtls.accepts_plaintext() {
            // The server sidecar refuses the plaintext handshake.
            self.metrics.totals.legacy_rejected += 1;
            self.metrics.open.legacy_rejected += 1;
            return;
        }
        let f = self.pods[pod as usize].faults;
        if f.refuses_connections(self.mesh) {
            self.metrics.totals.legacy_failed += 1;
            self.metrics.open.legacy_failed += 1;
            return;
        }
        self.pods[pod as usize].in_flight += 1;
        let bits = self.rng.next_u64();
        let t = self
            .config
            .network_latency_us
            .saturating_add(self.sidecar(bits as u32))
            .saturating_add(self.app_time(pod, (bits >> 32) as u32));
        let ok = !self.fails(f.error_rate);
        self.queue.push(Ev {
            at: now.saturating_add(t),
            a: pod,
            b: ok as u32,
            kind: Kind::LegacyDone,
        });
    }

    fn handle(&mut self, ev: Ev) {
        match ev.kind {
            Kind::TryEnd => {
                let c = &self.calls[ev.a];
                if c.gen == ev.b && c.state == CallState::InTry {
                    let outcome = c.outcome;
                    self.end_try(ev.a, outcome);
                }
            }
            Kind::WorkStart => self.work_start(ev.a),
            Kind::WorkReply => self.work_reply(ev.a, ev.b as u16),
            _ => self.handle_rare(ev),
        }
    }

    /// Events off the happy path: back-off, route deadline, sweeps, late pods, legacy.
    #[cold]
    fn handle_rare(&mut self, ev: Ev) {
        match ev.kind {
            // Handled by `handle`.
            Kind::TryEnd | Kind::WorkStart | Kind::WorkReply => {}
            Kind::Backoff => {
                let c = &self.calls[ev.a];
                if c.gen == ev.b && c.state == CallState::Backoff {
                    self.try_start(self.try_of(ev.a));
                }
            }
            Kind::Deadline => {
                let c = self.calls[ev.a];
                if c.gen == ev.b && matches!(c.state, CallState::Pending | CallState::Backoff) {
                    if c.state == CallState::Pending {
                        self.clusters[c.cluster as usize].pending_live -= 1;
                    }
                    self.local_answer(ev.a, Outcome::RouteTimeout);
                }
            }
            Kind::Sweep => {
                if ev.b == self.sweep_gen {
                    self.sweep(ev.a as usize);
                }
            }
            Kind::PodRelease => {
                let p = &mut self.pods[ev.a as usize];
                p.in_flight = p.in_flight.saturating_sub(1);
            }
            Kind::LegacyDone => {
                let p = &mut self.pods[ev.a as usize];
                p.in_flight = p.in_flight.saturating_sub(1);
                if ev.b == 1 {
                    self.metrics.totals.legacy_ok += 1;
                    self.metrics.open.legacy_ok += 1;
                } else {
                    self.metrics.totals.legacy_failed += 1;
                    self.metrics.open.legacy_failed += 1;
                }
            }
        }
    }

    #[cold]
    fn sweep(&mut self, service: usize) {
        let now = self.now;
        let mut back = std::mem::take(&mut self.back_buf);
        for i in 0..self.clusters_by_service[service].len() {
            let cid = self.clusters_by_service[service][i] as usize;
            back.clear();
            self.clusters[cid].sweep(now, &mut back);
            let client = self.clusters[cid].client_pod as usize;
            for &pod in &back {
                let p = &mut self.pods[pod as usize];
                p.ejected_by = p.ejected_by.saturating_sub(1);
                self.log_event(MeshEventKind::Returned {
                    client: PodId(client),
                    pod: PodId(pod as usize),
                });
            }
        }
        self.back_buf = back;
        self.sweep_armed[service] = false;
        if self.sweep_needed(service) {
            self.arm_sweep(service);
        }
    }

    /// A new work on `pod`: its app will make the pod's downstream calls in order.
    #[inline(always)]
    fn new_work(&mut self, parent: Parent, pod: u32, depth: u8, trace: u64) -> u32 {
        let svc = self.pods[pod as usize].service as usize;
        self.works.alloc(Work {
            parent,
            pod: pod as u16,
            route: self.route_base[pod as usize] as u16,
            stage: 0,
            calls: self.svc_calls[svc] as u8,
            depth,
            trace,
        })
    }

    /// The app of work `w` calls its next downstream service, in call slot `reuse` (the
    /// call it has just finished) or in a new one (`NONE`).
    fn start_call(&mut self, w: u32, reuse: u32) {
        let work = &self.works[w];
        let (pod, stage, depth, trace) = (work.pod as u32, work.stage, work.depth, work.trace);
        let group = self.routes[work.route as usize + stage as usize];
        let (cluster, subset) = match self.eff.canary {
            Some(pct) if group[2] != NONE => {
                if self.rng.below(100) < pct as u64 {
                    (group[2], Subset::V2)
                } else {
                    (group[1], Subset::V1)
                }
            }
            _ => (group[0], Subset::All),
        };
        let deadline = self.now.saturating_add(self.eff.timeout);
        let c = if reuse == NONE {
            self.calls.slot(FRESH_CALL)
        } else {
            reuse
        };
        let call = &mut self.calls[c];
        // Generations keep growing across reuse of a slot, so events left by the slot's
        // previous call (a per-try timer, say) can never match the new one.
        let gen = call.gen.wrapping_add(1);
        *call = Call {
            work: w,
            cluster,
            gen,
            depth,
            trace,
            deadline,
            ..FRESH_CALL
        };
        self.metrics.totals.calls += 1;
        self.metrics.open.calls += 1;
        if trace != 0 {
            self.trace_call_start(trace, depth, pod, cluster, subset);
        }
        if self.any_sidecar_down && self.pods[pod as usize].faults.sidecar_crashed {
            self.finish_call(c, Outcome::LocalSidecarDown);
            return;
        }
        self.try_start(TryOf {
            call: c,
            cluster,
            tries: 0,
            gen,
            tried: 0,
            deadline,
            trace,
            depth,
        });
    }

    /// A try of call `c` as its slot holds it now.
    fn try_of(&self, c: u32) -> TryOf {
        let call = &self.calls[c];
        TryOf {
            call: c,
            cluster: call.cluster,
            tries: call.tries as u32,
            gen: call.gen,
            tried: call.tried,
            deadline: call.deadline,
            trace: call.trace,
            depth: call.depth,
        }
    }

    #[cold]
    fn trace_call_start(&mut self, trace: u64, depth: u8, pod: u32, cluster: u32, subset: Subset) {
        let service = ServiceId(self.clusters[cluster as usize].service as usize);
        self.trace_record(
            trace,
            depth,
            TraceKind::CallStart {
                from: PodId(pod as usize),
                service,
                subset,
            },
        );
    }

    /// Sends a try now, queues it in the pool, or fails the call on overflow.
    #[inline(always)]
    fn try_start(&mut self, t: TryOf) {
        if self.now >= t.deadline {
            self.local_answer(t.call, Outcome::RouteTimeout);
            return;
        }
        if self.clusters[t.cluster as usize].active >= self.eff.max_requests {
            self.wait_for_slot(t.call);
            return;
        }
        self.dispatch(t);
    }

    /// The pool is full: wait in its pending queue, or overflow.
    #[cold]
    fn wait_for_slot(&mut self, c: u32) {
        let cl = &self.clusters[self.calls[c].cluster as usize];
        if cl.pending_live >= self.eff.max_pending {
            self.local_answer(c, Outcome::Overflow);
            return;
        }
        let call = &mut self.calls[c];
        call.gen = call.gen.wrapping_add(1);
        call.state = CallState::Pending;
        let (gen, deadline, trace, depth) = (call.gen, call.deadline, call.trace, call.depth);
        let cl = &mut self.clusters[call.cluster as usize];
        cl.pending.push_back((c, gen));
        cl.pending_live += 1;
        let service = ServiceId(cl.service as usize);
        if deadline != NEVER {
            self.queue.push(Ev {
                at: deadline,
                a: c,
                b: gen,
                kind: Kind::Deadline,
            });
        }
        self.trace_push(trace, depth, TraceKind::Queued { service });
    }

    /// Picks a host and sends the try; schedules its end (leaf) or the pod's work (non-leaf).
    #[inline(always)]
    fn dispatch(&mut self, t: TryOf) {
        let now = self.now;
        let TryOf {
            call: c,
            tried,
            deadline,
            trace,
            depth,
            ..
        } = t;
        let cid = t.cluster as usize;
        let tries = t.tries + 1;
        let gen = t.gen.wrapping_add(1);
        let cl = &mut self.clusters[cid];
        let Some(slot) = cl.pick(self.eff.lb, &mut self.rng, tried) else {
            self.local_answer(c, Outcome::NoHealthyUpstream);
            return;
        };
        cl.active += 1;
        let h = &mut cl.hosts[slot];
        h.active += 1;
        let (host, service, leaf) = (h.pod, cl.service as usize, cl.leaf);
        let m = &mut self.metrics;
        m.totals.tries += 1;
        m.open.tries += 1;
        m.tries_by_service[service] += 1;
        if tries > 1 {
            m.totals.retries += 1;
        }
        m.totals.max_tries_per_call = m.totals.max_tries_per_call.max(tries);
        if trace != 0 {
            let pod = PodId(host as usize);
            self.trace_record(trace, depth, TraceKind::TryStart { try_no: tries, pod });
        }

        let net = self.config.network_latency_us;
        // Both proxies of the hop take the same sidecar time: per hop that is 2 × U[0.5, 1) ms
        // by default, the lesson's 1–2 ms. One 64-bit draw serves the sidecars (low half) and,
        // at a leaf, the pod (high half): every draw waits on the generator's previous state,
        // and one draw fewer per try measured −5 % time.
        let bits = self.rng.next_u64();
        let out = self.sidecar(bits as u32);
        let t_conn = now.saturating_add(out).saturating_add(net);
        let per_try_end = now.saturating_add(self.eff.per_try);
        let (try_deadline, timeout_outcome) = if per_try_end < deadline {
            (per_try_end, Outcome::PerTryTimeout)
        } else {
            (deadline, Outcome::RouteTimeout)
        };
        let p = &mut self.pods[host as usize];
        p.tries_received += 1;
        let f = p.faults;

        let (at, outcome, release_pod, timer) = if f.refuses_connections(self.mesh) {
            if t_conn < try_deadline {
                (t_conn, Outcome::ConnectFailure, false, false)
            } else {
                (try_deadline, timeout_outcome, false, true)
            }
        } else {
            let t_arr = t_conn.saturating_add(out);
            if leaf {
                p.in_flight += 1;
                let work = self.app_time(host, (bits >> 32) as u32);
                let error = self.fails(f.error_rate);
                let t_done = t_arr.saturating_add(work);
                let t_resp = t_done.saturating_add(net);
                if t_resp < try_deadline {
                    let o = if error {
                        Outcome::Status(503)
                    } else {
                        Outcome::Ok
                    };
                    (t_resp, o, true, false)
                } else {
                    // The client gives up first; the pod still finishes its work.
                    self.queue.push(Ev {
                        at: t_done,
                        a: host,
                        b: 0,
                        kind: Kind::PodRelease,
                    });
                    (try_deadline, timeout_outcome, false, true)
                }
            } else {
                let w = self.new_work(Parent::Call { call: c, gen }, host, depth + 1, trace);
                self.queue.push(Ev {
                    at: t_arr,
                    a: w,
                    b: 0,
                    kind: Kind::WorkStart,
                });
                (try_deadline, timeout_outcome, false, true)
            }
        };

        let call = &mut self.calls[c];
        call.tries = tries as u8;
        call.gen = gen;
        call.state = CallState::InTry;
        call.slot = slot as u8;
        call.host = host;
        call.tried |= 1 << slot;
        call.outcome = outcome;
        call.release_pod = release_pod;
        if at == NEVER {
            return;
        }
        // Per-try timers all have the same length, so they nearly always come in time
        // order: they go to a list that a try leaves as soon as it ends, instead of
        // leaving a stale event behind in the queue.
        if timer && at >= self.timer_tail_at {
            self.link_timer(c, at);
        } else {
            self.queue.push(Ev {
                at,
                a: c,
                b: gen,
                kind: Kind::TryEnd,
            });
        }
    }

    /// Appends call `c` to the per-try timer list, due at `at` (not before the last one).
    #[inline(always)]
    fn link_timer(&mut self, c: u32, at: Micros) {
        let tail = self.timer_tail;
        let call = &mut self.calls[c];
        call.timer_at = at;
        call.timer_prev = tail;
        call.timer_next = NONE;
        call.timed = true;
        match tail {
            NONE => {
                self.timer_head = c;
                self.timer_head_at = at;
            }
            t => self.calls[t].timer_next = c,
        }
        self.timer_tail = c;
        self.timer_tail_at = at;
        self.timers += 1;
    }

    /// The earliest per-try timer is due: its try ends with the outcome set at dispatch.
    fn fire_timer(&mut self) {
        let c = self.timer_head;
        let outcome = self.calls[c].outcome;
        self.end_try(c, outcome);
    }

    /// Takes call `c` out of the timer list.
    #[inline(always)]
    fn unlink_timer(&mut self, c: u32) {
        let call = &mut self.calls[c];
        call.timed = false;
        let (prev, next) = (call.timer_prev, call.timer_next);
        match prev {
            NONE => {
                self.timer_head = next;
                self.timer_head_at = match next {
                    NONE => NEVER,
                    n => self.calls[n].timer_at,
                };
            }
            p => self.calls[p].timer_next = next,
        }
        match next {
            NONE => {
                self.timer_tail = prev;
                self.timer_tail_at = match prev {
                    NONE => 0,
                    p => self.calls[p].timer_at,
                };
            }
            n => self.calls[n].timer_prev = prev,
        }
        self.timers -= 1;
    }

    fn work_start(&mut self, w: u32) {
        let work = &self.works[w];
        let (pod, calls) = (work.pod as usize, work.calls);
        let p = &mut self.pods[pod];
        p.in_flight += 1;
        let rate = p.faults.error_rate;
        let error = self.fails(rate);
        if error || calls == 0 {
            self.complete_work(w, if error { 503 } else { 200 });
        } else {
            self.start_call(w, NONE);
        }
    }

    /// The app of work `w` is done calling; it answers after its own processing time.
    fn complete_work(&mut self, w: u32, status: u16) {
        let work = &self.works[w];
        let (parent, pod, trace) = (work.parent, work.pod as u32, work.trace);
        match parent {
            Parent::User { start } => {
                self.works.release(w);
                self.user_done(start, status, trace);
            }
            Parent::Call { .. } => {
                let bits = self.rng.next_u32();
                let t = self
                    .app_time(pod, bits)
                    .saturating_add(self.config.network_latency_us);
                self.queue.push(Ev {
                    at: self.now.saturating_add(t),
                    a: w,
                    b: status as u32,
                    kind: Kind::WorkReply,
                });
            }
        }
    }

    fn work_reply(&mut self, w: u32, status: u16) {
        let work = &self.works[w];
        let (parent, pod) = (work.parent, work.pod as u32);
        let Parent::Call { call, gen } = parent else {
            return;
        };
        let p = &mut self.pods[pod as usize];
        p.in_flight = p.in_flight.saturating_sub(1);
        self.works.release(w);
        let c = &self.calls[call];
        if c.gen == gen && c.state == CallState::InTry {
            let outcome = if (200..300).contains(&status) {
                Outcome::Ok
            } else {
                Outcome::Status(status)
            };
            self.end_try(call, outcome);
        }
    }

    /// A try is over: release its slot, feed the outlier detector, then retry or finish.
    fn end_try(&mut self, c: u32, outcome: Outcome) {
        let now = self.now;
        let call = &mut self.calls[c];
        let (cid, slot, host, tries, trace, depth, w) = (
            call.cluster as usize,
            call.slot as usize,
            call.host,
            call.tries as u32,
            call.trace,
            call.depth,
            call.work,
        );
        let (retrying, release_pod, timed) = (call.retrying, call.release_pod, call.timed);
        call.gen = call.gen.wrapping_add(1);
        call.state = CallState::Between;
        call.retrying = false;
        call.release_pod = false;
        let cl = &mut self.clusters[cid];
        cl.active -= 1;
        cl.retries_active -= retrying as u32;
        cl.hosts[slot].active -= 1;
        if release_pod {
            let p = &mut self.pods[host as usize];
            p.in_flight = p.in_flight.saturating_sub(1);
        }
        if timed {
            self.unlink_timer(c);
        }
        let ok = outcome == Outcome::Ok;
        if !ok {
            match outcome {
                Outcome::PerTryTimeout => {
                    self.metrics.totals.per_try_timeouts += 1;
                    self.metrics.open.per_try_timeouts += 1;
                }
                Outcome::ConnectFailure => self.metrics.totals.connect_failures += 1,
                _ => {}
            }
        }
        if trace != 0 {
            let pod = Some(PodId(host as usize));
            let kind = TraceKind::TryEnd {
                try_no: tries,
                pod,
                outcome,
            };
            self.trace_record(trace, depth, kind);
        }
        if self.eff.outlier {
            let failed = !ok && outcome.counts_against_host();
            self.outlier_record(cid, slot, host, failed, now);
        }
        if !self.clusters[cid].pending.is_empty() {
            self.drain_pending(cid);
        }

        if ok {
            // `finish_call` for a success, with the fields read above (the generation has
            // moved on already).
            self.calls[c].state = CallState::Free;
            self.call_succeeded(c, w, cid, trace, depth, tries);
            return;
        }
        self.after_failed_try(c, outcome);
    }

    /// Feeds the try's result to the cluster's outlier detector; logs an ejection.
    #[inline(always)]
    fn outlier_record(&mut self, cid: usize, slot: usize, host: u32, failed: bool, now: Micros) {
        let e = &self.eff;
        let r = self.clusters[cid].record(
            slot,
            failed,
            now,
            e.consecutive,
            e.base_eject_ms,
            e.max_eject_pct,
        );
        if let Ejection::Ejected {
            multiplier,
            duration,
        } = r
        {
            self.on_ejected(cid, host, multiplier, duration);
        }
    }

    #[cold]
    fn on_ejected(&mut self, cid: usize, host: u32, multiplier: u32, duration: Micros) {
        self.pods[host as usize].ejected_by += 1;
        self.metrics.totals.ejections += 1;
        self.metrics.open.ejections += 1;
        let client = PodId(self.clusters[cid].client_pod as usize);
        self.arm_sweep(self.clusters[cid].service as usize);
        self.log_event(MeshEventKind::Ejected {
            client,
            pod: PodId(host as usize),
            times: multiplier,
            duration_us: duration,
        });
    }

    /// A try failed: back off and retry if the policy and the retry budget allow, else finish.
    #[cold]
    fn after_failed_try(&mut self, c: u32, outcome: Outcome) {
        let now = self.now;
        let call = self.calls[c];
        let cid = call.cluster as usize;
        let e = self.eff;
        let can_retry = would_retry(outcome, e.retry_on)
            && call.tries as u32 <= e.attempts
            && self.clusters[cid].retries_active < e.max_retries;
        if !can_retry {
            self.finish_call(c, outcome);
            return;
        }
        // Envoy's full jitter: retry n waits U[0, (2^n − 1)·base), capped at 10·base.
        let retry_no = call.tries as u32;
        let range = backoff_range_us(retry_no, e.backoff_base_ms);
        let wait = self.rng.below(range).min(backoff_cap_us(e.backoff_base_ms));
        self.clusters[cid].retries_active += 1;
        let call = &mut self.calls[c];
        call.retrying = true;
        call.state = CallState::Backoff;
        let (gen, deadline, trace, depth) = (call.gen, call.deadline, call.trace, call.depth);
        let at = now.saturating_add(wait);
        let ev = if at >= deadline {
            // The route timeout ends the call during the back-off: 504, no further try.
            Ev {
                at: deadline,
                a: c,
                b: gen,
                kind: Kind::Deadline,
            }
        } else {
            Ev {
                at,
                a: c,
                b: gen,
                kind: Kind::Backoff,
            }
        };
        self.queue.push(ev);
        self.trace_push(
            trace,
            depth,
            TraceKind::Backoff {
                retry_no,
                wait_us: wait,
            },
        );
    }

    /// Sends tries waiting in the cluster's pending queue while slots are free.
    #[cold]
    fn drain_pending(&mut self, cid: usize) {
        while self.clusters[cid].active < self.eff.max_requests {
            let Some((c, gen)) = self.clusters[cid].pending.pop_front() else {
                break;
            };
            let call = &self.calls[c];
            if call.gen != gen || call.state != CallState::Pending {
                continue;
            }
            self.clusters[cid].pending_live -= 1;
            self.dispatch(self.try_of(c));
        }
    }

    /// The client sidecar answers the app itself (route timeout while no try is out, pool
    /// overflow, no healthy host): shown in the trace as a try that reached no pod.
    #[cold]
    fn local_answer(&mut self, c: u32, outcome: Outcome) {
        let call = &self.calls[c];
        let (trace, depth, try_no) = (call.trace, call.depth, call.tries as u32);
        self.trace_push(
            trace,
            depth,
            TraceKind::TryEnd {
                try_no,
                pod: None,
                outcome,
            },
        );
        self.finish_call(c, outcome);
    }

    /// The call is over with `outcome`; the calling app carries on.
    fn finish_call(&mut self, c: u32, outcome: Outcome) {
        let call = &mut self.calls[c];
        let (cid, w, retrying, trace, depth, tries) = (
            call.cluster as usize,
            call.work,
            call.retrying,
            call.trace,
            call.depth,
            call.tries as u32,
        );
        call.state = CallState::Free;
        call.gen = call.gen.wrapping_add(1);
        if retrying {
            self.clusters[cid].retries_active -= 1;
        }
        let ok = outcome == Outcome::Ok;
        if !ok {
            let t = &mut self.metrics.totals;
            match outcome {
                Outcome::RouteTimeout => t.route_timeouts += 1,
                Outcome::Overflow => {
                    t.overflows += 1;
                    self.metrics.open.overflows += 1;
                }
                Outcome::NoHealthyUpstream => t.no_healthy_upstream += 1,
                _ => {}
            }
        }
        // Upstream 2xx arrives as `Ok` (see `work_reply`); every other outcome is an error.
        if ok {
            self.call_succeeded(c, w, cid, trace, depth, tries);
            return;
        }
        if trace != 0 {
            self.trace_call_end(cid, trace, depth, outcome.status(), tries);
        }
        self.calls.release(c);
        self.complete_work(w, outcome.status());
    }

    /// Call `c` of work `w` got its answer: the app makes its next call in the same slot,
    /// or, after its last, answers in turn. Inlined: three of a request's four tries end
    /// here, and the call boundary cost V8 more than the code it saved.
    #[inline(always)]
    fn call_succeeded(&mut self, c: u32, w: u32, cid: usize, trace: u64, depth: u8, tries: u32) {
        if trace != 0 {
            self.trace_call_end(cid, trace, depth, Outcome::Ok.status(), tries);
        }
        let work = &mut self.works[w];
        work.stage += 1;
        if work.stage < work.calls {
            // The app's next call takes over this call's slot.
            self.start_call(w, c);
            return;
        }
        self.calls.release(c);
        self.complete_work(w, Outcome::Ok.status());
    }

    #[cold]
    fn trace_call_end(&mut self, cid: usize, trace: u64, depth: u8, status: u16, tries: u32) {
        let service = ServiceId(self.clusters[cid].service as usize);
        let kind = TraceKind::CallEnd {
            service,
            status,
            tries,
        };
        self.trace_record(trace, depth, kind);
    }

    #[cfg(test)]
    fn live(&self) -> (usize, usize) {
        (self.calls.live(), self.works.live())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(rate: f64) -> MeshConfig {
        MeshConfig {
            request_rate: rate,
            ..MeshConfig::default()
        }
    }

    #[test]
    fn healthy_mesh_serves_everything() {
        let mut m = Mesh::new(cfg(500.0), 7).unwrap();
        m.advance(5 * SEC);
        let t = m.totals();
        assert!(t.user_requests > 2000, "{}", t.user_requests);
        assert_eq!(t.ok, t.user_requests);
        assert_eq!(t.tries, t.calls + t.retries);
        assert_eq!(m.buckets().len(), 5);
    }

    #[test]
    fn arrival_gaps_have_the_rate_asked_for() {
        // Integer path (10/s to 1,000,000/s) and float path (below 0.06/s).
        for rate in [0.01, 10.0, 10_000.0, 700_000.0, 1_000_000.0] {
            let mean = gap_mean_q8(rate);
            let mut rng = Rng::new(3);
            let n = 200_000;
            let sum: f64 = (0..n).map(|_| exp_gap(rng.next_u32(), mean) as f64).sum();
            let want = 1e6 / rate;
            // Whole microseconds: below 1 µs a gap is rounded up to 1 µs.
            let got = sum / n as f64;
            let tolerance = 0.01 * want + 0.6;
            assert!(
                (got - want).abs() < tolerance,
                "rate {rate}: {got} µs, want {want}"
            );
        }
        assert_eq!(exp_gap(Rng::new(1).next_u32(), gap_mean_q8(0.0)), NEVER);
    }

    #[test]
    fn slabs_are_reused() {
        let mut m = Mesh::new(
            MeshConfig {
                request_limit: Some(300),
                ..cfg(1000.0)
            },
            1,
        )
        .unwrap();
        assert!(m.run_until_idle(60 * SEC));
        assert_eq!(m.live(), (0, 0));
        assert!(m.calls.used < 300);
    }

    #[test]
    fn crashed_pod_is_retried_and_ejected() {
        let mut m = Mesh::new(cfg(500.0), 3).unwrap();
        let user_pods = m.pods_of(ServiceId(2));
        m.inject(Fault::Crash { pod: user_pods[0] }).unwrap();
        m.advance(5 * SEC);
        let t = m.totals();
        assert_eq!(t.ok, t.user_requests, "retries hide the crash");
        assert!(t.ejections > 0);
        assert!(m.ejected_pods() >= 1);
    }

    #[test]
    fn no_mesh_shows_the_crash() {
        let c = MeshConfig {
            mode: Mode::NoMesh,
            ..cfg(500.0)
        };
        let mut m = Mesh::new(c, 3).unwrap();
        let user_pods = m.pods_of(ServiceId(2));
        m.inject(Fault::Crash { pod: user_pods[0] }).unwrap();
        m.advance(5 * SEC);
        let rate = m.totals().success_rate();
        assert!((0.4..0.6).contains(&rate), "{rate}");
        assert_eq!(m.totals().retries, 0);
    }
}
