//! Cheap handles on the engine's data, fit for signals: a generated log and its snapshots at
//! one interval. Both compare by identity, never by content (a million events would make every
//! comparison a scan).

use std::sync::Arc;

use crate::sim::es::{
    AccountState, EventLog, Interval, RecordedEvent, Replay, Snapshots, Stream, GENERATED_STREAM,
};

/// A generated log with how it was made. Cloning shares the events.
#[derive(Debug, Clone)]
pub struct LabLog {
    /// Distinguishes one generation from the next.
    pub id: u64,
    /// The seed it came from.
    pub seed: u64,
    /// How long generation took in the browser, ms.
    pub generated_in_ms: f64,
    log: Arc<EventLog>,
}

impl PartialEq for LabLog {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && Arc::ptr_eq(&self.log, &other.log)
    }
}

impl LabLog {
    /// Wraps a generated log (its stream is [`GENERATED_STREAM`]).
    pub fn new(id: u64, seed: u64, generated_in_ms: f64, log: EventLog) -> Self {
        LabLog {
            id,
            seed,
            generated_in_ms,
            log: Arc::new(log),
        }
    }

    /// The generated stream (`None` only for a log of zero events).
    pub fn stream(&self) -> Option<&Stream> {
        self.log.stream(GENERATED_STREAM)
    }

    /// Number of events.
    pub fn len(&self) -> u64 {
        self.stream().map_or(0, Stream::version)
    }

    /// Whether the log has no event.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The state after the last event.
    pub fn head(&self) -> AccountState {
        self.stream().map_or(AccountState::EMPTY, Stream::head)
    }

    /// The event at `version`, names resolved.
    pub fn event(&self, version: u64) -> Option<RecordedEvent> {
        self.stream()?.event(version)
    }
}

/// The snapshots of a [`LabLog`] at one interval.
#[derive(Debug, Clone)]
pub struct SnapshotSet {
    log: LabLog,
    snapshots: Arc<Snapshots>,
}

impl PartialEq for SnapshotSet {
    fn eq(&self, other: &Self) -> bool {
        self.log == other.log && Arc::ptr_eq(&self.snapshots, &other.snapshots)
    }
}

impl SnapshotSet {
    /// Takes the snapshots of the whole log at `interval`.
    pub fn build(log: &LabLog, interval: Interval) -> Self {
        let snapshots = match log.stream() {
            Some(stream) => Snapshots::build(stream, interval),
            None => Snapshots::new(interval),
        };
        SnapshotSet {
            log: log.clone(),
            snapshots: Arc::new(snapshots),
        }
    }

    /// The log they belong to.
    pub fn log(&self) -> &LabLog {
        &self.log
    }

    /// The interval.
    pub fn interval(&self) -> Interval {
        self.snapshots.interval()
    }

    /// The engine's snapshots.
    pub fn snapshots(&self) -> &Snapshots {
        &self.snapshots
    }

    /// The state at `version` (clamped to the log): latest snapshot at or before it + tail.
    pub fn replay(&self, version: u64) -> Replay {
        let Some(stream) = self.log.stream() else {
            return Replay {
                state: AccountState::EMPTY,
                snapshot: None,
                events_applied: 0,
            };
        };
        let version = version.min(stream.version());
        self.snapshots.replay(stream, version).unwrap_or(Replay {
            state: AccountState::EMPTY,
            snapshot: None,
            events_applied: 0,
        })
    }
}
