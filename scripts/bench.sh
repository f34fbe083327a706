#!/usr/bin/env bash
# Performance figures in one run: the engine benches natively (cargo bench) and the browser
# benches in headless Chromium on release-profile WebAssembly (cargo test --release), then a
# summary with the wasm/native ratios. Figures only: nothing is asserted about time.
# Every figure is one line "[bench] ID: VALUE UNIT — what"; the summary reads those lines.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
started=$(date +%s)
out=target/bench
mkdir -p "$out"
export CHROMEDRIVER=/usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
native=(bench --bench replay --bench cqrs --bench mesh)
wasm=(test --release --target wasm32-unknown-unknown
  --test web_snapshots --test web_cqrs --test web_mesh --test web_time_travel)

step "Build: native benches (bench profile = release settings) and wasm tests (--release)"
cargo "${native[@]}" --no-run
cargo "${wasm[@]}" --no-run
cargo build --release --target wasm32-unknown-unknown --example mesh_wasm
# The engine as the app ships it: Trunk runs `wasm-opt -Oz` (index.html) on the release build.
mesh_wasm=$out/mesh_wasm.wasm
# The previous run's engine stays for a timing side by side with this one.
previous=$out/mesh_wasm.previous.wasm
if [ -f "$mesh_wasm" ]; then cp "$mesh_wasm" "$previous"; fi
wasm-opt -Oz target/wasm32-unknown-unknown/release/examples/mesh_wasm.wasm -o "$mesh_wasm"

step "Native (cargo bench)"
cargo "${native[@]}" | tee "$out/native.txt"

# Instructions per user request, counted by valgrind: the difference between an 11 s and a 1 s
# run (same set-up and warm-up), so it does not move with the machine's load (Node's start-up
# varies by a few million instructions; 10 s of difference makes that about 1 %). Reads the
# "requests N" line the program prints; $1 = figure ID and text, then the command.
instr_per_request() {
  local label=$1 i1 r1 i2 r2
  shift
  count() {
    MESH_BENCH_SECONDS=$1 valgrind --tool=callgrind --smc-check=all-non-file \
      --callgrind-out-file=/dev/null "${@:2}" "$1" 2>&1 |
      awk '/^requests/ { r = $2 } /Collected :/ { i = $4 } END { print i, r }'
  }
  read -r i1 r1 < <(count 1 "$@")
  read -r i2 r2 < <(count 11 "$@")
  awk -v i1="$i1" -v r1="$r1" -v i2="$i2" -v r2="$r2" -v label="$label" 'BEGIN {
    printf "[bench] %s: %.0f instr — per user request, 10k req/s with the mesh (seed 42), valgrind\n",
      label, (i2 - i1) / (r2 - r1) }'
}
have_valgrind() {
  command -v valgrind >/dev/null && return
  echo "valgrind is not installed (apt-get install valgrind): figure skipped."
  return 1
}

step "Mesh: instructions per user request, native (valgrind; steady under load)"
if have_valgrind; then
  bin=$(cargo bench --bench mesh --no-run 2>&1 | grep -o 'target/release/deps/mesh-[0-9a-f]*' | head -1)
  # The bench reads its seconds from MESH_BENCH_SECONDS and ignores the extra argument.
  instr_per_request mesh.instr.native "$bin" | tee -a "$out/native.txt"
fi

step "WebAssembly in headless Chromium (wasm-bindgen-test, --nocapture)"
cargo "${wasm[@]}" -- bench --nocapture | tee "$out/wasm.txt"

step "Mesh engine alone in a plain Chromium page (examples/mesh_wasm.rs, wasm-opt -Oz)"
node scripts/mesh-page-bench.mjs "$mesh_wasm" |
  tee -a "$out/wasm.txt"

step "Mesh engine: this build against the previous make bench's (steps interleaved in Node)"
if [ -f "$previous" ]; then
  node scripts/mesh-compare.mjs "$previous" "$mesh_wasm" | tee -a "$out/wasm.txt"
else
  echo "No engine from a previous make bench yet: nothing to compare with."
fi

step "Mesh: instructions per user request, wasm in V8 (valgrind; steady under load)"
# Node's V8 with --no-liftoff runs the optimised code a page runs after warm-up; compiling
# everything up front on the main thread keeps the count the same from run to run.
if have_valgrind; then
  instr_per_request mesh.instr.wasm \
    node --no-liftoff --no-wasm-lazy-compilation --single-threaded \
    scripts/mesh-wasm-instr.mjs "$mesh_wasm" | tee -a "$out/wasm.txt"
fi

step "Summary (median or percentile; ratio = wasm / native)"
awk '
  match($0, /\[bench\] [^ ]+: [0-9.]+ [^ ]+/) {
    split(substr($0, RSTART, RLENGTH), f, " ")
    id = f[2]; sub(/:$/, "", id); v[id] = f[3]; u[id] = f[4]
  }
  function cell(id) { return (id in v) ? v[id] " " u[id] : "-" }
  function row(key, label, ratio,   n, w) {
    n = key ".native"; w = key ".wasm"
    ratio = (ratio && n in v && w in v && v[n] > 0) ? sprintf("%.2fx", v[w] / v[n]) : ""
    printf "%-50s %12s %12s %8s\n", label, cell(n), cell(w), ratio
  }
  END {
    printf "%-50s %12s %12s %8s\n", "figure", "native", "wasm", "ratio"
    row("fold", "1. fold of 1M events (seed 2024), median", 1)
    row("scrub.p50", "2. scrub 1M events, snapshot every 1k: step p50")
    row("scrub.p99", "   scrub 1M events, snapshot every 1k: step p99")
    row("cqrs", "3. CQRS, 1 s virtual at 10k events/s, median", 1)
    row("mesh", "4. mesh, 1 s virtual at 10k req/s, median", 1)
    row("mesh.page", "   mesh, same, engine alone in a plain page")
    row("mesh.page.early", "   mesh, same, plain page, steps 6-25 (warm-up)")
    row("mesh.instr", "   mesh: instructions per user request", 1)
    row("tt.step.p50", "5. time travel 100k events: one step, p50")
    row("tt.step.p99", "   time travel 100k events: one step, p99")
    row("tt.jump.p50", "   time travel 100k events: jump, p50")
    row("tt.jump.p99", "   time travel 100k events: jump, p99")
    row("event.bytes", "6. stored event size")
    if ("mesh.vs_previous" in v)
      printf "\nMesh engine, this build / previous make bench (time, interleaved): %s\n",
        v["mesh.vs_previous"]
    if ("mesh.page.wasm" in v)
      printf "Mesh goal (1 s virtual at 10k req/s <= 4 ms in the browser): %s ms -> %s\n",
        v["mesh.page.wasm"], (v["mesh.page.wasm"] <= 4) ? "met" : "NOT met"
    if ("fold.native" in v && "fold.wasm" in v) {
      r = v["fold.wasm"] / v["fold.native"]
      printf "\nFold goal (wasm <= 20 ms and <= 2x native): %s ms, %.2fx -> %s\n", v["fold.wasm"], r,
        (v["fold.wasm"] <= 20 && r <= 2) ? "met" : "NOT met"
    }
  }' "$out/native.txt" "$out/wasm.txt"
printf '\nmake bench: %s s (raw output in %s/)\n' "$(($(date +%s) - started))" "$out"
