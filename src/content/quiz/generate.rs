//! Questions with fresh numbers: each kind turns a seed into its parameters (`X::from_seed`)
//! and then into a [`Question`] whose answer the engines compute: the event log and snapshots
//! of `sim::es`, the CQRS pipeline of `sim::cqrs`, the retry, ejection and sidecar figures of
//! `sim::mesh`. Everything is a pure function of the seed, so a saved answer can be judged
//! again with the very numbers it answered.

use super::{Kind, Question, Trap};
use crate::sim::cqrs::{Config, Sim};
use crate::sim::es::{generate, Interval, Snapshots, GENERATED_STREAM};
use crate::sim::format::{decimal, group_digits, vnd};
use crate::sim::mesh::policy::ejection_time_ms;
use crate::sim::mesh::storm::closed_form;
use crate::sim::mesh::tax::{lesson_tax, LESSON};
use crate::sim::rng::Rng;

/// A kind of generated question.
#[derive(Debug)]
pub struct GeneratedKind {
    /// The question id (one per kind: a new attempt gets new numbers, not a new id).
    pub id: &'static str,
    /// The chapter it checks.
    pub chapter: &'static str,
    /// Seed → question.
    pub make: fn(u64) -> Question,
}

/// Every generated kind.
pub static KINDS: [GeneratedKind; 7] = [
    GeneratedKind {
        id: "gen-cqrs-lag",
        chapter: "cqrs",
        make: cqrs_lag,
    },
    GeneratedKind {
        id: "gen-es-balance",
        chapter: "event-sourcing",
        make: es_balance,
    },
    GeneratedKind {
        id: "gen-snapshot-tail",
        chapter: "snapshots",
        make: snapshot_tail,
    },
    GeneratedKind {
        id: "gen-retry-storm",
        chapter: "service-mesh",
        make: retry_storm,
    },
    GeneratedKind {
        id: "gen-success-rate",
        chapter: "service-mesh",
        make: success_rate,
    },
    GeneratedKind {
        id: "gen-ejection",
        chapter: "service-mesh",
        make: ejection,
    },
    GeneratedKind {
        id: "gen-sidecar-tax",
        chapter: "insights",
        make: sidecar_tax,
    },
];

/// The kind with this id.
pub fn kind(id: &str) -> Option<&'static GeneratedKind> {
    KINDS.iter().find(|k| k.id == id)
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.below(items.len() as u64) as usize]
}

fn between(rng: &mut Rng, lo: u64, hi: u64) -> u64 {
    lo + rng.below(hi - lo + 1)
}

fn numeric(answer: f64, tolerance: f64, unit: &str, traps: Vec<(f64, String)>) -> Kind {
    let mut kept: Vec<Trap> = Vec::new();
    for (value, note) in traps {
        let clashes = (value - answer).abs() <= tolerance
            || kept.iter().any(|t| (t.value - value).abs() <= tolerance);
        if value.is_finite() && !clashes {
            kept.push(Trap { value, note });
        }
    }
    Kind::Numeric {
        answer,
        tolerance,
        unit: unit.to_string(),
        traps: kept,
    }
}

fn question(
    id: &str,
    chapter: &str,
    prompt: String,
    details: Vec<String>,
    kind: Kind,
    explanation: String,
    link: &str,
) -> Question {
    Question {
        id: id.to_string(),
        chapter: chapter.to_string(),
        prompt,
        details,
        kind,
        explanation,
        link: link.to_string(),
    }
}

// ----- Event Sourcing: balance at a version ----------------------------------------------------

/// A generated account history and the version asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EsBalance {
    /// Seed of `sim::es::generate`.
    pub log_seed: u64,
    /// Events in the log (5–8).
    pub events: usize,
    /// Version asked about (3..=events).
    pub version: u64,
}

impl EsBalance {
    /// Parameters from a seed.
    pub fn from_seed(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let log_seed = rng.next_u64();
        let events = between(&mut rng, 5, 8) as usize;
        let version = between(&mut rng, 3, events as u64);
        EsBalance {
            log_seed,
            events,
            version,
        }
    }
}

