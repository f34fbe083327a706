//! The event queue: a calendar wheel for the next 33 ms and a heap beyond it.

use super::table::Table;
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

/// Width of a calendar slot: 2^2 = 4 µs. Slots this narrow rarely hold two events, so
/// inserting seldom walks a list (a walk of random length is a branch the CPU mispredicts).
const SLOT_BITS: u32 = 2;
const SLOT_US: u64 = 1 << SLOT_BITS;
/// Slots in the wheel: 2^13 × 4 µs ≈ 33 ms ahead, where nearly every hop ends (a 32 KB
/// array of heads); later events wait in the far heap.
const SLOTS: usize = 1 << 13;
/// Slots per word of the occupancy bitmap.
const WORD_SLOTS: usize = 64;
/// Time covered by one bitmap word: 256 µs.
const WORD_US: u64 = (WORD_SLOTS as u64) << SLOT_BITS;
/// Events at least this far past the cursor go to the far heap.
const SPAN_US: u64 = ((SLOTS - 1) as u64) << SLOT_BITS;
const NIL: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Node {
    ev: Ev,
    next: u32,
}

/// The event queue: a calendar wheel of 4 µs slots, each a list kept in time order, with
/// a bitmap of the slots that hold events (finding the next event is a bit scan, not a
/// walk over empty slots), and a binary heap for events more than 33 ms ahead. Storage
/// is reused: a running simulation does not allocate.
#[derive(Debug)]
pub(crate) struct Queue {
    /// Per slot: first node of its list, valid while the slot's `occupied` bit is set. A
    /// fixed-size array, so a masked index needs no bounds check.
    heads: Box<[u32; SLOTS]>,
    /// One bit per slot: its list is not empty.
    occupied: Box<[u64; SLOTS / WORD_SLOTS]>,
    nodes: Table<Node>,
    free: u32,
    /// Start of the slot being read. A push before it moves it back, so no event is ever
    /// behind the cursor.
    cursor: Micros,
    in_wheel: usize,
    far: Vec<Ev>,
    /// When the far heap's first event is due (`Micros::MAX` when it is empty).
    far_at: Micros,
    /// The earliest event, held apart from the wheel and the heap: a pop hands it out and
    /// looks for the next one straight away, so that search (a chain of dependent loads)
    /// overlaps with the handling of the event just popped instead of delaying the next pop.
    first: Ev,
    /// When `first` is due; `Micros::MAX` when the queue is empty.
    first_at: Micros,
}

impl Default for Queue {
    fn default() -> Self {
        Queue {
            heads: Box::new([NIL; SLOTS]),
            occupied: Box::new([0; SLOTS / WORD_SLOTS]),
            nodes: Table::default(),
            free: NIL,
            cursor: 0,
            in_wheel: 0,
            far: Vec::new(),
            far_at: Micros::MAX,
            first: Ev {
                at: 0,
                a: 0,
                b: 0,
                kind: Kind::TryEnd,
            },
            first_at: Micros::MAX,
        }
    }
}

/// Latest time an event may carry (≈ 292,000 years): keeps the wheel's arithmetic in range.
pub(crate) const END_OF_TIME: Micros = Micros::MAX >> 1;

impl Queue {
    #[inline(always)]
    pub(crate) fn push(&mut self, ev: Ev) {
        if ev.at < self.first_at {
            self.push_first(ev.at, ev.a, ev.b, ev.kind);
        } else {
            self.store::<false>(ev);
        }
    }

    /// `ev` is due before every queued event: it becomes `first`, and the old first goes
    /// back in front of the events due at its time (all pushed after it).
    #[cold]
    fn push_first(&mut self, at: Micros, a: u32, b: u32, kind: Kind) {
        let old = (self.first_at != Micros::MAX).then_some(self.first);
        self.first = Ev {
            at: at.min(END_OF_TIME),
            a,
            b,
            kind,
        };
        self.first_at = self.first.at;
        if let Some(old) = old {
            self.store::<true>(old);
        }
    }

    /// Puts `ev` in the wheel or the far heap; `FRONT` puts it before events due at its time.
    #[inline(always)]
    fn store<const FRONT: bool>(&mut self, ev: Ev) {
        if ev.at >= self.cursor && ev.at - self.cursor < SPAN_US {
            self.link::<FRONT>(ev);
        } else {
            // Fields, not the struct: an `Ev` passed to a call goes through the stack, and
            // the hot path then reads it back in wider loads than the narrow stores that
            // wrote it (a store-forwarding stall the profile showed on every push).
            self.push_far_or_back::<FRONT>(ev.at, ev.a, ev.b, ev.kind);
        }
    }

