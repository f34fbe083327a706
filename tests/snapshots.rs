#![cfg(not(target_arch = "wasm32"))]
//! Snapshots, the generator, compact storage and the cost model.

use std::mem::size_of;

use advanced_patterns_lab::sim::es::*;
use proptest::prelude::*;

fn generated(seed: u64, n: usize) -> EventLog {
    generate(seed, n)
}

fn lab(log: &EventLog) -> &Stream {
    log.stream(GENERATED_STREAM).expect("generated stream")
}

#[test]
fn stored_event_is_at_most_32_bytes() {
    assert!(
        size_of::<StoredEvent>() <= 32,
        "{}",
        size_of::<StoredEvent>()
    );
    assert!(size_of::<AccountState>() <= 32);
    assert_eq!(Snapshots::bytes_per_snapshot(), size_of::<AccountState>());
}

#[test]
fn generator_is_deterministic_and_valid() {
    let a = generated(7, 5_000);
    assert_eq!(a, generated(7, 5_000));
    assert_ne!(a, generated(8, 5_000));
    let s = lab(&a);
    assert_eq!(s.version(), 5_000);
    assert_eq!(s.event(1).unwrap().event.kind(), EventKind::Created);
    assert!(s.stored().iter().all(|e| e.kind() != EventKind::Closed));
    // Every prefix is a valid history: import re-checks all the rules.
    assert_eq!(import_json(&export_json(s)), Ok(a.clone()));
    // Mostly deposits, withdrawals and interest.
    let count = |k| s.stored().iter().filter(|e| e.kind() == k).count();
    assert!(count(EventKind::Deposited) > 1_500);
    assert!(count(EventKind::Withdrawn) > 1_000);
    assert!(count(EventKind::InterestApplied) > 200);
    assert!(count(EventKind::TransferSent) > 100);
}

#[test]
fn chunked_generation_equals_one_shot() {
    let mut g = Generator::new(42, 10_000);
    assert_eq!(
        g.progress(),
        Progress {
            done: 0,
            total: 10_000
        }
    );
    let mut steps = 0;
    while !g.is_done() {
        let p = g.step(1_337);
        steps += 1;
        assert!(p.done <= p.total && p.fraction() <= 1.0);
    }
    assert_eq!(steps, 8);
    assert_eq!(g.step(100).done, 10_000, "nothing after done");
    assert_eq!(g.into_log(), generated(42, 10_000));
    assert_eq!(Generator::new(1, 0).progress().fraction(), 1.0);
}

#[test]
fn generator_reaches_a_million_and_no_further() {
    let log = generated(2024, MAX_EVENTS + 5);
    let s = lab(&log);
    assert_eq!(s.version(), MAX_EVENTS as u64);
    assert!(s.head().balance >= 0);
    let snapshots = Snapshots::build(s, Interval::Every(100));
    assert_eq!(snapshots.count(), 10_000);
    let r = snapshots.replay(s, 1_000_000).unwrap();
    assert_eq!(r.state, s.head());
    assert_eq!((r.snapshot, r.events_applied), (Some(1_000_000), 0));
    let r = snapshots.replay(s, 999_999).unwrap();
    assert_eq!((r.snapshot, r.events_applied), (Some(999_900), 99));
}

#[test]
fn snapshots_off_fold_everything() {
    let log = generated(3, 1_000);
    let s = lab(&log);
    let off = Snapshots::build(s, Interval::Off);
    assert_eq!((off.count(), off.bytes()), (0, 0));
    let r = off.replay(s, 777).unwrap();
    assert_eq!((r.snapshot, r.events_applied), (None, 777));
    assert_eq!(Interval::every(0), Interval::Off);
    assert_eq!(
        off.replay(s, 1_001),
        Err(QueryError::VersionOutOfRange {
            requested: 1_001,
            latest: 1_000
        })
    );
}

