#![cfg(not(target_arch = "wasm32"))]
//! The event log, the account rules, what-if, fork and the JSON codec.

use advanced_patterns_lab::sim::es::time::{format_date_vi, vn_ms, DAY_MS};
use advanced_patterns_lab::sim::es::*;
use proptest::prelude::*;

fn acc() -> EventLog {
    EventLog::acc001()
}

fn stream(log: &EventLog) -> &Stream {
    log.stream(ACC001).expect("ACC-001 exists")
}

fn jan(day: u32, hour: u32) -> Millis {
    vn_ms(2024, 1, day, hour, 0).unwrap()
}

// ----- ACC-001 ------------------------------------------------------------------------------

#[test]
fn acc001_balances_at_every_version() {
    let log = acc();
    let s = stream(&log);
    assert_eq!(s.version(), 5);
    let expected = [0, 0, 2_000_000, 1_500_000, 1_200_000, 1_500_000];
    for (v, balance) in expected.into_iter().enumerate() {
        let state = s.state_at(v as u64).unwrap();
        assert_eq!(state.balance, balance, "version {v}");
        assert_eq!(state.version, v as u64);
    }
    assert_eq!(s.state_at(0).unwrap().status, Status::NotOpened);
    assert_eq!(s.state_at(1).unwrap().status, Status::Open);
    assert_eq!(s.head(), s.state_at(5).unwrap());
    assert_eq!(s.head().balance, 1_500_000);
    assert_eq!(
        s.state_at(6),
        Err(QueryError::VersionOutOfRange {
            requested: 6,
            latest: 5
        })
    );
}

#[test]
fn acc001_events_dates_and_positions() {
    let log = acc();
    let s = stream(&log);
    let dates: Vec<String> = s.events().map(|e| format_date_vi(e.at)).collect();
    assert_eq!(
        dates,
        [
            "01/01/2024",
            "05/01/2024",
            "10/01/2024",
            "12/01/2024",
            "15/01/2024"
        ]
    );
    let kinds: Vec<EventKind> = s.events().map(|e| e.event.kind()).collect();
    assert_eq!(kinds, EventKind::ALL[..5]);
    assert_eq!(s.owner(), Some("Nguyễn Văn An"));
    assert_eq!(
        s.event(4).unwrap().event,
        AccountEvent::TransferSent {
            amount: 300_000,
            to: "ACC-002".into()
        }
    );
    assert_eq!(s.event(0), None);
    assert_eq!(s.event(6), None);
    let positions: Vec<u64> = s.events().map(|e| e.position).collect();
    assert_eq!(positions, [1, 2, 3, 4, 5]);
    assert_eq!(log.position(), 5);
}

#[test]
fn acc001_state_at_time_is_last_event_at_or_before() {
    let log = acc();
    let s = stream(&log);
    // The lesson asks for the balance at 2 pm on 14/01/2024: after the transfer.
    let at = vn_ms(2024, 1, 14, 14, 0).unwrap();
    assert_eq!(s.state_at_time(at).balance, 1_200_000);
    assert_eq!(s.version_at_time(at), 4);
    assert_eq!(
        s.version_at_time(jan(10, 9)),
        3,
        "an event exactly at t counts"
    );
    assert_eq!(s.version_at_time(jan(10, 9) - 1), 2);
    assert_eq!(s.state_at_time(jan(1, 0)), AccountState::EMPTY);
    assert_eq!(s.state_at_time(i64::MAX).balance, 1_500_000);
}

// ----- rejections ---------------------------------------------------------------------------

/// Runs `command` on a copy of ACC-001 (or `log`), checks it fails with `error` and that the
/// log is unchanged.
fn rejects(log: &EventLog, stream: &str, at: Millis, command: Command, error: CommandError) {
    let mut copy = log.clone();
    assert_eq!(copy.execute(stream, Expected::Any, at, command), Err(error));
    assert_eq!(&copy, log, "a rejected command appends nothing");
}

