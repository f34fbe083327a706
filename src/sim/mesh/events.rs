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
const SLOT_US: u64 = 1 << SLOT_BITS;
/// Slots in the wheel: 2^14 × 64 µs ≈ 1.05 s ahead; later events wait in the far heap.
const SLOTS: usize = 1 << 14;
/// Events at least this far past the cursor go to the far heap.
const SPAN_US: u64 = ((SLOTS - 1) as u64) << SLOT_BITS;
const NIL: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Node {
    ev: Ev,
    next: u32,
}

/// The event queue: a calendar wheel of 64 µs slots, each a list kept in time order (a slot
/// holds a handful of events, so inserting is a short walk and taking the earliest is
/// taking the head), and a binary heap for events more than a second ahead. Storage is
/// reused: a running simulation does not allocate.
#[derive(Debug)]
pub(crate) struct Queue {
    /// Per slot: first node of its list. A fixed-size array, so a masked index needs no
    /// bounds check.
    heads: Box<[u32; SLOTS]>,
    // Boxed slice with manual growth: the size-optimised build inlines its indexing.
    nodes: Box<[Node]>,
    nodes_used: u32,
    free: u32,
    /// Start of the slot being read. A push before it moves it back, so no event is ever
    /// behind the cursor.
    cursor: Micros,
    in_wheel: usize,
    far: Vec<Ev>,
    /// When the far heap's first event is due (`Micros::MAX` when it is empty).
    far_at: Micros,
}

impl Default for Queue {
    fn default() -> Self {
        Queue {
            heads: Box::new([NIL; SLOTS]),
            nodes: Box::default(),
            nodes_used: 0,
            free: NIL,
            cursor: 0,
            in_wheel: 0,
            far: Vec::new(),
            far_at: Micros::MAX,
        }
    }
}

/// Latest time an event may carry (≈ 292,000 years): keeps the wheel's arithmetic in range.
pub(crate) const END_OF_TIME: Micros = Micros::MAX >> 1;

impl Queue {
    #[inline(always)]
    pub(crate) fn push(&mut self, ev: Ev) {
        if ev.at >= self.cursor && ev.at - self.cursor < SPAN_US {
            self.link(ev);
        } else {
            self.push_far_or_back(ev);
        }
    }

    #[cold]
    fn push_far_or_back(&mut self, mut ev: Ev) {
        ev.at = ev.at.min(END_OF_TIME);
        if ev.at < self.cursor {
            // Only slots found empty lie between: moving back skips nothing.
            self.cursor = ev.at & !(SLOT_US - 1);
        }
        if ev.at - self.cursor < SPAN_US {
            self.link(ev);
        } else {
            heap_push(&mut self.far, ev);
            self.far_at = self.far[0].at;
        }
    }

    /// Inserts into the slot's list after every event due no later (ties keep push order).
    #[inline(always)]
    fn link(&mut self, ev: Ev) {
        let id = if self.free != NIL {
            let id = self.free;
            self.free = self.nodes[id as usize].next;
            id
        } else {
            if self.nodes_used as usize == self.nodes.len() {
                grow(&mut self.nodes, Node { ev, next: NIL });
            }
            self.nodes_used += 1;
            self.nodes_used - 1
        };
        let slot = (ev.at >> SLOT_BITS) as usize & (SLOTS - 1);
        let mut prev = NIL;
        let mut next = self.heads[slot];
        while next != NIL && self.nodes[next as usize].ev.at <= ev.at {
            prev = next;
            next = self.nodes[next as usize].next;
        }
        self.nodes[id as usize] = Node { ev, next };
        match prev {
            NIL => self.heads[slot] = id,
            p => self.nodes[p as usize].next = id,
        }
        self.in_wheel += 1;
    }

    /// Removes the earliest event if it is due no later than `end` and before `before`.
    /// One pass: look at the cursor's slot, step to the next slot while nothing is due.
    #[inline(always)]
    pub(crate) fn pop_before(&mut self, end: Micros, before: Micros) -> Option<Ev> {
        if before == 0 {
            return None;
        }
        // Due at or before `limit`.
        let limit = if before <= end { before - 1 } else { end };
        loop {
            let slot = (self.cursor >> SLOT_BITS) as usize & (SLOTS - 1);
            let head = self.heads[slot];
            if head != NIL {
                let node = self.nodes[head as usize];
                // The slot also holds events of later laps; they sort after this lap's.
                if node.ev.at < self.cursor + SLOT_US {
                    if node.ev.at > limit {
                        return None;
                    }
                    self.heads[slot] = node.next;
                    self.nodes[head as usize].next = self.free;
                    self.free = head;
                    self.in_wheel -= 1;
                    return Some(node.ev);
                }
            }
            if self.cursor + SLOT_US > limit || !self.next_slot(limit) {
                return None;
            }
        }
    }

    /// Moves the cursor one slot on (or straight to the far heap's first event when the
    /// wheel is empty) and brings far events that now fall within the wheel into it.
    /// False when the queue is empty.
    #[inline(always)]
    fn next_slot(&mut self, limit: Micros) -> bool {
        if self.in_wheel == 0 {
            if self.far_at == Micros::MAX {
                return false;
            }
            let jump = self.far_at.min(limit) & !(SLOT_US - 1);
            self.cursor = (self.cursor + SLOT_US).max(jump);
        } else {
            self.cursor += SLOT_US;
        }
        if self.far_at < self.cursor + SPAN_US {
            self.refill();
        }
        true
    }

    #[cold]
    fn refill(&mut self) {
        while self.far_at < self.cursor + SPAN_US {
            let e = heap_pop(&mut self.far);
            self.far_at = self.far.first().map_or(Micros::MAX, |e| e.at);
            self.link(e);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.in_wheel + self.far.len()
    }
}

fn grow<T: Copy>(b: &mut Box<[T]>, fill: T) {
    let cap = (b.len() * 2).max(64);
    let mut v = std::mem::take(b).into_vec();
    v.resize(cap, fill);
    *b = v.into_boxed_slice();
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
        let order: Vec<Micros> = std::iter::from_fn(|| q.pop_before(Micros::MAX, Micros::MAX))
            .map(|e| e.at)
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
        while let Some(e) = q.pop_before(Micros::MAX, Micros::MAX) {
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
