//! The decision helper: the lesson's "when to use / when to avoid" rules and its complexity
//! table (chapter "Chi phí & quyết định") applied to a described system.
//!
//! Each pattern gets a verdict and the reasons behind it, every reason being one bullet of the
//! lesson, so the student can see which rule decided.

/// What the student tells about their system.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct System {
    pub team_size: u32,
    pub services: u32,
    /// Reads per write (10 means ten reads for every write).
    pub read_write_ratio: f64,
    /// Full-text search or heavy aggregations are needed.
    pub complex_queries: bool,
    /// Every read must see the latest write.
    pub strong_consistency: bool,
    /// The law or the business requires a complete audit trail.
    pub audit_required: bool,
    /// State at a past moment is needed (debugging, analysis).
    pub time_travel: bool,
    /// The team has built event-driven systems before.
    pub event_driven_experience: bool,
    /// A tight deadline: the product must ship fast.
    pub tight_deadline: bool,
    pub kubernetes: bool,
    /// A dedicated platform / DevOps team exists.
    pub platform_team: bool,
    /// mTLS between every pair of services is required.
    pub mtls_everywhere: bool,
    /// Canary releases or A/B testing are needed.
    pub advanced_traffic: bool,
    /// The application cannot afford about 1 ms per hop (sub-millisecond budgets).
    pub latency_critical: bool,
}

impl Default for System {
    /// The lesson's e-commerce scenario: 15 developers, 8 services, one PostgreSQL.
    fn default() -> Self {
        Self {
            team_size: 15,
            services: 8,
            read_write_ratio: 20.0,
            complex_queries: true,
            strong_consistency: false,
            audit_required: true,
            time_travel: false,
            event_driven_experience: false,
            tight_deadline: false,
            kubernetes: true,
            platform_team: false,
            mtls_everywhere: false,
            advanced_traffic: false,
            latency_critical: false,
        }
    }
}

/// The patterns the helper weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    Cqrs,
    EventSourcing,
    CqrsPlusEs,
    ServiceMesh,
}

impl Pattern {
    pub const ALL: [Pattern; 4] = [
        Pattern::Cqrs,
        Pattern::EventSourcing,
        Pattern::CqrsPlusEs,
        Pattern::ServiceMesh,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Pattern::Cqrs => "CQRS",
            Pattern::EventSourcing => "Event Sourcing",
            Pattern::CqrsPlusEs => "CQRS + Event Sourcing",
            Pattern::ServiceMesh => "Service Mesh",
        }
    }

    /// The team size the lesson's complexity table gives for the pattern: (from, to).
    pub fn team_range(self) -> (u32, Option<u32>) {
        match self {
            Pattern::Cqrs => (5, Some(20)),
            Pattern::EventSourcing => (10, Some(50)),
            Pattern::CqrsPlusEs | Pattern::ServiceMesh => (20, None),
        }
    }
}

/// How strongly a pattern fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// One of the lesson's "avoid" rules applies.
    Avoid,
    /// Some reasons for, none decisive; measure the problem first.
    Consider,
    /// The problem the pattern solves is there, and nothing rules it out.
    Fits,
}

impl Verdict {
    pub fn label_vi(self) -> &'static str {
        match self {
            Verdict::Avoid => "Nên tránh",
            Verdict::Consider => "Cân nhắc, đo trước đã",
            Verdict::Fits => "Phù hợp",
        }
    }
}

/// One rule of the lesson that spoke, for or against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// True when the rule argues for the pattern.
    pub for_pattern: bool,
    pub text: String,
}

/// The helper's answer for one pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub pattern: Pattern,
    pub verdict: Verdict,
    pub reasons: Vec<Reason>,
}

fn pro(text: impl Into<String>) -> Reason {
    Reason {
        for_pattern: true,
        text: text.into(),
    }
}

fn con(text: impl Into<String>) -> Reason {
    Reason {
        for_pattern: false,
        text: text.into(),
    }
}

fn team_reason(p: Pattern, team: u32) -> Option<Reason> {
    let (from, to) = p.team_range();
    let range = match to {
        Some(to) => format!("{from}–{to} người"),
        None => format!("từ {from} người"),
    };
    if team < from {
        Some(con(format!(
            "Đội {team} người nhỏ hơn quy mô {range} mà bảng so sánh độ phức tạp gợi ý cho {}.",
            p.name()
        )))
    } else {
        Some(pro(format!(
            "Đội {team} người đủ quy mô ({range}) để gánh {}.",
            p.name()
        )))
    }
}

