// Times one virtual second of the mesh engine (examples/mesh_wasm.rs) in a plain Chromium
// page, in the steady state a running lab is in: 30 steps of warm-up, then the median of 60.
// Chromium first runs the module with its baseline compiler and swaps in the optimised code
// of the largest functions from a background thread; in some runs that takes until the 20th
// step, so the median of steps 6–25 (what this script measured before) is printed as well.
// Prints "[bench]" lines; asserts nothing.
import { readFileSync } from "node:fs";
import { launch } from "../tests/e2e/browser.mjs";
import { stubImports } from "./wasm-stubs.mjs";

const file = process.argv[2];
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.evaluate(`window.stubImports = ${stubImports}`);
  const lines = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, window.stubImports(module));
    const { setup, step } = instance.exports;
    setup();
    const times = [];
    for (let i = 0; i < 90; i++) {
      const t = performance.now();
      step();
      times.push(performance.now() - t);
    }
    const median = (a) => {
      const s = [...a].sort((x, y) => x - y);
      return (s[(s.length >> 1) - 1] + s[s.length >> 1]) / 2;
    };
    const steady = times.slice(30);
    const min = Math.min(...steady);
    return [
      `[bench] mesh.page.wasm: ${median(steady).toFixed(3)} ms — 1 s of virtual time at 10k req/s ` +
        `with the mesh (seed 42) in a plain page, median of 60 steps after 30 of warm-up ` +
        `(min ${min.toFixed(3)} ms)`,
      `[bench] mesh.page.early.wasm: ${median(times.slice(5, 25)).toFixed(3)} ms — the same, ` +
        `steps 6–25 (the optimising compiler may not be done yet)`,
    ].join("\n");
  }, readFileSync(file).toString("base64"));
  console.log(lines);
} finally {
  await browser.close();
}
