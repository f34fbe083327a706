//! The mesh engine alone as a bare WebAssembly module (no wasm-bindgen, no page around it),
//! for `make bench` to time one virtual second in a plain Chromium page
//! (`scripts/mesh-page-bench.mjs`): the wasm-bindgen-test runner page slows the same code
//! down by about half again, so both figures are printed.

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
