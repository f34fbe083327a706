// End to end: the service-mesh lab on a real build served under a sub-path. Crashes a pod
// from the graph, plays until it is ejected, refuses a bad policy value, checks the YAML,
// predicts, runs a retry storm; then reopens a link with faults and policy in dark at 360 px.
// No console error, no page error, nothing leaves the origin.
// Screenshots: target/screenshots/lab-mesh-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { serve, DIST, SUB_PREFIX } from "./server.mjs";
import { launch, recordedPage } from "./browser.mjs";
import { showLabs } from "./lesson.mjs";

const SHOTS = new URL("../../target/screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const LAB = '[data-lab="mesh"]';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function shoot(page, path) {
  const box = await page.locator(LAB).boundingBox();
  const scroll = await page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
  await page.screenshot({
    path,
    fullPage: true,
    clip: { x: box.x + scroll.x, y: box.y + scroll.y, width: box.width, height: box.height },
  });
}

const text = (page, sel) => page.locator(`${LAB} ${sel}`).first().textContent();

test("mesh lab: crash, ejection, policy, YAML, prediction, storm (light, 1280 px)", async () => {
  const server = await serve(DIST.sub, SUB_PREFIX);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const { page, problems } = await recordedPage(context, server.origin);
  try {
    await page.goto(server.url + "service-mesh", { waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${LAB} .mesh-graph`);
    assert.match(await text(page, ".mesh-yaml-text"), /consecutive5xxErrors: 5/);

    // Select payment-service-1 by keyboard on the graph, crash it, play.
    await page.focus(`${LAB} [data-pod="7"]`);
    await page.keyboard.press("Enter");
    assert.match(await text(page, ".mesh-selected"), /^payment-service-1/);
    await page.check(`${LAB} .mesh-crash`);
    await page.selectOption(`${LAB} .player-speed select`, "4");
    await page.click(`${LAB} button[aria-label="Phát"]`);
    await page.waitForFunction(
      (lab) => document.querySelector(`${lab} [data-pod="7"]`)?.getAttribute("class").includes("mesh-pod-ejected"),
      LAB,
      { timeout: 20000 },
    );
    await page.waitForFunction(
      (lab) => document.querySelector(`${lab} .mesh-graph`)?.textContent.includes("bị loại"),
      LAB,
    );
    assert.match(await text(page, ".mesh-log"), /payment-service-1 bị loại \(ejected\)/);
    // A slow pod too, so the latency chart has something to show.
    await page.click(`${LAB} [data-pod="10"]`);
    await page.selectOption(`${LAB} #mesh-delay`, "200");
    await page.waitForTimeout(3000);
    await page.click(`${LAB} button[aria-label="Tạm dừng"]`);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("m_f"), "7:c;10:d200");

    // A bad policy value: the engine's message, YAML unchanged.
    const yaml = await text(page, ".mesh-yaml-text");
    await page.fill(`${LAB} #mesh-max-ejection`, "150");
    await page.press(`${LAB} #mesh-max-ejection`, "Enter");
    await page.waitForSelector(`${LAB} .mesh-policy .mesh-error:has-text("maxEjectionPercent = 150")`);
    assert.equal(await text(page, ".mesh-yaml-text"), yaml);
    await page.fill(`${LAB} #mesh-max-ejection`, "34");
    await page.press(`${LAB} #mesh-max-ejection`, "Enter");
    await page.waitForFunction((lab) => document.querySelector(`${lab} .mesh-yaml-text`)?.textContent.includes("maxEjectionPercent: 34"), LAB);

    // Predict then observe.
    await page.fill(`${LAB} #mesh-guess`, "80");
    await page.click(`${LAB} .mesh-predict-run`);
    await page.waitForSelector(`${LAB} .mesh-verdict`);
    console.log(`prediction: ${await text(page, ".mesh-verdict")}`);
    assert.match(await text(page, ".mesh-verdict"), /1 − 0,50\^4 = 93,8%/);

    // Retry storm: 3 layers × 4 tries, always failing → 64 = 4^3.
    await page.click(`${LAB} .mesh-storm-run`);
    await page.waitForSelector(`${LAB} .mesh-storm-measured`);
    assert.equal((await text(page, ".mesh-storm-measured")).trim(), "64,00");

    for (const row of await page.locator(`${LAB} .mesh-compare tbody tr`).allTextContents()) console.log(`compare: ${row}`);
    assert.equal(await page.locator(`${LAB} canvas`).count(), 5);
    await shoot(page, `${SHOTS}lab-mesh-light-1280.png`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("mesh lab: a link with faults and policy reopens the run (dark, 360 px)", async () => {
  const server = await serve(DIST.sub, SUB_PREFIX);
  const context = await browser.newContext({
    viewport: { width: 360, height: 780 },
    colorScheme: "dark",
    reducedMotion: "reduce",
  });
  const { page, problems } = await recordedPage(context, server.origin);
  try {
    await page.goto(`${server.url}service-mesh?m_seed=11&m_f=8:e50&m_att=1&m_leg=1&m_mtls=PERMISSIVE`, { waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${LAB} .mesh-graph`);
    assert.match(await text(page, ".mesh-yaml-text"), /attempts: 1\n/);
    assert.match(await text(page, ".mesh-yaml-text"), /mode: PERMISSIVE/);
    assert.equal(await page.inputValue(`${LAB} #mesh-seed`), "11");
    assert.match(await page.getAttribute(`${LAB} [data-pod="8"]`, "aria-label"), /trả 503 cho 50% request/);
    for (let i = 0; i < 5; i++) await page.click(`${LAB} button[aria-label="Tiến một bước"]`);
    assert.match(await text(page, ".mesh-legacy-toggle"), /plaintext/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than 360 px`);
    await page.waitForTimeout(500);
    await shoot(page, `${SHOTS}lab-mesh-dark-360.png`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});
