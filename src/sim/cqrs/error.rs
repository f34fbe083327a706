//! Typed errors of the CQRS engine, each with a Vietnamese message for the student.

use std::fmt;

use super::domain::{CourseId, InstructorId};
use crate::sim::format::{group_digits, vnd};

/// Why a command (a write, or a read that names a course) was refused. Nothing is appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// The title is empty or only spaces.
    EmptyTitle,
    /// The title has more characters than allowed.
    TitleTooLong {
        /// Largest number of characters accepted.
        max: usize,
    },
    /// The price is zero or negative.
    InvalidPrice {
        /// The price that was given, in đồng.
        price: i64,
    },
    /// A course with this id already exists on the write side.
    CourseAlreadyExists(CourseId),
    /// No course with this id exists on the write side.
    CourseNotFound(CourseId),
    /// The instructor id is not in the instructor table.
    InstructorNotFound(InstructorId),
    /// A price change needs a reason (it is kept in the event).
    EmptyReason,
    /// The new price equals the current one, so there is nothing to record.
    PriceUnchanged {
        /// The current price, in đồng.
        price: i64,
    },
    /// The catalogue is full.
    TooManyCourses {
        /// Largest number of courses.
        max: usize,
    },
    /// The learner id is outside the simulated population.
    LearnerOutOfRange {
        /// The id that was given.
        learner: u32,
        /// Number of learners (valid ids are 0..learners).
        learners: u32,
    },
    /// A progress percentage above 100.
    ProgressOutOfRange {
        /// The percentage that was given.
        percent: u8,
    },
    /// Too many events wait for the projector; writes are refused until it catches up.
    BacklogFull {
        /// Events written but not yet checkpointed.
        backlog: u64,
        /// The configured limit.
        max: u64,
    },
    /// Too many read-your-writes reads are still waiting.
    TooManyPendingReads {
        /// Largest number of waiting reads.
        max: usize,
    },
    /// A wait-for-version timeout outside the accepted range.
    WaitTimeoutOutOfRange {
        /// The timeout that was given, in ms.
        timeout_ms: u64,
        /// Largest accepted timeout, in ms.
        max_ms: u64,
    },
}

impl CommandError {
    /// The message shown to the student, in Vietnamese with full diacritics.
    pub fn message_vi(&self) -> String {
        match self {
            Self::EmptyTitle => "Tên khoá học không được để trống.".to_string(),
            Self::TitleTooLong { max } => {
                format!("Tên khoá học dài quá {} ký tự.", group_digits(*max as i64))
            }
            Self::InvalidPrice { price } => format!(
                "Giá khoá học phải lớn hơn 0 ₫ (giá đã nhập: {}).",
                vnd(*price)
            ),
            Self::CourseAlreadyExists(id) => format!("Khoá học {id} đã tồn tại."),
            Self::CourseNotFound(id) => format!("Không tìm thấy khoá học {id}."),
            Self::InstructorNotFound(id) => {
                format!("Không có giảng viên mã {} trong danh sách giảng viên.", id.0)
            }
            Self::EmptyReason => "Đổi giá cần ghi rõ lý do.".to_string(),
            Self::PriceUnchanged { price } => format!(
                "Giá mới trùng với giá hiện tại ({}), không có gì để ghi.",
                vnd(*price)
            ),
            Self::TooManyCourses { max } => format!(
                "Danh mục đã đủ {} khoá học, không thể tạo thêm.",
                group_digits(*max as i64)
            ),
            Self::LearnerOutOfRange { learner, learners } => format!(
                "Mã học viên {learner} nằm ngoài phạm vi 0–{}.",
                learners.saturating_sub(1)
            ),
            Self::ProgressOutOfRange { percent } => {
                format!("Tiến độ phải trong khoảng 0–100% (đã nhập {percent}%).")
            }
            Self::BacklogFull { backlog, max } => format!(
                "Hàng đợi chưa chiếu đã đầy ({} event, giới hạn {}): hãy cho projector chạy tiếp rồi ghi lại.",
                group_digits(*backlog as i64),
                group_digits(*max as i64)
            ),
            Self::TooManyPendingReads { max } => format!(
                "Đang có {} lượt đọc chờ phiên bản, hãy đợi bớt rồi thử lại.",
                group_digits(*max as i64)
            ),
            Self::WaitTimeoutOutOfRange { timeout_ms, max_ms } => format!(
                "Thời gian chờ phiên bản phải từ 1 đến {} ms (đã nhập {} ms).",
                group_digits(*max_ms as i64),
                group_digits(*timeout_ms as i64)
            ),
        }
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for CommandError {}

/// A setting that a [`ConfigError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigField {
    /// Length of one simulation tick.
    Tick,
    /// Learning events generated per second.
    WriteRate,
    /// Number of simulated learners.
    Learners,
    /// Base delivery delay of the bus.
    BusDelay,
    /// Extra random delivery delay of the bus.
    BusJitter,
    /// Probability that the bus delivers a message twice.
    DuplicateProbability,
    /// Factor that multiplies the bus delay.
    BusSlowdown,
    /// Events per second the projector can handle.
    ProjectorCapacity,
    /// Commit the checkpoint after this many events.
    CheckpointEveryEvents,
    /// Commit the checkpoint after this many milliseconds.
    CheckpointEveryMs,
    /// Time to live of a cache entry.
    CacheTtl,
    /// Background reads per second.
    BackgroundReads,
    /// Think time between a write and the read that follows it.
    RywReadDelay,
    /// Timeout of the automatic wait-for-version reader.
    RywTimeout,
    /// Period of the automatic read-your-writes user.
    RywAutoEvery,
    /// Period of the history samples.
    SampleEvery,
    /// Number of history samples kept.
    HistoryLen,
    /// Largest backlog before writes are refused.
    MaxBacklog,
}

impl ConfigField {
    /// Vietnamese name of the setting, as the lab labels it.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Tick => "Bước mô phỏng",
            Self::WriteRate => "Tốc độ ghi",
            Self::Learners => "Số học viên",
            Self::BusDelay => "Độ trễ của event bus",
            Self::BusJitter => "Độ dao động (jitter) của event bus",
            Self::DuplicateProbability => "Xác suất giao trùng",
            Self::BusSlowdown => "Hệ số làm chậm event bus",
            Self::ProjectorCapacity => "Công suất projector",
            Self::CheckpointEveryEvents => "Số event giữa hai lần commit checkpoint",
            Self::CheckpointEveryMs => "Thời gian giữa hai lần commit checkpoint",
            Self::CacheTtl => "TTL của cache",
            Self::BackgroundReads => "Số lượt đọc nền",
            Self::RywReadDelay => "Thời gian từ lúc ghi tới lúc đọc lại",
            Self::RywTimeout => "Thời gian chờ phiên bản",
            Self::RywAutoEvery => "Chu kỳ của người dùng tự ghi rồi đọc",
            Self::SampleEvery => "Chu kỳ lấy mẫu biểu đồ",
            Self::HistoryLen => "Số mẫu lịch sử",
            Self::MaxBacklog => "Giới hạn hàng đợi chưa chiếu",
        }
    }

    /// Unit of the setting, in Vietnamese.
    pub fn unit_vi(self) -> &'static str {
        match self {
            Self::Tick => "µs",
            Self::WriteRate | Self::ProjectorCapacity => "event/giây",
            Self::BackgroundReads => "lượt/giây",
            Self::Learners => "học viên",
            Self::DuplicateProbability => "(tỉ lệ 0–1)",
            Self::BusSlowdown => "lần",
            Self::CheckpointEveryEvents | Self::MaxBacklog => "event",
            Self::HistoryLen => "mẫu",
            Self::BusDelay
            | Self::BusJitter
            | Self::CheckpointEveryMs
            | Self::CacheTtl
            | Self::RywReadDelay
            | Self::RywTimeout
            | Self::RywAutoEvery
            | Self::SampleEvery => "ms",
        }
    }
}

