// End to end: the snapshot lab on a real build served under a sub-path. Generates a million
// events (watching that frames keep coming while it works), changes the interval, rejects a bad
// custom interval, predicts, scrubs, waits for the measurements; then reopens a link with the
// lab's state in dark at 360 px. No console error, no page error, nothing leaves the origin.
// Screenshots: target/screenshots/lab-snapshots-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { serve, DIST, SUB_PREFIX } from "./server.mjs";
import { launch, recordedPage } from "./browser.mjs";
import { showLabs } from "./lesson.mjs";

const SHOTS = new URL("../../target/screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const LAB = '[data-lab="snapshots"]';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// The lab alone, from a full-page capture taken from the top (an element capture, or one taken
// scrolled down, would show the sticky header over it).
async function shoot(page, path) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.locator(LAB).boundingBox();
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
  await page.screenshot({
    path,
    fullPage: true,
    clip: { x: box.x + scroll.x, y: box.y + scroll.y, width: box.width, height: box.height },
  });
}

const text = (page, sel) => page.locator(`${LAB} ${sel}`).first().textContent();

async function waitForLog(page, n, timeout = 120000) {
  await page.waitForFunction(
    ([lab, want]) => document.querySelector(`${lab} .sn-status`)?.textContent.includes(`Đã sinh ${want} event`),
    [LAB, n],
    { timeout },
  );
}

