#!/usr/bin/env bash
# Every test layer, in order from fastest to slowest. Fails at the first red step.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
started=$(date +%s)

step "Định dạng (cargo fmt --check)"
cargo fmt --all -- --check

step "Clippy, bản native"
cargo clippy --all-targets -- -D warnings

step "Clippy, bản wasm32"
cargo clippy --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings

step "Kiểm thử native: engine, nội dung, thuộc tính (cargo test)"
cargo test

step "Kiểm thử trong trình duyệt: wasm-bindgen-test trên Chromium headless"
CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown $(for f in tests/web*.rs; do printf -- '--test %s ' "$(basename "$f" .rs)"; done)

step "Bản release, phục vụ từ gốc và từ một đường dẫn con"
bash scripts/build-release.sh target/e2e/root /
bash scripts/build-release.sh target/e2e/sub /any/sub/path/

step "Đầu-cuối trên bản release (Chromium headless, loopback)"
node --test --test-reporter=spec tests/e2e/

printf '\nMọi tầng kiểm thử đều xanh sau %s giây.\n' "$(( $(date +%s) - started ))"
