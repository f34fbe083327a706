//! The quiz: the bank validates (every question answerable, explained, linked to a real
//! section), answers are checked and scored, generated questions agree with the engines for
//! any seed, and saved progress round-trips while corrupt input is refused without a panic.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use advanced_patterns_lab::content::chapters::chapters;
use advanced_patterns_lab::content::quiz::generate::{self, *};
use advanced_patterns_lab::content::quiz::progress::{self, *};
use advanced_patterns_lab::content::quiz::*;
use advanced_patterns_lab::sim::es::{self as es, Interval, Snapshots, GENERATED_STREAM};
use advanced_patterns_lab::sim::mesh::storm::{run_storm, StormSetup};
use proptest::prelude::*;

fn the_bank() -> &'static Bank {
    bank().expect("bank.json parses")
}

fn numeric_answer(q: &Question) -> f64 {
    match &q.kind {
        Kind::Numeric { answer, .. } => *answer,
        other => panic!("{}: not numeric: {other:?}", q.id),
    }
}

// ----- the bank ------------------------------------------------------------------------------

#[test]
fn bank_parses_and_validates() {
    if let Err(problems) = the_bank().validate() {
        panic!("bank problems:\n{}", problems.join("\n"));
    }
}

#[test]
fn enough_questions_over_every_chapter_with_generated_ones() {
    let b = the_bank();
    let slots = b.slots();
    assert!(slots.len() >= 20, "{} questions", slots.len());
    let generated = slots
        .iter()
        .filter(|s| matches!(s, Slot::Generated(_)))
        .count();
    assert!(generated >= 5, "{generated} generated");
    for c in chapters() {
        assert!(
            slots.iter().any(|s| s.chapter() == c.slug),
            "chapter “{}” has no question",
            c.slug
        );
    }
    // Slots come in lesson order.
    let order: Vec<usize> = slots
        .iter()
        .map(|s| {
            chapters()
                .iter()
                .position(|c| c.slug == s.chapter())
                .unwrap()
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn the_scenario_follows_the_lesson() {
    let s = &the_bank().scenario;
    let verdict = |id: &str| s.options.iter().find(|o| o.id == id).unwrap().verdict;
    assert_eq!(verdict("A"), Verdict::Wrong);
    assert_eq!(verdict("B"), Verdict::Optimal);
    assert_eq!(verdict("C"), Verdict::Optimal);
    assert_eq!(verdict("D"), Verdict::Partial);
    assert!(the_bank().scenario_correct("B") && the_bank().scenario_correct("C"));
    assert!(!the_bank().scenario_correct("A") && !the_bank().scenario_correct("D"));
    assert!(!the_bank().scenario_correct("E"));
    // Raizo's figures are in A's verdict.
    let a = &s.options[0].explanation;
    for fact in ["15 developer", "8 service", "6–12 tháng"] {
        assert!(a.contains(fact), "A's verdict lacks {fact}");
    }
}

#[test]
fn links_resolve_to_headings_with_labels() {
    let t = resolve("cqrs#read-your-writes").unwrap();
    assert_eq!(t.slug, "cqrs");
    assert!(t.label.starts_with("Chương 2 · CQRS: "), "{}", t.label);
    assert!(resolve("#cach-dung-lab")
        .unwrap()
        .label
        .starts_with("Chương 1 "));
    assert_eq!(resolve("cqrs#khong-co"), None);
    assert_eq!(resolve("khong-co#muc-tieu"), None);
    assert_eq!(resolve("cqrs"), None);
}

#[test]
fn validation_catches_broken_questions() {
    let mut q = the_bank().questions[0].clone();
    q.link = "cqrs#khong-co-muc-nay".into();
    q.explanation = " ".into();
    if let Kind::Single { options } = &mut q.kind {
        options[1].why = None;
        options[1].correct = true;
    }
    let problems = validate_question(&q).join("\n");
    assert!(problems.contains("resolves nowhere"), "{problems}");
    assert!(problems.contains("no explanation"), "{problems}");
    assert!(problems.contains("2 correct options"), "{problems}");

    let bad = r#"{"scenario": {"options": [], "read_more": []}, "checklist": {"items": [], "unsure": "", "against": "", "clear": "", "links": []}, "reflections": [], "questions": []}"#;
    let problems = parse_bank(bad).unwrap().validate().unwrap_err();
    assert!(problems.len() >= 4, "{problems:?}");
    assert!(parse_bank("{").is_err());
}

// ----- checking answers ----------------------------------------------------------------------

fn fixed(id: &str) -> &'static Question {
    the_bank().questions.iter().find(|q| q.id == id).unwrap()
}

fn choices(ids: &[&str]) -> Given {
    Given::Choices(ids.iter().map(|s| s.to_string()).collect())
}

#[test]
fn single_choice_feedback_names_the_mistake() {
    let q = fixed("cqrs-cache");
    assert!(q.check(&choices(&["a"])).unwrap().correct);
    let f = q.check(&choices(&["c"])).unwrap();
    assert!(!f.correct);
    assert!(f.notes[0].contains("cache invalidation"), "{:?}", f.notes);
    assert_eq!(q.check(&choices(&[])), Err(GivenError::NothingChosen));
    assert_eq!(q.check(&choices(&["a", "b"])), Err(GivenError::OneOnly));
    assert_eq!(q.check(&choices(&["z"])), Err(GivenError::DoesNotFit));
    assert_eq!(
        q.check(&Given::Number("1".into())),
        Err(GivenError::DoesNotFit)
    );
}

#[test]
fn multiple_choice_needs_exactly_the_right_set() {
    let q = fixed("cx-avoid-mesh");
    assert!(q.check(&choices(&["a", "b", "c"])).unwrap().correct);
    assert!(q.check(&choices(&["c", "b", "a"])).unwrap().correct);
    let missing = q.check(&choices(&["a", "b"])).unwrap();
    assert!(!missing.correct);
    assert!(
        missing.notes.iter().any(|n| n.contains("2/3")),
        "{missing:?}"
    );
    assert!(missing.notes.iter().any(|n| n.contains("Còn 1 ý")));
    let extra = q.check(&choices(&["a", "b", "c", "d"])).unwrap();
    assert!(!extra.correct);
    assert!(extra.notes.iter().any(|n| n.contains("lý do nên dùng")));
}

#[test]
fn numeric_answers_in_vietnamese_format_with_trap_notes() {
    let q = fixed("es-at-time");
    for typed in ["1.200.000", "1200000", "1.200.000 ₫", " 1 200 000 đ"] {
        assert!(
            q.check(&Given::Number(typed.into())).unwrap().correct,
            "{typed}"
        );
    }
    let trap = q.check(&Given::Number("1.500.000".into())).unwrap();
    assert!(!trap.correct);
    assert!(trap.notes[0].contains("lớn hơn"), "{trap:?}");
    assert!(trap.notes[1].contains("14/01"), "{trap:?}");
    assert!(matches!(
        q.check(&Given::Number("một triệu".into())),
        Err(GivenError::NotANumber(_))
    ));
    let per_minute = fixed("quiz-orders-per-minute");
    for typed in ["7", "6,94", "6.9"] {
        assert!(
            per_minute
                .check(&Given::Number(typed.into()))
                .unwrap()
                .correct
        );
    }
    assert!(
        !per_minute
            .check(&Given::Number("8".into()))
            .unwrap()
            .correct
    );
}

// ----- generated questions, checked by the engines -------------------------------------------

/// The answer, typed the way a student would (Vietnamese format), is accepted; every trap is
/// refused with its note.
fn answerable(q: &Question) {
    let problems = validate_question(q);
    assert!(problems.is_empty(), "{}: {problems:?}", q.id);
    let Kind::Numeric {
        answer,
        unit,
        traps,
        ..
    } = &q.kind
    else {
        panic!("{}: generated questions are numeric", q.id)
    };
    let typed = format_number(*answer, unit);
    let f = q.check(&Given::Number(typed.clone())).unwrap();
    assert!(f.correct, "{}: {typed} refused: {f:?}", q.id);
    for t in traps {
        let f = q
            .check(&Given::Number(format_number(t.value, unit)))
            .unwrap();
        assert!(!f.correct, "{}: trap {} accepted", q.id, t.value);
        assert!(f.notes.contains(&t.note), "{}: trap note missing", q.id);
    }
}

#[test]
fn generated_questions_are_valid_for_many_seeds() {
    for kind in &generate::KINDS {
        for seed in 0..40u64 {
            let q = (kind.make)(seed);
            assert_eq!(q.id, kind.id);
            assert_eq!(q.chapter, kind.chapter);
            answerable(&q);
            // Pure: the same seed gives the same question.
            assert_eq!(q, (kind.make)(seed));
        }
    }
}

#[test]
fn generated_numbers_are_fresh() {
    for kind in &generate::KINDS {
        let prompts: std::collections::HashSet<String> =
            (0..20u64).map(|s| (kind.make)(s * 7919).prompt).collect();
        assert!(
            prompts.len() >= 4,
            "{}: only {} variants",
            kind.id,
            prompts.len()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn es_balance_is_the_engine_fold(seed in any::<u64>()) {
        let p = EsBalance::from_seed(seed);
        let q = es_balance(seed);
        let log = es::generate(p.log_seed, p.events);
        let stream = log.stream(GENERATED_STREAM).unwrap();
        // Two ways: the engine's state at the version, and a plain sum of the changes shown.
        let by_engine = stream.state_at(p.version).unwrap().balance;
        let by_hand: i64 = stream
            .events()
            .take(p.version as usize)
            .map(|e| e.event.balance_change())
            .sum();
        prop_assert_eq!(by_engine, by_hand);
        prop_assert_eq!(numeric_answer(&q), by_engine as f64);
        prop_assert_eq!(q.details.len(), p.events);
    }

    #[test]
    fn snapshot_tail_is_v_minus_the_last_snapshot(seed in any::<u64>()) {
        let p = SnapshotTail::from_seed(seed);
        let q = snapshot_tail(seed);
        let expected = p.version - (p.version / p.interval) * p.interval;
        prop_assert_eq!(numeric_answer(&q), expected as f64);
        // The engine agrees, and snapshot + tail equals a full replay.
        let log = es::generate(p.log_seed, p.events);
        let stream = log.stream(GENERATED_STREAM).unwrap();
        let snaps = Snapshots::build(stream, Interval::every(p.interval));
        let r = snaps.replay(stream, p.version).unwrap();
        prop_assert_eq!(r.events_applied, expected);
        prop_assert_eq!(r.state, stream.state_at(p.version).unwrap());
    }

    #[test]
    fn ejection_time_is_capped_linear(seed in any::<u64>()) {
        let p = Ejection::from_seed(seed);
        let expected = (p.k as u64 * p.base_s).min(300);
        prop_assert_eq!(numeric_answer(&ejection(seed)), expected as f64);
    }

    #[test]
    fn sidecar_tax_is_per_pod(seed in any::<u64>()) {
        let p = SidecarTax::from_seed(seed);
        let expected = if p.memory { p.pods as f64 * 50.0 } else { p.pods as f64 * 10.0 / 1000.0 };
        prop_assert!((numeric_answer(&sidecar_tax(seed)) - expected).abs() < 1e-9);
    }

    #[test]
    fn success_rate_is_one_minus_p_to_the_a(seed in any::<u64>()) {
        let p = SuccessRate::from_seed(seed);
        let pr = p.error_percent as f64 / 100.0;
        let expected = (1.0 - pr.powi(p.attempts as i32 + 1)) * 100.0;
        prop_assert!((numeric_answer(&success_rate(seed)) - expected).abs() < 1e-9);
    }
}

proptest! {
    // Each case runs a mesh or a CQRS simulation: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn retry_storm_matches_the_mesh_engine(seed in any::<u64>()) {
        let p = RetryStorm::from_seed(seed);
        let q = retry_storm(seed);
        let tries = p.attempts + 1;
        prop_assert_eq!(numeric_answer(&q), (tries as f64).powi(p.layers as i32));
        // The mesh, with the deepest service always failing, delivers exactly A^N tries.
        let report = run_storm(
            &StormSetup {
                layers: p.layers,
                tries_per_layer: tries,
                failure_rate: 1.0,
                user_requests: 2,
                request_rate: 20.0,
            },
            seed,
        )
        .unwrap();
        prop_assert_eq!(report.measured, numeric_answer(&q));
    }

    #[test]
    fn cqrs_lag_is_head_minus_checkpoint(seed in any::<u64>()) {
        let p = CqrsLag::from_seed(seed);
        let run = p.run();
        prop_assert_eq!(run, p.run(), "deterministic");
        prop_assert_eq!(run.lag, run.head - run.checkpoint);
        prop_assert!(run.lag >= run.written_while_paused);
        prop_assert!(run.written_while_paused > 0);
        prop_assert_eq!(numeric_answer(&cqrs_lag(seed)), run.lag as f64);
    }
}

#[test]
fn success_rate_matches_a_mesh_run() {
    // The closed form 1 − p^A against the mesh engine: one retrying hop, every pod of the
    // service failing with p. Statistical: within 4,5 standard deviations.
    for error_percent in [10, 30, 50] {
        for attempts in [0, 1, 3] {
            let p = SuccessRate {
                error_percent,
                attempts,
            };
            let n = 2_000;
            let report = run_storm(
                &StormSetup {
                    layers: 1,
                    tries_per_layer: p.tries(),
                    failure_rate: error_percent as f64 / 100.0,
                    user_requests: n,
                    request_rate: 200.0,
                },
                u64::from(error_percent * 10 + attempts),
            )
            .unwrap();
            let s = p.success();
            let sigma = (s * (1.0 - s) / n as f64).sqrt().max(1e-3);
            assert!(
                (report.success_rate - s).abs() <= 4.5 * sigma,
                "p {error_percent} %, attempts {attempts}: measured {}, closed form {s}",
                report.success_rate
            );
        }
    }
}

// ----- scoring -------------------------------------------------------------------------------

fn answered(given: Given) -> AnswerRecord {
    AnswerRecord {
        given: Some(given),
        attempts: 1,
        revealed: false,
        seed: None,
    }
}

#[test]
fn scores_per_chapter_and_overall() {
    let b = the_bank();
    let empty = score(b, &Progress::default());
    assert_eq!(empty.overall.correct, 0);
    assert_eq!(empty.overall.answered, 0);
    assert_eq!(
        empty.overall.total,
        b.slots().len() + 1,
        "questions + scenario"
    );
    assert_eq!(empty.chapters.len(), 10);

    let mut p = Progress::default();
    p.answers
        .insert("cqrs-cache".into(), answered(choices(&["a"])));
    p.answers
        .insert("cqrs-ryw".into(), answered(choices(&["b"])));
    // A generated answer is judged with the numbers it answered.
    let seed = 42;
    let q = (generate::kind("gen-cqrs-lag").unwrap().make)(seed);
    let mut rec = answered(Given::Number(format_number(numeric_answer(&q), "")));
    rec.seed = Some(seed);
    p.answers.insert("gen-cqrs-lag".into(), rec);
    // Without its seed, a generated answer cannot be judged: unanswered.
    p.answers
        .insert("gen-ejection".into(), answered(Given::Number("30".into())));
    // Unknown ids are kept and ignored.
    p.answers
        .insert("khong-co".into(), answered(choices(&["a"])));
    p.scenario = Some(ScenarioAnswer {
        choice: Some("C".into()),
        reason: String::new(),
        committed: true,
    });

    let s = score(b, &p);
    let cqrs = s
        .chapters
        .iter()
        .find(|(slug, _)| slug == "cqrs")
        .unwrap()
        .1;
    assert_eq!((cqrs.correct, cqrs.answered), (2, 3));
    let quiz = s
        .chapters
        .iter()
        .find(|(slug, _)| slug == "quiz")
        .unwrap()
        .1;
    assert_eq!((quiz.correct, quiz.answered), (1, 1));
    let mesh = s
        .chapters
        .iter()
        .find(|(slug, _)| slug == "service-mesh")
        .unwrap()
        .1;
    assert_eq!(mesh.answered, 0);
    assert_eq!(s.overall.correct, 3);
    assert_eq!(s.overall.answered, 4);

    // An uncommitted scenario choice does not count yet; a wrong one counts as answered.
    p.scenario.as_mut().unwrap().committed = false;
    assert_eq!(score(b, &p).overall.answered, 3);
    p.scenario = Some(ScenarioAnswer {
        choice: Some("A".into()),
        reason: "nhanh".into(),
        committed: true,
    });
    let s = score(b, &p);
    assert_eq!((s.overall.correct, s.overall.answered), (2, 4));
    assert!(s.overall.percent() > 0.0 && s.overall.percent() < 100.0);
}

#[test]
fn checklist_follows_the_stop_rule() {
    let c = &the_bank().checklist;
    let mut replies: BTreeMap<String, Reply> = BTreeMap::new();
    assert_eq!(
        c.outcome(&replies),
        ChecklistOutcome::Incomplete { answered: 0 }
    );
    for i in &c.items {
        replies.insert(i.id.clone(), i.favourable);
    }
    assert_eq!(c.outcome(&replies), ChecklistOutcome::Clear);
    // "Is there a simpler way?" — yes is the answer against.
    replies.insert("simpler".into(), Reply::Yes);
    assert_eq!(
        c.outcome(&replies),
        ChecklistOutcome::Against {
            items: vec!["simpler".into()]
        }
    );
    // One "not sure" is enough, whatever else is answered.
    let mut one = BTreeMap::new();
    one.insert("team".to_string(), Reply::Unsure);
    assert_eq!(
        c.outcome(&one),
        ChecklistOutcome::Unsure {
            items: vec!["team".into()]
        }
    );
}

// ----- progress codec ------------------------------------------------------------------------

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,20}",
        Just("Đọc lại chính thứ mình vừa ghi — “ngay”, 1.500.000 ₫".to_string()),
        "\\PC{0,40}",
    ]
}