test("snapshot lab: a million events, interval, prediction, scrubbing, measurements (light, 1280 px)", async () => {
  const server = await serve(DIST.sub, SUB_PREFIX);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const { page, problems } = await recordedPage(context, server.origin);
  try {
    await page.goto(server.url + "snapshots", { waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${LAB} .sn-run`);
    assert.match(await text(page, ".sn-empty"), /Hãy sinh log/);

    // Frames keep coming while the million events are generated.
    await page.evaluate(() => {
      window.__frames = { last: performance.now(), worst: 0, count: 0, on: true };
      const tick = (t) => {
        const f = window.__frames;
        f.worst = Math.max(f.worst, t - f.last);
        f.last = t;
        f.count += 1;
        if (f.on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const started = Date.now();
    await page.click(`${LAB} .sn-run`);
    await waitForLog(page, "1.000.000");
    const took = Date.now() - started;
    const frames = await page.evaluate(() => {
      window.__frames.on = false;
      return window.__frames;
    });
    console.log(`generation of 1.000.000 events: ${took} ms wall, ${frames.count} frames, longest frame gap ${frames.worst.toFixed(1)} ms`);
    assert.ok(frames.count > 5, "the page kept painting while generating");
    assert.equal(await page.getAttribute(`${LAB} progress`, "value"), "1000000");
    const head = await text(page, ".sn-status");
    assert.match(head, /Số dư ở đầu log: [\d.]+ ₫/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("sn-seed"), "2024");
    assert.equal(url.searchParams.get("sn-n"), "1000000");

    // Interval 100 (default): 10.000 snapshots; 1.000: 1.000 snapshots.
    assert.equal((await text(page, ".sn-count")).trim(), "10.000");
    await page.click(`${LAB} .sn-choice:has-text("1.000") input`);
    await page.waitForFunction((lab) => document.querySelector(`${lab} .sn-count`)?.textContent.trim() === "1.000", LAB);
    assert.match(await text(page, ".sn-bytes"), /^24\.000 byte/);

    // A bad custom interval is refused in Vietnamese; the interval stays 1.000.
    await page.fill(`${LAB} .sn-custom input`, "mười");
    assert.match(await text(page, ".sn-custom .sn-error"), /Chu kỳ snapshot phải là một số nguyên từ 1 đến 1\.000\.000/);
    assert.equal((await text(page, ".sn-count")).trim(), "1.000");
    await page.fill(`${LAB} .sn-custom input`, "250");
    await page.waitForFunction((lab) => document.querySelector(`${lab} .sn-count`)?.textContent.trim() === "4.000", LAB);

    // Predict, then observe: the lesson's question first.
    assert.match(await text(page, ".sn-question"), /phiên bản 500\.050/);
    await page.fill(`${LAB} .sn-guess input`, "50");
    await page.click(`${LAB} .sn-commit`);
    await page.waitForSelector(`${LAB} .sn-gap`);
    assert.match(await text(page, ".sn-gap"), /Chính xác/);
    await page.click(`${LAB} button:has-text("Xem trên thanh trượt")`);
    await page.waitForFunction((lab) => document.querySelector(`${lab} .sn-applied`)?.textContent.trim() === "50", LAB);
    assert.equal(await page.inputValue(`${LAB} .sn-slider`), "500050");
    assert.match(await text(page, ".sn-snapshot-used"), /phiên bản 500\.000/);

    // The slider moves by keyboard; the readout and aria-valuetext follow.
    await page.focus(`${LAB} .sn-slider`);
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((lab) => document.querySelector(`${lab} .sn-applied`)?.textContent.trim() === "51", LAB);
    assert.match(await page.getAttribute(`${LAB} .sn-slider`, "aria-valuetext"), /^Phiên bản 500\.051 trên 1\.000\.000, số dư [\d.]+ ₫, áp dụng 51 event$/);

    // Measurements arrive once the cursor rests; snapshot + tail equals the full replay.
    await page.waitForFunction((lab) => !document.querySelector(`${lab} .sn-measured`)?.textContent.includes("đang chờ"), LAB, { timeout: 20000 });
    console.log(`measured at 500.051, interval 100: ${await text(page, ".sn-measured")}`);
    assert.match(await text(page, ".sn-invariant"), /^Đúng/);
    await page.waitForFunction((lab) => ![...document.querySelectorAll(`${lab} .chart-summary`)].some((p) => p.textContent.includes("Đang đo")), LAB, { timeout: 60000 });
    await page.waitForFunction((lab) => ![...document.querySelectorAll(`${lab} .sn-real`)].some((p) => p.textContent.includes("đang đo")), LAB, { timeout: 60000 });
    for (const row of await page.locator(`${LAB} .sn-cost tbody tr`).allTextContents()) console.log(`cost table: ${row}`);
    console.log(await text(page, ".sn-ratio"));
    await page.click(`${LAB} .sn-table-wrap summary`);
    for (const row of await page.locator(`${LAB} .sn-table-wrap tbody tr`).allTextContents()) console.log(`time by size: ${row}`);
    // Scrub benchmark in the real page (styles, whole chapter): interval 1.000, 200 slider
    // steps, each timed from the input event until the read-out changed and layout is done.
    await page.click(`${LAB} .sn-choice input[value="1.000"]`);
    await page.waitForFunction((lab) => document.querySelector(`${lab} .sn-count`)?.textContent.trim() === "1.000", LAB);
    const scrub = await page.evaluate(async (lab) => {
      const slider = document.querySelector(`${lab} .sn-slider`);
      const applied = document.querySelector(`${lab} .sn-applied`);
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      const times = [];
      let seed = 12345;
      for (let i = 0; i < 200; i++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const v = seed % 1000001;
        const want = String(v % 1000);
        const t0 = performance.now();
        slider.value = String(v);
        slider.dispatchEvent(new Event("input", { bubbles: true }));
        await new Promise((resolve) => {
          if (applied.textContent.trim() === want) return resolve();
          const mo = new MutationObserver(() => {
            if (applied.textContent.trim() === want) {
              mo.disconnect();
              resolve();
            }
          });
          mo.observe(applied, { childList: true, characterData: true, subtree: true });
        });
        void document.body.offsetHeight;
        times.push(performance.now() - t0);
        await frame();
      }
      times.sort((a, b) => a - b);
      const at = (p) => times[Math.round((times.length - 1) * p)];
      return { p50: at(0.5), p99: at(0.99), max: times[times.length - 1] };
    }, LAB);
    console.log(`scrub in the app, 1.000.000 events, interval 1.000, 200 steps (input → read-out updated + layout): p50 ${scrub.p50.toFixed(2)} ms, p99 ${scrub.p99.toFixed(2)} ms, max ${scrub.max.toFixed(2)} ms`);

    const charts = await page.locator(`${LAB} canvas`).count();
    assert.equal(charts, 2);

    await shoot(page, `${SHOTS}lab-snapshots-light-1280.png`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("snapshot lab: a link with the lab's state reopens it (dark, 360 px)", async () => {
  const server = await serve(DIST.sub, SUB_PREFIX);
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, colorScheme: "dark" });
  const { page, problems } = await recordedPage(context, server.origin);
  try {
    await page.goto(`${server.url}snapshots?sn-seed=7&sn-n=200000&sn-k=1000&sn-v=123456`, { waitUntil: "networkidle" });
    await showLabs(page);
    await waitForLog(page, "200.000");
    await page.waitForSelector(`${LAB} .sn-slider`);
    assert.equal(await page.inputValue(`${LAB} .sn-slider`), "123456");
    assert.equal((await text(page, ".sn-applied")).trim(), "456");
    assert.equal((await text(page, ".sn-count")).trim(), "200");
    await page.waitForFunction((lab) => !document.querySelector(`${lab} .sn-measured`)?.textContent.includes("đang chờ"), LAB, { timeout: 20000 });
    await page.waitForFunction((lab) => ![...document.querySelectorAll(`${lab} .chart-summary`)].some((p) => p.textContent.includes("Đang đo")), LAB, { timeout: 60000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than 360 px`);
    await shoot(page, `${SHOTS}lab-snapshots-dark-360.png`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});
