//! Snapshots every N events: the state at any version is the latest snapshot at or before it
//! plus a fold of the events after it (the tail).

use std::mem::size_of;

use super::account::AccountState;
use super::log::{QueryError, Stream};
use super::stored::fold;

/// How often a snapshot is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interval {
    /// No snapshots: every read folds from the first event.
    Off,
    /// A snapshot after every `n` events (at versions n, 2n, 3n, …).
    Every(u64),
}

impl Interval {
    /// The choices the snapshot lab offers: off, 10, 100, 1.000, 10.000.
    pub const LAB_CHOICES: [Interval; 5] = [
        Interval::Off,
        Interval::Every(10),
        Interval::Every(100),
        Interval::Every(1_000),
        Interval::Every(10_000),
    ];

    /// `Every(n)`, or `Off` for 0.
    pub fn every(n: u64) -> Interval {
        if n == 0 {
            Interval::Off
        } else {
            Interval::Every(n)
        }
    }

    /// The number of events between snapshots, if any.
    pub fn events(self) -> Option<u64> {
        match self {
            Interval::Every(n) if n > 0 => Some(n),
            _ => None,
        }
    }
}

/// How a state was obtained: from which snapshot, by applying how many events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replay {
    /// The state at the requested version.
    pub state: AccountState,
    /// The version of the snapshot used (`None` = folded from the first event).
    pub snapshot: Option<u64>,
    /// How many events were folded after the snapshot (the tail).
    pub events_applied: u64,
}

/// The snapshots of one stream at a fixed interval. Streams only grow, so snapshots taken
/// once stay valid; [`Snapshots::catch_up`] adds those the new events call for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshots {
    interval: Interval,
    stream_id: String,
    // states[i] is the state at version (i + 1) × interval.
    states: Vec<AccountState>,
    // The state at the last version seen, so catching up folds only new events.
    seen: AccountState,
}

impl Snapshots {
    /// No snapshots yet, at `interval`.
    pub fn new(interval: Interval) -> Self {
        Snapshots {
            interval,
            stream_id: String::new(),
            states: Vec::new(),
            seen: AccountState::EMPTY,
        }
    }

    /// Snapshots of the whole `stream` at `interval`.
    pub fn build(stream: &Stream, interval: Interval) -> Self {
        let mut snapshots = Snapshots::new(interval);
        snapshots.catch_up(stream);
        snapshots
    }

    /// Takes the snapshots for events appended since the last call; returns how many were
    /// added. Given another stream (other id, or shorter), starts over for that stream.
    pub fn catch_up(&mut self, stream: &Stream) -> usize {
        if stream.id() != self.stream_id || stream.version() < self.seen.version {
            *self = Snapshots::new(self.interval);
            self.stream_id = stream.id().to_string();
        }
        let before = self.states.len();
        let events = stream.stored();
        let end = events.len() as u64;
        let Some(every) = self.interval.events() else {
            self.seen = fold(self.seen, &events[self.seen.version as usize..]);
            return 0;
        };
        while self.seen.version < end {
            // Fold straight to the next multiple of the interval (or the end), then snapshot.
            let boundary = (self.seen.version / every + 1).saturating_mul(every);
            let stop = boundary.min(end);
            self.seen = fold(
                self.seen,
                &events[self.seen.version as usize..stop as usize],
            );
            if stop == boundary {
                self.states.push(self.seen);
            }
        }
        self.states.len() - before
    }

    /// The interval.
    pub fn interval(&self) -> Interval {
        self.interval
    }

    /// Number of snapshots: ⌊N / interval⌋ for a stream of N events (0 when off).
    pub fn count(&self) -> usize {
        self.states.len()
    }

    /// Bytes one snapshot takes here (the compact [`AccountState`]).
    pub fn bytes_per_snapshot() -> usize {
        size_of::<AccountState>()
    }

    /// Memory the snapshots take, in bytes.
    pub fn bytes(&self) -> usize {
        self.states.len() * Self::bytes_per_snapshot()
    }

    /// The latest snapshot at or before `version`.
    pub fn latest_at_or_before(&self, version: u64) -> Option<AccountState> {
        let every = self.interval.events()?;
        let taken = (version / every).min(self.states.len() as u64);
        taken
            .checked_sub(1)
            .and_then(|i| self.states.get(i as usize).copied())
    }

    /// The state at `version`: latest snapshot at or before it, plus the tail.
    pub fn replay(&self, stream: &Stream, version: u64) -> Result<Replay, QueryError> {
        let end = stream.check_version(version)?;
        let snapshot = self
            .latest_at_or_before(version)
            .filter(|_| stream.id() == self.stream_id);
        let start = snapshot.unwrap_or(AccountState::EMPTY);
        let tail = &stream.stored()[start.version as usize..end];
        Ok(Replay {
            state: fold(start, tail),
            snapshot: snapshot.map(|s| s.version),
            events_applied: tail.len() as u64,
        })
    }
}
