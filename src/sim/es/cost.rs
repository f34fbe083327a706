//! A stated I/O cost model for replays, to set beside what the browser measures.
//!
//! The lesson's figures: 1.000.000 events replayed from the start take ≈ 10 s, and with a
//! snapshot every 100 events "load snapshot + replay 100 events" takes ≈ 10 ms (1000× faster).
//! Reading them as a linear cost model:
//!
//! - reading and applying one event from the store costs `per_event_us` = 10 µs
//!   (10 s / 1.000.000 events);
//! - loading one snapshot costs `snapshot_load_us` = 9 ms (10 ms − 100 events × 10 µs):
//!   one round trip plus deserialisation, far more than one event but paid once.
//!
//! modelled time = (snapshot used ? `snapshot_load_us` : 0) + events read × `per_event_us`.
//!
//! The in-memory fold in this engine is thousands of times faster; the model is about a real
//! store on a network, which is what the lesson's numbers describe.

use super::snapshot::{Interval, Replay};

/// Cost per event read and per snapshot loaded, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CostModel {
    /// Reading and applying one event from the store, µs.
    pub per_event_us: f64,
    /// Loading one snapshot, µs.
    pub snapshot_load_us: f64,
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel::LESSON
    }
}

impl CostModel {
    /// The figures that reproduce the lesson: 10 µs per event, 9 ms per snapshot load.
    pub const LESSON: CostModel = CostModel {
        per_event_us: 10.0,
        snapshot_load_us: 9_000.0,
    };

    /// A model with these costs (negative or non-finite values count as 0).
    pub fn new(per_event_us: f64, snapshot_load_us: f64) -> Self {
        let clean = |x: f64| if x.is_finite() && x > 0.0 { x } else { 0.0 };
        CostModel {
            per_event_us: clean(per_event_us),
            snapshot_load_us: clean(snapshot_load_us),
        }
    }

    /// Modelled time, in µs, to read `events` events after loading a snapshot or not.
    pub fn cost_us(&self, events: u64, snapshot_loaded: bool) -> f64 {
        let load = if snapshot_loaded {
            self.snapshot_load_us
        } else {
            0.0
        };
        load + events as f64 * self.per_event_us
    }

    /// Modelled time of an actual replay.
    pub fn replay_us(&self, replay: &Replay) -> f64 {
        self.cost_us(replay.events_applied, replay.snapshot.is_some())
    }

    /// Modelled time to replay `n` events from the start (no snapshots).
    pub fn full_replay_us(&self, n: u64) -> f64 {
        self.cost_us(n, false)
    }

    /// The lesson's estimate for the latest state of `n` events: with snapshots, one snapshot
    /// load plus one full interval of events (the lesson's "replay 100 events"); with none,
    /// or fewer events than the interval, a full replay. An exact replay reads at most
    /// interval − 1 events, so [`CostModel::replay_us`] never exceeds this.
    pub fn lesson_estimate_us(&self, n: u64, interval: Interval) -> f64 {
        match interval.events() {
            Some(every) if n >= every => self.cost_us(every, true),
            _ => self.full_replay_us(n),
        }
    }
}
