//! The whole CQRS pipeline in virtual time: learners and commands → write model and log →
//! event bus → projector → read model and cache, with readers, faults and a lag history.

use super::bus::{Bus, BusParams, BusStats};
use super::compare::{compare, ComparisonRow, CqrsParams, HpnWorkload, SingleDbParams};
use super::config::{Config, MAX_WAIT_TIMEOUT_MS};
use super::domain::{
    CourseId, CourseView, CreateCourse, EventKind, EventView, InstructorId, LearningKind, Payload,
    UpdatePrice, WriteReceipt,
};
use super::error::{CommandError, ConfigError};
use super::history::{Ring, Sample};
use super::projector::{Projector, ProjectorStats, ProjectorStatus, Target};
use super::read::{Cache, CacheStats, ReadModel, ReadRow};
use super::ryw::{
    PendingRead, ReadSource, Ryw, RywKind, RywOutcome, RywStats, RywStrategy, MAX_PENDING_READS,
};
use super::write::WriteModel;
use crate::sim::format::vnd;
use crate::sim::rng::Rng;

/// The courses a run starts with when [`Config::seed_catalog`] is on.
pub const SEED_CATALOG: [(u32, &str, u32, i64); 6] = [
    (1, "Kiến trúc microservices thực chiến", 1, 1_200_000),
    (2, "CQRS và Event Sourcing với Rust", 2, 990_000),
    (3, "Service mesh với Istio", 3, 1_500_000),
    (4, "Lập trình Rust cho người mới bắt đầu", 4, 499_000),
    (5, "Phân tích dữ liệu học tập với ClickHouse", 5, 799_000),
    (6, "Thiết kế hệ thống phân tán", 1, 1_990_000),
];

/// Longest stretch of virtual time one [`Sim::advance`] call simulates, µs (one hour).
pub const MAX_ADVANCE_US: u64 = 3_600_000_000;

/// Reason written by the read-your-writes user's price changes.
const RYW_REASON: &str = "Giảng viên sửa giá rồi mở lại trang khoá học";
/// Step of the automatic user's price changes, đồng.
const RYW_PRICE_STEP: i64 = 10_000;

/// Where an explicit read goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadPath {
    /// Cache first, then the read model (the lesson's `getCourseDetails`).
    Cache,
    /// The read model, bypassing the cache.
    ReadModel,
    /// The write model.
    WriteModel,
}

/// What an explicit read returned, compared with the write side.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadResult {
    /// The course as read (`None` if the read side does not have it yet).
    pub view: Option<CourseView>,
    /// Where the answer came from.
    pub source: ReadSource,
    /// How many of the course's events the answer is missing.
    pub versions_behind: u32,
    /// The price differs from the write side's (or the course is missing).
    pub price_stale: bool,
}

/// A cache entry for display.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheEntryView {
    /// Cached course.
    pub view: CourseView,
    /// Time left before it expires, ms.
    pub remaining_ttl_ms: u64,
    /// Time since it was filled, ms.
    pub age_ms: u64,
}

/// One course on every side, for the side-by-side table with stale rows marked.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseRowView {
    /// Write model (the truth).
    pub write: CourseView,
    /// Read model (`None` until the creation is projected).
    pub read: Option<CourseView>,
    /// Live cache entry, if any.
    pub cached: Option<CacheEntryView>,
    /// Events of this course not yet in the read model.
    pub read_versions_behind: u32,
    /// The read model shows a different price or title, or lacks the course.
    pub read_stale: bool,
    /// The cache shows a different price or title than the write side.
    pub cache_stale: bool,
}

/// Projection lag right now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LagView {
    /// Position of the last event written.
    pub head: u64,
    /// Last committed checkpoint.
    pub checkpoint: u64,
    /// Every event up to here is processed (committed or not).
    pub processed: u64,
    /// head − checkpoint.
    pub lag_events: u64,
    /// Age of the oldest event not yet processed, ms.
    pub lag_ms: f64,
    /// Messages travelling on the bus.
    pub in_flight: usize,
    /// Deliveries waiting in the projector's inbox.
    pub inbox: usize,
}

/// What background readers (people opening course pages) saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReaderStats {
    /// Reads done.
    pub reads: u64,
    /// Reads answered by the cache.
    pub cache_hits: u64,
    /// Reads of a course the read side does not have yet.
    pub not_found: u64,
    /// Reads showing a price different from the write side.
    pub stale_price: u64,
    /// Reads missing at least one event of the course.
    pub behind_write: u64,
}