#[test]
fn amounts_must_be_positive() {
    let log = acc();
    let at = jan(20, 9);
    for amount in [0, -1, -500_000, i64::MIN] {
        let error = CommandError::AmountNotPositive { amount };
        rejects(&log, ACC001, at, Command::Deposit { amount }, error.clone());
        rejects(
            &log,
            ACC001,
            at,
            Command::Withdraw { amount },
            error.clone(),
        );
        rejects(
            &log,
            ACC001,
            at,
            Command::ApplyInterest { amount },
            error.clone(),
        );
        let to = "ACC-002".to_string();
        rejects(&log, ACC001, at, Command::Transfer { amount, to }, error);
    }
}

#[test]
fn no_overdraft() {
    let log = acc();
    let at = jan(20, 9);
    let error = CommandError::InsufficientFunds {
        balance: 1_500_000,
        amount: 1_500_001,
    };
    rejects(
        &log,
        ACC001,
        at,
        Command::Withdraw { amount: 1_500_001 },
        error.clone(),
    );
    let to = "ACC-002".to_string();
    rejects(
        &log,
        ACC001,
        at,
        Command::Transfer {
            amount: 1_500_001,
            to,
        },
        error,
    );
    // The whole balance may go.
    let mut copy = log.clone();
    copy.execute(
        ACC001,
        Expected::Any,
        at,
        Command::Withdraw { amount: 1_500_000 },
    )
    .unwrap();
    assert_eq!(stream(&copy).head().balance, 0);
}

#[test]
fn nothing_after_close() {
    let mut log = acc();
    log.execute(ACC001, Expected::Any, jan(20, 9), Command::Close)
        .unwrap();
    assert_eq!(stream(&log).head().status, Status::Closed);
    let at = jan(21, 9);
    let commands = [
        Command::Open { owner: "B".into() },
        Command::Deposit { amount: 1 },
        Command::Withdraw { amount: 1 },
        Command::Transfer {
            amount: 1,
            to: "ACC-002".into(),
        },
        Command::ApplyInterest { amount: 1 },
        Command::Close,
    ];
    for command in commands {
        rejects(&log, ACC001, at, command, CommandError::AccountClosed);
    }
}

#[test]
fn nothing_before_open_and_open_only_once() {
    let log = acc();
    let at = jan(20, 9);
    for command in [
        Command::Deposit { amount: 1 },
        Command::Withdraw { amount: 1 },
        Command::Transfer {
            amount: 1,
            to: "X".into(),
        },
        Command::ApplyInterest { amount: 1 },
        Command::Close,
    ] {
        rejects(&log, "ACC-009", at, command, CommandError::NotOpened);
    }
    assert!(
        log.stream("ACC-009").is_none(),
        "no empty stream is created"
    );
    rejects(
        &log,
        ACC001,
        at,
        Command::Open { owner: "B".into() },
        CommandError::AlreadyOpened,
    );
}

#[test]
fn names_and_stream_ids_are_checked() {
    let log = acc();
    let at = jan(20, 9);
    let open = |owner: &str| Command::Open {
        owner: owner.into(),
    };
    rejects(
        &log,
        "ACC-009",
        at,
        open("  "),
        CommandError::EmptyName {
            field: NameField::Owner,
        },
    );
    rejects(
        &log,
        "ACC-009",
        at,
        open("a\nb"),
        CommandError::NameHasControlChar {
            field: NameField::Owner,
        },
    );
    rejects(
        &log,
        "ACC-009",
        at,
        open(&"â".repeat(101)),
        CommandError::NameTooLong {
            field: NameField::Owner,
            max_chars: MAX_NAME_CHARS,
        },
    );
    let transfer = Command::Transfer {
        amount: 1,
        to: String::new(),
    };
    rejects(
        &log,
        ACC001,
        at,
        transfer,
        CommandError::EmptyName {
            field: NameField::Recipient,
        },
    );
    for id in ["", " ", "a\tb", &"x".repeat(65)] {
        rejects(&log, id, at, open("B"), CommandError::InvalidStreamId);
    }
    let mut ok = log.clone();
    ok.execute(&"x".repeat(64), Expected::Any, at, open(&"â".repeat(100)))
        .unwrap();
}