fn given() -> impl Strategy<Value = Given> {
    prop_oneof![
        prop::collection::vec("[a-e]", 0..4).prop_map(Given::Choices),
        text().prop_map(Given::Number),
    ]
}

fn progress_strategy() -> impl Strategy<Value = Progress> {
    let record = (
        prop::option::of(given()),
        0u32..50,
        any::<bool>(),
        prop::option::of(any::<u64>()),
    )
        .prop_map(|(given, attempts, revealed, seed)| AnswerRecord {
            given,
            attempts,
            revealed,
            seed,
        });
    let reply = prop_oneof![Just(Reply::Yes), Just(Reply::No), Just(Reply::Unsure)];
    (
        prop::option::of((prop::option::of("[A-D]"), text(), any::<bool>())),
        prop::collection::btree_map("[a-z-]{1,12}", reply, 0..6),
        prop::collection::btree_map(
            "[a-z-]{1,12}",
            (text(), any::<bool>())
                .prop_map(|(text, revealed)| ReflectionAnswer { text, revealed }),
            0..5,
        ),
        prop::collection::btree_map("[a-z-]{1,16}", record, 0..12),
    )
        .prop_map(|(scenario, checklist, reflections, answers)| Progress {
            scenario: scenario.map(|(choice, reason, committed)| ScenarioAnswer {
                choice,
                reason,
                committed,
            }),
            checklist,
            reflections,
            answers,
            ..Progress::default()
        })
}