/// The CQRS lab engine. Deterministic: the same config, seed and calls give the same run.
#[derive(Debug, Clone)]
pub struct Sim {
    cfg: Config,
    now_us: u64,
    write: WriteModel,
    bus: Bus,
    projector: Projector,
    read: ReadModel,
    cache: Cache,
    load_rng: Rng,
    /// Time of the next generated learning event, µs (fractional so rates stay exact).
    next_write_us: f64,
    throttled: u64,
    reader_rng: Rng,
    reads_due: f64,
    reader: ReaderStats,
    ryw: Ryw,
    history: Ring<Sample>,
    next_sample_us: u64,
    last_sample_us: u64,
    writes_since_sample: u64,
    applied_since_sample: u64,
}

fn bus_params(c: &Config) -> BusParams {
    BusParams {
        delay_us: c.bus_delay_ms * 1_000,
        jitter_us: c.bus_jitter_ms * 1_000,
        slowdown: c.bus_slowdown,
        dup_p: c.duplicate_probability,
    }
}

fn content_differs(a: &CourseView, b: &CourseView) -> bool {
    a.price != b.price || a.title != b.title
}

impl Sim {
    /// A run with `config`, every random draw fixed by `seed`.
    pub fn new(config: Config, seed: u64) -> Result<Self, ConfigError> {
        config.validate()?;
        Ok(Self::build(config, seed))
    }

    /// A run with the default configuration.
    pub fn with_seed(seed: u64) -> Self {
        Self::build(Config::default(), seed)
    }

    fn build(config: Config, seed: u64) -> Self {
        let mut master = Rng::new(seed);
        // Separate streams, so that e.g. more readers do not change which events are written.
        let load_rng = Rng::new(master.next_u64());
        let bus_rng = Rng::new(master.next_u64());
        let reader_rng = Rng::new(master.next_u64());
        let mut sim = Self {
            write: WriteModel::new(config.learners),
            bus: Bus::new(bus_params(&config), bus_rng),
            projector: Projector::new(
                config.projector_capacity,
                config.checkpoint_every_events,
                config.checkpoint_every_ms,
            ),
            read: ReadModel::default(),
            cache: Cache::default(),
            load_rng,
            next_write_us: 0.0,
            throttled: 0,
            reader_rng,
            reads_due: 0.0,
            reader: ReaderStats::default(),
            ryw: Ryw::new(),
            history: Ring::new(config.history_len),
            next_sample_us: config.sample_every_ms * 1_000,
            last_sample_us: 0,
            writes_since_sample: 0,
            applied_since_sample: 0,
            now_us: 0,
            cfg: config,
        };
        if sim.cfg.seed_catalog {
            sim.seed_catalog();
        }
        sim.next_write_us = sim.write_gap_us();
        sim.ryw.next_auto_us = sim.cfg.ryw_auto_every_ms * 1_000;
        sim
    }

    /// Creates the seed courses and projects them at once, so the run starts in sync.
    fn seed_catalog(&mut self) {
        for (id, title, instructor, price) in SEED_CATALOG {
            let cmd = CreateCourse {
                id: CourseId(id),
                title: title.to_string(),
                instructor: InstructorId(instructor),
                price,
            };
            // The seed data is valid by construction; a failure would only skip a course.
            let _ = self.write.create_course(&cmd, 0);
        }
        let (log, texts) = self.write.log_and_texts();
        let mut t = Target {
            read: &mut self.read,
            cache: &mut self.cache,
            invalidate: self.cfg.cache_invalidation,
            texts,
        };
        self.projector.project_all_now(0, log, &mut t);
    }

    // ----- time -----

    /// Advances virtual time by `dt_us` microseconds, in ticks of [`Config::tick_us`].
    /// One call covers at most [`MAX_ADVANCE_US`] (one hour), so a bad value cannot freeze
    /// the page.
    pub fn advance(&mut self, dt_us: u64) {
        let target = self.now_us.saturating_add(dt_us.min(MAX_ADVANCE_US));
        while self.now_us < target {
            let t1 = self.now_us.saturating_add(self.cfg.tick_us).min(target);
            self.run_tick(t1);
        }
    }

