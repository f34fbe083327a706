//! What an import can find wrong, each with a Vietnamese message naming the place.

use std::fmt;

use super::{FORMAT, FORMAT_VERSION};
use crate::sim::es::account::{CommandError, EventKind};
use crate::sim::es::time::{format_date_time_vi, Millis};
use crate::sim::format::group_digits;

/// The JSON type of a value, for "expected X, found Y" messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A whole number that fits in an `i64`.
    Integer,
    /// A number with a fraction or exponent, or too large for an `i64`.
    NonInteger,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    /// A Vietnamese name.
    pub fn label_vi(self) -> &'static str {
        match self {
            JsonKind::Null => "null",
            JsonKind::Bool => "giá trị đúng/sai",
            JsonKind::Integer => "số nguyên",
            JsonKind::NonInteger => "số không phải số nguyên 64-bit",
            JsonKind::String => "chuỗi",
            JsonKind::Array => "mảng",
            JsonKind::Object => "đối tượng",
        }
    }
}

/// What is wrong with one event of an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventProblem {
    /// The element is not a JSON object.
    NotAnObject {
        /// What it is.
        found: JsonKind,
    },
    /// A required field is absent.
    MissingField {
        /// The field.
        field: &'static str,
    },
    /// A field has the wrong JSON type.
    WrongType {
        /// The field.
        field: &'static str,
        /// The type it must have.
        expected: JsonKind,
        /// The type it has.
        found: JsonKind,
    },
    /// A field this format does not know.
    UnknownField {
        /// Its name.
        field: String,
    },
    /// A field given twice.
    DuplicateField {
        /// Its name.
        field: String,
    },
    /// A known field that this event type must not carry.
    FieldNotAllowed {
        /// The field.
        field: &'static str,
        /// The event type.
        kind: EventKind,
    },
    /// A `type` this format does not know.
    UnknownType {
        /// The type given.
        found: String,
    },
    /// `version` is not the next one (versions are 1, 2, 3, … in order).
    VersionNotContiguous {
        /// The version this event must have.
        expected: u64,
        /// The version it has.
        found: i64,
    },
    /// `at` is earlier than the previous event's.
    TimeBackwards {
        /// The previous event's instant.
        previous: Millis,
        /// This event's instant.
        found: Millis,
    },
    /// `amount` is 0 or negative.
    AmountNotPositive {
        /// The amount given.
        found: i64,
    },
    /// The account rules refuse the event at this point of the history.
    Rejected(CommandError),
}

impl EventProblem {
    /// A Vietnamese sentence (without the event's index).
    pub fn message_vi(&self) -> String {
        match self {
            EventProblem::NotAnObject { found } => format!(
                "phải là một đối tượng JSON {{…}}, nhưng lại là {}.",
                found.label_vi()
            ),
            EventProblem::MissingField { field } => format!("thiếu trường \"{field}\"."),
            EventProblem::WrongType {
                field,
                expected,
                found,
            } => format!(
                "trường \"{field}\" phải là {}, nhưng lại là {}.",
                expected.label_vi(),
                found.label_vi()
            ),
            EventProblem::UnknownField { field } => {
                format!("có trường lạ \"{field}\" mà định dạng không có.")
            }
            EventProblem::DuplicateField { field } => {
                format!("trường \"{field}\" xuất hiện hơn một lần.")
            }
            EventProblem::FieldNotAllowed { field, kind } => format!(
                "sự kiện loại \"{}\" không được có trường \"{field}\".",
                kind.json_name()
            ),
            EventProblem::UnknownType { found } => format!(
                "trường \"type\" có giá trị lạ \"{found}\"; các loại hợp lệ: {}.",
                EventKind::ALL.map(EventKind::json_name).join(", ")
            ),
            EventProblem::VersionNotContiguous { expected, found } => format!(
                "trường \"version\" phải là {} (phiên bản liên tiếp bắt đầu từ 1) nhưng lại là {}.",
                group_digits(*expected as i64),
                group_digits(*found)
            ),
            EventProblem::TimeBackwards { previous, found } => format!(
                "trường \"at\" ({}) sớm hơn sự kiện trước ({}); thời gian không được lùi.",
                format_date_time_vi(*found),
                format_date_time_vi(*previous)
            ),
            EventProblem::AmountNotPositive { found } => format!(
                "trường \"amount\" phải lớn hơn 0 nhưng lại là {}.",
                group_digits(*found)
            ),
            EventProblem::Rejected(error) => {
                format!("bị quy tắc nghiệp vụ từ chối: {}", error.message_vi())
            }
        }
    }
}

