//! Simulation engines: pure Rust, no web imports, virtual time only, deterministic from a seed.

pub mod cqrs;
pub mod decision;
pub mod es;
pub mod format;
pub mod mesh;
pub mod rng;