    /// Advances virtual time by `ms` milliseconds (negative or NaN does nothing).
    pub fn advance_ms(&mut self, ms: f64) {
        if ms > 0.0 {
            self.advance((ms * 1_000.0) as u64);
        }
    }

    /// Advances by one tick.
    pub fn step(&mut self) {
        self.advance(self.cfg.tick_us);
    }

    fn run_tick(&mut self, t1: u64) {
        let dt = t1 - self.now_us;
        self.generate_writes(t1);
        self.bus.deliver_before(t1, &mut self.projector.inbox);
        let (log, texts) = self.write.log_and_texts();
        let mut t = Target {
            read: &mut self.read,
            cache: &mut self.cache,
            invalidate: self.cfg.cache_invalidation,
            texts,
        };
        self.applied_since_sample += self.projector.run(t1, log, &mut t);
        self.now_us = t1;
        self.projector.on_timer(t1, &mut self.write.log);
        self.background_reads(dt);
        self.resolve_reads();
        self.auto_ryw();
        self.take_samples();
    }

    fn write_gap_us(&mut self) -> f64 {
        let rate = self.cfg.write_rate;
        if rate > 0.0 {
            // Uniform gaps with the right mean: bursty enough, and no transcendental
            // functions, whose last bit may differ between native and wasm.
            self.now_us as f64 + 2e6 / rate * self.load_rng.next_f64()
        } else {
            f64::INFINITY
        }
    }

    /// The simulated learners: learning events at the configured rate. The hot path.
    fn generate_writes(&mut self, t1: u64) {
        let rate = self.cfg.write_rate;
        if rate <= 0.0 {
            return;
        }
        let span = 2e6 / rate;
        let courses = self.write.courses.len() as u64;
        let learners = self.cfg.learners as u64;
        let subscribed = self.projector.status != ProjectorStatus::Crashed;
        let end = t1 as f64;
        while self.next_write_us < end {
            let at = self.next_write_us as u64;
            self.next_write_us += span * self.load_rng.next_f64();
            if courses == 0 {
                continue;
            }
            if self.backlog() >= self.cfg.max_backlog {
                // Back-pressure: the producer is told to slow down; the event is not written.
                self.throttled += 1;
                continue;
            }
            // Two draws give course, learner, kind and percent: multiply-shift on 32-bit
            // halves, unbiased enough for a lab and half the cost of four draws.
            let a = self.load_rng.next_u64();
            let b = self.load_rng.next_u64();
            let slot = (((a & 0xFFFF_FFFF) * courses) >> 32) as u32;
            let learner = (((a >> 32) * learners) >> 32) as u32;
            let roll = ((b & 0xFFFF_FFFF) * 100) >> 32;
            let kind = if roll < 60 {
                LearningKind::VideoView
            } else if roll < 70 {
                LearningKind::QuizAttempt
            } else {
                LearningKind::Progress {
                    percent: (((b >> 32) * 101) >> 32) as u8,
                }
            };
            let pos = self.write.record_learning(slot, learner, kind, at);
            self.writes_since_sample += 1;
            if subscribed {
                self.bus.publish(pos, slot, at);
            }
        }
    }

    fn backlog(&self) -> u64 {
        self.write.log.head() - self.projector.checkpoint()
    }

    fn background_reads(&mut self, dt_us: u64) {
        let rate = self.cfg.background_reads_per_sec;
        let courses = self.write.courses.len() as u64;
        if rate <= 0.0 || courses == 0 {
            return;
        }
        self.reads_due += rate * dt_us as f64 / 1e6;
        while self.reads_due >= 1.0 {
            self.reads_due -= 1.0;
            let slot = self.reader_rng.below(courses) as u32;
            let (row, source) = self.cache_read(slot, None);
            let w = &self.write.courses[slot as usize];
            let r = &mut self.reader;
            r.reads += 1;
            r.cache_hits += (source == ReadSource::Cache) as u64;
            match row {
                Some(row) => {
                    r.stale_price += (row.price != w.price) as u64;
                    r.behind_write += (row.version < w.version) as u64;
                }
                None => {
                    r.not_found += 1;
                    r.stale_price += 1;
                    r.behind_write += 1;
                }
            }
        }
    }

