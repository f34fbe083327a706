//! The labs as a second WebAssembly module. The lesson (src/main.rs) holds the text and the
//! diagrams only and loads this module when a lab panel comes near the screen, so a first
//! visit downloads a fraction of the code.

use wasm_bindgen::prelude::*;

/// A lab on the page; `free()` from JavaScript unmounts it and stops its timers.
#[wasm_bindgen]
pub struct MountedLab {
    _view: Box<dyn std::any::Any>,
}

/// Mounts the lab `name` into `host`; `undefined` for a name with no live view.
#[wasm_bindgen]
pub fn mount_lab(name: &str, host: web_sys::HtmlElement) -> Option<MountedLab> {
    console_error_panic_hook::set_once();
    advanced_patterns_lab::ui::labs::mount(name, host).map(|view| MountedLab { _view: view })
}

fn main() {}