#[test]
fn time_only_moves_forward_within_a_stream() {
    let log = acc();
    rejects(
        &log,
        ACC001,
        jan(14, 9),
        Command::Deposit { amount: 1 },
        CommandError::TimeBeforeLastEvent {
            last: jan(15, 9),
            at: jan(14, 9),
        },
    );
    let mut same = log.clone();
    same.execute(
        ACC001,
        Expected::Any,
        jan(15, 9),
        Command::Deposit { amount: 1 },
    )
    .unwrap();
    // Another stream has its own clock.
    let mut other = log.clone();
    other
        .execute(
            "ACC-002",
            Expected::Any,
            0,
            Command::Open { owner: "B".into() },
        )
        .unwrap();
}

#[test]
fn balance_overflow_is_refused() {
    let mut log = acc();
    let big = i64::MAX - 1_500_000;
    log.execute(
        ACC001,
        Expected::Any,
        jan(20, 9),
        Command::Deposit { amount: big },
    )
    .unwrap();
    rejects(
        &log,
        ACC001,
        jan(20, 9),
        Command::ApplyInterest { amount: 1 },
        CommandError::BalanceOverflow {
            balance: i64::MAX,
            amount: 1,
        },
    );
}

// ----- concurrency and positions ------------------------------------------------------------

#[test]
fn wrong_expected_version_is_a_typed_conflict() {
    let log = acc();
    let mut a = log.clone();
    let err = a
        .execute(
            ACC001,
            Expected::Exactly(4),
            jan(20, 9),
            Command::Deposit { amount: 1 },
        )
        .unwrap_err();
    assert_eq!(
        err,
        CommandError::WrongExpectedVersion {
            expected: 4,
            actual: 5
        }
    );
    assert!(err.message_vi().contains("Xung đột phiên bản"));
    assert_eq!(a, log);
    // Two writers read version 5; the first wins, the second must re-read.
    let first = a.execute(
        ACC001,
        Expected::Exactly(5),
        jan(20, 9),
        Command::Deposit { amount: 1 },
    );
    assert_eq!(
        first,
        Ok(Appended {
            version: 6,
            position: 6
        })
    );
    let second = a.execute(
        ACC001,
        Expected::Exactly(5),
        jan(20, 9),
        Command::Withdraw { amount: 1 },
    );
    assert_eq!(
        second,
        Err(CommandError::WrongExpectedVersion {
            expected: 5,
            actual: 6
        })
    );
    // Version 0 means "the stream must not exist yet".
    let open = || Command::Open { owner: "B".into() };
    assert!(a
        .execute("ACC-002", Expected::Exactly(0), 0, open())
        .is_ok());
    assert_eq!(
        a.execute("ACC-002", Expected::Exactly(0), 0, open()),
        Err(CommandError::WrongExpectedVersion {
            expected: 0,
            actual: 1
        })
    );
}

#[test]
fn global_positions_interleave_streams() {
    let mut log = EventLog::new();
    let open = |o: &str| Command::Open { owner: o.into() };
    log.execute("A", Expected::Any, 0, open("a")).unwrap();
    log.execute("B", Expected::Any, 0, open("b")).unwrap();
    let r = log
        .execute("A", Expected::Any, 1, Command::Deposit { amount: 5 })
        .unwrap();
    assert_eq!(
        r,
        Appended {
            version: 2,
            position: 3
        }
    );
    let a: Vec<u64> = log
        .stream("A")
        .unwrap()
        .events()
        .map(|e| e.position)
        .collect();
    let b: Vec<u64> = log
        .stream("B")
        .unwrap()
        .events()
        .map(|e| e.position)
        .collect();
    assert_eq!((a, b), (vec![1, 3], vec![2]));
    assert_eq!(log.total_events(), 3);
    assert_eq!(log.streams().count(), 2);
}

