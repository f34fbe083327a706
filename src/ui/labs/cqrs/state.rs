//! The lab's view state around one engine run: the run itself (the truth), a revision counter
//! that views derive from, the parameters a link reopens, the log, and the predict check.

use leptos::prelude::*;

use super::actions::{apply, strategy_text, Action, Applied, CatchUp};
use super::params::{duration_text, keys, Params, ProjectorFault};
use super::scenario::{Check, Observation, Question};
use crate::sim::cqrs::{
    BusStats, CacheStats, Config, CourseId, CourseRowView, LagView, ProjectorStats,
    ProjectorStatus, ReaderStats, RywKind, RywOutcome, RywStats, Sim,
};
use crate::sim::format::{group_digits, vnd};
use crate::ui::url_state;
use crate::ui::widgets::lab_log::{seconds_text, LabLog, Tone};

/// Wall time between two frames while playing, ms. Each frame simulates this × speed.
pub const FRAME_MS: u32 = 50;
/// Virtual time of one "step forward", µs.
pub const STEP_US: u64 = 100_000;
/// The charts are redrawn every this many frames while playing (and after every other change).
const CHART_EVERY_FRAMES: u64 = 4;
/// Lines the log keeps.
const LOG_LEN: usize = 60;
/// How many read-your-writes outcomes the panel lists.
pub const OUTCOMES_SHOWN: usize = 6;

/// Where a refused input came from, so the message shows beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Seed,
    Settings,
    Faults,
    Write,
    Ryw,
}

/// The last catch-up the lab saw complete: events processed and how long it took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CaughtUp {
    pub events: u64,
    pub took_ms: f64,
}

/// Everything the views show, read from the engine once per change.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub now_ms: f64,
    pub config: Config,
    pub lag: LagView,
    pub status: ProjectorStatus,
    pub projector: ProjectorStats,
    pub bus: BusStats,
    pub cache: CacheStats,
    pub readers: ReaderStats,
    pub throttled: u64,
    pub rows: Vec<CourseRowView>,
    pub ryw: [RywStats; 3],
    pub outcomes: Vec<RywOutcome>,
    pub pending_reads: usize,
    pub catch_up: Option<CatchUp>,
    pub caught_up: Option<CaughtUp>,
}

impl Snapshot {
    fn of(sim: &Sim, watch: &Watch) -> Self {
        let outcomes = sim.ryw_outcomes();
        let skip = outcomes.len().saturating_sub(OUTCOMES_SHOWN);
        Self {
            now_ms: sim.now_ms(),
            config: sim.config().clone(),
            lag: sim.lag(),
            status: sim.projector_status(),
            projector: sim.projector_stats(),
            bus: sim.bus_stats(),
            cache: sim.cache_stats(),
            readers: sim.reader_stats(),
            throttled: sim.throttled_writes(),
            rows: sim.courses(),
            ryw: RywKind::ALL.map(|k| sim.ryw_stats(k)),
            outcomes: outcomes.into_iter().skip(skip).collect(),
            pending_reads: sim.ryw_pending(),
            catch_up: watch.catch_up,
            caught_up: watch.caught_up,
        }
    }

    /// The row of course `id`.
    pub fn row(&self, id: CourseId) -> Option<&CourseRowView> {
        self.rows.iter().find(|r| r.write.id == id)
    }
}

/// What the previous frame saw, to notice what is worth a line in the log.
#[derive(Debug, Clone, Default)]
struct Watch {
    catch_up: Option<CatchUp>,
    caught_up: Option<CaughtUp>,
    ryw_seen: u64,
    throttle_reported: bool,
    frames: u64,
}

/// The lab: one run of the engine and the view state around it. `Copy`, so every view and
/// callback holds it directly.
#[derive(Clone, Copy)]
pub struct Lab {
    sim: StoredValue<Sim>,
    watch: StoredValue<Watch>,
    check: StoredValue<Option<Check>>,
    /// Bumped after every change of the run; the snapshot derives from it.
    rev: RwSignal<u64>,
    /// Bumped when the charts should be redrawn.
    chart_rev: RwSignal<u64>,
    /// What a link reopens.
    pub params: RwSignal<Params>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<f64>,
    pub log: LabLog,
    pub error: RwSignal<Option<(Place, String)>>,
    /// The course the write and read-your-writes forms act on.
    pub selected: RwSignal<CourseId>,
    /// The predict check running now, if any.
    pub checking: RwSignal<Option<Question>>,
    /// The last check's answer.
    pub observed: RwSignal<Option<(Question, Observation)>>,
    /// The engine's state for the views.
    pub snapshot: Memo<Snapshot>,
}

