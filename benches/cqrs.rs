//! Benchmark of the CQRS engine: cost of simulating 1 s of virtual time at the HPN peak
//! (10.000 events/s) and at 1.000 events/s. Prints figures; asserts nothing about time.

use std::hint::black_box;
use std::time::Instant;

use advanced_patterns_lab::sim::cqrs::{Config, Sim};

const RUNS: usize = 300;
const SECOND_US: u64 = 1_000_000;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Times `RUNS` consecutive 1 s slices of a warmed-up run (steady state, as in the lab).
fn bench(rate: f64, label: &str) {
    let cfg = Config {
        write_rate: rate,
        projector_capacity: 20_000.0,
        ..Config::default()
    };
    let mut sim = match Sim::new(cfg, 42) {
        Ok(s) => s,
        Err(e) => {
            println!("cqrs: cấu hình sai: {e}");
            return;
        }
    };
    sim.advance(2 * SECOND_US);
    let mut micros = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let t = Instant::now();
        sim.advance(black_box(SECOND_US));
        micros.push(t.elapsed().as_secs_f64() * 1e6);
    }
    black_box(sim.lag());
    micros.sort_by(f64::total_cmp);
    let events = sim.head() as f64 / sim.now_ms() * 1_000.0;
    println!(
        "{label} {:.3} ms — 1 s of virtual time at {rate:.0} events/s ({events:.0} written/s), \
         median of {RUNS} runs; p99 {:.3} ms, max {:.3} ms; final lag {} events",
        percentile(&micros, 0.5) / 1e3,
        percentile(&micros, 0.99) / 1e3,
        percentile(&micros, 1.0) / 1e3,
        sim.lag_events(),
    );
}

fn main() {
    // The 10k events/s figure is the one compared with the browser (tests/web_cqrs.rs).
    bench(10_000.0, "[bench] cqrs.native:");
    bench(1_000.0, "cqrs:");
}
