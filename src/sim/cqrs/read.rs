//! The read side: a denormalised course view per course, and a TTL cache in front of it.

use std::sync::Arc;

use super::domain::{CourseId, CourseView};

/// One denormalised row (the lesson's `CourseReadModel`). Cheap to clone: strings are shared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReadRow {
    pub id: CourseId,
    pub title: Arc<str>,
    pub instructor_name: &'static str,
    pub price: i64,
    pub students: u64,
    pub views: u64,
    pub quizzes: u64,
    pub progress: u64,
    pub last_updated_us: u64,
    pub version: u32,
}

impl ReadRow {
    pub fn view(&self) -> CourseView {
        CourseView {
            id: self.id,
            title: self.title.to_string(),
            instructor_name: self.instructor_name.to_string(),
            price: self.price,
            total_students: self.students,
            total_views: self.views,
            total_quiz_attempts: self.quizzes,
            total_progress_updates: self.progress,
            last_updated_us: self.last_updated_us,
            version: self.version,
        }
    }
}

/// The read model store (the lesson's ElasticSearch index). It survives projector crashes.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReadModel {
    /// Indexed by the write side's slot.
    pub rows: Vec<Option<ReadRow>>,
}

impl ReadModel {
    pub fn row(&self, slot: u32) -> Option<&ReadRow> {
        self.rows.get(slot as usize).and_then(Option::as_ref)
    }

    pub fn row_mut(&mut self, slot: u32) -> Option<&mut ReadRow> {
        self.rows.get_mut(slot as usize).and_then(Option::as_mut)
    }

    pub fn version(&self, slot: u32) -> u32 {
        self.row(slot).map_or(0, |r| r.version)
    }

    pub fn put(&mut self, slot: u32, row: ReadRow) {
        let i = slot as usize;
        if self.rows.len() <= i {
            self.rows.resize(i + 1, None);
        }
        self.rows[i] = Some(row);
    }
}

/// Counters of the cache, for the view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Reads answered from the cache.
    pub hits: u64,
    /// Reads that went to the read model.
    pub misses: u64,
    /// Entries deleted because a price change was projected.
    pub invalidations: u64,
    /// Entries found expired on read.
    pub expirations: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CacheEntry {
    pub row: ReadRow,
    pub filled_us: u64,
    pub expires_us: u64,
}

/// The cache in front of the read model (the lesson's Redis with `setex` and `del`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Cache {
    entries: Vec<Option<CacheEntry>>,
    pub stats: CacheStats,
}

impl Cache {
    /// A live entry, expiring it first if its time is up (Redis expires lazily on access too).
    pub fn get(&mut self, slot: u32, now_us: u64) -> Option<&CacheEntry> {
        let e = self.entries.get_mut(slot as usize)?;
        if e.as_ref().is_some_and(|x| x.expires_us <= now_us) {
            *e = None;
            self.stats.expirations += 1;
        }
        e.as_ref()
    }

    /// Entry without side effects (for display); `None` if absent or expired.
    pub fn peek(&self, slot: u32, now_us: u64) -> Option<&CacheEntry> {
        self.entries
            .get(slot as usize)
            .and_then(Option::as_ref)
            .filter(|e| e.expires_us > now_us)
    }

    pub fn fill(&mut self, slot: u32, row: ReadRow, now_us: u64, ttl_us: u64) {
        let i = slot as usize;
        if self.entries.len() <= i {
            self.entries.resize(i + 1, None);
        }
        self.entries[i] = Some(CacheEntry {
            row,
            filled_us: now_us,
            expires_us: now_us.saturating_add(ttl_us),
        });
    }

    pub fn invalidate(&mut self, slot: u32) {
        if let Some(e) = self.entries.get_mut(slot as usize) {
            if e.take().is_some() {
                self.stats.invalidations += 1;
            }
        }
    }

    /// Live entries with their slots, for display and checks.
    pub fn live(&self, now_us: u64) -> impl Iterator<Item = (u32, &CacheEntry)> {
        self.entries
            .iter()
            .enumerate()
            .filter_map(move |(i, e)| match e {
                Some(e) if e.expires_us > now_us => Some((i as u32, e)),
                _ => None,
            })
    }
}