    /// Cache first, then the read model (filling the cache). With `min_version`, a cached
    /// copy older than it is bypassed: the version token travels with the query.
    fn cache_read(&mut self, slot: u32, min_version: Option<u32>) -> (Option<ReadRow>, ReadSource) {
        let now = self.now_us;
        if let Some(e) = self.cache.get(slot, now) {
            if min_version.is_none_or(|v| e.row.version >= v) {
                let row = e.row.clone();
                self.cache.stats.hits += 1;
                return (Some(row), ReadSource::Cache);
            }
        }
        self.cache.stats.misses += 1;
        match self.read.row(slot) {
            Some(r) => {
                let r = r.clone();
                self.cache
                    .fill(slot, r.clone(), now, self.cfg.cache_ttl_ms * 1_000);
                (Some(r), ReadSource::ReadModel)
            }
            None => (None, ReadSource::Missing),
        }
    }

    fn take_samples(&mut self) {
        if self.next_sample_us > self.now_us {
            return;
        }
        let every = self.cfg.sample_every_ms * 1_000;
        // Stamped with the time it was measured; rates over the time actually elapsed.
        let secs = (self.now_us - self.last_sample_us).max(1) as f64 / 1e6;
        self.history.push(Sample {
            time_ms: self.now_us as f64 / 1_000.0,
            lag_events: self.lag_events(),
            lag_ms: self.lag_us() as f64 / 1_000.0,
            write_rate: self.writes_since_sample as f64 / secs,
            projected_rate: self.applied_since_sample as f64 / secs,
        });
        self.writes_since_sample = 0;
        self.applied_since_sample = 0;
        self.last_sample_us = self.now_us;
        while self.next_sample_us <= self.now_us {
            self.next_sample_us += every;
        }
    }

    // ----- commands -----

    fn check_backlog(&self) -> Result<(), CommandError> {
        let backlog = self.backlog();
        if backlog >= self.cfg.max_backlog {
            return Err(CommandError::BacklogFull {
                backlog,
                max: self.cfg.max_backlog,
            });
        }
        Ok(())
    }

    fn published(&mut self, slot: u32, receipt: WriteReceipt) -> WriteReceipt {
        self.writes_since_sample += 1;
        // A crashed projector has no subscription; it re-reads the log when it restarts.
        if self.projector.status != ProjectorStatus::Crashed {
            self.bus.publish(receipt.position, slot, self.now_us);
        }
        receipt
    }

    /// Creates a course (validated; see [`CommandError`]).
    pub fn create_course(&mut self, cmd: &CreateCourse) -> Result<WriteReceipt, CommandError> {
        self.check_backlog()?;
        let (slot, r) = self.write.create_course(cmd, self.now_us)?;
        Ok(self.published(slot, r))
    }

    /// Changes a course's price, with a reason.
    pub fn update_price(&mut self, cmd: &UpdatePrice) -> Result<WriteReceipt, CommandError> {
        self.check_backlog()?;
        let (slot, r) = self.write.update_price(cmd, self.now_us)?;
        Ok(self.published(slot, r))
    }

    /// Records one learning event by hand.
    pub fn record_learning(
        &mut self,
        course: CourseId,
        learner: u32,
        kind: LearningKind,
    ) -> Result<WriteReceipt, CommandError> {
        self.check_backlog()?;
        let (slot, r) = self
            .write
            .record_learning_checked(course, learner, kind, self.now_us)?;
        Ok(self.published(slot, r))
    }

    /// Reads a course through `path`, now.
    pub fn read_course(
        &mut self,
        id: CourseId,
        path: ReadPath,
    ) -> Result<ReadResult, CommandError> {
        let slot = self
            .write
            .slot(id)
            .ok_or(CommandError::CourseNotFound(id))?;
        let (view, source) = match path {
            ReadPath::Cache => {
                let (row, src) = self.cache_read(slot, None);
                (row.map(|r| r.view()), src)
            }
            ReadPath::ReadModel => match self.read.row(slot) {
                Some(r) => (Some(r.view()), ReadSource::ReadModel),
                None => (None, ReadSource::Missing),
            },
            ReadPath::WriteModel => (self.write.view(slot), ReadSource::WriteModel),
        };
        let w = &self.write.courses[slot as usize];
        Ok(ReadResult {
            versions_behind: w.version - view.as_ref().map_or(0, |v| v.version.min(w.version)),
            price_stale: view.as_ref().is_none_or(|v| v.price != w.price),
            view,
            source,
        })
    }

