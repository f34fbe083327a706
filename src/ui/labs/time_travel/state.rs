//! The lab's view state: the real log, an optional hypothetical one, the cursor, playback,
//! and what is derived from them. The engine owns the truth; these methods only decide which
//! engine call a click means.

use std::collections::BTreeSet;

use leptos::prelude::*;

use super::text::{event_sentence, events_count, payload};
use crate::sim::es::time::{format_date_time_vi, vn_ms, Millis, DAY_MS};
use crate::sim::es::{
    AccountState, Appended, Command, CommandError, EventLog, Expected, Interval, Snapshots, Stream,
    WhatIf,
};
use crate::sim::format::group_digits;
use crate::ui::widgets::player::SPEEDS;

/// Time between two steps of "play" at speed 1×.
pub const STEP_MS_AT_1X: f64 = 1_000.0;
/// The view keeps a snapshot every this many events, so that any cursor position folds at
/// most this many events, whatever the log's length.
pub const SNAPSHOT_EVERY: u64 = 1_000;
/// How many recent actions the activity log keeps.
const ACTIVITY_LIMIT: usize = 6;

/// A hypothetical branch: the real log's first `from` events, then whatever the student
/// appended. The real log is never touched.
#[derive(Debug, Clone, PartialEq)]
pub struct Fork {
    /// The real version the branch starts from.
    pub from: u64,
    /// The branch itself (a separate log from [`EventLog::fork`]).
    pub log: EventLog,
}

/// Which hypothesis, if any, the student is exploring.
#[derive(Debug, Clone, PartialEq)]
pub enum Hypo {
    /// Only the real log.
    Off,
    /// The real log replayed without these versions.
    Skip(BTreeSet<u64>),
    /// A branch from the real log.
    Fork(Fork),
}

/// The kind of [`Hypo`], cheap to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only the real log.
    Real,
    /// Some events turned off.
    Skip,
    /// A branch.
    Fork,
}

/// "Predict, then observe": a guess of the balance at a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prediction {
    /// The version the guess is about.
    pub version: u64,
    /// The committed guess; `None` while the student is still guessing (the answer is hidden).
    pub guess: Option<i64>,
}

/// How an activity entry reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Neutral information.
    Info,
    /// Something was accepted.
    Good,
    /// Something was refused; nothing changed.
    Bad,
}

/// One line of the activity log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Increasing id (the list's key).
    pub id: u64,
    /// How it reads.
    pub tone: Tone,
    /// What happened.
    pub text: String,
}

/// Every signal of the lab, shared by its parts (all `Copy`).
#[derive(Clone, Copy)]
pub struct Lab {
    /// The real log: one stream. Only appends, an import or a reset replace it.
    pub real: RwSignal<EventLog>,
    /// The hypothesis being explored.
    pub hypo: RwSignal<Hypo>,
    /// The version shown, in the displayed stream (the branch while forked).
    pub cursor: RwSignal<u64>,
    /// The moment picked in the date-time field, while the cursor follows it.
    pub moment: RwSignal<Option<Millis>>,
    /// Whether "play" is running.
    pub playing: RwSignal<bool>,
    /// Playback speed, one of [`SPEEDS`].
    pub speed: RwSignal<f64>,
    /// Instructor presentation mode.
    pub presenting: RwSignal<bool>,
    /// The keyboard help dialog is open.
    pub help: RwSignal<bool>,
    /// The student's prediction, if any.
    pub prediction: RwSignal<Option<Prediction>>,
    /// Recent actions, oldest first.
    pub activity: RwSignal<Vec<Entry>>,
    /// The kind of hypothesis.
    pub mode: Memo<Mode>,
    /// The displayed stream's version (the slider's maximum).
    pub head: Memo<u64>,
    /// Snapshots of the displayed stream, for fast states anywhere.
    pub snapshots: Memo<Snapshots>,
    /// The displayed stream's state at the cursor.
    pub state: Memo<AccountState>,
    /// The real stream replayed without the skipped events (skip mode only).
    pub skip_replay: Memo<Option<WhatIf>>,
    /// The real stream's current state.
    pub real_head: Memo<AccountState>,
    /// Whether the real log is still the lesson's ACC-001.
    pub is_sample: Memo<bool>,
}

/// The single stream of a log (a lab log holds exactly one, or none for an empty branch).
pub fn only_stream(log: &EventLog) -> Option<&Stream> {
    log.streams().next()
}

/// The first instant the lab uses when a stream has no event yet.
fn first_instant() -> Millis {
    vn_ms(2024, 1, 1, 9, 0).unwrap_or_default()
}

