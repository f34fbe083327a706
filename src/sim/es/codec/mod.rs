//! The JSON file format of a stream, its export, and an import that checks everything.
//!
//! ```json
//! {"format":"es-log","version":1,"stream":"ACC-001","events":[
//! {"version":1,"at":1704074400000,"type":"created","owner":"Nguyễn Văn An"},
//! {"version":2,"at":1704420000000,"type":"deposited","amount":2000000},
//! {"version":4,"at":1704938400000,"type":"transfer_sent","amount":300000,"to":"ACC-002"}
//! ]}
//! ```
//!
//! `at` is virtual time in ms since the Unix epoch; `amount` is whole đồng; `type` is one of
//! `created` (with `owner`), `deposited`, `withdrawn`, `transfer_sent` (with `amount`, `to`),
//! `interest_applied`, `closed`. Global positions are store-local and are not exported: an
//! imported stream gets positions 1..N in a new log.
//!
//! Import order of checks, so the *first* problem is reported: size, UTF-8, JSON syntax, the
//! header (`format`, `version`, `stream`, `events`, unknown or repeated fields), the number of
//! events, then each event in order (fields, contiguous versions, non-decreasing times, the
//! account rules). Import builds a new log and never panics; the caller's log is untouched.

mod error;
mod export;
mod import;
mod values;

pub use error::{EventProblem, ImportError, JsonKind};
pub use export::export_json;
pub use import::{import_json, import_json_bytes};

/// The value of the `format` field.
pub const FORMAT: &str = "es-log";
/// The format version this code writes and reads.
pub const FORMAT_VERSION: i64 = 1;
/// Largest input accepted, in bytes. An export of [`MAX_EVENTS`](super::MAX_EVENTS) events is
/// ≈ 77 MB, so the limit leaves room for it and stops anything much larger before parsing.
pub const MAX_INPUT_BYTES: usize = 128 * 1024 * 1024;