    // ----- read your writes -----

    fn ryw_write(
        &mut self,
        id: CourseId,
        new_price: i64,
        strategies: &[RywStrategy],
    ) -> Result<WriteReceipt, CommandError> {
        for s in strategies {
            if let RywStrategy::WaitForVersion { timeout_ms } = *s {
                if timeout_ms == 0 || timeout_ms > MAX_WAIT_TIMEOUT_MS {
                    return Err(CommandError::WaitTimeoutOutOfRange {
                        timeout_ms,
                        max_ms: MAX_WAIT_TIMEOUT_MS,
                    });
                }
            }
        }
        if self.ryw.pending.len() + strategies.len() > MAX_PENDING_READS {
            return Err(CommandError::TooManyPendingReads {
                max: MAX_PENDING_READS,
            });
        }
        let receipt = self.update_price(&UpdatePrice {
            id,
            new_price,
            reason: RYW_REASON.to_string(),
        })?;
        let slot = self.write.slot(id).unwrap_or(0);
        for &strategy in strategies {
            self.ryw.pending.push(PendingRead {
                strategy,
                slot,
                course: id,
                written_version: receipt.version,
                written_price: new_price,
                written_us: self.now_us,
                read_at_us: self.now_us + self.cfg.ryw_read_delay_ms * 1_000,
            });
        }
        Ok(receipt)
    }

    /// The user changes a price, then reads the course back with `strategy` after the think
    /// time. The outcome appears in [`Sim::ryw_outcomes`] once the read is answered.
    pub fn write_then_read(
        &mut self,
        id: CourseId,
        new_price: i64,
        strategy: RywStrategy,
    ) -> Result<WriteReceipt, CommandError> {
        self.ryw_write(id, new_price, &[strategy])
    }

    /// One write, read back with all three strategies, to compare them on the same write.
    pub fn write_then_read_all(
        &mut self,
        id: CourseId,
        new_price: i64,
        timeout_ms: u64,
    ) -> Result<WriteReceipt, CommandError> {
        self.ryw_write(
            id,
            new_price,
            &[
                RywStrategy::None,
                RywStrategy::WaitForVersion { timeout_ms },
                RywStrategy::ReadFromWriteSide,
            ],
        )
    }

    fn auto_ryw(&mut self) {
        let every = self.cfg.ryw_auto_every_ms * 1_000;
        if every == 0 || self.now_us < self.ryw.next_auto_us {
            return;
        }
        self.ryw.next_auto_us = self.now_us + every;
        let Some(c) = self.write.courses.first() else {
            return;
        };
        let (id, price) = (c.id, c.price);
        self.ryw.auto_up = !self.ryw.auto_up;
        let new_price = if self.ryw.auto_up || price <= RYW_PRICE_STEP {
            price + RYW_PRICE_STEP
        } else {
            price - RYW_PRICE_STEP
        };
        // A refused write (full backlog, too many waiting reads) is simply not retried.
        let _ = self.write_then_read_all(id, new_price, self.cfg.ryw_timeout_ms);
    }

    fn resolve_reads(&mut self) {
        if self.ryw.pending.is_empty() {
            return;
        }
        let now = self.now_us;
        let pending = std::mem::take(&mut self.ryw.pending);
        let mut waiting = Vec::with_capacity(pending.len());
        for p in pending {
            if p.read_at_us > now {
                waiting.push(p);
                continue;
            }
            let (row, source, timed_out) = match p.strategy {
                RywStrategy::None => {
                    let (row, src) = self.cache_read(p.slot, None);
                    (row.map(|r| (r.version, r.price)), src, false)
                }
                RywStrategy::ReadFromWriteSide => {
                    let w = &self.write.courses[p.slot as usize];
                    (Some((w.version, w.price)), ReadSource::WriteModel, false)
                }
                RywStrategy::WaitForVersion { timeout_ms } => {
                    if self.read.version(p.slot) >= p.written_version {
                        let (row, src) = self.cache_read(p.slot, Some(p.written_version));
                        (row.map(|r| (r.version, r.price)), src, false)
                    } else if now >= p.read_at_us + timeout_ms * 1_000 {
                        let (row, src) = self.cache_read(p.slot, None);
                        (row.map(|r| (r.version, r.price)), src, true)
                    } else {
                        waiting.push(p);
                        continue;
                    }
                }
            };
            self.ryw.record(RywOutcome {
                strategy: p.strategy,
                course: p.course,
                written_version: p.written_version,
                written_price: p.written_price,
                seen_version: row.map(|r| r.0),
                seen_price: row.map(|r| r.1),
                stale: row.is_none_or(|r| r.0 < p.written_version),
                timed_out,
                waited_ms: (now - p.written_us) as f64 / 1_000.0,
                source,
                at_ms: now as f64 / 1_000.0,
            });
        }
        self.ryw.pending = waiting;
    }

