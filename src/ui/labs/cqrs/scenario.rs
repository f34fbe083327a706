//! "Predict, then observe": three questions the student answers before running. Each sets up
//! the run, schedules what happens when, watches the engine while it plays, and then reads
//! the answer off what the engine did (not off a fixed key). Plain logic, tested natively.

use std::collections::VecDeque;

use super::actions::{apply, Action, Applied};
use super::params::{duration_text, Params};
use crate::sim::cqrs::{CourseId, CourseRowView, Sim, SEED_CATALOG};
use crate::sim::format::{decimal, group_digits};

/// Slice of virtual time between two looks at the engine during a check, µs.
const PROBE_US: u64 = 100_000;

/// The course the cache question changes.
const CACHE_COURSE: CourseId = CourseId(2);

/// A question of the predict step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Writes at 50/s, projector at 40/s: what does the lag do?
    LagGrowth,
    /// No cache invalidation: how long do visitors see the old price?
    StaleCache,
    /// The projector crashes and restarts: are events lost or applied twice?
    CrashRecovery,
}

impl Question {
    /// The questions, in the order the lab offers them.
    pub const ALL: [Question; 3] = [Self::LagGrowth, Self::StaleCache, Self::CrashRecovery];

    /// Stable key (for the picker).
    pub fn key(self) -> &'static str {
        match self {
            Self::LagGrowth => "lag",
            Self::StaleCache => "cache",
            Self::CrashRecovery => "crash",
        }
    }

    /// Short title for the picker.
    pub fn title_vi(self) -> &'static str {
        match self {
            Self::LagGrowth => "Ghi nhanh hơn projector",
            Self::StaleCache => "Tắt xoá cache",
            Self::CrashRecovery => "Projector sập rồi chạy lại",
        }
    }

    /// The question.
    pub fn prompt_vi(self) -> &'static str {
        match self {
            Self::LagGrowth => "Học viên ghi 50 event mỗi giây, projector chỉ xử lý được 40 event mỗi giây. Độ trễ sẽ thế nào?",
            Self::StaleCache => "Tắt việc xoá cache, TTL của cache là 30 giây. Một khách vừa mở trang KH-002 thì giảng viên đổi giá. Khách mở trang đó sẽ thấy giá cũ trong bao lâu?",
            Self::CrashRecovery => "Projector sập 5 giây trong lúc học viên vẫn ghi 200 event mỗi giây, rồi được khởi động lại. Read model cuối cùng sẽ ra sao?",
        }
    }

    /// What the check does, said before it runs.
    pub fn setup_vi(self) -> &'static str {
        match self {
            Self::LagGrowth => "Lab chạy lại từ đầu với tốc độ ghi 50 event/giây và công suất projector 40 event/giây, trong 30 giây ảo.",
            Self::StaleCache => "Lab chạy lại từ đầu, tắt xoá cache, TTL 30 giây. Lúc 0,9 giây một khách mở trang KH-002, lúc 1 giây giảng viên đổi giá; lab theo dõi tới khi trang hiện đúng giá (tối đa 45 giây ảo).",
            Self::CrashRecovery => "Lab chạy lại từ đầu với 200 event/giây. Projector sập lúc 3 giây, khởi động lại lúc 8 giây; lúc 12 giây học viên ngừng ghi để đếm cho dễ; lab đối chiếu hai phía lúc 14 giây.",
        }
    }

    /// The three answers offered.
    pub fn options_vi(self) -> [&'static str; 3] {
        match self {
            Self::LagGrowth => [
                "Đứng yên ở một mức",
                "Tăng dần, không dừng",
                "Dao động lên xuống quanh một mức",
            ],
            Self::StaleCache => [
                "Chỉ chừng độ trễ của event bus (dưới 1 giây)",
                "Tới khi bản sao trong cache hết hạn (tối đa 30 giây)",
                "Mãi mãi, tới khi có người xoá cache bằng tay",
            ],
            Self::CrashRecovery => [
                "Thiếu các event ghi trong lúc projector sập",
                "Khớp phía ghi: không thiếu, không trùng event nào",
                "Một số event bị áp dụng hai lần",
            ],
        }
    }

    /// Why the engine answered as it did.
    pub fn explanation_vi(self) -> &'static str {
        match self {
            Self::LagGrowth => "Khi event đến nhanh hơn khả năng xử lý, phần chênh lệch (50 − 40 = 10 event mỗi giây) dồn vào hàng đợi và không bao giờ tự tan: độ trễ tăng tuyến tính, cả theo số event lẫn theo mili giây. Chỉ có tăng công suất projector (thêm consumer, thêm partition) hoặc giảm tải mới kéo nó xuống. Hệ thống thật theo dõi đúng con số này (Kafka: LAG = LOG-END-OFFSET − CURRENT-OFFSET) và báo động khi nó tăng mãi.",
            Self::StaleCache => "Read model nhận giá mới sau độ trễ của event bus, nhưng trang chi tiết đọc cache trước. Không ai xoá bản sao cũ, nên nó sống tới hết TTL. Với TTL 1 giờ như trong bài, khoảng “nói sai” là tới 1 giờ. Bật lại xoá cache rồi thử: giá mới hiện sau chừng độ trễ của event bus.",
            Self::CrashRecovery => "Command không đi qua projector nên phía ghi vẫn nhận đủ event. Khi sập, projector chỉ mất hộp thư và tiến độ chưa commit; khởi động lại, nó đọc lại log từ checkpoint đã commit. Những event đã áp dụng sau checkpoint được đọc lại lần nữa, nhưng projector so phiên bản từng khoá học và bỏ qua chúng (idempotent), nên không event nào bị tính hai lần.",
        }
    }

    /// The settings the check runs with (the student's seed kept).
    pub fn params(self, seed: u64) -> Params {
        let base = Params {
            seed,
            ..Params::default()
        };
        match self {
            Self::LagGrowth => Params {
                write_rate: 50.0,
                capacity: 40.0,
                ..base
            },
            Self::StaleCache => Params {
                invalidation: false,
                ttl_ms: 30_000,
                ..base
            },
            Self::CrashRecovery => base,
        }
    }

    fn actions(self) -> Vec<(u64, Action)> {
        match self {
            Self::LagGrowth => Vec::new(),
            Self::StaleCache => {
                let price = SEED_CATALOG[1].3 - 100_000;
                vec![
                    (
                        900_000,
                        Action::VisitorRead {
                            course: CACHE_COURSE,
                        },
                    ),
                    (
                        1_000_000,
                        Action::UpdatePrice {
                            course: CACHE_COURSE,
                            price,
                        },
                    ),
                ]
            }
            Self::CrashRecovery => vec![
                (3_000_000, Action::Crash),
                (8_000_000, Action::Resume),
                (12_000_000, Action::StopLoad),
            ],
        }
    }

    /// Longest run of the check, ms.
    pub fn end_ms(self) -> u64 {
        match self {
            Self::LagGrowth => 30_000,
            Self::StaleCache => 45_000,
            Self::CrashRecovery => 14_000,
        }
    }
}

