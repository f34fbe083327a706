//! Read-your-writes: a user writes, then reads, with one of three strategies; stale reads are
//! counted per strategy.

use super::domain::CourseId;
use super::history::Ring;

/// How the user who just wrote reads back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RywStrategy {
    /// Read through the cache as anyone would; may see the old value.
    None,
    /// Pass the written version with the query; wait until the read model has it, and after
    /// `timeout_ms` return what is there, flagged stale (Marten's
    /// `WaitForNonStaleProjectionDataAsync`).
    WaitForVersion {
        /// Longest wait, ms.
        timeout_ms: u64,
    },
    /// Read straight from the write model: always fresh, costs write-side load.
    ReadFromWriteSide,
}

impl RywStrategy {
    /// The strategy without its parameter.
    pub fn kind(self) -> RywKind {
        match self {
            Self::None => RywKind::None,
            Self::WaitForVersion { .. } => RywKind::WaitForVersion,
            Self::ReadFromWriteSide => RywKind::ReadFromWriteSide,
        }
    }
}

/// A strategy without its parameter, used to index statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RywKind {
    /// See [`RywStrategy::None`].
    None,
    /// See [`RywStrategy::WaitForVersion`].
    WaitForVersion,
    /// See [`RywStrategy::ReadFromWriteSide`].
    ReadFromWriteSide,
}

impl RywKind {
    /// The three strategies, in the lesson's order.
    pub const ALL: [RywKind; 3] = [Self::None, Self::WaitForVersion, Self::ReadFromWriteSide];

    /// Position in [`RywKind::ALL`].
    pub fn index(self) -> usize {
        match self {
            Self::None => 0,
            Self::WaitForVersion => 1,
            Self::ReadFromWriteSide => 2,
        }
    }

    /// Vietnamese label, as in the lesson's table.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::None => "Không làm gì",
            Self::WaitForVersion => "Chờ tới phiên bản",
            Self::ReadFromWriteSide => "Đọc từ phía ghi",
        }
    }
}

/// Where a read was answered from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadSource {
    /// The cache in front of the read model.
    Cache,
    /// The read model itself (cache miss or bypass).
    ReadModel,
    /// The write model.
    WriteModel,
    /// Nowhere: the read model does not have the course yet.
    Missing,
}

impl ReadSource {
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Cache => "Cache",
            Self::ReadModel => "Read model",
            Self::WriteModel => "Write model",
            Self::Missing => "Chưa có ở phía đọc",
        }
    }
}

/// The result of one read-your-writes read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RywOutcome {
    /// Strategy used.
    pub strategy: RywStrategy,
    /// Course written and read.
    pub course: CourseId,
    /// Version the write produced.
    pub written_version: u32,
    /// Price the write set, đồng.
    pub written_price: i64,
    /// Version the read returned (`None` if the course was not found on the read side).
    pub seen_version: Option<u32>,
    /// Price the read returned.
    pub seen_price: Option<i64>,
    /// The read returned something older than the user's own write.
    pub stale: bool,
    /// Wait-for-version gave up after its timeout.
    pub timed_out: bool,
    /// Time from the write to the answer, ms.
    pub waited_ms: f64,
    /// Where the answer came from.
    pub source: ReadSource,
    /// Virtual time of the answer, ms.
    pub at_ms: f64,
}

/// Totals for one strategy.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RywStats {
    /// Reads answered.
    pub reads: u64,
    /// Reads that did not show the user's own write.
    pub stale: u64,
    /// Wait-for-version reads that hit their timeout.
    pub timeouts: u64,
    /// Sum of the time from write to answer, ms.
    pub total_wait_ms: f64,
    /// Longest time from write to answer, ms.
    pub max_wait_ms: f64,
}

impl RywStats {
    /// Mean time from write to answer, ms (0 without reads).
    pub fn mean_wait_ms(&self) -> f64 {
        if self.reads == 0 {
            0.0
        } else {
            self.total_wait_ms / self.reads as f64
        }
    }
}

/// A read waiting for its moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PendingRead {
    pub strategy: RywStrategy,
    pub slot: u32,
    pub course: CourseId,
    pub written_version: u32,
    pub written_price: i64,
    pub written_us: u64,
    /// Earliest time the read is issued (write time + think time).
    pub read_at_us: u64,
}

/// Most reads that may wait at once.
pub const MAX_PENDING_READS: usize = 1_024;
/// How many outcomes the log keeps.
pub const OUTCOME_LOG_LEN: usize = 200;

#[derive(Debug, Clone)]
pub(crate) struct Ryw {
    pub pending: Vec<PendingRead>,
    pub outcomes: Ring<RywOutcome>,
    pub stats: [RywStats; 3],
    pub next_auto_us: u64,
    /// The automatic user alternates price up and price down.
    pub auto_up: bool,
}

impl Ryw {
    pub fn new() -> Self {
        Self {
            pending: Vec::new(),
            outcomes: Ring::new(OUTCOME_LOG_LEN),
            stats: [RywStats::default(); 3],
            next_auto_us: 0,
            auto_up: false,
        }
    }

    pub fn record(&mut self, o: RywOutcome) {
        let s = &mut self.stats[o.strategy.kind().index()];
        s.reads += 1;
        s.stale += o.stale as u64;
        s.timeouts += o.timed_out as u64;
        s.total_wait_ms += o.waited_ms;
        s.max_wait_ms = s.max_wait_ms.max(o.waited_ms);
        self.outcomes.push(o);
    }
}
