//! Benchmark: cost of one second of virtual time at 10.000 user requests/s, with and without
//! the mesh. Prints figures only; no timing assertion.

use std::time::Instant;

use advanced_patterns_lab::sim::mesh::{Mesh, MeshConfig, Mode, SEC};

const RUNS: usize = 40;

fn measure(mode: Mode) -> (Vec<f64>, u64) {
    let config = MeshConfig {
        mode,
        request_rate: 10_000.0,
        ..MeshConfig::default()
    };
    let mut mesh = Mesh::new(config, 42).expect("valid config");
    // Warm up: one virtual second fills the slabs and queues to their steady size.
    mesh.advance(SEC);
    let mut samples = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        mesh.advance(SEC);
        samples.push(start.elapsed().as_secs_f64() * 1e6);
    }
    samples.sort_by(|a, b| a.total_cmp(b));
    (samples, mesh.totals().user_requests)
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i]
}

/// `MESH_BENCH_SECONDS=N`: only run N virtual seconds with the mesh (after a 1 s warm-up)
/// and print the user requests simulated, for `scripts/bench.sh` to count instructions
/// per request under valgrind, a figure that does not move with the machine's load.
fn count_run(seconds: u64) {
    let config = MeshConfig {
        request_rate: 10_000.0,
        ..MeshConfig::default()
    };
    let mut mesh = Mesh::new(config, 42).expect("valid config");
    mesh.advance((1 + seconds) * SEC);
    println!("requests {}", mesh.totals().user_requests);
}

fn main() {
    if let Some(s) = std::env::var("MESH_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        count_run(s);
        return;
    }
    // With the mesh is the figure compared with the browser (tests/web_mesh.rs, same seed).
    for (label, mode, with) in [
        ("[bench] mesh.native:", Mode::Mesh, "with"),
        ("mesh:", Mode::NoMesh, "without"),
    ] {
        let (s, done) = measure(mode);
        println!(
            "{label} {:.3} ms — 1 s of virtual time at 10k req/s {with} the mesh (seed 42), median \
             of {RUNS} runs; p99 {:.3} ms; {done} user requests simulated",
            quantile(&s, 0.5) / 1e3,
            quantile(&s, 0.99) / 1e3
        );
    }
}
