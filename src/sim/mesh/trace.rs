//! The trace of one chosen user request: every call, try, timeout, back-off and answer.

use super::policy::Outcome;
use super::{Micros, PodId, ServiceId, Subset};

/// Most steps kept in one trace (a retry storm can produce thousands).
pub const MAX_TRACE_STEPS: usize = 2000;

/// One thing that happened to the traced request.
#[derive(Debug, Clone, PartialEq)]
pub enum TraceKind {
    /// The request reached a gateway pod.
    Received {
        /// Gateway pod.
        gateway: PodId,
    },
    /// A pod's app (or the gateway) called a service.
    CallStart {
        /// Calling pod.
        from: PodId,
        /// Called service.
        service: ServiceId,
        /// Subset chosen by the canary split.
        subset: Subset,
    },
    /// The request waits in the connection pool's pending queue.
    Queued {
        /// Called service.
        service: ServiceId,
    },
    /// The client sidecar sent a try to a pod.
    TryStart {
        /// 1 for the first try.
        try_no: u32,
        /// Chosen pod.
        pod: PodId,
    },
    /// A try ended.
    TryEnd {
        /// Which try.
        try_no: u32,
        /// Pod it went to (`None` when no host was chosen).
        pod: Option<PodId>,
        /// How it ended.
        outcome: Outcome,
    },
    /// The sidecar waits before retry `retry_no`.
    Backoff {
        /// 1 for the first retry.
        retry_no: u32,
        /// Wait drawn from Envoy's full-jitter back-off.
        wait_us: Micros,
    },
    /// A call finished with its final status.
    CallEnd {
        /// Called service.
        service: ServiceId,
        /// Status the calling app got.
        status: u16,
        /// Tries it took.
        tries: u32,
    },
    /// The user got the answer.
    Done {
        /// Final HTTP status.
        status: u16,
    },
}

/// One step: when, how deep in the call tree, what.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceStep {
    /// Virtual time (µs).
    pub at: Micros,
    /// 0 for the gateway's call, 1 for calls made by the next service, and so on.
    pub depth: u8,
    /// What happened.
    pub kind: TraceKind,
}

/// The trace of one user request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trace {
    /// Sequence number of the user request (1 = first).
    pub request: u64,
    /// When it arrived.
    pub started_at: Micros,
    /// What happened, in order.
    pub steps: Vec<TraceStep>,
    /// When the user got the answer.
    pub finished_at: Option<Micros>,
    /// Final status.
    pub status: Option<u16>,
    /// True when steps were dropped past [`MAX_TRACE_STEPS`].
    pub truncated: bool,
}

impl Trace {
    pub(crate) fn push(&mut self, at: Micros, depth: u8, kind: TraceKind) {
        if self.finished_at.is_some() {
            // Work orphaned by a timeout may go on; the trace ends with the answer.
            return;
        }
        if self.steps.len() >= MAX_TRACE_STEPS {
            self.truncated = true;
            return;
        }
        self.steps.push(TraceStep { at, depth, kind });
    }

    /// Number of tries in the trace.
    pub fn tries(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s.kind, TraceKind::TryStart { .. }))
            .count()
    }
}
