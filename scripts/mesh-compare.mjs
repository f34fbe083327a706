// Compares two builds of the mesh engine (examples/mesh_wasm.rs modules) in one Node process:
// both are set up and warmed up, then their one-virtual-second steps alternate, so a change in
// the machine's speed during the run (on shared cores it comes and goes for seconds at a time)
// slows both alike. Prints each module's step time and the ratio new ÷ old; asserts nothing.
// Instruction counts (mesh-wasm-instr.mjs) cannot see cache misses or mispredicted branches;
// this timing can.
import { readFileSync } from "node:fs";
import { stubImports } from "./wasm-stubs.mjs";

const [oldFile, newFile] = process.argv.slice(2);
const ROUNDS = 150;

async function load(file) {
  const module = await WebAssembly.compile(readFileSync(file));
  const { setup, step } = (await WebAssembly.instantiate(module, stubImports(module))).exports;
  setup();
  for (let i = 0; i < 8; i++) step();
  return step;
}

const steps = [await load(oldFile), await load(newFile)];
const times = [[], []];
for (let r = 0; r < ROUNDS; r++) {
  for (let k = 0; k < 2; k++) {
    // Alternate which module goes first in a round.
    const j = (k + r) % 2;
    const t = performance.now();
    steps[j]();
    times[j].push(performance.now() - t);
  }
}
const median = (a) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
const [m0, m1] = times.map(median);
console.log(
  `[bench] mesh.vs_previous: ${(m1 / m0).toFixed(3)} ratio — this build's engine ÷ the ` +
    `previous make bench's, 1 s virtual at 10k req/s, ${ROUNDS} steps each interleaved in one ` +
    `Node process (medians ${m1.toFixed(3)} ms vs ${m0.toFixed(3)} ms)`,
);
