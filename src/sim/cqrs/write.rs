//! The write side: validated commands, course aggregates and the append-only event log.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use super::domain::{
    instructor_name, CourseId, CourseView, CreateCourse, InstructorId, LearningKind, Payload,
    StoredEvent, UpdatePrice, WriteReceipt,
};
use super::error::CommandError;

/// Most courses in the catalogue (keeps per-course arrays small).
pub const MAX_COURSES: usize = 200;
/// Longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Events kept behind the checkpoint so the view can still show the latest ones.
const KEEP_TAIL: usize = 64;

/// The append-only log with global positions. Events at or below the projector's checkpoint
/// are dropped (the projector never needs them again), which bounds memory.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventLog {
    events: VecDeque<StoredEvent>,
    /// Position of `events[0]` (positions start at 1).
    first: u64,
    head: u64,
}

impl EventLog {
    fn new() -> Self {
        Self {
            events: VecDeque::new(),
            first: 1,
            head: 0,
        }
    }

    /// Position of the last event written (0 when empty).
    pub fn head(&self) -> u64 {
        self.head
    }

    #[inline]
    fn append(&mut self, e: StoredEvent) -> u64 {
        self.events.push_back(e);
        self.head += 1;
        self.head
    }

    /// The event at `pos`, if still retained.
    #[inline]
    pub fn get(&self, pos: u64) -> Option<&StoredEvent> {
        if pos < self.first {
            return None;
        }
        self.events.get((pos - self.first) as usize)
    }

    /// Drops events at or below `pos`, keeping a short tail for display.
    pub fn truncate_through(&mut self, pos: u64) {
        while self.first <= pos && self.events.len() > KEEP_TAIL {
            self.events.pop_front();
            self.first += 1;
        }
    }

    /// The last `n` retained events with their positions, oldest first.
    pub fn tail(&self, n: usize) -> impl Iterator<Item = (u64, &StoredEvent)> {
        let skip = self.events.len().saturating_sub(n);
        let first = self.first;
        self.events
            .iter()
            .enumerate()
            .skip(skip)
            .map(move |(i, e)| (first + i as u64, e))
    }
}

/// A course aggregate on the write side (normalised: instructor by id).
#[derive(Debug, Clone)]
pub(crate) struct CourseAgg {
    pub id: CourseId,
    pub title: Arc<str>,
    pub instructor: InstructorId,
    pub price: i64,
    pub version: u32,
    pub students: u64,
    pub views: u64,
    pub quizzes: u64,
    pub progress: u64,
    pub last_updated_us: u64,
    /// One bit per learner: has this learner touched the course?
    enrolled: Vec<u64>,
}

/// The write model: the source of truth, always strongly consistent.
#[derive(Debug, Clone)]
pub(crate) struct WriteModel {
    pub courses: Vec<CourseAgg>,
    index: BTreeMap<CourseId, u32>,
    /// Titles and reasons, interned so events stay `Copy`.
    texts: Vec<Arc<str>>,
    text_index: BTreeMap<Arc<str>, u32>,
    pub log: EventLog,
    learners: u32,
}

impl WriteModel {
    pub fn new(learners: u32) -> Self {
        Self {
            courses: Vec::new(),
            index: BTreeMap::new(),
            texts: Vec::new(),
            text_index: BTreeMap::new(),
            log: EventLog::new(),
            learners,
        }
    }

    pub fn slot(&self, id: CourseId) -> Option<u32> {
        self.index.get(&id).copied()
    }

    pub fn text(&self, i: u32) -> Arc<str> {
        self.texts
            .get(i as usize)
            .cloned()
            .unwrap_or_else(|| Arc::from(""))
    }

    /// The log and text table, split so the projector can truncate while reading texts.
    pub fn log_and_texts(&mut self) -> (&mut EventLog, &[Arc<str>]) {
        (&mut self.log, &self.texts)
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.text_index.get(s) {
            return i;
        }
        let a: Arc<str> = Arc::from(s);
        let i = self.texts.len() as u32;
        self.texts.push(a.clone());
        self.text_index.insert(a, i);
        i
    }