impl Lab {
    /// A lab showing `log` with the cursor at `cursor` (clamped to the log's version).
    pub fn new(log: EventLog, cursor: u64) -> Self {
        let n = only_stream(&log).map_or(0, Stream::version);
        let real = RwSignal::new(log);
        let hypo = RwSignal::new(Hypo::Off);
        let cursor = RwSignal::new(cursor.min(n));
        let mode = Memo::new(move |_| {
            hypo.with(|h| match h {
                Hypo::Off => Mode::Real,
                Hypo::Skip(_) => Mode::Skip,
                Hypo::Fork(_) => Mode::Fork,
            })
        });
        let shown = move |f: &mut dyn FnMut(Option<&Stream>)| {
            hypo.with(|h| match h {
                Hypo::Fork(fork) => f(only_stream(&fork.log)),
                _ => real.with(|l| f(only_stream(l))),
            })
        };
        let head = Memo::new(move |_| {
            let mut n = 0;
            shown(&mut |s| n = s.map_or(0, Stream::version));
            n
        });
        let snapshots = Memo::new(move |_| {
            let mut snaps = Snapshots::new(Interval::Every(SNAPSHOT_EVERY));
            shown(&mut |s| {
                if let Some(s) = s {
                    snaps.catch_up(s);
                }
            });
            snaps
        });
        let state = Memo::new(move |_| {
            let v = cursor.get();
            let mut state = AccountState::EMPTY;
            snapshots.with(|snaps| {
                shown(&mut |s| {
                    if let Some(s) = s {
                        let v = v.min(s.version());
                        if let Ok(replay) = snaps.replay(s, v) {
                            state = replay.state;
                        }
                    }
                })
            });
            state
        });
        let skip_replay = Memo::new(move |_| {
            hypo.with(|h| match h {
                Hypo::Skip(skip) => {
                    let skip: Vec<u64> = skip.iter().copied().collect();
                    real.with(|l| only_stream(l).map(|s| s.what_if(&skip)))
                }
                _ => None,
            })
        });
        let real_head = Memo::new(move |_| {
            real.with(|l| only_stream(l).map_or(AccountState::EMPTY, Stream::head))
        });
        let is_sample = Memo::new(move |_| real.with(|l| *l == EventLog::acc001()));
        Lab {
            real,
            hypo,
            cursor,
            moment: RwSignal::new(None),
            playing: RwSignal::new(false),
            speed: RwSignal::new(1.0),
            presenting: RwSignal::new(false),
            help: RwSignal::new(false),
            prediction: RwSignal::new(Some(Prediction {
                version: 2.min(n),
                guess: None,
            })),
            activity: RwSignal::new(Vec::new()),
            mode,
            head,
            snapshots,
            state,
            skip_replay,
            real_head,
            is_sample,
        }
    }

    /// Reads the displayed stream (the branch while forked), tracking it.
    pub fn with_shown<R>(&self, f: impl FnOnce(Option<&Stream>) -> R) -> R {
        let real = self.real;
        self.hypo.with(|h| match h {
            Hypo::Fork(fork) => f(only_stream(&fork.log)),
            _ => real.with(|l| f(only_stream(l))),
        })
    }

    /// Reads the displayed stream without tracking (for event handlers).
    pub fn with_shown_untracked<R>(&self, f: impl FnOnce(Option<&Stream>) -> R) -> R {
        let real = self.real;
        self.hypo.with_untracked(|h| match h {
            Hypo::Fork(fork) => f(only_stream(&fork.log)),
            _ => real.with_untracked(|l| f(only_stream(l))),
        })
    }

    /// The real stream's id.
    pub fn real_id_untracked(&self) -> String {
        self.real
            .with_untracked(|l| only_stream(l).map(|s| s.id().to_string()))
            .unwrap_or_default()
    }

    /// Whether the balance at `version` is hidden while the student predicts it (tracked).
    pub fn hides(&self, version: u64) -> bool {
        self.prediction
            .with(|p| matches!(p, Some(Prediction { version: v, guess: None }) if *v == version))
    }

    // ---- moving the cursor -------------------------------------------------------------

    /// Puts the cursor on `version` (clamped); the date-time field follows.
    pub fn set_cursor(&self, version: u64) {
        let head = self.head.get_untracked();
        self.cursor.set(version.min(head));
        self.moment.set(None);
    }

    /// Moves the cursor by `delta` versions.
    pub fn step(&self, delta: i64) {
        let now = self.cursor.get_untracked();
        self.set_cursor(now.saturating_add_signed(delta));
    }

