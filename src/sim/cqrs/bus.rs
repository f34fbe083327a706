//! The event bus: delay with jitter, at-least-once delivery, order kept per key (course).

use std::collections::VecDeque;

use crate::sim::rng::Rng;

/// A message handed to the projector's inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Delivery {
    /// When it reached the inbox, µs.
    pub at_us: u64,
    /// Global position of the event it carries.
    pub position: u64,
}

/// Counters of the bus, for the view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BusStats {
    /// Messages published (one per event written while a projector is subscribed).
    pub published: u64,
    /// Messages delivered to the inbox, duplicates included.
    pub delivered: u64,
    /// Extra copies delivered (at-least-once).
    pub duplicates: u64,
    /// Messages in flight dropped because the projector crashed (they are re-read from the log).
    pub dropped_on_crash: u64,
}

/// Delivery settings, copied from the configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BusParams {
    pub delay_us: u64,
    pub jitter_us: u64,
    pub slowdown: f64,
    pub dup_p: f64,
}

/// A message on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Msg {
    at_us: u64,
    position: u64,
    dup: bool,
}

/// In-flight messages, delivered in (delivery time, position) order. Per key, delivery times
/// never go backwards (clamped to the key's previous one), and equal times fall back to
/// position order: each course's events arrive in order while courses may overtake each other.
///
/// So each key's messages already form a sorted queue. Each tick takes the due prefix of
/// every queue and sorts that small batch: no per-message heap, which keeps 10.000 messages
/// a second cheap.
#[derive(Debug, Clone)]
pub(crate) struct Bus {
    pub params: BusParams,
    queues: Vec<VecDeque<Msg>>,
    /// Earliest delivery time of any message in flight (`u64::MAX` when none).
    next_due_us: u64,
    /// Reused buffer for one tick's due messages.
    batch: Vec<Msg>,
    in_flight: usize,
    last_deliver_us: Vec<u64>,
    rng: Rng,
    pub stats: BusStats,
}

impl Bus {
    pub fn new(params: BusParams, rng: Rng) -> Self {
        Self {
            params,
            queues: Vec::new(),
            next_due_us: u64::MAX,
            batch: Vec::new(),
            in_flight: 0,
            last_deliver_us: Vec::new(),
            rng,
            stats: BusStats::default(),
        }
    }

    /// Messages still travelling.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }

    /// Delay a message travels now, before jitter: base delay × slowdown, µs.
    pub fn base_delay_us(&self) -> u64 {
        (self.params.delay_us as f64 * self.params.slowdown) as u64
    }

    /// Publishes the event at `position` for course `slot`, written at `at_us`.
    #[inline]
    pub fn publish(&mut self, position: u64, slot: u32, at_us: u64) {
        let p = self.params;
        // One draw gives both the jitter (low half) and the duplicate coin (high half).
        let r = self.rng.next_u64();
        let jitter = ((r & 0xFFFF_FFFF) * p.jitter_us) >> 32;
        let dup = ((r >> 32) as f64) < p.dup_p * 4_294_967_296.0;
        let travel = ((p.delay_us + jitter) as f64 * p.slowdown) as u64;
        let i = slot as usize;
        if self.queues.len() <= i {
            self.queues.resize_with(i + 1, VecDeque::new);
            self.last_deliver_us.resize(i + 1, 0);
        }
        let deliver = (at_us + travel).max(self.last_deliver_us[i]);
        self.last_deliver_us[i] = deliver;
        self.next_due_us = self.next_due_us.min(deliver);
        self.queues[i].push_back(Msg {
            at_us: deliver,
            position,
            dup,
        });
        self.in_flight += 1;
        self.stats.published += 1;
    }

    /// Moves every message due before `until_us` into `inbox`, in delivery order. A duplicate
    /// arrives right after its original, as a redelivery after a lost acknowledgement would.
    pub fn deliver_before(&mut self, until_us: u64, inbox: &mut VecDeque<Delivery>) {
        if until_us <= self.next_due_us {
            return;
        }
        let mut next_due = u64::MAX;
        for q in &mut self.queues {
            while let Some(&m) = q.front() {
                if m.at_us >= until_us {
                    next_due = next_due.min(m.at_us);
                    break;
                }
                q.pop_front();
                self.batch.push(m);
            }
        }
        self.next_due_us = next_due;
        self.batch.sort_unstable_by_key(|m| (m.at_us, m.position));
        self.in_flight -= self.batch.len();
        for m in self.batch.drain(..) {
            let d = Delivery {
                at_us: m.at_us,
                position: m.position,
            };
            inbox.push_back(d);
            self.stats.delivered += 1;
            if m.dup {
                inbox.push_back(d);
                self.stats.delivered += 1;
                self.stats.duplicates += 1;
            }
        }
    }

    /// The subscriber died: everything in flight is lost (the log still has it).
    pub fn drop_in_flight(&mut self) {
        self.stats.dropped_on_crash += self.in_flight as u64;
        self.in_flight = 0;
        self.next_due_us = u64::MAX;
        for q in &mut self.queues {
            q.clear();
        }
    }

    /// After a restart, live messages of a course must not overtake its catch-up reads.
    pub fn raise_key_floors(&mut self, floor_us: u64) {
        for f in &mut self.last_deliver_us {
            *f = (*f).max(floor_us);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bus(dup_p: f64) -> Bus {
        let params = BusParams {
            delay_us: 1_000,
            jitter_us: 50_000,
            slowdown: 1.0,
            dup_p,
        };
        Bus::new(params, Rng::new(5))
    }

    #[test]
    fn order_is_kept_per_key_and_keys_overtake_each_other() {
        let mut b = bus(0.0);
        let mut key_of = Vec::new();
        for pos in 1..=3_000u64 {
            let slot = (pos % 3) as u32;
            key_of.push(slot);
            b.publish(pos, slot, pos * 10);
        }
        let mut inbox = VecDeque::new();
        b.deliver_before(u64::MAX, &mut inbox);
        assert_eq!(inbox.len(), 3_000);
        assert_eq!(b.in_flight(), 0);
        let mut last = [0u64; 3];
        let mut overtakes = 0;
        let mut prev = 0;
        for d in &inbox {
            let k = key_of[(d.position - 1) as usize] as usize;
            assert!(d.position > last[k], "key {k} out of order");
            last[k] = d.position;
            overtakes += (d.position < prev) as u32;
            prev = d.position;
        }
        assert!(
            overtakes > 0,
            "jitter should let courses overtake each other"
        );
        assert!(inbox
            .iter()
            .zip(inbox.iter().skip(1))
            .all(|(a, b)| a.at_us <= b.at_us));
    }

    #[test]
    fn duplicates_arrive_right_after_their_original() {
        let mut b = bus(1.0);
        for pos in 1..=10 {
            b.publish(pos, 0, 0);
        }
        let mut inbox = VecDeque::new();
        b.deliver_before(u64::MAX, &mut inbox);
        assert_eq!(inbox.len(), 20);
        assert_eq!(b.stats.duplicates, 10);
        for pair in inbox.iter().collect::<Vec<_>>().chunks(2) {
            assert_eq!(pair[0], pair[1]);
        }
    }

    #[test]
    fn nothing_is_delivered_early() {
        let mut b = bus(0.0);
        b.publish(1, 0, 0);
        let mut inbox = VecDeque::new();
        b.deliver_before(1_000, &mut inbox);
        assert!(inbox.is_empty(), "base delay is 1 ms");
        b.deliver_before(60_000, &mut inbox);
        assert_eq!(inbox.len(), 1);
    }
}
