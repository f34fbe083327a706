//! The event queue: a calendar wheel for the next second and a heap beyond it.

use super::Micros;

/// What an event does; `a` and `b` are its operands (call + generation, work, pod…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Kind {
    /// A leaf try's precomputed end, or a non-leaf try's timeout timer: (call, gen).
    TryEnd,
    /// A request reaches a non-leaf pod's app: (work, _).
    WorkStart,
    /// A non-leaf pod answers: (work, status).
    WorkReply,
    /// Back-off over, send the retry: (call, gen).
    Backoff,
    /// Route timeout while pending or backing off: (call, gen).
    Deadline,
    /// Outlier sweep for a destination service: (service, gen).
    Sweep,
    /// A pod finishes work whose client already gave up: (pod, _).
    PodRelease,
    /// A plaintext legacy request finishes: (pod, ok).
    LegacyDone,
}

/// One event, 24 bytes. Only `at` orders events; ties keep whatever order the (fully
/// deterministic) queue gives them, so a seed still fixes the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ev {
    pub(crate) at: Micros,
    pub(crate) a: u32,
    pub(crate) b: u32,
    pub(crate) kind: Kind,
}

/// Width of a calendar slot: 2^6 = 64 µs.
const SLOT_BITS: u32 = 6;
/// Slots in the wheel: 2^14 × 64 µs ≈ 1.05 s ahead; later events wait in the far heap.
const SLOTS: usize = 1 << 14;
const NIL: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Node {
    ev: Ev,
    next: u32,
}

/// The event queue: a calendar wheel of 64 µs slots (O(1) insert, a tiny sort per slot)
/// and a binary heap for events more than a second ahead. Storage is reused, so a running
/// simulation does not allocate.
#[derive(Debug)]
pub(crate) struct Queue {
    /// Per slot: first node of its list.
    heads: Box<[u32]>,
    // Boxed slices with manual growth: the size-optimised build inlines their indexing.
    nodes: Box<[Node]>,
    nodes_used: usize,
    free: u32,
    /// Events of the current slot (and any pushed below it), sorted latest first.
    ready: Stack,
    /// Start time of the slot after the one loaded into `ready`.
    horizon: u64,
    in_wheel: usize,
    far: Vec<Ev>,
}

impl Default for Queue {
    fn default() -> Self {
        Queue {
            heads: vec![NIL; SLOTS].into_boxed_slice(),
            nodes: Box::default(),
            nodes_used: 0,
            free: NIL,
            ready: Stack::default(),
            horizon: 1 << SLOT_BITS,
            in_wheel: 0,
            far: Vec::new(),
        }
    }
}

/// Latest time an event may carry (≈ 292,000 years): keeps the wheel's arithmetic in range.
pub(crate) const END_OF_TIME: Micros = Micros::MAX >> 1;

impl Queue {
    pub(crate) fn push(&mut self, mut ev: Ev) {
        ev.at = ev.at.min(END_OF_TIME);
        if ev.at < self.horizon {
            self.ready.insert_sorted(ev);
        } else if ev.at - self.horizon < ((SLOTS - 1) << SLOT_BITS) as u64 {
            let slot = (ev.at >> SLOT_BITS) as usize & (SLOTS - 1);
            let node = Node {
                ev,
                next: self.heads[slot],
            };
            let id = if self.free != NIL {
                let id = self.free;
                self.free = self.nodes[id as usize].next;
                self.nodes[id as usize] = node;
                id
            } else {
                if self.nodes_used == self.nodes.len() {
                    grow(&mut self.nodes, node);
                }
                self.nodes[self.nodes_used] = node;
                self.nodes_used += 1;
                (self.nodes_used - 1) as u32
            };
            self.heads[slot] = id;
            self.in_wheel += 1;
        } else {
            heap_push(&mut self.far, ev);
        }
    }

    /// Moves the wheel forward until `ready` holds the earliest calendar event, but never
    /// loads a slot starting after `limit`: events may still be pushed up to there, and
    /// they must land in the wheel, not in `ready`.
    fn fill(&mut self, limit: Micros) {
        while self.ready.is_empty() && self.horizon <= limit {
            if self.in_wheel == 0 {
                // Nothing in the next second: skip the empty slots in one step.
                let Some(far) = self.far.first().map(|e| e.at) else {
                    return;
                };
                let target = (far.min(limit) >> SLOT_BITS) << SLOT_BITS;
                if target > self.horizon {
                    self.horizon = target;
                }
            }
            let slot_start = self.horizon;
            self.horizon += 1 << SLOT_BITS;
            let slot = (slot_start >> SLOT_BITS) as usize & (SLOTS - 1);
            let mut id = std::mem::replace(&mut self.heads[slot], NIL);
            while id != NIL {
                let node = self.nodes[id as usize];
                self.ready.push(node.ev);
                self.nodes[id as usize].next = self.free;
                self.free = id;
                self.in_wheel -= 1;
                id = node.next;
            }
            while let Some(e) = self.far.first() {
                if e.at >= self.horizon {
                    break;
                }
                let e = heap_pop(&mut self.far);
                self.ready.push(e);
            }
            // A slot holds a handful of events: insertion sort, latest first.
            let n = self.ready.len;
            let r = &mut self.ready.buf[..n];
            for i in 1..n {
                let e = r[i];
                let mut j = i;
                while j > 0 && r[j - 1].at < e.at {
                    r[j] = r[j - 1];
                    j -= 1;
                }
                r[j] = e;
            }
        }
    }