/// “Replay to version k: what is the balance?” on a freshly generated log.
pub fn es_balance(seed: u64) -> Question {
    let p = EsBalance::from_seed(seed);
    let log = generate(p.log_seed, p.events);
    let stream = log
        .stream(GENERATED_STREAM)
        .expect("the generator always writes its stream");
    let balance_at = |v: u64| stream.state_at(v).map_or(0, |s| s.balance);
    let answer = balance_at(p.version);
    let events: Vec<_> = stream.events().collect();
    let details = events
        .iter()
        .map(|e| {
            let amount = e.event.amount().map(|a| format!(" {}", vnd(a)));
            let to = match &e.event {
                crate::sim::es::AccountEvent::TransferSent { to, .. } => format!(" tới {to}"),
                _ => String::new(),
            };
            format!(
                "#{} · {}{}{}",
                e.version,
                e.event.kind().label_vi(),
                amount.unwrap_or_default(),
                to
            )
        })
        .collect();
    let mut sum = String::from("0");
    for e in events.iter().take(p.version as usize) {
        let change = e.event.balance_change();
        if change > 0 {
            sum.push_str(&format!(" + {}", group_digits(change)));
        } else if change < 0 {
            sum.push_str(&format!(" − {}", group_digits(-change)));
        }
    }
    let k = p.version;
    let mut traps = vec![(
        balance_at(k - 1) as f64,
        format!(
            "Có vẻ bạn dừng ở #{}: trạng thái tại phiên bản {k} tính cả event #{k}.",
            k - 1
        ),
    )];
    if k < stream.version() {
        traps.push((
            balance_at(k + 1) as f64,
            format!(
                "Có vẻ bạn tính thêm event #{}: nó nằm sau phiên bản {k}.",
                k + 1
            ),
        ));
        traps.push((
            stream.head().balance as f64,
            format!(
                "Đó là số dư hiện tại, sau cả {} event; câu hỏi dừng ở phiên bản {k}.",
                stream.version()
            ),
        ));
    }
    question(
        "gen-es-balance",
        "event-sourcing",
        format!(
            "Một tài khoản vừa được sinh ngẫu nhiên với {} event dưới đây. Replay tới phiên bản #{k}: số dư là bao nhiêu?",
            p.events
        ),
        details,
        numeric(answer as f64, 0.0, "₫", traps),
        format!(
            "Replay từ #1 tới #{k}: {sum} = {}. Các event sau #{k} không được tính: đó là du hành thời gian theo phiên bản.",
            vnd(answer)
        ),
        "event-sourcing#theo-phien-ban",
    )
}

// ----- Snapshots: the tail to apply -------------------------------------------------------------

/// A generated stream, a snapshot interval and the version read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotTail {
    /// Seed of `sim::es::generate`.
    pub log_seed: u64,
    /// Events in the stream (500–5.000).
    pub events: usize,
    /// Snapshot every this many events (10, 100 or 1.000).
    pub interval: u64,
    /// Version read (1..=events).
    pub version: u64,
}

impl SnapshotTail {
    /// Parameters from a seed.
    pub fn from_seed(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let log_seed = rng.next_u64();
        let events = between(&mut rng, 500, 5_000) as usize;
        let interval = pick(&mut rng, &[10, 100, 1_000]);
        let version = between(&mut rng, 1, events as u64);
        SnapshotTail {
            log_seed,
            events,
            interval,
            version,
        }
    }
}