    #[cold]
    fn push_far_or_back<const FRONT: bool>(&mut self, at: Micros, a: u32, b: u32, kind: Kind) {
        let mut ev = Ev { at, a, b, kind };
        ev.at = ev.at.min(END_OF_TIME);
        if ev.at < self.cursor {
            // Only slots found empty lie between: moving back skips nothing.
            self.cursor = ev.at & !(SLOT_US - 1);
        }
        if ev.at - self.cursor < SPAN_US {
            self.link::<FRONT>(ev);
        } else {
            heap_push(&mut self.far, ev);
            self.far_at = self.far[0].at;
        }
    }

    /// Inserts into the slot's list after every event due no later (ties keep push order),
    /// or with `FRONT` before every event due no earlier.
    #[inline(always)]
    fn link<const FRONT: bool>(&mut self, ev: Ev) {
        if self.free == NIL {
            self.add_nodes();
        }
        let id = self.free;
        self.free = self.nodes[id as usize].next;
        let slot = (ev.at >> SLOT_BITS) as usize & (SLOTS - 1);
        self.in_wheel += 1;
        let (word, bit) = (slot / WORD_SLOTS, 1 << (slot % WORD_SLOTS));
        if self.occupied[word] & bit == 0 {
            // An empty slot's head is stale: it is written, not read (a read would miss the
            // cache on most pushes, where a write does not wait).
            self.occupied[word] |= bit;
            self.nodes[id as usize] = Node { ev, next: NIL };
            self.heads[slot] = id;
            return;
        }
        let mut prev = NIL;
        let mut next = self.heads[slot];
        while next != NIL && {
            let at = self.nodes[next as usize].ev.at;
            if FRONT {
                at < ev.at
            } else {
                at <= ev.at
            }
        } {
            prev = next;
            next = self.nodes[next as usize].next;
        }
        self.nodes[id as usize] = Node { ev, next };
        match prev {
            NIL => self.heads[slot] = id,
            p => self.nodes[p as usize].next = id,
        }
    }

    /// Doubles the node storage and puts the new nodes on the free list. Called only when
    /// the list is empty, so taking a node is otherwise a pop with no branch to mispredict.
    #[cold]
    fn add_nodes(&mut self) {
        let old = self.nodes.len();
        let fill = Node {
            ev: Ev {
                at: 0,
                a: 0,
                b: 0,
                kind: Kind::TryEnd,
            },
            next: NIL,
        };
        self.nodes.grow(fill);
        for i in (old..self.nodes.len()).rev() {
            self.nodes[i].next = self.free;
            self.free = i as u32;
        }
    }

    /// Removes the earliest event if it is due no later than `end` and before `before`.
    #[inline(always)]
    pub(crate) fn pop_before(&mut self, end: Micros, before: Micros) -> Option<Ev> {
        if self.first_at > end || self.first_at >= before {
            return None;
        }
        let ev = self.first;
        self.first_at = Micros::MAX;
        if self.in_wheel > 0 || self.far_at != Micros::MAX {
            self.first = self.take_earliest();
            self.first_at = self.first.at;
        }
        Some(ev)
    }

    /// Takes the earliest event out of the wheel (or the far heap); the queue has one.
    /// One pass: find the next occupied slot from the cursor in the bitmap, take its head.
    #[inline(always)]
    fn take_earliest(&mut self) -> Ev {
        loop {
            let slot = (self.cursor >> SLOT_BITS) as usize & (SLOTS - 1);
            // Occupied slots from the cursor's to the end of its word.
            let bits = self.occupied[slot / WORD_SLOTS] >> (slot % WORD_SLOTS);
            if bits == 0 {
                self.next_word();
                continue;
            }
            let skip = bits.trailing_zeros() as usize;
            let start = self.cursor + ((skip as u64) << SLOT_BITS);
            self.move_cursor(start);
            let slot = slot + skip;
            let head = self.heads[slot];
            let node = self.nodes[head as usize];
            // The slot also holds events of later laps; they sort after this lap's.
            if node.ev.at >= start + SLOT_US {
                self.move_cursor(start + SLOT_US);
                continue;
            }
            self.heads[slot] = node.next;
            if node.next == NIL {
                self.occupied[slot / WORD_SLOTS] &= !(1 << (slot % WORD_SLOTS));
            }
            self.nodes[head as usize].next = self.free;
            self.free = head;
            self.in_wheel -= 1;
            return node.ev;
        }
    }

