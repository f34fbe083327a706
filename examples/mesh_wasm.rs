//! The mesh engine alone as a bare WebAssembly module (no wasm-bindgen, no page around it),
//! for `make bench`: `scripts/mesh-page-bench.mjs` times one virtual second in a plain
//! Chromium page, and `scripts/mesh-wasm-instr.mjs` runs it in Node's V8 for valgrind to count
//! the machine instructions per user request, a figure that does not move with the load.

use std::cell::RefCell;

use advanced_patterns_lab::sim::mesh::{Mesh, MeshConfig, SEC};

thread_local! {
    static MESH: RefCell<Option<Mesh>> = const { RefCell::new(None) };
}

/// A run at 10.000 user requests/s with the mesh, seed 42 (as `benches/mesh.rs`).
#[no_mangle]
pub extern "C" fn setup() {
    let config = MeshConfig {
        request_rate: 10_000.0,
        ..MeshConfig::default()
    };
    let mesh = Mesh::new(config, 42).expect("valid config");
    MESH.with(|m| *m.borrow_mut() = Some(mesh));
}

/// One virtual second; returns the user requests finished so far.
#[no_mangle]
pub extern "C" fn step() -> f64 {
    MESH.with(|m| {
        let mut m = m.borrow_mut();
        let mesh = m.as_mut().expect("setup first");
        mesh.advance(SEC);
        mesh.totals().user_requests as f64
    })
}