/// “How many events are applied after the snapshot to read version v?”
pub fn snapshot_tail(seed: u64) -> Question {
    let p = SnapshotTail::from_seed(seed);
    let log = generate(p.log_seed, p.events);
    let stream = log
        .stream(GENERATED_STREAM)
        .expect("the generator always writes its stream");
    let snapshots = Snapshots::build(stream, Interval::every(p.interval));
    let replay = snapshots
        .replay(stream, p.version)
        .expect("the version is within the stream");
    let applied = replay.events_applied;
    let (v, n) = (p.version, p.interval);
    let explanation = match replay.snapshot {
        Some(s) => format!(
            "Snapshot mới nhất không vượt quá {} nằm ở phiên bản {}; chỉ phải áp dụng phần đuôi {} − {} = {} event, thay vì {} event khi replay từ đầu.",
            group_digits(v as i64),
            group_digits(s as i64),
            group_digits(v as i64),
            group_digits(s as i64),
            group_digits(applied as i64),
            group_digits(v as i64)
        ),
        None => format!(
            "Snapshot đầu tiên nằm ở phiên bản {}, sau phiên bản {}: chưa có snapshot nào dùng được, nên phải replay từ đầu cả {} event.",
            group_digits(n as i64),
            group_digits(v as i64),
            group_digits(applied as i64)
        ),
    };
    let traps = vec![
        (
            v as f64,
            "Đó là số event khi không có snapshot, replay từ đầu.".to_string(),
        ),
        (
            (n - applied % n) as f64,
            "Đó là khoảng cách tới snapshot kế tiếp; snapshot dùng được là snapshot mới nhất không vượt quá phiên bản cần đọc.".to_string(),
        ),
        (
            (v / n) as f64,
            "Đó là số snapshot đã chụp tới phiên bản này, không phải số event phải áp dụng."
                .to_string(),
        ),
    ];
    question(
        "gen-snapshot-tail",
        "snapshots",
        format!(
            "Một stream có {} event; snapshot được chụp sau mỗi {} event (ở các phiên bản {}, {}, …). Để đọc trạng thái tại phiên bản {}, phải áp dụng bao nhiêu event sau snapshot?",
            group_digits(p.events as i64),
            group_digits(n as i64),
            group_digits(n as i64),
            group_digits(2 * n as i64),
            group_digits(v as i64)
        ),
        vec![],
        numeric(applied as f64, 0.0, "event", traps),
        explanation,
        "snapshots#trang-thai-tai-phien-ban",
    )
}

// ----- Service mesh: retry storm, success rate, ejection ----------------------------------------

/// Retries per layer and layers in the call chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryStorm {
    /// `retries.attempts` at every layer (1–3).
    pub attempts: u32,
    /// Retrying layers (2–4).
    pub layers: u32,
}

impl RetryStorm {
    /// Parameters from a seed.
    pub fn from_seed(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        RetryStorm {
            attempts: between(&mut rng, 1, 3) as u32,
            layers: between(&mut rng, 2, 4) as u32,
        }
    }
}

/// “How many calls reach the deepest service, worst case?” = (1 + attempts)^layers.
pub fn retry_storm(seed: u64) -> Question {
    let p = RetryStorm::from_seed(seed);
    let tries = p.attempts + 1;
    let answer = closed_form(tries, p.layers);
    let traps = vec![
        (
            (p.attempts as f64).powi(p.layers as i32),
            format!(
                "attempts đếm số lần retry: mỗi tầng gửi 1 + {} = {tries} lần chứ không phải {}.",
                p.attempts, p.attempts
            ),
        ),
        (
            (tries * p.layers) as f64,
            "Retry nhân lên qua từng tầng chứ không cộng dồn.".to_string(),
        ),
        (
            closed_form(tries, p.layers - 1),
            format!(
                "Đủ {} tầng đều retry: tính cả tầng gọi trực tiếp vào service sâu nhất.",
                p.layers
            ),
        ),
    ];
    question(
        "gen-retry-storm",
        "service-mesh",
        format!(
            "Một request đi qua chuỗi {} tầng gọi nhau, và tầng nào cũng retry với retries.attempts: {}. Service sâu nhất luôn trả 503. Với một request của người dùng, trong trường hợp xấu nhất service sâu nhất nhận bao nhiêu lần gọi?",
            p.layers, p.attempts
        ),
        vec![],
        numeric(answer, 0.0, "lần gọi", traps),
        format!(
            "Mỗi tầng gửi tối đa 1 + {} = {tries} lần, và mỗi lần ở tầng trên lại kéo theo {tries} lần ở tầng dưới: {tries}^{} = {}. Đó là retry storm; hãy đặt retry ở một tầng và dùng timeout làm ngân sách tổng.",
            p.attempts,
            p.layers,
            group_digits(answer as i64)
        ),
        "service-mesh#yaml",
    )
}