fn verdict(reasons: &[Reason], decisive_for: bool, blocked: bool) -> Verdict {
    if blocked {
        Verdict::Avoid
    } else if decisive_for && reasons.iter().all(|r| r.for_pattern) {
        Verdict::Fits
    } else if reasons.iter().any(|r| r.for_pattern) {
        Verdict::Consider
    } else {
        Verdict::Avoid
    }
}

fn cqrs(s: &System) -> Assessment {
    let mut r = Vec::new();
    let asymmetric = s.read_write_ratio >= 10.0;
    if asymmetric {
        r.push(pro(format!(
            "Đọc gấp {} lần ghi: vượt ngưỡng 10:1 của bài học.",
            crate::sim::format::decimal(s.read_write_ratio, 0)
        )));
    } else {
        r.push(con(format!(
            "Đọc chỉ gấp {} lần ghi, dưới ngưỡng 10:1: hai phía gần tương đương.",
            crate::sim::format::decimal(s.read_write_ratio, 1)
        )));
    }
    if s.complex_queries {
        r.push(pro(
            "Cần truy vấn phức tạp (full-text search, aggregation).",
        ));
    }
    if s.strong_consistency {
        r.push(con(
            "Bắt buộc strong consistency, trong khi read model chỉ eventual consistency.",
        ));
    }
    if s.event_driven_experience {
        r.push(pro("Đội đã có kinh nghiệm event-driven architecture."));
    } else {
        r.push(con(
            "Đội chưa có kinh nghiệm event-driven: chi phí học ⭐⭐ và đồng bộ ⭐⭐⭐⭐.",
        ));
    }
    r.extend(team_reason(Pattern::Cqrs, s.team_size));
    let need = asymmetric || s.complex_queries;
    let blocked = s.strong_consistency || s.team_size < 5 || !need;
    Assessment {
        pattern: Pattern::Cqrs,
        verdict: verdict(&r, need, blocked),
        reasons: r,
    }
}

fn event_sourcing(s: &System) -> Assessment {
    let mut r = Vec::new();
    if s.audit_required {
        r.push(pro("Audit trail là yêu cầu bắt buộc."));
    }
    if s.time_travel {
        r.push(pro("Cần time travel để gỡ lỗi hoặc phân tích."));
    }
    let need = s.audit_required || s.time_travel;
    if !need {
        r.push(con("Không cần audit trail hay time travel: CRUD là đủ."));
    }
    if s.event_driven_experience {
        r.push(pro("Đội đã quen event-driven design."));
    } else {
        r.push(con(
            "Đội chưa quen event-driven design (mental model ⭐⭐⭐⭐, schema evolution ⭐⭐⭐⭐⭐); một audit log thường đã đủ cho compliance.",
        ));
    }
    if s.tight_deadline {
        r.push(con("Deadline gấp, cần ra sản phẩm nhanh."));
    }
    r.extend(team_reason(Pattern::EventSourcing, s.team_size));
    let blocked = !need || s.tight_deadline;
    Assessment {
        pattern: Pattern::EventSourcing,
        verdict: verdict(&r, need, blocked),
        reasons: r,
    }
}

fn combined(s: &System, cqrs: &Assessment, es: &Assessment) -> Assessment {
    let mut r = vec![Reason {
        for_pattern: cqrs.verdict == Verdict::Fits,
        text: format!("CQRS riêng lẻ: {}.", cqrs.verdict.label_vi().to_lowercase()),
    }];
    r.push(Reason {
        for_pattern: es.verdict == Verdict::Fits,
        text: format!(
            "Event Sourcing riêng lẻ: {}.",
            es.verdict.label_vi().to_lowercase()
        ),
    });
    r.extend(team_reason(Pattern::CqrsPlusEs, s.team_size));
    let blocked = cqrs.verdict == Verdict::Avoid || es.verdict == Verdict::Avoid;
    let both = cqrs.verdict == Verdict::Fits && es.verdict == Verdict::Fits;
    Assessment {
        pattern: Pattern::CqrsPlusEs,
        verdict: verdict(&r, both, blocked || s.team_size < 20),
        reasons: r,
    }
}