/// What the engine showed, as one of the offered answers, with the numbers behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// Index into [`Question::options_vi`].
    pub answer: usize,
    /// What was measured, in words.
    pub summary_vi: String,
}

#[derive(Debug, Clone, Default)]
struct Probe {
    lag_at_10s: Option<u64>,
    lag_min: u64,
    lag_max: u64,
    lag_ms_at_10s: f64,
    updated_at_ms: Option<f64>,
    last_stale_ms: Option<f64>,
    fresh_since_ms: Option<f64>,
    head_at_crash: u64,
    head_at_resume: u64,
    resume_at_ms: Option<f64>,
    caught_up_ms: Option<f64>,
}

/// A check in progress.
#[derive(Debug, Clone)]
pub struct Check {
    /// The question being checked.
    pub question: Question,
    actions: VecDeque<(u64, Action)>,
    probe: Probe,
    done: bool,
}

/// What a visitor opening the course page sees is stale: the cached copy if there is one,
/// else the read model.
fn visitor_sees_stale(row: &CourseRowView) -> bool {
    match &row.cached {
        Some(_) => row.cache_stale,
        None => row.read_stale,
    }
}

impl Check {
    /// A check of `question`, to run on a fresh [`Sim`] built from [`Question::params`].
    pub fn new(question: Question) -> Self {
        Self {
            question,
            actions: question.actions().into(),
            probe: Probe::default(),
            done: false,
        }
    }

    /// The check has seen enough.
    pub fn finished(&self) -> bool {
        self.done
    }