/// Why a configuration was refused. The simulation keeps its previous settings.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigError {
    /// A value outside its accepted range (NaN included).
    OutOfRange {
        /// Which setting.
        field: ConfigField,
        /// The value given.
        value: f64,
        /// Smallest accepted value.
        min: f64,
        /// Largest accepted value.
        max: f64,
    },
    /// Both checkpoint triggers are off, so the checkpoint would never move.
    NoCheckpointPolicy,
    /// The history sample period is shorter than one tick.
    SampleShorterThanTick,
}

impl ConfigError {
    /// The message shown to the student, in Vietnamese with full diacritics.
    pub fn message_vi(&self) -> String {
        match self {
            Self::OutOfRange {
                field,
                value,
                min,
                max,
            } => format!(
                "{} phải trong khoảng {}–{} {} (đã nhập {}).",
                field.label_vi(),
                format_number(*min),
                format_number(*max),
                field.unit_vi(),
                format_number(*value)
            ),
            Self::NoCheckpointPolicy => {
                "Cần ít nhất một điều kiện commit checkpoint: sau k event hoặc sau t ms."
                    .to_string()
            }
            Self::SampleShorterThanTick => {
                "Chu kỳ lấy mẫu biểu đồ không được ngắn hơn một bước mô phỏng.".to_string()
            }
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for ConfigError {}

/// Formats a number the Vietnamese way: thousands with dots, decimals after a comma.
pub fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "không phải số".to_string()
        } else {
            "vô hạn".to_string()
        };
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    let whole = a.trunc();
    let frac = a - whole;
    // Two decimals are plenty for settings; trailing zeros are dropped.
    let cents = (frac * 100.0).round() as u64;
    let (whole, cents) = if cents == 100 {
        (whole + 1.0, 0)
    } else {
        (whole, cents)
    };
    let mut s = format!("{sign}{}", group_digits(whole as i64));
    if cents > 0 {
        let dec = format!("{cents:02}");
        s.push(',');
        s.push_str(dec.trim_end_matches('0'));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_vietnamese_numbers() {
        assert_eq!(format_number(0.5), "0,5");
        assert_eq!(format_number(10_000.0), "10.000");
        assert_eq!(format_number(f64::NAN), "không phải số");
    }

    #[test]
    fn every_message_is_vietnamese_and_non_empty() {
        let errors = [
            CommandError::EmptyTitle,
            CommandError::InvalidPrice { price: -1 },
            CommandError::CourseNotFound(CourseId(7)),
            CommandError::EmptyReason,
        ];
        for e in errors {
            let m = e.message_vi();
            assert!(!m.is_empty());
            assert!(!m.is_ascii(), "{m}");
        }
    }
}
