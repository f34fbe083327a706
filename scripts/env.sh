# Sourced by the other scripts: PATH and settings shared by every step.
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# No internet here: Trunk must not try to look up its newest version.
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
export WASM_BINDGEN_VERSION
TRUNK_VERSION=0.21.14
export TRUNK_VERSION
