// Runs the mesh engine (examples/mesh_wasm.rs) in Node's V8 for `make bench` to count machine
// instructions under valgrind: set-up, one warm-up second, then N virtual seconds. Run with
// `node --no-liftoff` so every function runs as optimised (TurboFan) code, as it does in a
// page after warm-up (scripts/bench.sh adds the flags that make the count repeatable).
// Prints the user requests finished; asserts nothing.
import { readFileSync } from "node:fs";
import { stubImports } from "./wasm-stubs.mjs";

const [file, seconds] = process.argv.slice(2);
const module = await WebAssembly.compile(readFileSync(file));
const { setup, step } = (await WebAssembly.instantiate(module, stubImports(module))).exports;
setup();
step();
let requests = 0;
for (let i = 0; i < Number(seconds); i++) requests = step();
console.log(`requests ${requests}`);
