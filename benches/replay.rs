//! Benchmark: written with its engine.
fn main() {}