    /// Advances `sim` by `dt_us`, applying the scheduled actions at their time and looking at
    /// the engine every 100 ms of virtual time. Returns what the actions did, for the log.
    pub fn advance(&mut self, sim: &mut Sim, dt_us: u64) -> Vec<Result<Applied, String>> {
        let mut notes = Vec::new();
        let end = sim.now_us().saturating_add(dt_us);
        while sim.now_us() < end && !self.done {
            let now = sim.now_us();
            let mut to = (now + PROBE_US).min(end);
            if let Some(&(at, _)) = self.actions.front() {
                if at > now {
                    to = to.min(at);
                }
            }
            sim.advance(to - now);
            while let Some(&(at, a)) = self.actions.front() {
                if at > sim.now_us() {
                    break;
                }
                self.actions.pop_front();
                self.before_action(sim, a);
                notes.push(apply(sim, a));
            }
            self.look(sim);
        }
        notes
    }

    fn before_action(&mut self, sim: &Sim, a: Action) {
        match a {
            Action::Crash => self.probe.head_at_crash = sim.head(),
            Action::Resume => {
                self.probe.head_at_resume = sim.head();
                self.probe.resume_at_ms = Some(sim.now_ms());
            }
            Action::UpdatePrice { .. } => self.probe.updated_at_ms = Some(sim.now_ms()),
            _ => {}
        }
    }

    fn look(&mut self, sim: &Sim) {
        let now = sim.now_ms();
        let p = &mut self.probe;
        match self.question {
            Question::LagGrowth => {
                let lag = sim.lag_events();
                if now >= 10_000.0 {
                    if p.lag_at_10s.is_none() {
                        p.lag_at_10s = Some(lag);
                        p.lag_ms_at_10s = sim.lag().lag_ms;
                        p.lag_min = lag;
                        p.lag_max = lag;
                    }
                    p.lag_min = p.lag_min.min(lag);
                    p.lag_max = p.lag_max.max(lag);
                }
            }
            Question::StaleCache => {
                if p.updated_at_ms.is_some() {
                    let stale = sim
                        .courses()
                        .iter()
                        .find(|r| r.write.id == CACHE_COURSE)
                        .is_none_or(visitor_sees_stale);
                    if stale {
                        p.last_stale_ms = Some(now);
                        p.fresh_since_ms = None;
                    } else if p.fresh_since_ms.is_none() {
                        p.fresh_since_ms = Some(now);
                    }
                    if p.fresh_since_ms.is_some_and(|t| now - t >= 1_000.0) {
                        self.done = true;
                    }
                }
            }
            Question::CrashRecovery => {
                if p.resume_at_ms.is_some()
                    && p.caught_up_ms.is_none()
                    && sim.lag().processed >= p.head_at_resume
                {
                    p.caught_up_ms = Some(now);
                }
            }
        }
        if now >= self.question.end_ms() as f64 {
            self.done = true;
        }
    }

    /// Virtual time of the check so far and its longest run, ms.
    pub fn progress(&self, sim: &Sim) -> (f64, f64) {
        (sim.now_ms(), self.question.end_ms() as f64)
    }