#[test]
fn every_message_is_vietnamese() {
    let errors = [
        CommandError::AmountNotPositive { amount: -5 },
        CommandError::InsufficientFunds {
            balance: 1,
            amount: 2,
        },
        CommandError::NotOpened,
        CommandError::AlreadyOpened,
        CommandError::AccountClosed,
        CommandError::BalanceOverflow {
            balance: 1,
            amount: 2,
        },
        CommandError::EmptyName {
            field: NameField::Owner,
        },
        CommandError::NameTooLong {
            field: NameField::Recipient,
            max_chars: 100,
        },
        CommandError::NameHasControlChar {
            field: NameField::Owner,
        },
        CommandError::WrongExpectedVersion {
            expected: 1,
            actual: 2,
        },
        CommandError::TimeBeforeLastEvent { last: 1, at: 0 },
        CommandError::InvalidStreamId,
        CommandError::LogFull { limit: MAX_EVENTS },
    ];
    let vietnamese = |m: &str| {
        m.chars().any(|c| {
            "ảãạăắằẳẵặâấầẩẫậđẻẽẹêếềểễệỉĩịỏõọôốồổỗộơớờởỡợủũụưứừửữựỷỹỵáàéèíìóòúùýỳ".contains(c)
        })
    };
    for e in &errors {
        let m = e.message_vi();
        assert!(vietnamese(&m) && m.ends_with('.'), "{m}");
    }
    assert!(CommandError::InsufficientFunds {
        balance: 1_500_000,
        amount: 2_000_000
    }
    .message_vi()
    .contains("2.000.000 ₫"));
    let q = QueryError::VersionOutOfRange {
        requested: 9,
        latest: 5,
    };
    assert!(vietnamese(&q.message_vi()));
    assert!(vietnamese(
        &QueryError::UnknownStream { id: "X".into() }.message_vi()
    ));
}

// ----- what-if and fork ---------------------------------------------------------------------

#[test]
fn what_if_without_the_deposit() {
    let log = acc();
    let before = log.clone();
    let w = stream(&log).what_if(&[2]);
    assert_eq!(log, before, "the real log is untouched");
    let outcomes: Vec<&Outcome> = w.steps.iter().map(|s| &s.outcome).collect();
    assert_eq!(outcomes[0], &Outcome::Applied);
    assert_eq!(outcomes[1], &Outcome::Skipped);
    assert!(matches!(
        outcomes[2],
        Outcome::Rejected(CommandError::InsufficientFunds { .. })
    ));
    assert!(matches!(
        outcomes[3],
        Outcome::Rejected(CommandError::InsufficientFunds { .. })
    ));
    assert_eq!(outcomes[4], &Outcome::Applied);
    assert_eq!(w.state.balance, 300_000);
    assert_eq!(w.state.version, 2, "two events applied");
    assert_eq!(w.rejected().map(|(v, _)| v).collect::<Vec<_>>(), [3, 4]);
    assert_eq!(w.state_at(2).balance, 0);
    assert_eq!(w.state_at(0), AccountState::EMPTY);
}

#[test]
fn what_if_without_the_transfer_and_nothing_skipped() {
    let log = acc();
    let s = stream(&log);
    assert_eq!(s.what_if(&[4]).state.balance, 1_800_000);
    assert_eq!(s.what_if(&[4, 4, 99]).state.balance, 1_800_000);
    let none = s.what_if(&[]);
    assert_eq!(none.state, s.head());
    for v in 0..=5 {
        assert_eq!(none.state_at(v), s.state_at(v).unwrap());
    }
    let no_open = s.what_if(&[1]);
    assert_eq!(no_open.state, AccountState::EMPTY);
    assert_eq!(no_open.rejected().count(), 4);
}

#[test]
fn fork_is_a_separate_log() {
    let log = acc();
    let mut fork = log.fork(ACC001, 3).unwrap();
    let f = stream(&fork);
    assert_eq!(f.version(), 3);
    assert_eq!(f.head().balance, 1_500_000);
    fork.execute(
        ACC001,
        Expected::Exactly(3),
        jan(11, 9),
        Command::Deposit { amount: 1_000_000 },
    )
    .unwrap();
    assert_eq!(stream(&fork).head().balance, 2_500_000);
    assert_eq!(stream(&fork).version(), 4);
    assert_eq!(stream(&log).version(), 5);
    assert_eq!(stream(&log).head().balance, 1_500_000);
    assert_eq!(log, acc(), "the real log is untouched");
    let whole = log.fork(ACC001, 5).unwrap();
    assert_eq!(whole, log);
    assert!(log.fork(ACC001, 0).unwrap().stream(ACC001).is_none());
    assert_eq!(
        log.fork(ACC001, 6),
        Err(QueryError::VersionOutOfRange {
            requested: 6,
            latest: 5
        })
    );
    assert_eq!(
        log.fork("NOPE", 1),
        Err(QueryError::UnknownStream { id: "NOPE".into() })
    );
}

