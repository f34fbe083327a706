//! What the student (or a scripted check) does to the run, applied to the engine, with the
//! line the lab's log shows. Plain functions over [`Sim`], tested natively.

use crate::sim::cqrs::{
    CourseId, LearningKind, ProjectorStatus, ReadPath, RywStrategy, Sim, UpdatePrice,
};
use crate::sim::format::{group_digits, vnd};
use crate::ui::widgets::lab_log::Tone;

/// Reason written with a price changed from the lab's form.
pub const PRICE_REASON: &str = "Giảng viên đổi giá trong phòng thí nghiệm";

/// One thing done to the run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// Pause the projector.
    Pause,
    /// Crash the projector.
    Crash,
    /// Resume (after a pause) or restart (after a crash) the projector.
    Resume,
    /// A price change through the write side.
    UpdatePrice { course: CourseId, price: i64 },
    /// A visitor opens the course page (cache first, then the read model).
    VisitorRead { course: CourseId },
    /// One learning event by hand.
    Learning { course: CourseId, learner: u32 },
    /// The user changes a price, then reads it back with a strategy.
    WriteThenRead {
        course: CourseId,
        price: i64,
        strategy: RywStrategy,
    },
    /// One price change read back with all three strategies.
    WriteThenReadAll {
        course: CourseId,
        price: i64,
        timeout_ms: u64,
    },
    /// Stop the simulated learners (used by a scripted check so that the run drains).
    StopLoad,
}

/// A projector restart being watched until the read side has caught up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CatchUp {
    /// The head when the projector came back: caught up once everything up to it is processed.
    pub target: u64,
    /// Processed position when it came back.
    pub from: u64,
    /// Virtual time it came back, ms.
    pub since_ms: f64,
}

/// What an action did, for the log.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The line for the log.
    pub note: String,
    /// Tone of the line.
    pub tone: Tone,
    /// Set when the projector came back and the catch-up should be watched.
    pub catch_up: Option<CatchUp>,
}

impl Applied {
    fn info(note: String) -> Self {
        Self {
            note,
            tone: Tone::Info,
            catch_up: None,
        }
    }
}

/// The price a quick "change the price" suggests: 100.000 ₫ down, or up when that would go
/// below 100.000 ₫.
pub fn suggested_price(current: i64) -> i64 {
    if current > 200_000 {
        current - 100_000
    } else {
        current + 100_000
    }
}

/// The price the read-your-writes user writes: 10.000 ₫ up and down in turn.
pub fn ryw_price(current: i64, up: bool) -> i64 {
    if up || current <= 10_000 {
        current + 10_000
    } else {
        current - 10_000
    }
}

/// Label of a read strategy with its parameter.
pub fn strategy_text(s: RywStrategy) -> String {
    match s {
        RywStrategy::WaitForVersion { timeout_ms } => format!(
            "{} (tối đa {})",
            s.kind().label_vi(),
            super::params::duration_text(timeout_ms as f64)
        ),
        _ => s.kind().label_vi().to_string(),
    }
}