    // ----- faults -----

    /// Pauses the projector; it keeps its inbox and progress.
    pub fn pause_projector(&mut self) {
        self.projector.pause();
    }

    /// Crashes the projector: its inbox, the messages in flight to it and its uncommitted
    /// progress are lost; the read model keeps what was applied.
    pub fn crash_projector(&mut self) {
        if self.projector.status != ProjectorStatus::Crashed {
            self.projector.crash();
            self.bus.drop_in_flight();
        }
    }

    /// Resumes a paused projector, or restarts a crashed one from its last checkpoint
    /// (events after it are re-read from the log, already-applied ones are skipped).
    pub fn resume_projector(&mut self) {
        if self.projector.status == ProjectorStatus::Crashed {
            let catch_up_at = self.now_us + self.bus.base_delay_us();
            self.bus.raise_key_floors(catch_up_at);
            self.projector
                .resume(self.now_us, &self.write.log, catch_up_at);
        } else {
            self.projector
                .resume(self.now_us, &self.write.log, self.now_us);
        }
    }

    // ----- settings -----

    /// Replaces the settings. `learners` and `seed_catalog` only matter at creation and are
    /// kept from the current run. Changes apply from now on (messages already travelling
    /// keep their delivery time; cache entries keep their expiry).
    pub fn set_config(&mut self, mut cfg: Config) -> Result<(), ConfigError> {
        cfg.learners = self.cfg.learners;
        cfg.seed_catalog = self.cfg.seed_catalog;
        cfg.validate()?;
        let old = std::mem::replace(&mut self.cfg, cfg);
        let c = &self.cfg;
        self.bus.params = bus_params(c);
        self.projector.set_capacity(c.projector_capacity);
        self.projector
            .set_checkpoint_policy(c.checkpoint_every_events, c.checkpoint_every_ms);
        self.history.set_capacity(c.history_len);
        if old.write_rate != c.write_rate {
            self.next_write_us = self.write_gap_us();
        }
        if old.ryw_auto_every_ms != self.cfg.ryw_auto_every_ms {
            self.ryw.next_auto_us = self.now_us + self.cfg.ryw_auto_every_ms * 1_000;
        }
        if old.sample_every_ms != self.cfg.sample_every_ms {
            self.next_sample_us = self.now_us + self.cfg.sample_every_ms * 1_000;
        }
        Ok(())
    }

    fn update(&mut self, f: impl FnOnce(&mut Config)) -> Result<(), ConfigError> {
        let mut c = self.cfg.clone();
        f(&mut c);
        self.set_config(c)
    }

    /// Learning events per second written by the simulated learners.
    pub fn set_write_rate(&mut self, per_sec: f64) -> Result<(), ConfigError> {
        self.update(|c| c.write_rate = per_sec)
    }

    /// Events per second the projector can process.
    pub fn set_projector_capacity(&mut self, per_sec: f64) -> Result<(), ConfigError> {
        self.update(|c| c.projector_capacity = per_sec)
    }

    /// Bus delay and jitter, ms.
    pub fn set_bus_delay(&mut self, delay_ms: u64, jitter_ms: u64) -> Result<(), ConfigError> {
        self.update(|c| {
            c.bus_delay_ms = delay_ms;
            c.bus_jitter_ms = jitter_ms;
        })
    }

    /// Fault: multiply the bus delay (1 = normal).
    pub fn set_bus_slowdown(&mut self, factor: f64) -> Result<(), ConfigError> {
        self.update(|c| c.bus_slowdown = factor)
    }

    /// Probability that a message is delivered twice.
    pub fn set_duplicate_probability(&mut self, p: f64) -> Result<(), ConfigError> {
        self.update(|c| c.duplicate_probability = p)
    }