fn mesh(s: &System) -> Assessment {
    let mut r = Vec::new();
    if s.services >= 10 {
        r.push(pro(format!("{} microservice: từ 10 trở lên.", s.services)));
    } else {
        r.push(con(format!(
            "Chỉ {} service, ít hơn 10: chưa đủ để bù độ phức tạp.",
            s.services
        )));
    }
    if s.mtls_everywhere {
        r.push(pro("Cần mTLS giữa mọi service."));
    }
    if s.advanced_traffic {
        r.push(pro("Cần quản lý traffic nâng cao (canary, A/B testing)."));
    }
    if s.platform_team {
        r.push(pro("Có đội platform/DevOps chuyên trách."));
    } else {
        r.push(con("Không có đội DevOps chuyên trách (vận hành ⭐⭐⭐⭐)."));
    }
    if !s.kubernetes {
        r.push(con("Không chạy Kubernetes."));
    }
    if s.latency_critical {
        r.push(con(
            "Cực kỳ nhạy với độ trễ: mỗi hop qua sidecar thêm 1–2 ms.",
        ));
    }
    r.extend(team_reason(Pattern::ServiceMesh, s.team_size));
    let blocked = s.services < 10 || !s.kubernetes || !s.platform_team || s.latency_critical;
    Assessment {
        pattern: Pattern::ServiceMesh,
        verdict: verdict(&r, s.services >= 10, blocked),
        reasons: r,
    }
}

/// The helper's advice: one assessment per pattern, in [`Pattern::ALL`] order.
pub fn assess(s: &System) -> Vec<Assessment> {
    let c = cqrs(s);
    let e = event_sourcing(s);
    let both = combined(s, &c, &e);
    let m = mesh(s);
    vec![c, e, both, m]
}

/// One sentence summing the advice up.
pub fn summary_vi(assessments: &[Assessment]) -> String {
    let fits: Vec<&str> = assessments
        .iter()
        .filter(|a| a.verdict == Verdict::Fits)
        .map(|a| a.pattern.name())
        .collect();
    let consider: Vec<&str> = assessments
        .iter()
        .filter(|a| a.verdict == Verdict::Consider)
        .map(|a| a.pattern.name())
        .collect();
    match (fits.is_empty(), consider.is_empty()) {
        (true, true) => "Giữ Simple CRUD: không vấn đề nào ở đây cần đến một pattern nâng cao.".to_string(),
        (true, false) => format!(
            "Giữ Simple CRUD làm mặc định; {} có lý do để cân nhắc, nhưng hãy đo vấn đề và thử cách đơn giản trước.",
            consider.join(", ")
        ),
        (false, _) => format!(
            "Nên áp dụng {}, từng pattern một, bắt đầu từ vấn đề đau nhất; còn lại giữ đơn giản.",
            fits.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict_of(s: &System, p: Pattern) -> Verdict {
        assess(s)
            .into_iter()
            .find(|a| a.pattern == p)
            .unwrap()
            .verdict
    }

    #[test]
    fn the_lesson_scenario_never_gets_all_three() {
        let s = System::default();
        assert_eq!(verdict_of(&s, Pattern::ServiceMesh), Verdict::Avoid);
        assert_eq!(verdict_of(&s, Pattern::CqrsPlusEs), Verdict::Avoid);
        assert_ne!(verdict_of(&s, Pattern::Cqrs), Verdict::Avoid);
    }

    #[test]
    fn a_small_crud_app_keeps_crud() {
        let s = System {
            team_size: 3,
            services: 1,
            read_write_ratio: 2.0,
            complex_queries: false,
            audit_required: false,
            ..System::default()
        };
        let a = assess(&s);
        assert!(a.iter().all(|x| x.verdict == Verdict::Avoid));
        assert!(summary_vi(&a).starts_with("Giữ Simple CRUD"));
    }

    #[test]
    fn strong_consistency_rules_out_cqrs() {
        let s = System {
            strong_consistency: true,
            ..System::default()
        };
        assert_eq!(verdict_of(&s, Pattern::Cqrs), Verdict::Avoid);
    }

    #[test]
    fn a_large_platform_fits_everything() {
        let s = System {
            team_size: 60,
            services: 40,
            read_write_ratio: 50.0,
            audit_required: true,
            time_travel: true,
            event_driven_experience: true,
            platform_team: true,
            mtls_everywhere: true,
            advanced_traffic: true,
            ..System::default()
        };
        for p in Pattern::ALL {
            assert_eq!(verdict_of(&s, p), Verdict::Fits, "{p:?}");
        }
    }

    #[test]
    fn every_assessment_gives_reasons() {
        for a in assess(&System::default()) {
            assert!(!a.reasons.is_empty());
        }
    }
}
