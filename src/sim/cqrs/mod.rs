//! CQRS: write model, event bus, projector, read model and cache, in virtual time.
//!
//! The pipeline of the "CQRS sync lag" lab, one module per part:
//! [`write`](mod@write) (validated commands, course aggregates, the log with global positions) →
//! [`bus`] (delay, jitter, at-least-once, order per course) → [`projector`] (capacity,
//! pause, crash, checkpoint, idempotent by per-course version) → [`read`] (denormalised
//! course view and TTL cache). [`sim`] wires them in virtual time with learners,
//! readers, the read-your-writes user ([`ryw`]) and a bounded lag [`history`];
//! [`compare`](mod@compare) is the single-database model of the HPN case.
//!
//! Lag follows the real systems: in events, head − committed checkpoint (Kafka's
//! `LOG-END-OFFSET − CURRENT-OFFSET`); in time, the age of the oldest event not yet processed.

pub mod bus;
pub mod compare;
pub mod config;
pub mod domain;
pub mod error;
pub mod history;
pub mod projector;
pub mod read;
pub mod ryw;
pub mod sim;
pub mod write;

pub use bus::BusStats;
pub use compare::{
    compare, compare_default, ComparisonRow, CqrsParams, HpnWorkload, Metric, SingleDbParams,
    MODEL_NOTE_VI,
};
pub use config::Config;
pub use domain::{
    instructor_name, CourseId, CourseView, CreateCourse, EventKind, EventView, Instructor,
    InstructorId, LearningKind, UpdatePrice, WriteReceipt, INSTRUCTORS,
};
pub use error::{CommandError, ConfigError, ConfigField};
pub use history::{Ring, Sample};
pub use projector::{ProjectorStats, ProjectorStatus};
pub use read::CacheStats;
pub use ryw::{ReadSource, RywKind, RywOutcome, RywStats, RywStrategy};
pub use sim::{
    CacheEntryView, CourseRowView, LagView, ReadPath, ReadResult, ReaderStats, Sim, MAX_ADVANCE_US,
    SEED_CATALOG,
};