proptest! {
    #[test]
    fn progress_round_trips_as_json_and_code(p in progress_strategy()) {
        prop_assert_eq!(&from_json(&p.to_json()).unwrap(), &p);
        prop_assert_eq!(&from_json(&p.to_json_pretty()).unwrap(), &p);
        prop_assert_eq!(&from_code(&p.to_code()).unwrap(), &p);
        prop_assert_eq!(&import(&p.to_json_pretty()).unwrap(), &p);
        prop_assert_eq!(&import(&p.to_code()).unwrap(), &p);
        // A code broken over lines when pasted still reads.
        let code = p.to_code();
        let wrapped: String = code
            .chars()
            .enumerate()
            .flat_map(|(i, c)| if i > 0 && i % 60 == 0 { vec!['\n', c] } else { vec![c] })
            .collect();
        prop_assert_eq!(&import(&wrapped).unwrap(), &p);
        let summary = p.summary_vi(Some(the_bank()));
        prop_assert!(summary.contains("câu ôn tập"));
    }

    #[test]
    fn base64_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        prop_assert_eq!(base64_decode(&base64_encode(&bytes)).unwrap(), bytes);
    }

    #[test]
    fn corrupt_input_never_panics(s in "\\PC{0,200}") {
        let _ = from_json(&s);
        let _ = from_code(&s);
        let _ = import(&s);
        let _ = progress::open(Some(&s));
    }

    #[test]
    fn damaged_progress_is_refused_not_misread(p in progress_strategy(), cut in 0.0f64..1.0, flip in any::<u8>()) {
        let json = p.to_json();
        // Cut anywhere (at a char boundary): never a panic; shorter than the whole is refused.
        let mut at = ((json.len() as f64) * cut) as usize;
        while !json.is_char_boundary(at) { at -= 1; }
        if at < json.len() {
            prop_assert!(from_json(&json[..at]).is_err());
        }
        // Damage one byte of a code: never a panic.
        let mut code = p.to_code().into_bytes();
        let i = (flip as usize) % code.len();
        code[i] = b"!#%@{"[(flip % 5) as usize];
        let code = String::from_utf8(code).unwrap();
        prop_assert!(from_code(&code).is_err());
    }
}

