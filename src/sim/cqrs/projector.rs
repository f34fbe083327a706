//! The projector: turns events into read-model rows at a limited rate, idempotently, with a
//! checkpoint it commits every k events or every t ms and restarts from after a crash.

use std::collections::VecDeque;
use std::sync::Arc;

use super::bus::Delivery;
use super::domain::{instructor_name, LearningKind, Payload, StoredEvent};
use super::read::{Cache, ReadModel, ReadRow};
use super::write::EventLog;

/// What the projector is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectorStatus {
    /// Processing its inbox at its capacity.
    Running,
    /// Stopped on purpose; its inbox and progress are kept.
    Paused,
    /// Dead: inbox and uncommitted progress are gone until it restarts from the checkpoint.
    Crashed,
}

impl ProjectorStatus {
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Running => "Đang chạy",
            Self::Paused => "Tạm dừng",
            Self::Crashed => "Đã sập",
        }
    }
}

/// Counters of the projector, for the view and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProjectorStats {
    /// Events applied to the read model. Equals the number of events written once drained.
    pub applied: u64,
    /// Deliveries skipped because the course's read version was already at or past the event.
    pub duplicates_skipped: u64,
    /// Events whose version skipped ahead of the read version (should stay 0: order per key).
    pub out_of_order: u64,
    /// Checkpoint commits.
    pub commits: u64,
    /// Crashes.
    pub crashes: u64,
    /// Deliveries in the inbox lost at a crash.
    pub lost_on_crash: u64,
    /// Events re-read from the log after restarts.
    pub replayed: u64,
}

/// Where applied events land.
pub(crate) struct Target<'a> {
    pub read: &'a mut ReadModel,
    pub cache: &'a mut Cache,
    /// Delete the cache entry when a price change is applied.
    pub invalidate: bool,
    pub texts: &'a [Arc<str>],
}

#[derive(Debug, Clone)]
pub(crate) struct Projector {
    pub status: ProjectorStatus,
    pub inbox: VecDeque<Delivery>,
    /// The projector is busy until this instant, in ns (ns keep odd capacities exact enough).
    free_at_ns: u64,
    service_ns: u64,
    /// Every position up to here has been processed (applied or skipped).
    watermark: u64,
    /// Processed flags for positions after the watermark (deliveries overtake across courses).
    done: VecDeque<bool>,
    checkpoint: u64,
    since_commit: u32,
    last_commit_us: u64,
    every_events: u32,
    every_us: u64,
    pub stats: ProjectorStats,
}

fn service_ns(capacity: f64) -> u64 {
    ((1e9 / capacity).round() as u64).max(1)
}

impl Projector {
    pub fn new(capacity: f64, every_events: u32, every_ms: u64) -> Self {
        Self {
            status: ProjectorStatus::Running,
            inbox: VecDeque::new(),
            free_at_ns: 0,
            service_ns: service_ns(capacity),
            watermark: 0,
            done: VecDeque::new(),
            checkpoint: 0,
            since_commit: 0,
            last_commit_us: 0,
            every_events,
            every_us: every_ms * 1_000,
            stats: ProjectorStats::default(),
        }
    }

    pub fn set_capacity(&mut self, capacity: f64) {
        self.service_ns = service_ns(capacity);
    }

    pub fn set_checkpoint_policy(&mut self, every_events: u32, every_ms: u64) {
        self.every_events = every_events;
        self.every_us = every_ms * 1_000;
    }

    /// Last committed checkpoint (a global position).
    pub fn checkpoint(&self) -> u64 {
        self.checkpoint
    }

    /// Highest position below which everything has been processed.
    pub fn watermark(&self) -> u64 {
        self.watermark
    }

    /// Projects the whole log at once and commits (used to start a run in sync).
    pub fn project_all_now(&mut self, now_us: u64, log: &mut EventLog, t: &mut Target<'_>) {
        for pos in self.watermark + 1..=log.head() {
            self.process(pos, now_us, log, t);
        }
        self.commit(now_us, log);
    }

    /// Processes inbox deliveries that finish before `until_us`. Returns events applied.
    pub fn run(&mut self, until_us: u64, log: &mut EventLog, t: &mut Target<'_>) -> u64 {
        if self.status != ProjectorStatus::Running {
            return 0;
        }
        let until_ns = until_us.saturating_mul(1_000);
        let mut applied = 0;
        while let Some(&d) = self.inbox.front() {
            let start = self.free_at_ns.max(d.at_us.saturating_mul(1_000));
            let finish = start + self.service_ns;
            if finish >= until_ns {
                break;
            }
            self.inbox.pop_front();
            self.free_at_ns = finish;
            let at_us = finish / 1_000;
            if self.process(d.position, at_us, log, t) {
                applied += 1;
            }
        }
        applied
    }

