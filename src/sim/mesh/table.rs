//! Storage the engine indexes with ids it hands out itself.

use std::ops::{Deref, DerefMut, Index, IndexMut};

/// A boxed slice indexed by the engine's own ids: pods and clusters numbered when the mesh
/// is built, hosts numbered by their cluster, calls and works handed out by a slab, queue
/// nodes by the queue's free list. Such an id is in range by construction (tables only
/// grow), so release builds skip the bounds check: on the path every request takes, those
/// checks (a load of the length, a compare, a branch, dozens per request) were about 8 % of
/// the instructions in V8. Debug builds, which every test runs, keep the check.
#[derive(Debug, Clone)]
pub(crate) struct Table<T>(Box<[T]>);

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table(Box::default())
    }
}

impl<T> Table<T> {
    pub(crate) fn new(items: Vec<T>) -> Self {
        Table(items.into_boxed_slice())
    }
}

impl<T: Clone> Table<T> {
    /// Doubles the length (to at least 64), filling the new places with `fill`.
    pub(crate) fn grow(&mut self, fill: T) {
        let len = (self.0.len() * 2).max(64);
        let mut v = std::mem::take(&mut self.0).into_vec();
        v.resize(len, fill);
        self.0 = v.into_boxed_slice();
    }
}

impl<T> Index<usize> for Table<T> {
    type Output = T;

    #[inline(always)]
    fn index(&self, i: usize) -> &T {
        debug_assert!(
            i < self.0.len(),
            "id {i} outside a table of {}",
            self.0.len()
        );
        // SAFETY: every index is an id the engine made for this table, which never shrinks
        // (see the type's comment); debug builds check it above.
        unsafe { self.0.get_unchecked(i) }
    }
}

impl<T> IndexMut<usize> for Table<T> {
    #[inline(always)]
    fn index_mut(&mut self, i: usize) -> &mut T {
        debug_assert!(
            i < self.0.len(),
            "id {i} outside a table of {}",
            self.0.len()
        );
        // SAFETY: as in `index`.
        unsafe { self.0.get_unchecked_mut(i) }
    }
}

/// Iteration, `len` and the other slice methods.
impl<T> Deref for Table<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> DerefMut for Table<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_by_doubling_and_keeps_its_items() {
        let mut t = Table::new(vec![1, 2, 3]);
        t.grow(0);
        assert_eq!(t.len(), 64);
        assert_eq!((t[0], t[2], t[3], t[63]), (1, 3, 0, 0));
        t[63] = 9;
        t.grow(7);
        assert_eq!((t.len(), t[63], t[64], t[127]), (128, 9, 7, 7));
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "outside a table")]
    fn debug_builds_check_every_index() {
        let t = Table::new(vec![1, 2, 3]);
        let _ = t[3];
    }
}