fn build_sim(p: &Params) -> Sim {
    // The parameters were validated on the way in; the default run is the fallback.
    let mut sim = Sim::new(p.config(), p.seed).unwrap_or_else(|_| Sim::with_seed(p.seed));
    match p.projector {
        ProjectorFault::None => {}
        ProjectorFault::Paused => sim.pause_projector(),
        ProjectorFault::Crashed => sim.crash_projector(),
    }
    sim
}

impl Lab {
    /// A lab opened with the parameters in the address (or the defaults).
    pub fn new() -> Self {
        let (params, problems) = Params::from_query(url_state::read);
        let sim = StoredValue::new(build_sim(&params));
        let watch = StoredValue::new(Watch::default());
        let rev = RwSignal::new(0u64);
        let snapshot = Memo::new(move |_| {
            rev.track();
            let w = watch.with_value(Clone::clone);
            sim.with_value(|s| Snapshot::of(s, &w))
        });
        let lab = Self {
            sim,
            watch,
            check: StoredValue::new(None),
            rev,
            chart_rev: RwSignal::new(0),
            params: RwSignal::new(params),
            playing: RwSignal::new(false),
            speed: RwSignal::new(1.0),
            log: LabLog::new(LOG_LEN),
            error: RwSignal::new(None),
            selected: RwSignal::new(CourseId(2)),
            checking: RwSignal::new(None),
            observed: RwSignal::new(None),
            snapshot,
        };
        for p in problems {
            lab.note(p.clone(), Tone::Warn);
            lab.error.set(Some((Place::Settings, p)));
        }
        lab
    }

    /// Tracks what the charts redraw on: every change while paused, every few frames while
    /// playing (a redraw per frame would cost more than the simulation).
    pub fn track_chart(&self) {
        if self.playing.get() {
            self.chart_rev.track();
        } else {
            self.rev.track();
        }
    }

    /// Reads the run.
    pub fn with_sim<R>(&self, f: impl FnOnce(&Sim) -> R) -> Option<R> {
        self.sim.try_with_value(f)
    }

    fn bump(&self, chart: bool) {
        self.rev.try_update(|r| *r += 1);
        if chart {
            self.chart_rev.try_update(|r| *r += 1);
        }
    }

    /// Adds a line to the log, stamped with the virtual time.
    pub fn note(&self, text: String, tone: Tone) {
        let at_ms = self.sim.try_with_value(Sim::now_ms).unwrap_or(0.0);
        self.log.push(at_ms / 1_000.0, text, tone);
    }

    fn record(&self, applied: Applied) {
        if let Some(c) = applied.catch_up {
            self.watch.try_update_value(|w| w.catch_up = Some(c));
        }
        self.note(applied.note, applied.tone);
    }

    fn write_url(&self) {
        if let Some(p) = self.params.try_get_untracked() {
            url_state::write(&p.to_query());
        }
    }

    fn cancel_check(&self, why: &str) {
        let had = self
            .check
            .try_update_value(|c| c.take().is_some())
            .unwrap_or(false);
        if had {
            self.checking.try_set(None);
            self.note(why.to_string(), Tone::Info);
        }
    }

    /// Starts the run again from zero with the current parameters (what the link reopens).
    pub fn reset(&self) {
        self.cancel_check("Lượt kiểm chứng dừng vì lab chạy lại từ đầu.");
        self.restart();
        let seed = self.params.get_untracked().seed;
        self.note(
            format!("Chạy lại từ đầu với seed {seed} và các thông số đang chọn."),
            Tone::Info,
        );
    }

    fn restart(&self) {
        let p = self.params.get_untracked();
        self.sim.set_value(build_sim(&p));
        self.watch.set_value(Watch::default());
        self.error.set(None);
        self.bump(true);
    }