    /// The answer the engine gave, read off the run.
    pub fn observe(&self, sim: &Sim) -> Observation {
        let p = &self.probe;
        match self.question {
            Question::LagGrowth => {
                let start = p.lag_at_10s.unwrap_or(0);
                let end = sim.lag_events();
                let secs = ((sim.now_ms() - 10_000.0) / 1_000.0).max(1.0);
                let growth = end as f64 - start as f64;
                let range = (p.lag_max - p.lag_min) as f64;
                let answer = if growth >= 50.0 && growth >= 0.5 * range {
                    1
                } else if range > 50.0 {
                    2
                } else {
                    0
                };
                Observation {
                    answer,
                    summary_vi: format!(
                        "Lúc 10 giây độ trễ là {} event ({}); lúc {} giây là {} event ({}). Trung bình mỗi giây thêm {} event, trong khi 50 − 40 = 10.",
                        group_digits(start as i64),
                        duration_text(p.lag_ms_at_10s),
                        decimal(sim.now_ms() / 1_000.0, 0),
                        group_digits(end as i64),
                        duration_text(sim.lag().lag_ms),
                        decimal(growth / secs, 1)
                    ),
                }
            }
            Question::StaleCache => {
                let updated = p.updated_at_ms.unwrap_or(0.0);
                let stale_for = p.last_stale_ms.map_or(0.0, |t| t - updated);
                let fresh_at_end = p.fresh_since_ms.is_some();
                let answer = if !fresh_at_end {
                    2
                } else if stale_for < 2_000.0 {
                    0
                } else {
                    1
                };
                let tail = if fresh_at_end {
                    "rồi mới thấy giá mới".to_string()
                } else {
                    format!(
                        "và tới hết {} giây vẫn chưa thấy giá mới",
                        decimal(sim.now_ms() / 1_000.0, 0)
                    )
                };
                Observation {
                    answer,
                    summary_vi: format!(
                        "Giá đổi lúc {} giây. Người mở trang KH-002 thấy giá cũ thêm khoảng {} {tail}. Cache: {} lượt trúng, {} lượt xoá do đổi giá, {} lượt hết hạn.",
                        decimal(updated / 1_000.0, 1),
                        duration_text(stale_for),
                        group_digits(sim.cache_stats().hits as i64),
                        group_digits(sim.cache_stats().invalidations as i64),
                        group_digits(sim.cache_stats().expirations as i64)
                    ),
                }
            }
            Question::CrashRecovery => {
                let rows = sim.courses();
                let missing: u64 = rows.iter().map(|r| r.read_versions_behind as u64).sum();
                // No price changes in this run: a course's version is 1 (created) plus its
                // learning events, so counters above that mean an event was applied twice.
                let doubled: u64 = rows
                    .iter()
                    .filter_map(|r| r.read.as_ref())
                    .map(|v| {
                        let counted =
                            1 + v.total_views + v.total_quiz_attempts + v.total_progress_updates;
                        counted.saturating_sub(v.version as u64)
                    })
                    .sum();
                let answer = if missing > 0 {
                    0
                } else if doubled > 0 {
                    2
                } else {
                    1
                };
                let stats = sim.projector_stats();
                let catch_up = match (p.resume_at_ms, p.caught_up_ms) {
                    (Some(a), Some(b)) => format!("bắt kịp sau {}", duration_text(b - a)),
                    _ => "chưa bắt kịp".to_string(),
                };
                Observation {
                    answer,
                    summary_vi: format!(
                        "Trong 5 giây projector sập, phía ghi vẫn nhận {} event. Khởi động lại, projector đọc lại {} event từ checkpoint, bỏ qua {} bản đã áp dụng rồi và {catch_up}. Lúc {} giây: read model thiếu {} event, áp dụng trùng {} event.",
                        group_digits(p.head_at_resume.saturating_sub(p.head_at_crash) as i64),
                        group_digits(stats.replayed as i64),
                        group_digits(stats.duplicates_skipped as i64),
                        decimal(sim.now_ms() / 1_000.0, 0),
                        group_digits(missing as i64),
                        group_digits(doubled as i64)
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(q: Question, seed: u64) -> (Observation, Vec<Result<Applied, String>>) {
        let p = q.params(seed);
        let mut sim = Sim::new(p.config(), p.seed).expect("valid");
        let mut check = Check::new(q);
        let mut notes = Vec::new();
        // Frames of 400 ms, as the lab at speed 8.
        for _ in 0..1_000 {
            notes.extend(check.advance(&mut sim, 400_000));
            if check.finished() {
                break;
            }
        }
        assert!(check.finished());
        (check.observe(&sim), notes)
    }

    #[test]
    fn lag_grows_when_writes_outpace_the_projector() {
        for seed in [1, 2024] {
            let (o, _) = run(Question::LagGrowth, seed);
            assert_eq!(o.answer, 1, "{}", o.summary_vi);
        }
    }

    #[test]
    fn without_invalidation_the_cache_is_stale_until_its_ttl() {
        for seed in [1, 2024] {
            let (o, notes) = run(Question::StaleCache, seed);
            assert_eq!(o.answer, 1, "{}", o.summary_vi);
            assert_eq!(notes.len(), 2);
            assert!(notes.iter().all(Result::is_ok));
        }
    }

    #[test]
    fn a_crash_loses_nothing_and_doubles_nothing() {
        for seed in [1, 2024] {
            let (o, notes) = run(Question::CrashRecovery, seed);
            assert_eq!(o.answer, 1, "{}", o.summary_vi);
            assert!(o.summary_vi.contains("bắt kịp sau"), "{}", o.summary_vi);
            assert_eq!(notes.len(), 3);
        }
    }

    #[test]
    fn every_question_has_three_vietnamese_answers() {
        for q in Question::ALL {
            assert_eq!(q.options_vi().len(), 3);
            assert!(!q.prompt_vi().is_ascii());
            assert!(q.params(1).config().validate().is_ok());
        }
    }
}