/// Applies `action` to `sim`. A refused command leaves the run untouched and returns the
/// engine's Vietnamese message.
pub fn apply(sim: &mut Sim, action: Action) -> Result<Applied, String> {
    match action {
        Action::Pause => {
            if sim.projector_status() != ProjectorStatus::Running {
                return Err("Projector không chạy nên không tạm dừng được.".to_string());
            }
            sim.pause_projector();
            let lag = sim.lag();
            Ok(Applied {
                note: format!(
                    "Projector tạm dừng. Phía ghi vẫn nhận event; read model đứng yên ở vị trí {}.",
                    group_digits(lag.processed as i64)
                ),
                tone: Tone::Warn,
                catch_up: None,
            })
        }
        Action::Crash => {
            if sim.projector_status() == ProjectorStatus::Crashed {
                return Err("Projector đã sập rồi.".to_string());
            }
            let before = sim.lag();
            sim.crash_projector();
            let after = sim.lag();
            Ok(Applied {
                note: format!(
                    "Projector sập: mất hộp thư {} event và tiến độ chưa commit; checkpoint vẫn ở {}. Read model giữ những gì đã áp dụng.",
                    group_digits(before.inbox as i64),
                    group_digits(after.checkpoint as i64)
                ),
                tone: Tone::Warn,
                catch_up: None,
            })
        }
        Action::Resume => {
            let status = sim.projector_status();
            if status == ProjectorStatus::Running {
                return Err("Projector đang chạy, không có gì để tiếp tục.".to_string());
            }
            sim.resume_projector();
            let lag = sim.lag();
            let behind = lag.head.saturating_sub(lag.processed);
            let how = if status == ProjectorStatus::Crashed {
                format!(
                    "khởi động lại, đọc lại log từ checkpoint {}",
                    group_digits(lag.checkpoint as i64)
                )
            } else {
                "chạy tiếp từ chỗ đã dừng".to_string()
            };
            Ok(Applied {
                note: format!(
                    "Projector {how}: còn {} event phải bắt kịp.",
                    group_digits(behind as i64)
                ),
                tone: Tone::Info,
                catch_up: Some(CatchUp {
                    target: lag.head,
                    from: lag.processed,
                    since_ms: sim.now_ms(),
                }),
            })
        }
        Action::UpdatePrice { course, price } => {
            let old = sim.write_view(course).map(|c| c.price);
            let r = sim
                .update_price(&UpdatePrice {
                    id: course,
                    new_price: price,
                    reason: PRICE_REASON.to_string(),
                })
                .map_err(|e| e.message_vi())?;
            Ok(Applied::info(format!(
                "Phía ghi: {course} đổi giá {} → {} (phiên bản {}). Read model chưa biết cho tới khi event được chiếu.",
                old.map_or_else(|| "?".to_string(), vnd),
                vnd(price),
                group_digits(r.version as i64)
            )))
        }
        Action::VisitorRead { course } => {
            let r = sim
                .read_course(course, ReadPath::Cache)
                .map_err(|e| e.message_vi())?;
            let truth = sim.write_view(course).map_or(0, |c| c.price);
            let Some(v) = r.view else {
                return Ok(Applied {
                    note: format!(
                        "Khách mở trang {course}: phía đọc chưa có khoá học này (“không tìm thấy”)."
                    ),
                    tone: Tone::Warn,
                    catch_up: None,
                });
            };
            let from = r.source.label_vi();
            if r.price_stale {
                Ok(Applied {
                    note: format!(
                        "Khách mở trang {course}: thấy {} từ {from}, giá cũ (phía ghi đã là {}).",
                        vnd(v.price),
                        vnd(truth)
                    ),
                    tone: Tone::Warn,
                    catch_up: None,
                })
            } else {
                Ok(Applied::info(format!(
                    "Khách mở trang {course}: thấy {} từ {from}, đúng giá hiện tại.",
                    vnd(v.price)
                )))
            }
        }
        Action::Learning { course, learner } => {
            let r = sim
                .record_learning(course, learner, LearningKind::VideoView)
                .map_err(|e| e.message_vi())?;
            Ok(Applied::info(format!(
                "Học viên {learner} xem video của {course}: event {} (phiên bản {}).",
                group_digits(r.position as i64),
                group_digits(r.version as i64)
            )))
        }
        Action::WriteThenRead {
            course,
            price,
            strategy,
        } => {
            let r = sim
                .write_then_read(course, price, strategy)
                .map_err(|e| e.message_vi())?;
            Ok(Applied::info(format!(
                "Người dùng đổi giá {course} thành {} (phiên bản {}) rồi đọc lại: {}.",
                vnd(price),
                group_digits(r.version as i64),
                strategy_text(strategy)
            )))
        }
        Action::WriteThenReadAll {
            course,
            price,
            timeout_ms,
        } => {
            let r = sim
                .write_then_read_all(course, price, timeout_ms)
                .map_err(|e| e.message_vi())?;
            Ok(Applied::info(format!(
                "Người dùng đổi giá {course} thành {} (phiên bản {}) rồi đọc lại bằng cả ba chiến lược.",
                vnd(price),
                group_digits(r.version as i64)
            )))
        }
        Action::StopLoad => {
            sim.set_write_rate(0.0).map_err(|e| e.message_vi())?;
            Ok(Applied::info(
                "Học viên ngừng ghi để đếm cho dễ: từ giờ không có event học tập mới.".to_string(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::cqrs::{Config, ReadPath};

    fn quiet() -> Sim {
        let cfg = Config {
            write_rate: 0.0,
            background_reads_per_sec: 0.0,
            ..Config::default()
        };
        Sim::new(cfg, 1).expect("valid")
    }

    #[test]
    fn price_change_then_pause_gives_a_stale_read_and_resume_converges() {
        let mut sim = quiet();
        let id = CourseId(2);
        apply(&mut sim, Action::Pause).expect("pause");
        assert!(apply(&mut sim, Action::Pause).is_err());
        let a = apply(
            &mut sim,
            Action::UpdatePrice {
                course: id,
                price: 890_000,
            },
        )
        .expect("ok");
        assert!(a.note.contains("890.000 ₫"), "{}", a.note);
        sim.advance_ms(2_000.0);
        let seen = apply(&mut sim, Action::VisitorRead { course: id }).expect("read");
        assert_eq!(seen.tone, Tone::Warn, "{}", seen.note);
        let resumed = apply(&mut sim, Action::Resume).expect("resume");
        let cu = resumed.catch_up.expect("watched");
        assert_eq!(cu.target, sim.head());
        sim.advance_ms(2_000.0);
        assert!(sim.lag().processed >= cu.target);
        let r = sim.read_course(id, ReadPath::ReadModel).expect("course");
        assert!(!r.price_stale);
    }

    #[test]
    fn refused_commands_say_why_in_vietnamese() {
        let mut sim = quiet();
        let e = apply(
            &mut sim,
            Action::UpdatePrice {
                course: CourseId(2),
                price: 0,
            },
        )
        .expect_err("refused");
        assert!(e.contains("lớn hơn 0"), "{e}");
        let e = apply(
            &mut sim,
            Action::VisitorRead {
                course: CourseId(99),
            },
        )
        .expect_err("refused");
        assert!(e.contains("KH-099"), "{e}");
    }

    #[test]
    fn suggested_prices_stay_positive() {
        assert_eq!(suggested_price(990_000), 890_000);
        assert_eq!(suggested_price(150_000), 250_000);
        assert_eq!(ryw_price(10_000, false), 20_000);
        assert_eq!(ryw_price(500_000, false), 490_000);
    }
}