    /// Time of the earliest event, looking no further than `limit` in the calendar
    /// (an answer above `limit` only means "nothing until then").
    pub(crate) fn next_time(&mut self, limit: Micros) -> Micros {
        self.fill(limit);
        self.ready.last().map_or(Micros::MAX, |e| e.at)
    }

    /// Removes the earliest event; call after `next_time` returned a time within its limit.
    pub(crate) fn pop(&mut self) -> Option<Ev> {
        self.ready.pop()
    }

    pub(crate) fn len(&self) -> usize {
        self.ready.len + self.in_wheel + self.far.len()
    }
}

fn grow<T: Copy>(b: &mut Box<[T]>, fill: T) {
    let cap = (b.len() * 2).max(64);
    let mut v = std::mem::take(b).into_vec();
    v.resize(cap, fill);
    *b = v.into_boxed_slice();
}

/// A stack of events in a boxed slice.
#[derive(Debug, Default)]
struct Stack {
    buf: Box<[Ev]>,
    len: usize,
}

impl Stack {
    #[inline(always)]
    fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[inline(always)]
    fn push(&mut self, ev: Ev) {
        if self.len == self.buf.len() {
            grow(&mut self.buf, ev);
        }
        self.buf[self.len] = ev;
        self.len += 1;
    }

    #[inline(always)]
    fn pop(&mut self) -> Option<Ev> {
        if self.len == 0 {
            return None;
        }
        self.len -= 1;
        Some(self.buf[self.len])
    }

    #[inline(always)]
    fn last(&self) -> Option<&Ev> {
        if self.len == 0 {
            None
        } else {
            Some(&self.buf[self.len - 1])
        }
    }

    /// Inserts keeping the stack sorted latest first (pushes for "now" are rare and few).
    fn insert_sorted(&mut self, ev: Ev) {
        self.push(ev);
        let mut i = self.len - 1;
        while i > 0 && self.buf[i - 1].at < ev.at {
            self.buf[i] = self.buf[i - 1];
            i -= 1;
        }
        self.buf[i] = ev;
    }
}

fn heap_push(h: &mut Vec<Ev>, ev: Ev) {
    let mut i = h.len();
    h.push(ev);
    while i > 0 {
        let parent = (i - 1) / 2;
        if h[parent].at <= ev.at {
            break;
        }
        h[i] = h[parent];
        i = parent;
    }
    h[i] = ev;
}

fn heap_pop(h: &mut Vec<Ev>) -> Ev {
    let last = h.pop().expect("heap_pop on a non-empty heap");
    let n = h.len();
    if n == 0 {
        return last;
    }
    let top = h[0];
    // Floyd: walk the hole down to a leaf, then lift `last` into place.
    let mut i = 0;
    loop {
        let l = 2 * i + 1;
        if l >= n {
            break;
        }
        let r = l + 1;
        let c = if r < n && h[r].at < h[l].at { r } else { l };
        h[i] = h[c];
        i = c;
    }
    while i > 0 {
        let parent = (i - 1) / 2;
        if h[parent].at <= last.at {
            break;
        }
        h[i] = h[parent];
        i = parent;
    }
    h[i] = last;
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_across_wheel_and_heap() {
        let mut q = Queue::default();
        let ev = |at| Ev {
            at,
            a: 0,
            b: 0,
            kind: Kind::TryEnd,
        };
        q.push(ev(5));
        q.push(ev(3));
        q.push(ev(7));
        q.push(ev(6));
        q.push(ev(2_000_000)); // more than a second ahead: goes to the heap
        q.push(ev(1));
        let order: Vec<Micros> = std::iter::from_fn(|| {
            q.next_time(Micros::MAX);
            q.pop().map(|e| e.at)
        })
        .collect();
        assert_eq!(order, vec![1, 3, 5, 6, 7, 2_000_000]);
    }

    #[test]
    fn pops_random_times_in_order_while_pushing() {
        let mut q = Queue::default();
        let mut r = crate::sim::rng::Rng::new(5);
        let ev = |at| Ev {
            at,
            a: 0,
            b: 0,
            kind: Kind::Sweep,
        };
        // Near, far (beyond the wheel) and very far events, pushed as time goes on.
        for _ in 0..3000 {
            q.push(ev(r.below(5_000_000)));
        }
        let mut last = 0;
        let mut popped = 0;
        let mut refills = 0;
        while q.next_time(Micros::MAX) != Micros::MAX {
            let e = q.pop().unwrap();
            assert!(e.at >= last, "{} after {}", e.at, last);
            last = e.at;
            popped += 1;
            if refills < 2000 {
                refills += 1;
                q.push(ev(last + r.below(3_000_000)));
                q.push(ev(last + 2_000_000));
                q.push(ev(last));
            }
        }
        assert_eq!(popped, 3000 + 3 * 2000);
        assert_eq!(q.len(), 0);
    }
}
