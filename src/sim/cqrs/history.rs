//! Bounded histories for charts and logs: a ring buffer that drops its oldest item when full.

use std::collections::VecDeque;

/// A fixed-capacity FIFO: pushing onto a full ring drops the oldest item, so memory stays flat
/// however long the lab runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Ring<T> {
    buf: VecDeque<T>,
    cap: usize,
}

impl<T> Ring<T> {
    /// An empty ring holding at most `cap` items (at least 1).
    pub fn new(cap: usize) -> Self {
        let cap = cap.max(1);
        Self {
            buf: VecDeque::with_capacity(cap),
            cap,
        }
    }

    /// Adds an item, dropping the oldest if the ring is full.
    pub fn push(&mut self, item: T) {
        if self.buf.len() == self.cap {
            self.buf.pop_front();
        }
        self.buf.push_back(item);
    }

    /// Items, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.buf.iter()
    }

    /// Number of items held.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// True when nothing has been pushed (or everything was cleared).
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Largest number of items held.
    pub fn capacity(&self) -> usize {
        self.cap
    }

    /// Most recent item.
    pub fn last(&self) -> Option<&T> {
        self.buf.back()
    }

    /// Changes the capacity, dropping the oldest items if needed.
    pub fn set_capacity(&mut self, cap: usize) {
        self.cap = cap.max(1);
        while self.buf.len() > self.cap {
            self.buf.pop_front();
        }
        self.buf.shrink_to(self.cap);
    }
}

/// One point of the lag chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Virtual time, ms.
    pub time_ms: f64,
    /// head − checkpoint, in events.
    pub lag_events: u64,
    /// Age of the oldest event not yet processed, ms (0 when caught up).
    pub lag_ms: f64,
    /// Events written per second over the last sample period.
    pub write_rate: f64,
    /// Events applied to the read model per second over the last sample period.
    pub projected_rate: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_keeps_the_newest_items() {
        let mut r = Ring::new(3);
        for i in 0..10 {
            r.push(i);
        }
        assert_eq!(r.len(), 3);
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), vec![7, 8, 9]);
        r.set_capacity(2);
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), vec![8, 9]);
        assert_eq!(r.last(), Some(&9));
    }
}
