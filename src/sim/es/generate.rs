//! A deterministic generator of long, valid account histories for the snapshot lab.
//!
//! Mostly deposits, withdrawals and interest, some transfers, never an overdraft and never a
//! close (so the history can always grow). Same seed and length, same events. The chunked form
//! lets the UI generate a million events a slice at a time and show progress.

use super::account::{AccountEvent, EventKind};
use super::log::{EventLog, Expected, Stream, MAX_EVENTS};
use super::time::{vn_ms, Millis};
use crate::sim::rng::Rng;

/// The id of the generated account.
pub const GENERATED_STREAM: &str = "ACC-LAB";

const RECIPIENTS: [&str; 5] = ["ACC-002", "ACC-003", "ACC-004", "ACC-005", "ACC-006"];

/// How far a generation has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Events generated so far.
    pub done: usize,
    /// Events asked for.
    pub total: usize,
}

impl Progress {
    /// Share done, from 0.0 to 1.0 (1.0 when nothing was asked for).
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.done as f64 / self.total as f64
        }
    }
}

/// Generates a history chunk by chunk.
#[derive(Debug, Clone)]
pub struct Generator {
    rng: Rng,
    total: usize,
    clock: Millis,
    log: EventLog,
}

impl Generator {
    /// A generator of `n` events (at most [`MAX_EVENTS`]) fixed by `seed`.
    pub fn new(seed: u64, n: usize) -> Self {
        Generator {
            rng: Rng::new(seed),
            total: n.min(MAX_EVENTS),
            clock: vn_ms(2024, 1, 1, 9, 0).unwrap_or_default(),
            log: EventLog::new(),
        }
    }

    /// Generates up to `k` more events; returns the progress after them.
    pub fn step(&mut self, k: usize) -> Progress {
        let goal = self.total.min(self.done().saturating_add(k));
        while self.done() < goal {
            let event = self.next_event();
            // Events are chosen valid for the current state and times only move forward.
            let appended = self
                .log
                .append(GENERATED_STREAM, Expected::Any, self.clock, &event);
            debug_assert!(appended.is_ok(), "generated an invalid event: {appended:?}");
            if appended.is_err() {
                // Never expected; stop instead of looping forever.
                self.total = self.done();
            }
        }
        self.progress()
    }

    /// How far the generation has got.
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done(),
            total: self.total,
        }
    }

    /// Whether all events were generated.
    pub fn is_done(&self) -> bool {
        self.done() >= self.total
    }

    /// The log generated so far (one stream, [`GENERATED_STREAM`]).
    pub fn log(&self) -> &EventLog {
        &self.log
    }

    /// The stream generated so far (`None` before the first event).
    pub fn stream(&self) -> Option<&Stream> {
        self.log.stream(GENERATED_STREAM)
    }

    /// The log, generation over.
    pub fn into_log(self) -> EventLog {
        self.log
    }

    fn done(&self) -> usize {
        self.log.total_events()
    }

    fn next_event(&mut self) -> AccountEvent {
        // 10 s to 5 min between events: a million span a few years.
        self.clock += 10_000 + self.rng.below(290_000) as i64;
        let Some(stream) = self.log.stream(GENERATED_STREAM) else {
            return AccountEvent::Created {
                owner: "Khách hàng mô phỏng".to_string(),
            };
        };
        let balance = stream.head().balance;
        let roll = self.rng.below(100);
        let kind = match roll {
            _ if balance < 1_000 => EventKind::Deposited,
            0..=44 => EventKind::Deposited,
            45..=79 => EventKind::Withdrawn,
            80..=91 => EventKind::InterestApplied,
            _ => EventKind::TransferSent,
        };
        match kind {
            EventKind::Withdrawn => AccountEvent::Withdrawn {
                amount: self.take_out(balance),
            },
            EventKind::TransferSent => AccountEvent::TransferSent {
                amount: self.take_out(balance),
                to: RECIPIENTS[self.rng.below(RECIPIENTS.len() as u64) as usize].to_string(),
            },
            // 0,05 % interest; a balance under 2.000 đ earns none, so deposit instead.
            EventKind::InterestApplied if balance >= 2_000 => AccountEvent::InterestApplied {
                amount: balance / 2_000,
            },
            _ => AccountEvent::Deposited {
                amount: 100_000 * (1 + self.rng.below(50) as i64),
            },
        }
    }

    // A round amount from 1.000 đ to the whole balance (balance ≥ 1.000). Taking a random
    // share of the balance keeps it from drifting upward without bound.
    fn take_out(&mut self, balance: i64) -> i64 {
        1_000 * (1 + self.rng.below((balance / 1_000) as u64) as i64)
    }
}

/// `n` events (at most [`MAX_EVENTS`]) generated from `seed` in one go.
pub fn generate(seed: u64, n: usize) -> EventLog {
    let mut generator = Generator::new(seed, n);
    generator.step(n);
    generator.into_log()
}