    /// Moves the cursor to the next bitmap word, or straight to the far heap's first event
    /// when the wheel is empty.
    #[inline(always)]
    fn next_word(&mut self) {
        let next = (self.cursor | (WORD_US - 1)) + 1;
        if self.in_wheel == 0 {
            self.move_cursor(next.max(self.far_at & !(SLOT_US - 1)));
        } else {
            self.move_cursor(next);
        }
    }

    /// Moves the cursor forward to `at` (a slot start) and brings far events that now fall
    /// within the wheel into it.
    #[inline(always)]
    fn move_cursor(&mut self, at: Micros) {
        self.cursor = at;
        if self.far_at < at + SPAN_US {
            self.refill();
        }
    }

    #[cold]
    fn refill(&mut self) {
        while self.far_at < self.cursor + SPAN_US {
            let e = heap_pop(&mut self.far);
            self.far_at = self.far.first().map_or(Micros::MAX, |e| e.at);
            self.link::<false>(e);
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.in_wheel + self.far.len() + (self.first_at != Micros::MAX) as usize
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

    /// An event due at `at`, tagged `a`.
    fn ev(at: Micros, a: u32) -> Ev {
        Ev {
            at,
            a,
            b: 0,
            kind: Kind::TryEnd,
        }
    }

    /// Pops everything left, in order.
    fn drain(q: &mut Queue) -> Vec<Ev> {
        std::iter::from_fn(|| q.pop_before(Micros::MAX, Micros::MAX)).collect()
    }

    fn times(evs: &[Ev]) -> Vec<Micros> {
        evs.iter().map(|e| e.at).collect()
    }

    #[test]
    fn pops_in_time_order_across_wheel_and_heap() {
        let mut q = Queue::default();
        for at in [5, 3, 7, 6, 2_000_000, 1] {
            // 2_000_000 is more than 33 ms ahead: it goes to the heap.
            q.push(ev(at, 0));
        }
        assert_eq!(times(&drain(&mut q)), vec![1, 3, 5, 6, 7, 2_000_000]);
    }

    #[test]
    fn equal_times_pop_in_push_order() {
        let mut q = Queue::default();
        q.push(ev(100, 1));
        q.push(ev(100, 2));
        // Earlier than all: 1 goes back to the wheel, still before 2.
        q.push(ev(50, 3));
        q.push(ev(100, 4));
        let order: Vec<u32> = drain(&mut q).iter().map(|e| e.a).collect();
        assert_eq!(order, vec![3, 1, 2, 4]);
    }

    #[test]
    fn an_event_a_lap_ahead_waits_for_its_lap() {
        let mut q = Queue::default();
        q.push(ev(1_000, 0));
        q.push(ev(1_001, 0));
        // Popping 1000 finds 1001 in the wheel: the cursor is now at 1000.
        assert_eq!(
            q.pop_before(Micros::MAX, Micros::MAX).map(|e| e.at),
            Some(1_000)
        );
        // Just inside the wheel from the cursor: its slot is the one before 1000's.
        let late = 1_000 + SPAN_US - 4;
        q.push(ev(late, 0));
        // 500 becomes the first event; 990 goes to the wheel behind the cursor, which moves
        // back, so `late` is now more than a lap ahead and the scan passes its slot early.
        q.push(ev(500, 0));
        q.push(ev(990, 0));
        assert_eq!(times(&drain(&mut q)), vec![500, 990, 1_001, late]);
    }

    #[test]
    fn pops_random_times_in_order_while_pushing() {
        let mut q = Queue::default();
        let mut r = crate::sim::rng::Rng::new(5);
        // Near, far (beyond the wheel) and very far events, pushed as time goes on.
        for _ in 0..3000 {
            q.push(ev(r.below(5_000_000), 0));
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
                q.push(ev(last + r.below(3_000_000), 0));
                q.push(ev(last + 2_000_000, 0));
                q.push(ev(last, 0));
            }
        }
        assert_eq!(popped, 3000 + 3 * 2000);
        assert_eq!(q.len(), 0);
    }
}
