// End to end: the CQRS sync-lag lab and the HPN comparison on a real build served under a
// sub-path. Drives the load to the HPN peak at speed 8 (measuring the frame gaps while it
// plays), makes the classic stale read with the projector paused, resumes and waits for the
// catch-up; then reopens a link with the lab's settings in dark at 360 px. No console error,
// no page error, nothing leaves the origin. Screenshots: target/screenshots/lab-cqrs-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { serve, DIST, SUB_PREFIX } from "./server.mjs";
import { launch, recordedPage } from "./browser.mjs";
import { showLabs } from "./lesson.mjs";

const SHOTS = new URL("../../target/screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const LAB = '[data-lab="cqrs-lag"]';
const HPN = '[data-lab="hpn-compare"]';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// One lab alone, from a full-page capture (an element capture would show the sticky header
// over it).
async function shoot(page, sel, path) {
  // From the top, so that the sticky site header is drawn above the lab, not across it.
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await page.locator(sel).boundingBox();
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
  await page.screenshot({
    path,
    fullPage: true,
    clip: { x: box.x + scroll.x, y: box.y + scroll.y, width: box.width, height: box.height },
  });
}

const text = async (page, sel) => ((await page.locator(sel).first().textContent()) ?? "").trim();

async function waitForText(page, sel, re, timeout = 20000) {
  await page.waitForFunction(
    ([s, src]) => new RegExp(src).test(document.querySelector(s)?.textContent ?? ""),
    [sel, re.source],
    { timeout },
  );
}

test("cqrs lab: HPN peak at speed 8, stale read, catch-up, URL state (light, 1280 px)", async () => {
  const server = await serve(DIST.sub, SUB_PREFIX);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const { page, problems } = await recordedPage(context, server.origin);
  try {
    await page.goto(server.url + "cqrs", { waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${LAB} .cq-player`);
    assert.equal(await text(page, `${LAB} #cq-projector-status`), "Đang chạy");

    // Load at the HPN peak (the slider's last step), speed 8, play.
    await page.focus(`${LAB} #cq-rate`);
    await page.keyboard.press("End");
    assert.equal(await text(page, `${LAB} output[for='cq-rate']`), "10.000 event/giây");
    assert.equal(new URL(page.url()).searchParams.get("cq_rate"), "10000");
    // A projector with room to spare, as HPN's consumers (the default 2.000/s could never catch up).
    await page.focus(`${LAB} #cq-cap`);
    await page.keyboard.press("End");
    assert.equal(await text(page, `${LAB} output[for='cq-cap']`), "50.000 event/giây");
    await page.selectOption(`${LAB} .player-speed select`, "8");
    await page.evaluate(() => {
      window.__frames = { last: performance.now(), gaps: [], on: true };
      const tick = (t) => {
        const f = window.__frames;
        f.gaps.push(t - f.last);
        f.last = t;
        if (f.on) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.click(`${LAB} button[aria-label='Phát']`);
    await page.waitForTimeout(3000);
    const frames = await page.evaluate(() => {
      window.__frames.on = false;
      const g = window.__frames.gaps.slice(1).sort((a, b) => a - b);
      return { n: g.length, median: g[Math.floor(g.length / 2)], p99: g[Math.floor(g.length * 0.99)], max: g[g.length - 1] };
    });
    console.log(
      `cqrs lab at 10.000 events/s, speed 8 (400 ms virtual per 50 ms frame): ${frames.n} animation frames in 3 s, gap median ${frames.median.toFixed(1)} ms, p99 ${frames.p99.toFixed(1)} ms, max ${frames.max.toFixed(1)} ms`,
    );
    assert.ok(frames.n > 30, "the page kept painting while the simulation played");
    const clock = await text(page, `${LAB} .cq-clock strong`);
    const seconds = Number(clock.replace(/[^\d,]/g, "").replace(",", "."));
    assert.ok(seconds > 5, `virtual clock after 3 s at speed 8: ${clock}`);
    assert.match(await text(page, `${LAB} #cq-lag-events .cq-card-detail`), /^đầu log [\d.]+ − checkpoint [\d.]+$/);
    const pixels = await page.evaluate((sel) => {
      const c = document.querySelector(`${sel} canvas`);
      return c ? c.width * c.height : 0;
    }, LAB);
    assert.ok(pixels > 0, "the lag chart is drawn");

    // The classic stale read: pause the projector, change a price, look at the table.
    await page.click(`${LAB} #cq-pause`);
    assert.equal(new URL(page.url()).searchParams.get("cq_proj"), "pause");
    await page.fill(`${LAB} #cq-price`, "790.000");
    await page.click(`${LAB} #cq-update-price`);
    await page.waitForFunction((sel) => document.querySelector(`${sel} tr[data-course='KH-002']`)?.classList.contains("cq-row-stale"), LAB);
    const row = await text(page, `${LAB} tr[data-course='KH-002']`);
    assert.match(row, /790\.000 ₫/);
    assert.match(row, /giá cũ · chậm [\d.]+ event/);
    await page.waitForTimeout(800);
    await shoot(page, LAB, `${SHOTS}lab-cqrs-light-1280-paused.png`);

    // Resume: the projector catches up; the row is no longer stale.
    await page.selectOption(`${LAB} .player-speed select`, "1");
    await page.click(`${LAB} #cq-resume`);
    await waitForText(page, `${LAB} .cq-log`, /Projector đã bắt kịp/);
    await page.waitForFunction((sel) => !document.querySelector(`${sel} tr[data-course='KH-002']`)?.classList.contains("cq-row-stale"), LAB);
    assert.equal(new URL(page.url()).searchParams.get("cq_proj"), "run");

    // Read-your-writes with all three strategies on one write.
    await page.click(`${LAB} #cq-ryw-all`);
    await page.waitForFunction((sel) => document.querySelector(`${sel} tr[data-strategy='write'] td`)?.textContent === "1", LAB);
    await page.click(`${LAB} button[aria-label='Tạm dừng']`);
    await page.locator(`${LAB} .cq-compare > summary`).click();
    await waitForText(page, `${LAB} .cq-compare-table`, /bài học: 50–200 ms/);
    await shoot(page, LAB, `${SHOTS}lab-cqrs-light-1280.png`);

    // The HPN chapter's comparison lab.
    await page.goto(server.url + "hpn", { waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${HPN} .cq-compare-table`);
    assert.match(await text(page, `${HPN} .cq-compare-table`), /nhanh hơn/);
    await page.click(`${HPN} #hp-guess-1`);
    await page.click(`${HPN} #hp-reveal`);
    await waitForText(page, `${HPN} .cq-verdict`, /Bạn đoán đúng/);
    assert.equal(new URL(page.url()).searchParams.get("hp_rate"), "10000");
    await page.waitForTimeout(300);
    await shoot(page, HPN, `${SHOTS}lab-hpn-compare-light-1280.png`);

    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("cqrs lab: a link reopens the same settings, dark at 360 px", async () => {
  const server = await serve(DIST.sub, SUB_PREFIX);
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, colorScheme: "dark" });
  const { page, problems } = await recordedPage(context, server.origin);
  try {
    const query = "cq_seed=7&cq_rate=50&cq_cap=40&cq_proj=pause&cq_slow=10&cq_inv=0&cq_ttl=30000";
    await page.goto(`${server.url}cqrs?${query}`, { waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${LAB} .cq-player`);
    assert.equal(await text(page, `${LAB} output[for='cq-rate']`), "50 event/giây");
    assert.equal(await text(page, `${LAB} output[for='cq-cap']`), "40 event/giây");
    assert.equal(await text(page, `${LAB} output[for='cq-slow']`), "chậm ×10");
    assert.equal(await text(page, `${LAB} output[for='cq-ttl']`), "30 giây");
    assert.equal(await text(page, `${LAB} #cq-projector-status`), "Tạm dừng");
    assert.equal(await page.inputValue(`${LAB} #cq-seed`), "7");
    assert.equal(await page.isChecked(`${LAB} .cq-settings input[type='checkbox']`), false);

    // Same link, same run: two loads step to the same head and checkpoint.
    const step = async (n) => {
      for (let i = 0; i < n; i++) await page.click(`${LAB} button[aria-label='Tiến một bước']`);
    };
    await step(20);
    const first = await text(page, `${LAB} #cq-lag-events .cq-card-detail`);
    await page.reload({ waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${LAB} .cq-player`);
    await step(20);
    assert.equal(await text(page, `${LAB} #cq-lag-events .cq-card-detail`), first);

    // Nothing sticks out sideways at 360 px.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page width at 360 px: ${width}`);
    await page.click(`${LAB} #cq-resume`);
    await step(30);
    await shoot(page, LAB, `${SHOTS}lab-cqrs-dark-360.png`);

    // The HPN comparison reopens its workload from the address too.
    await page.goto(`${server.url}hpn?hp_rate=2000&hp_dash=6`, { waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${HPN} .cq-compare-table`);
    assert.equal(await text(page, `${HPN} output[for='hp-rate']`), "2.000 event/giây");
    assert.equal(await text(page, `${HPN} output[for='hp-dash']`), "6 dashboard/phút");
    assert.match(await text(page, `${HPN} .cq-compare-table`), /quá tải/);
    const hpnWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(hpnWidth <= 360, `page width at 360 px: ${hpnWidth}`);
    await shoot(page, HPN, `${SHOTS}lab-hpn-compare-dark-360.png`);

    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});