/// Why an import failed: the first problem found, precisely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The input is larger than [`MAX_INPUT_BYTES`].
    TooLarge {
        /// Its size.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The input is not UTF-8 text.
    NotUtf8 {
        /// Bytes of valid UTF-8 before the first bad one.
        valid_up_to: usize,
    },
    /// The input is not well-formed JSON.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The JSON stops in the middle (a truncated file).
    Truncated {
        /// 1-based line where it stops.
        line: usize,
        /// 1-based column where it stops.
        column: usize,
    },
    /// The document is not a JSON object.
    NotAnObject {
        /// What it is.
        found: JsonKind,
    },
    /// A header field is absent.
    MissingField {
        /// The field.
        field: &'static str,
    },
    /// A header field has the wrong JSON type.
    WrongType {
        /// The field.
        field: &'static str,
        /// The type it must have.
        expected: JsonKind,
        /// The type it has.
        found: JsonKind,
    },
    /// A header field this format does not know.
    UnknownField {
        /// Its name.
        field: String,
    },
    /// A header field given twice.
    DuplicateField {
        /// Its name.
        field: String,
    },
    /// `format` is not `"es-log"`.
    WrongFormat {
        /// The value given.
        found: String,
    },
    /// `version` is not 1.
    UnsupportedVersion {
        /// The value given.
        found: i64,
    },
    /// `stream` is not a valid stream id.
    InvalidStreamId {
        /// The value given.
        found: String,
    },
    /// More than [`MAX_EVENTS`] events.
    TooManyEvents {
        /// How many the file has.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// `events` is empty: a stream starts with its `created` event.
    NoEvents,
    /// One event is wrong.
    Event {
        /// Its index in the `events` array (0-based).
        index: usize,
        /// What is wrong.
        problem: EventProblem,
    },
}

impl ImportError {
    /// A clear Vietnamese sentence naming what is wrong and where.
    pub fn message_vi(&self) -> String {
        match self {
            ImportError::TooLarge { bytes, limit } => format!(
                "Tệp quá lớn: {} byte, giới hạn là {} byte.",
                group_digits(*bytes as i64),
                group_digits(*limit as i64)
            ),
            ImportError::NotUtf8 { valid_up_to } => format!(
                "Tệp không phải văn bản UTF-8 (byte lỗi đầu tiên ở vị trí {}).",
                group_digits(*valid_up_to as i64)
            ),
            ImportError::Syntax { line, column } => {
                format!("JSON không hợp lệ ở dòng {line}, cột {column}.")
            }
            ImportError::Truncated { line, column } => format!(
                "JSON bị cắt cụt: dữ liệu kết thúc giữa chừng ở dòng {line}, cột {column}."
            ),
            ImportError::NotAnObject { found } => format!(
                "Tệp phải chứa một đối tượng JSON {{…}}, nhưng lại là {}.",
                found.label_vi()
            ),
            ImportError::MissingField { field } => {
                format!("Thiếu trường \"{field}\" ở cấp ngoài cùng của tệp.")
            }
            ImportError::WrongType {
                field,
                expected,
                found,
            } => format!(
                "Trường \"{field}\" phải là {}, nhưng lại là {}.",
                expected.label_vi(),
                found.label_vi()
            ),
            ImportError::UnknownField { field } => {
                format!("Tệp có trường lạ \"{field}\" ở cấp ngoài cùng.")
            }
            ImportError::DuplicateField { field } => {
                format!("Trường \"{field}\" xuất hiện hơn một lần ở cấp ngoài cùng.")
            }
            ImportError::WrongFormat { found } => format!(
                "Trường \"format\" phải là \"{FORMAT}\" nhưng lại là \"{found}\": đây không phải tệp nhật ký sự kiện."
            ),
            ImportError::UnsupportedVersion { found } => format!(
                "Phiên bản định dạng {found} không được hỗ trợ; chỉ hỗ trợ phiên bản {FORMAT_VERSION}."
            ),
            ImportError::InvalidStreamId { found } => format!(
                "Trường \"stream\" (\"{found}\") không hợp lệ: {}",
                CommandError::InvalidStreamId.message_vi()
            ),
            ImportError::TooManyEvents { count, limit } => format!(
                "Quá nhiều sự kiện: tệp có {}, giới hạn là {}.",
                group_digits(*count as i64),
                group_digits(*limit as i64)
            ),
            ImportError::NoEvents => {
                "Mảng \"events\" rỗng: một luồng phải bắt đầu bằng sự kiện \"created\".".to_string()
            }
            ImportError::Event { index, problem } => format!(
                "Sự kiện thứ {} (events[{index}]): {}",
                group_digits(*index as i64 + 1),
                problem.message_vi()
            ),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for ImportError {}