#[test]
fn corrupt_foreign_and_newer_data_are_named() {
    assert_eq!(progress::open(None), Opened::Nothing);
    assert!(matches!(
        progress::open(Some("{\"format\":\"apl-quiz-progress\"")),
        Opened::Unreadable(ProgressError::NotJson { .. })
    ));
    assert!(matches!(
        from_json("garbage{"),
        Err(ProgressError::NotJson { .. })
    ));
    assert_eq!(from_json("{\"a\": 1}"), Err(ProgressError::Foreign));
    assert_eq!(from_json("[1, 2]"), Err(ProgressError::Foreign));
    assert_eq!(from_json("42"), Err(ProgressError::Foreign));
    assert_eq!(
        from_json("{\"format\":\"apl-quiz-progress\",\"version\":2}"),
        Err(ProgressError::NewerVersion { found: 2 })
    );
    assert!(matches!(
        from_json("{\"format\":\"apl-quiz-progress\",\"version\":\"1\"}"),
        Err(ProgressError::Invalid { .. })
    ));
    let wrong_type = "{\"format\":\"apl-quiz-progress\",\"version\":1,\"answers\":{\"x\":{\"attempts\":\"many\"}}}";
    let e = from_json(wrong_type).unwrap_err();
    assert!(matches!(e, ProgressError::Invalid { .. }), "{e:?}");
    assert!(
        e.message_vi().contains("không đúng kiểu"),
        "{}",
        e.message_vi()
    );
    let huge = format!(
        "{{\"format\":\"{}\",\"pad\":\"{}\"}}",
        FORMAT,
        "x".repeat(MAX_BYTES)
    );
    assert!(matches!(
        from_json(&huge),
        Err(ProgressError::TooLarge { .. })
    ));
    let long_text = Progress {
        reflections: [(
            "r-cqrs".to_string(),
            ReflectionAnswer {
                text: "a".repeat(MAX_TEXT_CHARS + 1),
                revealed: false,
            },
        )]
        .into(),
        ..Progress::default()
    };
    assert!(matches!(
        from_json(&long_text.to_json()),
        Err(ProgressError::Invalid { .. })
    ));
    assert_eq!(from_code("APLQ1.!!!"), Err(ProgressError::BadCode));
    assert_eq!(from_code("   "), Err(ProgressError::Empty));
    assert_eq!(import(""), Err(ProgressError::Empty));
    // A code of something that is not progress is named as such.
    let foreign_code = format!("{CODE_PREFIX}{}", base64_encode(b"{\"a\":1}"));
    assert_eq!(from_code(&foreign_code), Err(ProgressError::Foreign));
    // Every message is Vietnamese and says something.
    for e in [
        ProgressError::Empty,
        ProgressError::TooLarge { bytes: 1 },
        ProgressError::NotJson {
            detail: "dòng 1, cột 2".into(),
        },
        ProgressError::Foreign,
        ProgressError::NewerVersion { found: 3 },
        ProgressError::Invalid { detail: "x".into() },
        ProgressError::BadCode,
    ] {
        assert!(e.message_vi().chars().count() > 20);
    }
    // A byte-order mark from a text editor is fine.
    let p = Progress::default();
    assert_eq!(from_json(&format!("\u{feff}{}", p.to_json())).unwrap(), p);
}