#[test]
fn snapshots_catch_up_as_the_stream_grows() {
    let mut g = Generator::new(11, 2_500);
    let mut snapshots = Snapshots::new(Interval::Every(100));
    let mut added = 0;
    while !g.is_done() {
        g.step(333);
        added += snapshots.catch_up(g.stream().unwrap());
    }
    let s = g.stream().unwrap();
    assert_eq!(added, 25);
    assert_eq!(snapshots, Snapshots::build(s, Interval::Every(100)));
    assert_eq!(snapshots.bytes(), 25 * size_of::<AccountState>());
    // Handed another stream, the snapshots start over for it.
    let other = generated(12, 450);
    assert_eq!(snapshots.catch_up(lab(&other)), 4);
    assert_eq!(
        snapshots.replay(lab(&other), 450).unwrap().state,
        lab(&other).head()
    );
}

#[test]
fn snapshot_memory_per_lab_interval() {
    let log = generated(5, 100_000);
    let s = lab(&log);
    let counts: Vec<usize> = Interval::LAB_CHOICES
        .iter()
        .map(|&i| Snapshots::build(s, i).count())
        .collect();
    assert_eq!(counts, [0, 10_000, 1_000, 100, 10]);
}

#[test]
fn cost_model_reproduces_the_lesson() {
    let model = CostModel::default();
    assert_eq!(model, CostModel::LESSON);
    // 1.000.000 events ≈ 10 s without snapshots …
    assert_eq!(model.full_replay_us(1_000_000), 10_000_000.0);
    assert_eq!(
        model.lesson_estimate_us(1_000_000, Interval::Off),
        10_000_000.0
    );
    // … and ≈ 10 ms with a snapshot every 100 events: 1000× faster.
    assert_eq!(
        model.lesson_estimate_us(1_000_000, Interval::Every(100)),
        10_000.0
    );
    let replay = Replay {
        state: AccountState::EMPTY,
        snapshot: Some(900),
        events_applied: 99,
    };
    assert_eq!(model.replay_us(&replay), 9_000.0 + 990.0);
    assert_eq!(model.lesson_estimate_us(50, Interval::Every(100)), 500.0);
    let custom = CostModel::new(1.0, f64::NAN);
    assert_eq!(custom.cost_us(10, true), 10.0);
    assert_eq!(CostModel::new(-3.0, 2.0).cost_us(10, true), 2.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn snapshot_plus_tail_is_full_replay(
        seed in any::<u64>(),
        n in 1usize..3_000,
        every in 1u64..400,
        pick in any::<prop::sample::Index>(),
    ) {
        let log = generated(seed, n);
        let s = lab(&log);
        let snapshots = Snapshots::build(s, Interval::Every(every));
        let v = pick.index(n + 1) as u64;
        let r = snapshots.replay(s, v).unwrap();
        prop_assert_eq!(r.state, s.state_at(v).unwrap());
        prop_assert_eq!(r.events_applied, v % every);
        let used = (v / every) * every;
        prop_assert_eq!(r.snapshot, (used > 0).then_some(used));
        prop_assert!(CostModel::LESSON.replay_us(&r) <= CostModel::LESSON.lesson_estimate_us(n as u64, Interval::Every(every)));
    }

    #[test]
    fn snapshot_count_is_floor_of_n_over_interval(seed in any::<u64>(), n in 0usize..3_000, every in 1u64..500) {
        let log = generated(seed, n);
        let count = log.stream(GENERATED_STREAM).map_or(0, |s| Snapshots::build(s, Interval::Every(every)).count());
        prop_assert_eq!(count as u64, n as u64 / every);
    }

    #[test]
    fn generator_is_deterministic_from_seed(seed in any::<u64>(), n in 0usize..2_000, chunk in 1usize..500) {
        let mut g = Generator::new(seed, n);
        while !g.is_done() {
            g.step(chunk);
        }
        let chunked = g.into_log();
        prop_assert_eq!(&chunked, &generated(seed, n));
        if let Some(s) = chunked.stream(GENERATED_STREAM) {
            prop_assert_eq!(s.version(), n as u64);
            prop_assert!(s.stored().windows(2).all(|w| w[0].at() <= w[1].at()));
        }
    }
}