    pub fn create_course(
        &mut self,
        cmd: &CreateCourse,
        now_us: u64,
    ) -> Result<(u32, WriteReceipt), CommandError> {
        let title = cmd.title.trim();
        if title.is_empty() {
            return Err(CommandError::EmptyTitle);
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(CommandError::TitleTooLong {
                max: MAX_TITLE_CHARS,
            });
        }
        if cmd.price <= 0 {
            return Err(CommandError::InvalidPrice { price: cmd.price });
        }
        if instructor_name(cmd.instructor).is_none() {
            return Err(CommandError::InstructorNotFound(cmd.instructor));
        }
        if self.index.contains_key(&cmd.id) {
            return Err(CommandError::CourseAlreadyExists(cmd.id));
        }
        if self.courses.len() >= MAX_COURSES {
            return Err(CommandError::TooManyCourses { max: MAX_COURSES });
        }
        let title_id = self.intern(title);
        let slot = self.courses.len() as u32;
        let words = (self.learners as usize).div_ceil(64);
        self.courses.push(CourseAgg {
            id: cmd.id,
            title: self.text(title_id),
            instructor: cmd.instructor,
            price: cmd.price,
            version: 1,
            students: 0,
            views: 0,
            quizzes: 0,
            progress: 0,
            last_updated_us: now_us,
            enrolled: vec![0; words],
        });
        self.index.insert(cmd.id, slot);
        let position = self.log.append(StoredEvent {
            at_us: now_us,
            slot,
            version: 1,
            payload: Payload::Created {
                id: cmd.id,
                title: title_id,
                instructor: cmd.instructor,
                price: cmd.price,
            },
        });
        Ok((
            slot,
            WriteReceipt {
                position,
                course: cmd.id,
                version: 1,
            },
        ))
    }

    pub fn update_price(
        &mut self,
        cmd: &UpdatePrice,
        now_us: u64,
    ) -> Result<(u32, WriteReceipt), CommandError> {
        let slot = self
            .slot(cmd.id)
            .ok_or(CommandError::CourseNotFound(cmd.id))?;
        if cmd.new_price <= 0 {
            return Err(CommandError::InvalidPrice {
                price: cmd.new_price,
            });
        }
        let reason = cmd.reason.trim();
        if reason.is_empty() {
            return Err(CommandError::EmptyReason);
        }
        let old = self.courses[slot as usize].price;
        if old == cmd.new_price {
            return Err(CommandError::PriceUnchanged { price: old });
        }
        let reason = self.intern(reason);
        let c = &mut self.courses[slot as usize];
        c.price = cmd.new_price;
        c.version += 1;
        c.last_updated_us = now_us;
        let version = c.version;
        let position = self.log.append(StoredEvent {
            at_us: now_us,
            slot,
            version,
            payload: Payload::PriceUpdated {
                old,
                new: cmd.new_price,
                reason,
            },
        });
        Ok((
            slot,
            WriteReceipt {
                position,
                course: cmd.id,
                version,
            },
        ))
    }

    /// Records a learning event on a known slot. The hot path: no allocation, no validation
    /// beyond what the caller has done (the generator only draws valid values).
    #[inline]
    pub fn record_learning(
        &mut self,
        slot: u32,
        learner: u32,
        kind: LearningKind,
        now_us: u64,
    ) -> u64 {
        let c = &mut self.courses[slot as usize];
        let (word, bit) = ((learner / 64) as usize, 1u64 << (learner % 64));
        let new_student = c.enrolled[word] & bit == 0;
        if new_student {
            c.enrolled[word] |= bit;
            c.students += 1;
        }
        match kind {
            LearningKind::VideoView => c.views += 1,
            LearningKind::QuizAttempt => c.quizzes += 1,
            LearningKind::Progress { .. } => c.progress += 1,
        }
        c.version += 1;
        c.last_updated_us = now_us;
        let version = c.version;
        self.log.append(StoredEvent {
            at_us: now_us,
            slot,
            version,
            payload: Payload::Learning {
                kind,
                learner,
                new_student,
            },
        })
    }

    /// Validates and records a learning event named by course id.
    pub fn record_learning_checked(
        &mut self,
        id: CourseId,
        learner: u32,
        kind: LearningKind,
        now_us: u64,
    ) -> Result<(u32, WriteReceipt), CommandError> {
        let slot = self.slot(id).ok_or(CommandError::CourseNotFound(id))?;
        if learner >= self.learners {
            return Err(CommandError::LearnerOutOfRange {
                learner,
                learners: self.learners,
            });
        }
        if let LearningKind::Progress { percent } = kind {
            if percent > 100 {
                return Err(CommandError::ProgressOutOfRange { percent });
            }
        }
        let position = self.record_learning(slot, learner, kind, now_us);
        let version = self.courses[slot as usize].version;
        Ok((
            slot,
            WriteReceipt {
                position,
                course: id,
                version,
            },
        ))
    }

    /// The course as the write side knows it, shaped like the read model (instructor name
    /// looked up), so "read model equals projection of the write model" is a plain `==`.
    pub fn view(&self, slot: u32) -> Option<CourseView> {
        let c = self.courses.get(slot as usize)?;
        Some(CourseView {
            id: c.id,
            title: c.title.to_string(),
            instructor_name: instructor_name(c.instructor).unwrap_or("").to_string(),
            price: c.price,
            total_students: c.students,
            total_views: c.views,
            total_quiz_attempts: c.quizzes,
            total_progress_updates: c.progress,
            last_updated_us: c.last_updated_us,
            version: c.version,
        })
    }
}