/// Error rate of every pod and retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuccessRate {
    /// Error rate in percent (10–50, by tens).
    pub error_percent: u32,
    /// `retries.attempts` (0–3).
    pub attempts: u32,
}

impl SuccessRate {
    /// Parameters from a seed.
    pub fn from_seed(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        SuccessRate {
            error_percent: 10 * between(&mut rng, 1, 5) as u32,
            attempts: between(&mut rng, 0, 3) as u32,
        }
    }

    /// Tries per request, A = 1 + attempts.
    pub fn tries(&self) -> u32 {
        self.attempts + 1
    }

    /// Success seen by the client, as a share: 1 − p^A.
    pub fn success(&self) -> f64 {
        1.0 - (self.error_percent as f64 / 100.0).powi(self.tries() as i32)
    }
}

/// “What share of requests succeeds with A tries when each fails with p?” = 1 − p^A.
pub fn success_rate(seed: u64) -> Question {
    let p = SuccessRate::from_seed(seed);
    let (a, tries) = (p.attempts, p.tries());
    let rate = p.error_percent as f64 / 100.0;
    let fail = rate.powi(tries as i32);
    let answer = p.success() * 100.0;
    let traps = vec![
        (
            100.0 - p.error_percent as f64,
            "Đó là tỉ lệ khi không có retry; retry cho mỗi request thêm cơ hội.".to_string(),
        ),
        (
            fail * 100.0,
            "Đó là tỉ lệ thất bại (mọi lần thử đều lỗi), không phải tỉ lệ thành công.".to_string(),
        ),
        (
            (1.0 - rate.powi(a.max(1) as i32)) * 100.0,
            format!("Tính cả lần gửi đầu: {tries} lần thử, không phải {a}."),
        ),
    ];
    question(
        "gen-success-rate",
        "service-mesh",
        format!(
            "Mọi pod của một service trả lỗi 503 với xác suất {} %, độc lập giữa các lần thử. VirtualService đặt retries.attempts: {a}, retryOn có 5xx, và không timeout nào cắt ngang. Client thấy bao nhiêu phần trăm request thành công? (Làm tròn tới hai chữ số thập phân.)",
            p.error_percent
        ),
        vec![],
        numeric(answer, 0.06, "%", traps),
        format!(
            "Một request chỉ thất bại khi cả {tries} lần thử (1 + {a}) đều lỗi: {}^{tries} = {}. Tỉ lệ thành công là 1 − {} = {} %.",
            decimal(rate, 1),
            trim_decimal(fail, 6),
            trim_decimal(fail, 6),
            trim_decimal(answer, 4)
        ),
        "service-mesh#virtualservice",
    )
}

fn trim_decimal(x: f64, places: usize) -> String {
    let s = decimal(x, places);
    if s.contains(',') {
        s.trim_end_matches('0').trim_end_matches(',').to_string()
    } else {
        s
    }
}

/// Base ejection time and how many consecutive ejections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ejection {
    /// `baseEjectionTime`, seconds (10, 15, 30 or 60).
    pub base_s: u64,
    /// The k-th consecutive ejection (1–12).
    pub k: u32,
}

impl Ejection {
    /// Parameters from a seed.
    pub fn from_seed(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        Ejection {
            base_s: pick(&mut rng, &[10, 15, 30, 60]),
            k: between(&mut rng, 1, 12) as u32,
        }
    }
}

