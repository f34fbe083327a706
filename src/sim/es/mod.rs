//! Event sourcing: the append-only log, the account aggregate, snapshots.
//!
//! - [`log`]: streams with contiguous 1-based versions, a global position, optimistic
//!   concurrency, fold to state, state at a version or at a time, fork.
//! - [`account`]: the account's events, commands, state and rules (typed, Vietnamese errors).
//! - [`whatif`]: replay with chosen events left out, the real log untouched.
//! - [`codec`]: the `es-log` JSON format; export, and an import that checks everything.
//! - [`stored`]: the 32-byte stored event and the fast fold.
//! - [`generate`]: deterministic long histories, chunk by chunk.
//! - [`snapshot`]: snapshots every N events; state = snapshot + tail.
//! - [`cost`]: the stated I/O cost model behind the lesson's "10 s vs 10 ms".
//! - [`time`], [`text`]: virtual time and Vietnamese formatting for messages.

pub mod account;
pub mod codec;
pub mod cost;
pub mod generate;
pub mod log;
pub mod snapshot;
pub mod stored;
pub mod time;
pub mod whatif;

pub use account::{
    AccountEvent, AccountState, Command, CommandError, EventKind, NameField, Status, MAX_NAME_CHARS,
};
pub use codec::{
    export_json, import_json, import_json_bytes, EventProblem, ImportError, JsonKind,
    MAX_INPUT_BYTES,
};
pub use cost::CostModel;
pub use generate::{generate, Generator, Progress, GENERATED_STREAM};
pub use log::{
    Appended, EventLog, Expected, QueryError, RecordedEvent, Stream, ACC001, MAX_EVENTS,
};
pub use snapshot::{Interval, Replay, Snapshots};
pub use stored::{fold, StoredEvent};
pub use time::Millis;
pub use whatif::{Outcome, Step, WhatIf};