    /// A new seed: the run starts again.
    pub fn set_seed(&self, seed: u64) {
        self.params.update(|p| p.seed = seed);
        self.write_url();
        self.reset();
    }

    /// Changes parameters and applies them to the running run from now on. With `url`, the
    /// address is updated too (sliders update it when released, not on every step of a drag).
    pub fn change(&self, url: bool, f: impl FnOnce(&mut Params)) {
        let Some(mut next) = self.params.try_get_untracked() else {
            return;
        };
        f(&mut next);
        let result = self
            .sim
            .try_update_value(|s| s.set_config(next.config()))
            .unwrap_or(Ok(()));
        match result {
            Ok(()) => {
                self.cancel_check("Lượt kiểm chứng dừng vì bạn đổi thông số.");
                self.params.set(next);
                self.error.update(|e| {
                    if e.as_ref().is_some_and(|(p, _)| *p == Place::Settings) {
                        *e = None;
                    }
                });
                if url {
                    self.write_url();
                }
                self.bump(true);
            }
            Err(e) => self.error.set(Some((Place::Settings, e.message_vi()))),
        }
    }

    /// Writes the current parameters to the address (after a slider is released).
    pub fn commit_url(&self) {
        self.write_url();
    }

    /// Does `action` to the run now; a refusal shows its message at `place`.
    pub fn act(&self, place: Place, action: Action) {
        let Some(result) = self.sim.try_update_value(|s| apply(s, action)) else {
            return;
        };
        match result {
            Ok(applied) => {
                self.error.update(|e| {
                    if e.as_ref().is_some_and(|(p, _)| *p == place) {
                        *e = None;
                    }
                });
                let fault = match action {
                    Action::Pause => Some(ProjectorFault::Paused),
                    Action::Crash => Some(ProjectorFault::Crashed),
                    Action::Resume => Some(ProjectorFault::None),
                    _ => None,
                };
                if let Some(f) = fault {
                    self.params.update(|p| p.projector = f);
                    self.write_url();
                }
                self.record(applied);
                self.after_change();
                self.bump(true);
            }
            Err(msg) => self.error.set(Some((place, msg))),
        }
    }

    /// One frame while playing: `FRAME_MS × speed` of virtual time.
    pub fn tick(&self) {
        if !self.playing.try_get_untracked().unwrap_or(false) {
            return;
        }
        let speed = self.speed.try_get_untracked().unwrap_or(1.0);
        let dt_us = (FRAME_MS as f64 * speed * 1_000.0) as u64;
        let frames = self
            .watch
            .try_update_value(|w| {
                w.frames += 1;
                w.frames
            })
            .unwrap_or(0);
        self.advance(dt_us, frames.is_multiple_of(CHART_EVERY_FRAMES));
    }

    /// "Step forward": 100 ms of virtual time.
    pub fn step(&self) {
        self.advance(STEP_US, true);
    }

    fn advance(&self, dt_us: u64, chart: bool) {
        let mut check = self.check.try_update_value(Option::take).flatten();
        let notes = self
            .sim
            .try_update_value(|s| match check.as_mut() {
                Some(c) => c.advance(s, dt_us),
                None => {
                    s.advance(dt_us);
                    Vec::new()
                }
            })
            .unwrap_or_default();
        for n in notes {
            match n {
                Ok(a) => self.record(a),
                Err(msg) => self.note(msg, Tone::Warn),
            }
        }
        if let Some(c) = check {
            if c.finished() {
                self.finish_check(&c);
            } else {
                self.check.try_set_value(Some(c));
            }
        }
        self.after_change();
        self.bump(chart);
    }

    fn finish_check(&self, c: &Check) {
        let Some(obs) = self.sim.try_with_value(|s| c.observe(s)) else {
            return;
        };
        self.playing.try_set(false);
        self.checking.try_set(None);
        self.note(
            format!(
                "Kiểm chứng xong: {} {}",
                c.question.options_vi()[obs.answer],
                obs.summary_vi
            ),
            Tone::Good,
        );
        self.observed.try_set(Some((c.question, obs)));
        self.chart_rev.try_update(|r| *r += 1);
    }