/// “How long is the pod ejected the k-th time?” = min(k × base, 300 s).
pub fn ejection(seed: u64) -> Question {
    let p = Ejection::from_seed(seed);
    let answer = ejection_time_ms(p.k, p.base_s * 1_000) as f64 / 1_000.0;
    let uncapped = (p.k as u64 * p.base_s) as f64;
    let traps = vec![
        (
            uncapped,
            "Thời gian loại có trần: tối đa 300 s, dù k × baseEjectionTime lớn hơn.".to_string(),
        ),
        (
            p.base_s as f64,
            "Thời gian loại tăng theo số lần bị loại liên tiếp: lần thứ k là k × baseEjectionTime."
                .to_string(),
        ),
    ];
    let capped = if uncapped > answer {
        format!(
            "{} × {} = {} s vượt trần, nên là 300 s",
            p.k,
            p.base_s,
            group_digits(uncapped as i64)
        )
    } else {
        format!("{} × {} = {} s", p.k, p.base_s, group_digits(answer as i64))
    };
    question(
        "gen-ejection",
        "service-mesh",
        format!(
            "DestinationRule đặt baseEjectionTime: {}s. Một pod vừa bị loại (eject) lần thứ {} liên tiếp. Pod phải nằm ngoài danh sách cân bằng tải bao nhiêu giây?",
            p.base_s, p.k
        ),
        vec![],
        numeric(answer, 0.0, "giây", traps),
        format!(
            "Pod bị loại lần thứ k liên tiếp nằm ngoài min(k × baseEjectionTime, 300 s): {capped}. Khi pod khoẻ lại, hệ số k giảm dần sau mỗi interval."
        ),
        "service-mesh#destinationrule",
    )
}

// ----- CQRS: lag in events -----------------------------------------------------------------------

/// A CQRS lab run: write rate, when the projector is paused, for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CqrsLag {
    /// Seed of the run.
    pub sim_seed: u64,
    /// Learning events written per second.
    pub rate: u32,
    /// Seconds of normal running before the pause.
    pub run_s: u32,
    /// Seconds the projector stays paused.
    pub pause_s: u32,
}

/// What the run shows when the question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CqrsLagRun {
    /// Position of the last event written.
    pub head: u64,
    /// Last committed checkpoint.
    pub checkpoint: u64,
    /// The engine's lag in events.
    pub lag: u64,
    /// Events written while the projector was paused.
    pub written_while_paused: u64,
}

impl CqrsLag {
    /// Parameters from a seed.
    pub fn from_seed(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        CqrsLag {
            sim_seed: rng.next_u64(),
            rate: pick(&mut rng, &[50, 100, 200, 400]),
            run_s: between(&mut rng, 1, 3) as u32,
            pause_s: between(&mut rng, 1, 5) as u32,
        }
    }

    /// Runs the CQRS engine: `run_s` seconds, pause the projector, `pause_s` seconds more.
    pub fn run(&self) -> CqrsLagRun {
        let config = Config {
            write_rate: self.rate as f64,
            background_reads_per_sec: 0.0,
            ..Config::default()
        };
        let mut sim =
            Sim::new(config, self.sim_seed).unwrap_or_else(|_| Sim::with_seed(self.sim_seed));
        sim.advance_ms(self.run_s as f64 * 1_000.0);
        sim.pause_projector();
        let at_pause = sim.head();
        sim.advance_ms(self.pause_s as f64 * 1_000.0);
        CqrsLagRun {
            head: sim.head(),
            checkpoint: sim.checkpoint(),
            lag: sim.lag_events(),
            written_while_paused: sim.head() - at_pause,
        }
    }
}