// ----- JSON codec ---------------------------------------------------------------------------

const ACC001_JSON: &str = r#"{"format":"es-log","version":1,"stream":"ACC-001","events":[
{"version":1,"at":1704074400000,"type":"created","owner":"Nguyễn Văn An"},
{"version":2,"at":1704420000000,"type":"deposited","amount":2000000},
{"version":3,"at":1704852000000,"type":"withdrawn","amount":500000},
{"version":4,"at":1705024800000,"type":"transfer_sent","amount":300000,"to":"ACC-002"},
{"version":5,"at":1705284000000,"type":"interest_applied","amount":300000}
]}"#;

#[test]
fn export_format_is_stable() {
    assert_eq!(export_json(stream(&acc())), ACC001_JSON);
    assert_eq!(import_json(ACC001_JSON).unwrap(), acc());
}

/// Replaces the `n`th (0-based) event line of the ACC-001 export.
fn with_event(n: usize, line: &str) -> String {
    let mut lines: Vec<String> = ACC001_JSON.lines().map(String::from).collect();
    let comma = if n < 4 { "," } else { "" };
    lines[n + 1] = format!("{line}{comma}");
    lines.join("\n")
}

fn event_error(text: &str) -> (usize, EventProblem) {
    match import_json(text) {
        Err(ImportError::Event { index, problem }) => (index, problem),
        other => panic!("expected an event error, got {other:?}"),
    }
}