    /// Checkpoint every `events` processed events or every `ms` (0 turns a trigger off).
    pub fn set_checkpoint_policy(&mut self, events: u32, ms: u64) -> Result<(), ConfigError> {
        self.update(|c| {
            c.checkpoint_every_events = events;
            c.checkpoint_every_ms = ms;
        })
    }

    /// Cache TTL for entries filled from now on.
    pub fn set_cache_ttl_ms(&mut self, ttl_ms: u64) -> Result<(), ConfigError> {
        self.update(|c| c.cache_ttl_ms = ttl_ms)
    }

    /// Switches cache invalidation on price change on or off.
    pub fn set_cache_invalidation(&mut self, on: bool) {
        self.cfg.cache_invalidation = on;
    }

    /// Background page reads per second.
    pub fn set_background_reads(&mut self, per_sec: f64) -> Result<(), ConfigError> {
        self.update(|c| c.background_reads_per_sec = per_sec)
    }

    /// The automatic read-your-writes user: every `every_ms` (0 = off), wait timeout.
    pub fn set_ryw_auto(&mut self, every_ms: u64, timeout_ms: u64) -> Result<(), ConfigError> {
        self.update(|c| {
            c.ryw_auto_every_ms = every_ms;
            c.ryw_timeout_ms = timeout_ms;
        })
    }

    /// Think time between the user's write and their read, ms.
    pub fn set_ryw_read_delay(&mut self, ms: u64) -> Result<(), ConfigError> {
        self.update(|c| c.ryw_read_delay_ms = ms)
    }

    // ----- accessors -----

    /// Current settings.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Virtual time, µs.
    pub fn now_us(&self) -> u64 {
        self.now_us
    }

    /// Virtual time, ms.
    pub fn now_ms(&self) -> f64 {
        self.now_us as f64 / 1_000.0
    }

    /// Position of the last event written.
    pub fn head(&self) -> u64 {
        self.write.log.head()
    }

    /// Last committed checkpoint.
    pub fn checkpoint(&self) -> u64 {
        self.projector.checkpoint()
    }

    /// Lag in events: head − checkpoint (never negative: the checkpoint never passes the head).
    pub fn lag_events(&self) -> u64 {
        self.head().saturating_sub(self.checkpoint())
    }

    /// Lag in time: age of the oldest event not yet processed, µs (0 when caught up).
    pub fn lag_us(&self) -> u64 {
        let next = self.projector.watermark() + 1;
        match self.write.log.get(next) {
            Some(e) if next <= self.head() => self.now_us.saturating_sub(e.at_us),
            _ => 0,
        }
    }

    /// Everything about the lag at once.
    pub fn lag(&self) -> LagView {
        LagView {
            head: self.head(),
            checkpoint: self.checkpoint(),
            processed: self.projector.watermark(),
            lag_events: self.lag_events(),
            lag_ms: self.lag_us() as f64 / 1_000.0,
            in_flight: self.bus.in_flight(),
            inbox: self.projector.inbox.len(),
        }
    }

    /// True when nothing is travelling or waiting and every event is processed.
    pub fn is_drained(&self) -> bool {
        self.projector.status == ProjectorStatus::Running
            && self.bus.in_flight() == 0
            && self.projector.inbox.is_empty()
            && self.projector.watermark() == self.head()
    }

    /// Projector state.
    pub fn projector_status(&self) -> ProjectorStatus {
        self.projector.status
    }

    /// Projector counters.
    pub fn projector_stats(&self) -> ProjectorStats {
        self.projector.stats
    }

    /// Bus counters.
    pub fn bus_stats(&self) -> BusStats {
        self.bus.stats
    }

    /// Cache counters.
    pub fn cache_stats(&self) -> CacheStats {
        self.cache.stats
    }

    /// Background reader counters.
    pub fn reader_stats(&self) -> ReaderStats {
        self.reader
    }

    /// Learning events not written because the backlog was full.
    pub fn throttled_writes(&self) -> u64 {
        self.throttled
    }

    /// Ids of all courses, in creation order.
    pub fn course_ids(&self) -> Vec<CourseId> {
        self.write.courses.iter().map(|c| c.id).collect()
    }

    /// A course on the write side.
    pub fn write_view(&self, id: CourseId) -> Option<CourseView> {
        self.write.slot(id).and_then(|s| self.write.view(s))
    }

