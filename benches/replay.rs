//! Benchmark of the event-sourcing engine: prints figures, asserts nothing about time.
//!
//! `cargo bench --bench replay`

use std::hint::black_box;
use std::mem::size_of;
use std::time::{Duration, Instant};

use advanced_patterns_lab::sim::es::*;
use advanced_patterns_lab::sim::rng::Rng;

const N: usize = 1_000_000;

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

fn main() {
    let t = Instant::now();
    let log = generate(2024, N);
    let generation = t.elapsed();
    let Some(stream) = log.stream(GENERATED_STREAM) else {
        println!("generation produced no stream");
        return;
    };
    println!("replay bench: {} events, seed 2024", stream.version());
    println!(
        "generate {N} events: {:.1} ms ({:.0} ns/event)",
        millis(generation),
        generation.as_nanos() as f64 / N as f64
    );
    println!(
        "[bench] event.bytes.native: {} B — stored event size; 1M events = {:.1} MB",
        size_of::<StoredEvent>(),
        (N * size_of::<StoredEvent>()) as f64 / 1e6
    );

    // Full fold: plain loop over the compact events.
    let mut runs: Vec<Duration> = (0..31)
        .map(|_| {
            let t = Instant::now();
            black_box(fold(AccountState::EMPTY, black_box(stream.stored())));
            t.elapsed()
        })
        .collect();
    runs.sort();
    let median = runs[runs.len() / 2];
    println!(
        "[bench] fold.native: {:.3} ms — fold of 1M events (seed 2024), median of {} runs; min \
         {:.3} ms, {:.2} ns/event",
        millis(median),
        runs.len(),
        millis(runs[0]),
        median.as_nanos() as f64 / N as f64
    );

    // State at random versions with snapshots every 1.000 events.
    let snapshots = Snapshots::build(stream, Interval::Every(1_000));
    let mut rng = Rng::new(7);
    let mut times: Vec<Duration> = (0..20_000)
        .map(|_| {
            let v = rng.below(N as u64 + 1);
            let t = Instant::now();
            black_box(snapshots.replay(stream, black_box(v)).ok());
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "state at random version, interval 1.000 (20.000 reads): p50 {:.2} µs, p99 {:.2} µs",
        micros(percentile(&times, 0.5)),
        micros(percentile(&times, 0.99))
    );
    let mut times: Vec<Duration> = (0..200)
        .map(|_| {
            let v = rng.below(N as u64 + 1);
            let t = Instant::now();
            black_box(stream.state_at(black_box(v)).ok());
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "state at random version, no snapshots (200 reads): p50 {:.2} µs, p99 {:.2} µs",
        micros(percentile(&times, 0.5)),
        micros(percentile(&times, 0.99))
    );

    // Snapshot memory and build time per lab interval, with the modelled cost of the head.
    let model = CostModel::LESSON;
    for interval in Interval::LAB_CHOICES {
        let t = Instant::now();
        let s = Snapshots::build(stream, interval);
        let build = t.elapsed();
        let label = interval
            .events()
            .map_or("off".to_string(), |n| n.to_string());
        println!(
            "snapshots every {label:>5}: {:>6} snapshots, {:>9} bytes, build {:.2} ms, \
             modelled head read (lesson) {:.1} ms",
            s.count(),
            s.bytes(),
            millis(build),
            model.lesson_estimate_us(N as u64, interval) / 1e3
        );
    }

    println!(
        "cost model (lesson): {} µs/event, {} ms/snapshot load -> {N} events: {:.0} s without \
         snapshots, {:.0} ms with one every 100",
        model.per_event_us,
        model.snapshot_load_us / 1e3,
        model.full_replay_us(N as u64) / 1e6,
        model.lesson_estimate_us(N as u64, Interval::Every(100)) / 1e3
    );

    // The JSON codec at full size.
    let t = Instant::now();
    let text = export_json(stream);
    let export = t.elapsed();
    let t = Instant::now();
    let imported = import_json(&text);
    let import = t.elapsed();
    println!(
        "export {N} events: {:.1} MB in {:.0} ms; import (all checks) {:.0} ms, ok: {}",
        text.len() as f64 / 1e6,
        millis(export),
        millis(import),
        imported.as_ref().is_ok_and(|l| *l == log)
    );
}