    /// Starts the check of `q`: the run restarts with the question's settings and plays.
    pub fn run_check(&self, q: Question) {
        let seed = self.params.get_untracked().seed;
        self.params.set(q.params(seed));
        self.write_url();
        self.restart();
        self.check.set_value(Some(Check::new(q)));
        self.checking.set(Some(q));
        self.observed.set(None);
        self.note(format!("Kiểm chứng: {}", q.setup_vi()), Tone::Info);
        self.playing.set(true);
    }

    /// Looks at the run after a change and logs what is worth saying: a catch-up completed,
    /// read-your-writes answers, writes refused for back-pressure.
    fn after_change(&self) {
        let Some((lag, status, throttled, total_reads, outcomes, auto)) =
            self.sim.try_with_value(|s| {
                let total: u64 = RywKind::ALL.iter().map(|k| s.ryw_stats(*k).reads).sum();
                (
                    s.lag(),
                    s.projector_status(),
                    s.throttled_writes(),
                    total,
                    s.ryw_outcomes(),
                    s.config().ryw_auto_every_ms > 0,
                )
            })
        else {
            return;
        };
        let now = self.sim.try_with_value(Sim::now_ms).unwrap_or(0.0);
        let Some(w) = self.watch.try_with_value(Clone::clone) else {
            return;
        };
        if let Some(c) = w.catch_up {
            if status != ProjectorStatus::Running {
                self.watch.update_value(|w| w.catch_up = None);
            } else if lag.processed >= c.target {
                let done = CaughtUp {
                    events: c.target.saturating_sub(c.from),
                    took_ms: now - c.since_ms,
                };
                self.watch.update_value(|w| {
                    w.catch_up = None;
                    w.caught_up = Some(done);
                });
                self.note(
                    format!(
                        "Projector đã bắt kịp: xử lý {} event tồn đọng trong {}.",
                        group_digits(done.events as i64),
                        duration_text(done.took_ms)
                    ),
                    Tone::Good,
                );
            }
        }
        if total_reads > w.ryw_seen {
            let new = (total_reads - w.ryw_seen) as usize;
            self.watch.update_value(|w| w.ryw_seen = total_reads);
            let skip = outcomes.len().saturating_sub(new);
            for o in outcomes.into_iter().skip(skip) {
                if o.stale || o.timed_out || !auto {
                    let (text, tone) = outcome_text(&o);
                    self.note(text, tone);
                }
            }
        }
        if throttled > 0 && !w.throttle_reported {
            self.watch.update_value(|w| w.throttle_reported = true);
            self.note(
                "Hàng đợi chưa chiếu đã đầy: phía ghi bắt đầu từ chối event mới (back-pressure)."
                    .to_string(),
                Tone::Warn,
            );
        }
    }

    /// Clears the URL keys of the lab and starts again from the defaults.
    pub fn defaults(&self) {
        url_state::write(&keys::ALL.map(|k| (k, None)));
        let seed = self.params.get_untracked().seed;
        self.params.set(Params {
            seed,
            ..Params::default()
        });
        self.reset();
    }
}

impl Default for Lab {
    fn default() -> Self {
        Self::new()
    }
}

/// One read-your-writes answer in words, with its tone.
pub fn outcome_text(o: &RywOutcome) -> (String, Tone) {
    let seen = match (o.seen_price, o.seen_version) {
        (Some(p), Some(v)) => format!("{} (phiên bản {})", vnd(p), group_digits(v as i64)),
        _ => "không thấy khoá học".to_string(),
    };
    let verdict = if o.timed_out {
        "hết giờ chờ, trả dữ liệu gắn cờ “cũ”"
    } else if o.stale {
        "giá cũ: chưa thấy thay đổi của chính mình"
    } else {
        "đúng giá vừa ghi"
    };
    let text = format!(
        "Đọc lại {} bằng “{}”: thấy {seen} từ {} sau {}: {verdict}.",
        o.course,
        strategy_text(o.strategy),
        o.source.label_vi(),
        duration_text(o.waited_ms),
    );
    let tone = if o.stale { Tone::Warn } else { Tone::Good };
    (text, tone)
}

/// `12,3 giây`: the virtual clock.
pub fn clock(ms: f64) -> String {
    seconds_text(ms / 1_000.0)
}