/// “Head is H, the committed checkpoint is C: how far behind is the read model?” = H − C.
pub fn cqrs_lag(seed: u64) -> Question {
    let p = CqrsLag::from_seed(seed);
    let r = p.run();
    let traps = vec![
        (
            r.written_while_paused as f64,
            "Đó chỉ là số event ghi trong lúc projector dừng; các event đã ghi trước đó mà chưa được checkpoint cũng đang chờ.".to_string(),
        ),
        (
            r.head as f64,
            "Độ trễ là head trừ checkpoint, không phải bản thân head.".to_string(),
        ),
        (
            r.checkpoint as f64,
            "Checkpoint là chỗ projector đã tới; độ trễ là phần còn lại tới head.".to_string(),
        ),
    ];
    let compare = if r.lag > r.written_while_paused {
        format!(
            "Con số này lớn hơn {} event ghi trong {} giây dừng, vì ngay lúc dừng đã có event đang đi trên bus hoặc đã xử lý mà chưa được commit vào checkpoint.",
            group_digits(r.written_while_paused as i64),
            p.pause_s
        )
    } else {
        format!(
            "Đúng bằng số event ghi trong {} giây dừng: lúc dừng, checkpoint đã theo kịp head.",
            p.pause_s
        )
    };
    question(
        "gen-cqrs-lag",
        "cqrs",
        format!(
            "Trong mô phỏng CQRS, học viên ghi {} event mỗi giây. Sau {} giây chạy bình thường, projector bị tạm dừng và để yên {} giây. Lúc này write model báo vị trí đầu log (head) là {}, checkpoint đã commit của projector là {}. Read model đang chậm bao nhiêu event?",
            p.rate,
            p.run_s,
            p.pause_s,
            group_digits(r.head as i64),
            group_digits(r.checkpoint as i64)
        ),
        vec![],
        numeric(r.lag as f64, 0.0, "event", traps),
        format!(
            "Độ trễ theo event = head − checkpoint = {} − {} = {}, cách Kafka tính LOG-END-OFFSET − CURRENT-OFFSET. {compare}",
            group_digits(r.head as i64),
            group_digits(r.checkpoint as i64),
            group_digits(r.lag as i64)
        ),
        "cqrs#eventual-consistency",
    )
}

// ----- Insights: the sidecar tax -------------------------------------------------------------------

/// Pods in the mesh, and which resource is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SidecarTax {
    /// Pods (20–400, by tens).
    pub pods: u32,
    /// Ask about memory (MB) rather than CPU (cores).
    pub memory: bool,
}

impl SidecarTax {
    /// Parameters from a seed.
    pub fn from_seed(seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        SidecarTax {
            pods: 10 * between(&mut rng, 2, 40) as u32,
            memory: rng.chance(0.5),
        }
    }
}

/// “What do P sidecars cost in memory (MB) or CPU (cores), by the lesson's figures?”
pub fn sidecar_tax(seed: u64) -> Question {
    let p = SidecarTax::from_seed(seed);
    let tax = lesson_tax(p.pods, 0);
    let pods = group_digits(p.pods as i64);
    let (what, answer, unit, traps, working) = if p.memory {
        (
            "bao nhiêu MB RAM",
            tax.memory_mb,
            "MB",
            vec![(
                tax.cpu_millicores,
                "Đó là phần CPU (tính bằng millicore), không phải memory.".to_string(),
            )],
            format!(
                "{pods} × {} MB = {} MB",
                LESSON.memory_mb_per_pod,
                group_digits(tax.memory_mb as i64)
            ),
        )
    } else {
        (
            "bao nhiêu core CPU",
            tax.cpu_millicores / 1_000.0,
            "core",
            vec![(
                tax.cpu_millicores,
                "Đó là millicore; 1.000m mới là 1 core.".to_string(),
            )],
            format!(
                "{pods} × {}m = {}m = {} core",
                LESSON.cpu_millicores_per_pod,
                group_digits(tax.cpu_millicores as i64),
                trim_decimal(tax.cpu_millicores / 1_000.0, 2)
            ),
        )
    };
    question(
        "gen-sidecar-tax",
        "insights",
        format!(
            "Theo con số của Kỹ sư Raizo (mỗi sidecar thêm 50 MB RAM và 10m CPU), một mesh có {pods} pod tốn thêm {what} chỉ để nuôi sidecar?"
        ),
        vec![],
        numeric(answer, 0.001, unit, traps),
        format!(
            "Thuế sidecar nhân theo số pod: {working}. Với 100 pod, đó là 5 GB và 1 core; độ trễ thì không nhân theo số pod mà theo số hop."
        ),
        "insights#resource-tax",
    )
}