#[test]
fn import_reports_event_problems_with_index_and_field() {
    let cases: Vec<(usize, &str, EventProblem)> = vec![
        (
            1,
            r#"{"version":2,"at":1704420000000,"type":"deposited","amount":0}"#,
            EventProblem::AmountNotPositive { found: 0 },
        ),
        (
            1,
            r#"{"version":2,"at":1704420000000,"type":"deposited","amount":-7}"#,
            EventProblem::AmountNotPositive { found: -7 },
        ),
        (
            1,
            r#"{"version":2,"at":1704420000000,"type":"deposited","amount":1.5}"#,
            EventProblem::WrongType {
                field: "amount",
                expected: JsonKind::Integer,
                found: JsonKind::NonInteger,
            },
        ),
        (
            1,
            r#"{"version":2,"at":1704420000000,"type":"deposited","amount":"5"}"#,
            EventProblem::WrongType {
                field: "amount",
                expected: JsonKind::Integer,
                found: JsonKind::String,
            },
        ),
        (
            1,
            r#"{"version":2,"at":1704420000000,"type":"deposited"}"#,
            EventProblem::MissingField { field: "amount" },
        ),
        (
            1,
            r#"{"version":2,"at":1704420000000,"type":"refund","amount":5}"#,
            EventProblem::UnknownType {
                found: "refund".into(),
            },
        ),
        (
            1,
            r#"{"version":2,"at":1704420000000,"type":7,"amount":5}"#,
            EventProblem::WrongType {
                field: "type",
                expected: JsonKind::String,
                found: JsonKind::Integer,
            },
        ),
        (
            1,
            r#"{"version":3,"at":1704420000000,"type":"deposited","amount":5}"#,
            EventProblem::VersionNotContiguous {
                expected: 2,
                found: 3,
            },
        ),
        (
            1,
            r#"{"at":1704420000000,"type":"deposited","amount":5}"#,
            EventProblem::MissingField { field: "version" },
        ),
        (
            1,
            r#"{"version":2,"at":1,"type":"deposited","amount":5}"#,
            EventProblem::TimeBackwards {
                previous: 1704074400000,
                found: 1,
            },
        ),
        (
            1,
            r#"{"version":2,"at":null,"type":"deposited","amount":5}"#,
            EventProblem::WrongType {
                field: "at",
                expected: JsonKind::Integer,
                found: JsonKind::Null,
            },
        ),
        (
            1,
            r#"{"version":2,"at":1704420000000,"type":"deposited","amount":5,"note":"x"}"#,
            EventProblem::UnknownField {
                field: "note".into(),
            },
        ),
        (
            1,
            r#"{"version":2,"version":2,"at":1704420000000,"type":"deposited","amount":5}"#,
            EventProblem::DuplicateField {
                field: "version".into(),
            },
        ),
        (
            1,
            r#"{"version":2,"at":1704420000000,"type":"closed","amount":5}"#,
            EventProblem::FieldNotAllowed {
                field: "amount",
                kind: EventKind::Closed,
            },
        ),
        (
            1,
            r#"{"version":2,"at":1704420000000,"type":"deposited","amount":5,"to":"X"}"#,
            EventProblem::FieldNotAllowed {
                field: "to",
                kind: EventKind::Deposited,
            },
        ),
        (
            1,
            r#"[1,2]"#,
            EventProblem::NotAnObject {
                found: JsonKind::Array,
            },
        ),
        (
            1,
            r#"{"version":2,"at":1704420000000,"type":"created","owner":"B"}"#,
            EventProblem::Rejected(CommandError::AlreadyOpened),
        ),
        (
            0,
            r#"{"version":1,"at":1704074400000,"type":"deposited","amount":5}"#,
            EventProblem::Rejected(CommandError::NotOpened),
        ),
        (
            0,
            r#"{"version":1,"at":1704074400000,"type":"created"}"#,
            EventProblem::MissingField { field: "owner" },
        ),
        (
            0,
            r#"{"version":1,"at":1704074400000,"type":"created","owner":" "}"#,
            EventProblem::Rejected(CommandError::EmptyName {
                field: NameField::Owner,
            }),
        ),
        (
            2,
            r#"{"version":3,"at":1704852000000,"type":"withdrawn","amount":2000001}"#,
            EventProblem::Rejected(CommandError::InsufficientFunds {
                balance: 2_000_000,
                amount: 2_000_001,
            }),
        ),
        (
            3,
            r#"{"version":4,"at":1705024800000,"type":"transfer_sent","amount":300000}"#,
            EventProblem::MissingField { field: "to" },
        ),
        (
            2,
            r#"{"version":3,"at":1704852000000,"type":"closed"}"#,
            EventProblem::Rejected(CommandError::AccountClosed),
        ),
    ];
    for (n, line, problem) in cases {
        let text = with_event(n, line);
        // After "closed" the next event (index 3) is the one refused.
        let index = if line.contains("\"closed\"") && n == 2 {
            3
        } else {
            n
        };
        let (got_index, got) = event_error(&text);
        assert_eq!((got_index, &got), (index, &problem), "{line}");
        let message = ImportError::Event { index, problem }.message_vi();
        assert!(
            message.starts_with(&format!("Sự kiện thứ {} (events[{index}])", index + 1)),
            "{message}"
        );
    }
}