    /// One delivery. Idempotent by per-course version: an event at or below the read row's
    /// version was applied before (a duplicate or a replay after a crash) and is skipped.
    #[inline]
    fn process(&mut self, pos: u64, at_us: u64, log: &mut EventLog, t: &mut Target<'_>) -> bool {
        let Some(&ev) = log.get(pos) else {
            // Only positions at or below the checkpoint are ever dropped from the log.
            self.stats.duplicates_skipped += 1;
            return false;
        };
        let current = t.read.version(ev.slot);
        let applied = if ev.version <= current {
            self.stats.duplicates_skipped += 1;
            false
        } else {
            if ev.version != current + 1 {
                self.stats.out_of_order += 1;
            }
            apply(&ev, t);
            self.stats.applied += 1;
            true
        };
        if pos > self.watermark {
            self.mark_done(pos);
            self.since_commit += 1;
            if self.every_events > 0 && self.since_commit >= self.every_events {
                self.commit(at_us, log);
            }
        }
        applied
    }

    #[inline]
    fn mark_done(&mut self, pos: u64) {
        if pos == self.watermark + 1 && self.done.is_empty() {
            // The usual case when deliveries come in order: no bookkeeping needed.
            self.watermark = pos;
            return;
        }
        let i = (pos - self.watermark - 1) as usize;
        if self.done.len() <= i {
            self.done.resize(i + 1, false);
        }
        self.done[i] = true;
        while self.done.front() == Some(&true) {
            self.done.pop_front();
            self.watermark += 1;
        }
    }

    fn commit(&mut self, at_us: u64, log: &mut EventLog) {
        if self.watermark > self.checkpoint {
            self.checkpoint = self.watermark;
            self.stats.commits += 1;
            log.truncate_through(self.checkpoint);
        }
        self.since_commit = 0;
        self.last_commit_us = at_us;
    }

    /// The time trigger of the checkpoint, checked at the end of each tick.
    pub fn on_timer(&mut self, now_us: u64, log: &mut EventLog) {
        if self.status == ProjectorStatus::Crashed || self.every_us == 0 {
            return;
        }
        if now_us.saturating_sub(self.last_commit_us) >= self.every_us {
            self.commit(now_us, log);
        }
    }

    pub fn pause(&mut self) {
        if self.status == ProjectorStatus::Running {
            self.status = ProjectorStatus::Paused;
        }
    }

    /// Loses the inbox and every uncommitted bit of progress. The read model itself survives.
    pub fn crash(&mut self) {
        if self.status == ProjectorStatus::Crashed {
            return;
        }
        self.status = ProjectorStatus::Crashed;
        self.stats.crashes += 1;
        self.stats.lost_on_crash += self.inbox.len() as u64;
        self.inbox.clear();
        self.done.clear();
        self.watermark = self.checkpoint;
        self.since_commit = 0;
    }

    /// Resumes after a pause, or restarts after a crash by re-reading the log from the
    /// checkpoint; the re-read events reach the inbox at `catch_up_at_us`.
    pub fn resume(&mut self, now_us: u64, log: &EventLog, catch_up_at_us: u64) {
        match self.status {
            ProjectorStatus::Running => {}
            ProjectorStatus::Paused => {
                self.status = ProjectorStatus::Running;
                self.free_at_ns = self.free_at_ns.max(now_us.saturating_mul(1_000));
            }
            ProjectorStatus::Crashed => {
                self.status = ProjectorStatus::Running;
                self.free_at_ns = now_us.saturating_mul(1_000);
                self.last_commit_us = now_us;
                let head = log.head();
                for position in self.checkpoint + 1..=head {
                    self.inbox.push_back(Delivery {
                        at_us: catch_up_at_us,
                        position,
                    });
                }
                self.stats.replayed += head - self.checkpoint;
            }
        }
    }
}

/// Applies one event to the read model (the lesson's `CourseReadModelUpdater`).
#[inline]
fn apply(ev: &StoredEvent, t: &mut Target<'_>) {
    match ev.payload {
        Payload::Created {
            id,
            title,
            instructor,
            price,
        } => {
            t.read.put(
                ev.slot,
                ReadRow {
                    id,
                    title: t
                        .texts
                        .get(title as usize)
                        .cloned()
                        .unwrap_or_else(|| Arc::from("")),
                    // Denormalised: the name is copied now, as the lesson's updater does.
                    instructor_name: instructor_name(instructor).unwrap_or(""),
                    price,
                    students: 0,
                    views: 0,
                    quizzes: 0,
                    progress: 0,
                    last_updated_us: ev.at_us,
                    version: ev.version,
                },
            );
        }
        Payload::PriceUpdated { new, .. } => {
            if let Some(r) = t.read.row_mut(ev.slot) {
                r.price = new;
                r.last_updated_us = ev.at_us;
                r.version = ev.version;
            }
            if t.invalidate {
                t.cache.invalidate(ev.slot);
            }
        }
        Payload::Learning {
            kind, new_student, ..
        } => {
            if let Some(r) = t.read.row_mut(ev.slot) {
                if new_student {
                    r.students += 1;
                }
                match kind {
                    LearningKind::VideoView => r.views += 1,
                    LearningKind::QuizAttempt => r.quizzes += 1,
                    LearningKind::Progress { .. } => r.progress += 1,
                }
                r.last_updated_us = ev.at_us;
                r.version = ev.version;
            }
        }
    }
}
