// Times one virtual second of the mesh engine (examples/mesh_wasm.rs) in a plain Chromium
// page: 5 s of warm-up, then the median of 20. Prints one "[bench]" line; asserts nothing.
import { readFileSync } from "node:fs";
import { launch } from "../tests/e2e/browser.mjs";
import { stubImports } from "./wasm-stubs.mjs";

const file = process.argv[2];
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.evaluate(`window.stubImports = ${stubImports}`);
  const line = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, window.stubImports(module));
    const { setup, step } = instance.exports;
    setup();
    for (let i = 0; i < 5; i++) step();
    const times = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      step();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = (times[9] + times[10]) / 2;
    return `[bench] mesh.page.wasm: ${median.toFixed(3)} ms — 1 s of virtual time at 10k req/s ` +
      `with the mesh (seed 42) in a plain page, median of 20 (min ${times[0].toFixed(3)} ms)`;
  }, readFileSync(file).toString("base64"));
  console.log(line);
} finally {
  await browser.close();
}
