//! Service mesh: services, pods and sidecars with Istio/Envoy semantics, in virtual time.
//!
//! [`Mesh`] is a seeded discrete-event simulation of a gateway and services whose pods sit
//! behind Envoy sidecars. It applies a [`Policy`] with Istio's meaning (retries count
//! *retries*, a route timeout covers every try and ends in 504, outlier ejection grows with
//! consecutive ejections, connection-pool overflow is an immediate 503…), takes faults as
//! commands, and keeps bounded metrics, a trace of one request and an event log.
//! [`Mode::NoMesh`] runs the same seed and faults with plain HTTP clients for comparison.
//!
//! Side modules: [`yaml`] renders the policy as Istio resources, [`storm`] measures retry
//! storms against A^N, [`tax`] holds the sidecar resource figures.

mod cluster;
mod events;
pub mod metrics;
pub mod policy;
mod sim;
pub mod storm;
mod table;
pub mod tax;
pub mod topology;
pub mod trace;
pub mod yaml;

pub use metrics::{BucketStats, LatencyHistogram, Totals};
pub use policy::{
    LbPolicy, MtlsMode, Outcome, OutlierPolicy, Policy, PolicyError, PoolPolicy, RetryCondition,
    RetryOn, RetryPolicy,
};
pub use sim::{
    ClusterView, Fault, HostView, Mesh, MeshConfig, MeshError, MeshEvent, MeshEventKind, Mode,
    PodFaults, PodView,
};
pub use topology::{Latency, PodSpec, ServiceKind, ServiceSpec, Topology, TopologyError};
pub use trace::{Trace, TraceKind, TraceStep};

/// Virtual time and durations, in microseconds.
pub type Micros = u64;

/// Microseconds in one millisecond.
pub const MS: Micros = 1_000;

/// Microseconds in one second.
pub const SEC: Micros = 1_000_000;

/// Index of a pod in [`Mesh::pods`] (gateway pods first, then each service's pods in order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PodId(pub usize);

/// Index of a service in [`Topology::services`] (0 is the gateway).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceId(pub usize);

/// Which pods of a service a call may go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subset {
    /// Every pod (no canary split).
    All,
    /// Pods labelled `version: v1`.
    V1,
    /// Pods labelled `version: v2` (the canary).
    V2,
}