    /// Version 0, before the first event.
    pub fn go_start(&self) {
        self.set_cursor(0);
    }

    /// The newest version; stops playback.
    pub fn go_end(&self) {
        self.playing.set(false);
        self.set_cursor(self.head.get_untracked());
    }

    /// The state as of instant `at`: the cursor goes to the last event at or before it.
    pub fn set_moment(&self, at: Millis) {
        let version = self.with_shown_untracked(|s| s.map_or(0, |s| s.version_at_time(at)));
        self.cursor.set(version);
        self.moment.set(Some(at));
    }

    /// One step of playback: forward, stopping at the end; a play started at the end
    /// starts over from version 0.
    pub fn tick(&self) {
        let (now, head) = (self.cursor.get_untracked(), self.head.get_untracked());
        if now >= head {
            self.set_cursor(0);
        } else {
            self.set_cursor(now + 1);
            if now + 1 >= head {
                self.playing.set(false);
            }
        }
    }

    /// Play or pause (from the end, play starts over at once).
    pub fn toggle_play(&self) {
        let playing = self.playing.get_untracked();
        if !playing && self.cursor.get_untracked() >= self.head.get_untracked() {
            self.set_cursor(0);
        }
        self.playing.set(!playing);
    }

    /// The timer period for the current speed.
    pub fn period_ms(&self) -> u32 {
        (STEP_MS_AT_1X / self.speed.get().max(0.01)).round() as u32
    }