#[test]
fn import_reports_header_problems() {
    let tail = r#""events":[{"version":1,"at":0,"type":"created","owner":"B"}]"#;
    let doc = |head: &str| format!("{{{head}{tail}}}");
    let cases: Vec<(String, ImportError)> = vec![
        (
            doc(r#""format":"csv","version":1,"stream":"A","#),
            ImportError::WrongFormat {
                found: "csv".into(),
            },
        ),
        (
            doc(r#""format":"es-log","version":2,"stream":"A","#),
            ImportError::UnsupportedVersion { found: 2 },
        ),
        (
            doc(r#""format":"es-log","version":"1","stream":"A","#),
            ImportError::WrongType {
                field: "version",
                expected: JsonKind::Integer,
                found: JsonKind::String,
            },
        ),
        (
            doc(r#""version":1,"stream":"A","#),
            ImportError::MissingField { field: "format" },
        ),
        (
            doc(r#""format":"es-log","version":1,"#),
            ImportError::MissingField { field: "stream" },
        ),
        (
            doc(r#""format":"es-log","version":1,"stream":"","#),
            ImportError::InvalidStreamId {
                found: String::new(),
            },
        ),
        (
            doc(r#""format":"es-log","version":1,"stream":"A","x":1,"#),
            ImportError::UnknownField { field: "x".into() },
        ),
        (
            doc(r#""format":"es-log","format":"es-log","version":1,"stream":"A","#),
            ImportError::DuplicateField {
                field: "format".into(),
            },
        ),
        (
            r#"{"format":"es-log","version":1,"stream":"A"}"#.into(),
            ImportError::MissingField { field: "events" },
        ),
        (
            r#"{"format":"es-log","version":1,"stream":"A","events":{}}"#.into(),
            ImportError::WrongType {
                field: "events",
                expected: JsonKind::Array,
                found: JsonKind::Object,
            },
        ),
        (
            r#"{"format":"es-log","version":1,"stream":"A","events":[]}"#.into(),
            ImportError::NoEvents,
        ),
        (
            "[1]".into(),
            ImportError::NotAnObject {
                found: JsonKind::Array,
            },
        ),
        (
            "\"x\"".into(),
            ImportError::NotAnObject {
                found: JsonKind::String,
            },
        ),
        ("".into(), ImportError::Truncated { line: 1, column: 0 }),
        (
            "{\"format\":".into(),
            ImportError::Truncated {
                line: 1,
                column: 10,
            },
        ),
        ("{} x".into(), ImportError::Syntax { line: 1, column: 4 }),
        ("{'a':1}".into(), ImportError::Syntax { line: 1, column: 2 }),
    ];
    for (text, error) in cases {
        assert_eq!(import_json(&text), Err(error), "{text}");
    }
    // Header problems come before event problems, wherever they sit in the file.
    let late_header = r#"{"events":[{"version":9}],"format":"es-log","version":3,"stream":"A"}"#;
    assert_eq!(
        import_json(late_header),
        Err(ImportError::UnsupportedVersion { found: 3 })
    );
    assert!(matches!(
        import_json_bytes(&[b'{', 0xff, b'}']),
        Err(ImportError::NotUtf8 { valid_up_to: 1 })
    ));
}

#[test]
fn import_limits_size_and_count() {
    let big = " ".repeat(MAX_INPUT_BYTES + 1);
    assert_eq!(
        import_json(&big),
        Err(ImportError::TooLarge {
            bytes: MAX_INPUT_BYTES + 1,
            limit: MAX_INPUT_BYTES
        })
    );
    let mut text = String::from(r#"{"format":"es-log","version":1,"stream":"A","events":["#);
    text.push_str(&"{},".repeat(MAX_EVENTS));
    text.push_str("{}]}");
    assert_eq!(
        import_json(&text),
        Err(ImportError::TooManyEvents {
            count: MAX_EVENTS + 1,
            limit: MAX_EVENTS
        })
    );
}

#[test]
fn import_messages_are_vietnamese_and_name_the_place() {
    let e = import_json(&with_event(
        1,
        r#"{"version":2,"at":1704420000000,"type":"deposited","amount":-7}"#,
    ))
    .unwrap_err();
    assert_eq!(
        e.message_vi(),
        "Sự kiện thứ 2 (events[1]): trường \"amount\" phải lớn hơn 0 nhưng lại là -7."
    );
    let e = import_json("{\"format\":").unwrap_err();
    assert!(e.message_vi().contains("cắt cụt"), "{}", e.message_vi());
}

// ----- properties ---------------------------------------------------------------------------

/// A random command with a random delay (sometimes negative, to be refused).
fn command() -> impl Strategy<Value = (Command, i64)> {
    let amount = prop_oneof![8 => 1i64..3_000_000, 1 => -5i64..=0];
    let command = prop_oneof![
        1 => Just(Command::Open { owner: "Chủ".into() }),
        6 => amount.clone().prop_map(|amount| Command::Deposit { amount }),
        5 => amount.clone().prop_map(|amount| Command::Withdraw { amount }),
        2 => (amount.clone(), 2u8..5).prop_map(|(amount, n)| Command::Transfer { amount, to: format!("ACC-00{n}") }),
        2 => amount.prop_map(|amount| Command::ApplyInterest { amount }),
        1 => Just(Command::Close),
    ];
    let delay = prop_oneof![9 => 0i64..3 * DAY_MS, 1 => -DAY_MS..0];
    (command, delay)
}

/// Builds a log from random commands; checks each rejected one appended nothing.
fn build(commands: &[(Command, i64)]) -> EventLog {
    let mut log = EventLog::new();
    let _ = log.execute(
        ACC001,
        Expected::Any,
        jan(1, 9),
        Command::Open { owner: "An".into() },
    );
    let mut clock = jan(1, 9);
    for (command, delay) in commands {
        clock += delay;
        let before = log.clone();
        if log
            .execute(ACC001, Expected::Any, clock, command.clone())
            .is_err()
        {
            assert_eq!(log, before);
        }
    }
    log
}

/// The lesson's fold, written independently over the readable events.
fn reference_fold(events: &[RecordedEvent]) -> AccountState {
    let mut s = AccountState::EMPTY;
    for e in events {
        s.version += 1;
        match &e.event {
            AccountEvent::Created { .. } => s.status = Status::Open,
            AccountEvent::Closed => s.status = Status::Closed,
            other => s.balance += other.balance_change(),
        }
    }
    s
}

fn logs() -> impl Strategy<Value = EventLog> {
    prop::collection::vec(command(), 0..60).prop_map(|c| build(&c))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn state_at_version_is_fold_of_prefix(log in logs(), pick in any::<prop::sample::Index>()) {
        let s = log.stream(ACC001).unwrap();
        let events: Vec<RecordedEvent> = s.events().collect();
        let k = pick.index(events.len() + 1);
        prop_assert_eq!(s.state_at(k as u64).unwrap(), reference_fold(&events[..k]));
        prop_assert!(s.state_at(k as u64).unwrap().balance >= 0);
    }

    #[test]
    fn incremental_head_is_full_fold(log in logs()) {
        let s = log.stream(ACC001).unwrap();
        let events: Vec<RecordedEvent> = s.events().collect();
        prop_assert_eq!(s.head(), reference_fold(&events));
        prop_assert_eq!(s.head(), s.state_at(s.version()).unwrap());
        let versions: Vec<u64> = events.iter().map(|e| e.version).collect();
        prop_assert_eq!(versions, (1..=s.version()).collect::<Vec<_>>());
        prop_assert!(events.windows(2).all(|w| w[0].at <= w[1].at && w[0].position < w[1].position));
    }

    #[test]
    fn state_by_time_is_state_at_last_event_before(log in logs(), offset in -DAY_MS..200 * DAY_MS) {
        let s = log.stream(ACC001).unwrap();
        let t = jan(1, 9) + offset;
        let last = s.events().filter(|e| e.at <= t).map(|e| e.version).max().unwrap_or(0);
        prop_assert_eq!(s.version_at_time(t), last);
        prop_assert_eq!(s.state_at_time(t), s.state_at(last).unwrap());
    }

    #[test]
    fn import_of_export_is_identity(log in logs()) {
        let text = export_json(log.stream(ACC001).unwrap());
        prop_assert_eq!(import_json(&text), Ok(log));
    }

    #[test]
    fn what_if_skipping_nothing_is_the_real_history(log in logs()) {
        let s = log.stream(ACC001).unwrap();
        let w = s.what_if(&[]);
        prop_assert_eq!(w.state, s.head());
        prop_assert!(w.steps.iter().all(|st| st.outcome == Outcome::Applied));
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let log = acc();
        let before = log.clone();
        let _ = import_json_bytes(&bytes);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            prop_assert!(import_json(text).is_err());
        }
        prop_assert_eq!(log, before);
    }

    #[test]
    fn truncated_export_is_an_error(log in logs(), pick in any::<prop::sample::Index>()) {
        let text = export_json(log.stream(ACC001).unwrap());
        let mut cut = pick.index(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        prop_assert!(import_json(&text[..cut]).is_err());
    }

    #[test]
    fn mutated_export_never_panics(
        log in logs(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(
            b"{}[],:\"0123456789-.eE abtnulrsfx\\".to_vec())), 1..6),
    ) {
        let mut bytes = export_json(log.stream(ACC001).unwrap()).into_bytes();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        let before = log.clone();
        if let Ok(imported) = import_json_bytes(&bytes) {
            // Whatever was accepted is a valid history that round-trips.
            let s = imported.streams().next().unwrap();
            prop_assert_eq!(import_json(&export_json(s)), Ok(imported.clone()));
            prop_assert!(s.head().balance >= 0);
        }
        prop_assert_eq!(log, before);
    }
}