    /// A course in the read model.
    pub fn read_view(&self, id: CourseId) -> Option<CourseView> {
        let slot = self.write.slot(id)?;
        self.read.row(slot).map(ReadRow::view)
    }

    fn cache_entry_view(&self, slot: u32) -> Option<CacheEntryView> {
        self.cache.peek(slot, self.now_us).map(|e| CacheEntryView {
            view: e.row.view(),
            remaining_ttl_ms: (e.expires_us - self.now_us) / 1_000,
            age_ms: (self.now_us - e.filled_us) / 1_000,
        })
    }

    /// Every course on every side, for the side-by-side table.
    pub fn courses(&self) -> Vec<CourseRowView> {
        (0..self.write.courses.len() as u32)
            .filter_map(|slot| {
                let write = self.write.view(slot)?;
                let read = self.read.row(slot).map(ReadRow::view);
                let cached = self.cache_entry_view(slot);
                Some(CourseRowView {
                    read_versions_behind: write.version
                        - read.as_ref().map_or(0, |r| r.version.min(write.version)),
                    read_stale: read.as_ref().is_none_or(|r| content_differs(r, &write)),
                    cache_stale: cached
                        .as_ref()
                        .is_some_and(|c| content_differs(&c.view, &write)),
                    write,
                    read,
                    cached,
                })
            })
            .collect()
    }

    /// Live cache entries with their remaining TTL.
    pub fn cache_entries(&self) -> Vec<CacheEntryView> {
        self.cache
            .live(self.now_us)
            .filter_map(|(slot, _)| self.cache_entry_view(slot))
            .collect()
    }

    /// The lag history, oldest first (bounded by [`Config::history_len`]).
    pub fn history(&self) -> &Ring<Sample> {
        &self.history
    }

    /// The lag history copied out, oldest first.
    pub fn history_vec(&self) -> Vec<Sample> {
        self.history.iter().copied().collect()
    }

    /// The last `n` events of the log (those still retained), oldest first.
    pub fn recent_events(&self, n: usize) -> Vec<EventView> {
        self.write
            .log
            .tail(n)
            .map(|(position, e)| {
                let course = self
                    .write
                    .courses
                    .get(e.slot as usize)
                    .map_or(CourseId(0), |c| c.id);
                let (kind, summary_vi) = match e.payload {
                    Payload::Created { title, price, .. } => (
                        EventKind::CourseCreated,
                        format!("«{}», giá {}", self.write.text(title), vnd(price)),
                    ),
                    Payload::PriceUpdated { old, new, reason } => (
                        EventKind::CoursePriceUpdated,
                        format!(
                            "Giá {} → {} ({})",
                            vnd(old),
                            vnd(new),
                            self.write.text(reason)
                        ),
                    ),
                    Payload::Learning { kind, learner, .. } => match kind {
                        LearningKind::VideoView => (
                            EventKind::VideoViewed,
                            format!("Học viên {learner} xem video"),
                        ),
                        LearningKind::QuizAttempt => (
                            EventKind::QuizAttempted,
                            format!("Học viên {learner} làm bài quiz"),
                        ),
                        LearningKind::Progress { percent } => (
                            EventKind::ProgressUpdated,
                            format!("Học viên {learner} đạt {percent}%"),
                        ),
                    },
                };
                EventView {
                    position,
                    at_ms: e.at_us as f64 / 1_000.0,
                    course,
                    version: e.version,
                    kind,
                    summary_vi,
                }
            })
            .collect()
    }

    /// Totals of read-your-writes reads for one strategy.
    pub fn ryw_stats(&self, kind: RywKind) -> RywStats {
        self.ryw.stats[kind.index()]
    }

    /// The latest read-your-writes outcomes, oldest first (bounded).
    pub fn ryw_outcomes(&self) -> Vec<RywOutcome> {
        self.ryw.outcomes.iter().copied().collect()
    }

    /// Reads still waiting (think time or wait-for-version).
    pub fn ryw_pending(&self) -> usize {
        self.ryw.pending.len()
    }

    /// The single-database vs CQRS model table at the current write rate.
    pub fn comparison(&self) -> Vec<ComparisonRow> {
        let w = HpnWorkload {
            write_rate: self.cfg.write_rate,
            ..HpnWorkload::default()
        };
        compare(&w, &SingleDbParams::default(), &CqrsParams::default())
    }
}