    /// One speed up (`faster`) or down among [`SPEEDS`].
    pub fn change_speed(&self, faster: bool) {
        let now = self.speed.get_untracked();
        let i = SPEEDS.iter().position(|s| *s == now).unwrap_or(2);
        let j = if faster {
            (i + 1).min(SPEEDS.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        self.speed.set(SPEEDS[j]);
    }

    // ---- commands -----------------------------------------------------------------------

    /// When the next command's event is recorded: one day after the displayed stream's last
    /// event (virtual time; the lab has no wall clock).
    pub fn next_instant(&self) -> Millis {
        self.with_shown(|s| s.and_then(Stream::last_at))
            .map_or_else(first_instant, |t| t.saturating_add(DAY_MS))
    }

    /// Runs `command` against the displayed stream, based on the version at the cursor
    /// (optimistic concurrency): from a cursor in the past it is refused, as in an event
    /// store. Nothing is recorded on refusal.
    pub fn run_command(&self, command: Command) -> Result<Appended, CommandError> {
        let expected = Expected::Exactly(self.cursor.get_untracked());
        let at = self.next_instant_untracked();
        let label = command.clone().into_event().kind().label_vi();
        let forked = self.mode.get_untracked() == Mode::Fork;
        let result = if forked {
            let id = self.real_id_untracked();
            self.hypo
                .try_maybe_update(|h| match h {
                    Hypo::Fork(fork) => {
                        let r = fork.log.execute(&id, expected, at, command);
                        (r.is_ok(), r)
                    }
                    _ => (false, Err(CommandError::InvalidStreamId)),
                })
                .unwrap_or(Err(CommandError::InvalidStreamId))
        } else {
            let id = self.real_id_untracked();
            self.real
                .try_maybe_update(|log| {
                    let r = log.execute(&id, expected, at, command);
                    (r.is_ok(), r)
                })
                .unwrap_or(Err(CommandError::InvalidStreamId))
        };
        let where_ = if forked {
            "nhánh giả định"
        } else {
            "log thật"
        };
        match &result {
            Ok(appended) => {
                self.cursor.set(appended.version);
                self.moment.set(None);
                let line = self
                    .with_shown_untracked(|s| s.and_then(|s| s.event(appended.version)))
                    .map(|e| event_sentence(&e))
                    .unwrap_or_default();
                self.log(Tone::Good, format!("Đã ghi vào {where_}: {line}."));
            }
            Err(e) => {
                let n = self.head.get_untracked();
                self.log(
                    Tone::Bad,
                    format!(
                        "Lệnh “{label}” bị từ chối: {} {} không đổi, vẫn {}.",
                        e.message_vi(),
                        capitalise(where_),
                        events_count(n)
                    ),
                );
            }
        }
        result
    }

    fn next_instant_untracked(&self) -> Millis {
        self.with_shown_untracked(|s| s.and_then(Stream::last_at))
            .map_or_else(first_instant, |t| t.saturating_add(DAY_MS))
    }

    // ---- what-if ------------------------------------------------------------------------

    /// Starts turning events off (none yet).
    pub fn start_skip(&self) {
        self.leave_fork_cursor();
        self.hypo.set(Hypo::Skip(BTreeSet::new()));
        self.log(
            Tone::Info,
            "Giả định: đánh dấu “Bỏ qua” ở các event muốn tắt; log thật giữ nguyên.".to_string(),
        );
    }

    /// Turns the real event `version` off or back on (starting skip mode if needed).
    pub fn toggle_skip(&self, version: u64) {
        if version == 0 {
            return;
        }
        if self.mode.get_untracked() != Mode::Skip {
            self.leave_fork_cursor();
            self.hypo.set(Hypo::Skip(BTreeSet::new()));
        }
        self.hypo.update(|h| {
            if let Hypo::Skip(skip) = h {
                if !skip.remove(&version) {
                    skip.insert(version);
                }
            }
        });
    }

    /// Branches from the real log at the cursor: appends go to the branch from now on.
    pub fn start_fork(&self) {
        let from = match self.mode.get_untracked() {
            // A branch of a branch starts from the same real version.
            Mode::Fork => return,
            _ => self.cursor.get_untracked(),
        };
        let id = self.real_id_untracked();
        let Some(Ok(log)) = self.real.try_with_untracked(|l| l.fork(&id, from)) else {
            return;
        };
        self.playing.set(false);
        self.hypo.set(Hypo::Fork(Fork { from, log }));
        self.cursor.set(from);
        self.moment.set(None);
        self.log(
            Tone::Info,
            format!(
                "Đã rẽ nhánh giả định tại phiên bản {}: lệnh mới sẽ ghi vào nhánh, log thật không đổi.",
                group_digits(from as i64)
            ),
        );
    }

    /// Back to the real log only; the hypothesis is dropped.
    pub fn leave_hypo(&self) {
        let was = self.mode.get_untracked();
        if was == Mode::Real {
            return;
        }
        self.leave_fork_cursor();
        self.hypo.set(Hypo::Off);
        self.log(
            Tone::Info,
            "Đã bỏ giả định: chỉ còn log thật, vẫn nguyên như trước.".to_string(),
        );
    }

    // Leaving a branch puts the cursor back where the branch started.
    fn leave_fork_cursor(&self) {
        let from = self.hypo.with_untracked(|h| match h {
            Hypo::Fork(f) => Some(f.from),
            _ => None,
        });
        if let Some(from) = from {
            self.playing.set(false);
            self.cursor.set(from);
            self.moment.set(None);
        }
    }

    // ---- whole logs -------------------------------------------------------------------------

    /// Replaces the real log (an import, a link, a reset): the cursor goes to `cursor`
    /// (clamped), hypotheses and the prediction start over.
    pub fn replace_log(&self, log: EventLog, cursor: u64) {
        let n = only_stream(&log).map_or(0, Stream::version);
        self.playing.set(false);
        self.hypo.set(Hypo::Off);
        self.real.set(log);
        self.cursor.set(cursor.min(n));
        self.moment.set(None);
        self.prediction.set(Some(Prediction {
            version: 2.min(n),
            guess: None,
        }));
    }

    /// Adds a line to the activity log (and so to the live region).
    pub fn log(&self, tone: Tone, text: String) {
        self.activity.try_update(|a| {
            let id = a.last().map_or(0, |e| e.id + 1);
            a.push(Entry { id, tone, text });
            if a.len() > ACTIVITY_LIMIT {
                a.remove(0);
            }
        });
    }

    /// The cursor in words, for the slider's spoken value and the live region:
    /// `Phiên bản 4 trên 5: Chuyển khoản đi −300.000 ₫ → ACC-002, 12/01/2024 09:00`.
    pub fn describe_cursor(&self) -> String {
        let (v, n) = (self.cursor.get(), self.head.get());
        let event = self.with_shown(|s| s.and_then(|s| s.event(v)));
        let what = event.map_or_else(
            || "trước event đầu tiên, trạng thái rỗng".to_string(),
            |e| {
                format!(
                    "{} {}, {}",
                    e.event.kind().label_vi(),
                    payload(&e.event),
                    format_date_time_vi(e.at)
                )
            },
        );
        format!(
            "Phiên bản {} trên {}: {what}",
            group_digits(v as i64),
            group_digits(n as i64)
        )
    }

    /// The time of the event at the cursor, if any.
    pub fn cursor_time(&self) -> Option<Millis> {
        let v = self.cursor.get();
        self.with_shown(|s| s.and_then(|s| s.event(v)).map(|e| e.at))
    }
}

/// `log thật` → `Log thật`.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
