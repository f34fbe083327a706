//! Names of the domain: courses, instructors, learning events, commands and the events they append.

use std::fmt;

/// A course id, shown as `KH-001`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CourseId(pub u32);

impl fmt::Display for CourseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KH-{:03}", self.0)
    }
}

/// An instructor id (a key into [`INSTRUCTORS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InstructorId(pub u32);

/// One row of the small instructor table the projector denormalises from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instructor {
    /// Id used by commands.
    pub id: InstructorId,
    /// Full name copied into the read model.
    pub name: &'static str,
}

/// The instructor table (the lesson's "user service").
pub const INSTRUCTORS: [Instructor; 5] = [
    Instructor {
        id: InstructorId(1),
        name: "Nguyễn Văn An",
    },
    Instructor {
        id: InstructorId(2),
        name: "Trần Thị Bình",
    },
    Instructor {
        id: InstructorId(3),
        name: "Lê Hoàng Cường",
    },
    Instructor {
        id: InstructorId(4),
        name: "Phạm Minh Dũng",
    },
    Instructor {
        id: InstructorId(5),
        name: "Võ Thị Hạnh",
    },
];

/// The instructor's name, or `None` if the id is not in the table.
pub fn instructor_name(id: InstructorId) -> Option<&'static str> {
    INSTRUCTORS.iter().find(|i| i.id == id).map(|i| i.name)
}

/// Command: create a course (the lesson's `CreateCourseCommand`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateCourse {
    /// Id chosen by the caller; must not exist yet.
    pub id: CourseId,
    /// Non-empty title.
    pub title: String,
    /// Must be in [`INSTRUCTORS`].
    pub instructor: InstructorId,
    /// Price in đồng, > 0.
    pub price: i64,
}

/// Command: change a course's price (the lesson's `UpdateCoursePriceCommand`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdatePrice {
    /// Existing course.
    pub id: CourseId,
    /// New price in đồng, > 0 and different from the current one.
    pub new_price: i64,
    /// Why the price changed; kept in the event.
    pub reason: String,
}

/// What a learner did (HPN's write path: video views, quiz attempts, progress updates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LearningKind {
    /// Watched a video.
    VideoView,
    /// Attempted a quiz.
    QuizAttempt,
    /// Reported progress through the course.
    Progress {
        /// Completion, 0–100.
        percent: u8,
    },
}

/// What a successful write returns: the read-your-writes token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteReceipt {
    /// Global position of the event in the log (the head after this write).
    pub position: u64,
    /// The course written to.
    pub course: CourseId,
    /// The course's version after this write (1-based, contiguous per course).
    pub version: u32,
}

/// Payload of a stored event; strings live in the write model's text table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Payload {
    Created {
        id: CourseId,
        title: u32,
        instructor: InstructorId,
        price: i64,
    },
    PriceUpdated {
        old: i64,
        new: i64,
        reason: u32,
    },
    Learning {
        kind: LearningKind,
        learner: u32,
        // Set by the write side, which knows enrolments, so the projector can count students.
        new_student: bool,
    },
}

/// An event as kept in the log. Small and `Copy`, so 10.000 a second cost no allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StoredEvent {
    pub at_us: u64,
    pub slot: u32,
    pub version: u32,
    pub payload: Payload,
}

/// Kind of an event, with the lesson's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// `COURSE_CREATED`.
    CourseCreated,
    /// `COURSE_PRICE_UPDATED`.
    CoursePriceUpdated,
    /// A learner watched a video.
    VideoViewed,
    /// A learner attempted a quiz.
    QuizAttempted,
    /// A learner's progress changed.
    ProgressUpdated,
}

impl EventKind {
    /// Name as written in the lesson's code.
    pub fn name(self) -> &'static str {
        match self {
            Self::CourseCreated => "COURSE_CREATED",
            Self::CoursePriceUpdated => "COURSE_PRICE_UPDATED",
            Self::VideoViewed => "VIDEO_VIEWED",
            Self::QuizAttempted => "QUIZ_ATTEMPTED",
            Self::ProgressUpdated => "PROGRESS_UPDATED",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::CourseCreated => "Tạo khoá học",
            Self::CoursePriceUpdated => "Đổi giá khoá học",
            Self::VideoViewed => "Xem video",
            Self::QuizAttempted => "Làm bài quiz",
            Self::ProgressUpdated => "Cập nhật tiến độ",
        }
    }
}

/// An event for display: plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct EventView {
    /// Global position (1-based).
    pub position: u64,
    /// When it was written, in ms of virtual time.
    pub at_ms: f64,
    /// The course (the bus key).
    pub course: CourseId,
    /// The course's version after this event.
    pub version: u32,
    /// Kind of the event.
    pub kind: EventKind,
    /// One line in Vietnamese, e.g. "Giá 990.000 ₫ → 890.000 ₫ (Khuyến mãi)".
    pub summary_vi: String,
}

/// A course as the view shows it, from any side (write model, read model or cache).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseView {
    /// Course id.
    pub id: CourseId,
    /// Title.
    pub title: String,
    /// Instructor's name (denormalised on the read side).
    pub instructor_name: String,
    /// Price in đồng.
    pub price: i64,
    /// Distinct learners who did anything in the course.
    pub total_students: u64,
    /// Video views.
    pub total_views: u64,
    /// Quiz attempts.
    pub total_quiz_attempts: u64,
    /// Progress updates.
    pub total_progress_updates: u64,
    /// Time of the last event applied, in µs of virtual time.
    pub last_updated_us: u64,
    /// Number of events applied to this course (1-based, contiguous).
    pub version: u32,
}
