//! Mounts the app; everything else lives in the library.

fn main() {
    advanced_patterns_lab::ui::start();
}
