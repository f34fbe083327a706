// End to end: the time-travel lab in the built app. A share link reopens the same log and
// cursor (from the root and under a sub-path), a bad link says why and falls back to ACC-001,
// the keyboard alone runs the demo and presentation mode, export and import of the log, and
// screenshots (light 1280 px, dark 360 px, presentation) in target/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { serve, DIST, SUB_PREFIX } from "./server.mjs";
import { launch, recordedPage } from "./browser.mjs";
import { showLabs } from "./lesson.mjs";

const SHOTS = new URL("../../target/screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const HOSTINGS = [
  { name: "root", dist: DIST.root, prefix: "/" },
  { name: "sub", dist: DIST.sub, prefix: SUB_PREFIX },
];
const CHAPTER = "event-sourcing";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// Opens the chapter (with `query`) and waits for the lab.
async function openLab(page, server, query = "") {
  await page.goto(`${server.url}${CHAPTER}${query}`, { waitUntil: "networkidle" });
  await showLabs(page);
  await page.waitForSelector(".tt-lab .tt-slider", { timeout: 15000 });
}

const slider = (page) => page.inputValue(".tt-slider");
const sliderMax = (page) => page.getAttribute(".tt-slider", "max");
const balance = async (page) => (await page.textContent(".tt-state-main .tt-balance")).trim();

async function waitForValue(page, want) {
  await page.waitForFunction((v) => document.querySelector(".tt-slider")?.value === v, String(want), { timeout: 5000 });
}

async function submitCommand(page, kind, amount) {
  await page.check(`.tt-commands input[type=radio][value=${kind}]`);
  await page.fill(".tt-commands input[inputmode=numeric]", amount);
  await page.click(".tt-commands button[type=submit]");
}

for (const hosting of HOSTINGS) {
  test(`${hosting.name}: a share link reopens the same log and cursor`, async () => {
    const server = await serve(hosting.dist, hosting.prefix);
    const context = await browser.newContext();
    const { page, problems } = await recordedPage(context, server.origin);
    try {
      // ACC-001 unchanged: just ?v=3.
      await openLab(page, server, "?v=3");
      assert.equal(await slider(page), "3");
      assert.equal(await balance(page), "1.500.000 ₫");

      // Move with the keyboard; the address follows, and a reload keeps the cursor.
      await page.focus(".tt-lab");
      await page.keyboard.press("ArrowRight");
      assert.equal(await balance(page), "1.200.000 ₫");
      await page.waitForFunction(() => new URLSearchParams(location.search).get("v") === "4");
      await page.reload({ waitUntil: "networkidle" });
      await showLabs(page);
      await page.waitForSelector(".tt-slider");
      assert.equal(await slider(page), "4");
      assert.equal(await balance(page), "1.200.000 ₫");

      // A changed log travels in the link, compactly, and reopens in a fresh page.
      await page.focus(".tt-lab");
      await page.keyboard.press("End");
      await submitCommand(page, "deposit", "700.000");
      await waitForValue(page, 6);
      await page.waitForFunction(() => new URLSearchParams(location.search).has("log"));
      await page.focus(".tt-lab");
      await page.keyboard.press("ArrowLeft");
      await page.waitForFunction(() => new URLSearchParams(location.search).get("v") === "5");
      const link = await page.inputValue(".tt-link");
      assert.ok(link.length < 400, `share link is ${link.length} characters`);
      assert.ok(link.includes("v=5") && link.includes("log="), link);
      const other = await recordedPage(context, server.origin);
      // The link's anchor scrolls to the lab panel, which loads the lab: no scrolling here.
      await other.page.goto(link, { waitUntil: "networkidle" });
      await other.page.waitForSelector(".tt-slider", { timeout: 20000 });
      assert.equal(await sliderMax(other.page), "6");
      assert.equal(await slider(other.page), "5");
      await other.page.focus(".tt-lab");
      await other.page.keyboard.press("End");
      assert.equal(await balance(other.page), "2.200.000 ₫");
      assert.deepEqual(other.problems, []);
      await other.page.close();

      // A broken link says what is wrong and falls back to ACC-001.
      await openLab(page, server, "?log=abc%24def&v=2");
      const message = await page.textContent(".tt-problems");
      assert.match(message, /Liên kết chia sẻ bị hỏng/);
      assert.match(message, /ACC-001/);
      assert.equal(await sliderMax(page), "5");
      assert.equal(await slider(page), "2");

      // A link whose log breaks the account rules is refused by the importer, in words.
      const overdraft = Buffer.from("tt1\nACC-001\nc 0 An\nw 1 5e5").toString("base64url");
      await openLab(page, server, `?log=${overdraft}`);
      assert.match(await page.textContent(".tt-problems"), /Số dư không đủ/);
      assert.equal(await sliderMax(page), "5");

      // A version beyond the log goes to the newest one, and says so.
      await openLab(page, server, "?v=99");
      assert.match(await page.textContent(".tt-problems"), /Phiên bản 99 không tồn tại/);
      assert.equal(await slider(page), "5");
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test("sub: the keyboard alone runs the demo, and presentation mode", async () => {
  const server = await serve(HOSTINGS[1].dist, HOSTINGS[1].prefix);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await recordedPage(context, server.origin);
  try {
    await openLab(page, server);
    await page.focus(".tt-lab");
    await page.keyboard.press("Home");
    assert.equal(await slider(page), "0");
    assert.equal(await balance(page), "0 ₫");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    assert.equal(await slider(page), "3");
    assert.equal(await balance(page), "1.500.000 ₫");

    // Faster, then Space plays to the end and stops there by itself.
    for (let i = 0; i < 3; i++) await page.keyboard.press("+");
    assert.equal(await page.inputValue(".player-speed select"), "8");
    await page.keyboard.press("Space");
    assert.equal(await page.getAttribute(".player-play", "aria-pressed"), "true");
    await waitForValue(page, 5);
    await page.waitForFunction(() => document.querySelector(".player-play")?.getAttribute("aria-pressed") === "false");
    assert.equal(await balance(page), "1.500.000 ₫");

    // Keys typed into a field stay in the field.
    await page.focus(".tt-commands input[inputmode=numeric]");
    await page.keyboard.press("Home");
    await page.keyboard.type("12");
    assert.equal(await slider(page), "5");
    assert.equal(await page.inputValue(".tt-commands input[inputmode=numeric]"), "12");

    // `?` opens the list of shortcuts; Esc closes it.
    await page.focus(".tt-lab");
    await page.keyboard.press("?");
    await page.waitForSelector("dialog.tt-help[open]");
    assert.match(await page.textContent("dialog.tt-help"), /Phát \/ tạm dừng/);
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog.tt-help:not([open])", { state: "attached" });

    // P: the lab fills the screen, the site steps aside, the same keys work; Esc leaves.
    await page.keyboard.press("p");
    await page.waitForSelector("html.tt-presenting");
    assert.equal(await page.isVisible(".site-header"), false);
    assert.equal(await page.isVisible(".chapter-nav"), false);
    const box = await page.evaluate(() => {
      const r = document.querySelector(".tt-lab").getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height, vw: innerWidth, vh: innerHeight };
    });
    assert.deepEqual([box.x, box.y, box.w, box.h], [0, 0, box.vw, box.vh]);
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".tt-balance")).fontSize));
    assert.ok(size >= 48, `balance is ${size}px in presentation mode`);
    await page.keyboard.press("Home");
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
    assert.equal(await balance(page), "1.200.000 ₫");
    await page.screenshot({ path: `${SHOTS}lab-time-travel-presentation.png` });
    await page.keyboard.press("Escape");
    await page.waitForSelector("html:not(.tt-presenting)");
    assert.equal(await page.isVisible(".site-header"), true);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("sub: export, a bad import that changes nothing, a good import", async () => {
  const server = await serve(HOSTINGS[1].dist, HOSTINGS[1].prefix);
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await recordedPage(context, server.origin);
  try {
    await openLab(page, server);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("text=Tải xuống nhật ký (JSON)"),
    ]);
    assert.equal(download.suggestedFilename(), "nhat-ky-ACC-001.json");
    const exported = readFileSync(await download.path(), "utf8");
    const doc = JSON.parse(exported);
    assert.equal(doc.format, "es-log");
    assert.equal(doc.stream, "ACC-001");
    assert.equal(doc.events.length, 5);

    // A truncated file: a precise message, and the log stays as it was.
    await page.setInputFiles(".tt-file-input", {
      name: "hong.json",
      mimeType: "application/json",
      buffer: Buffer.from(exported.slice(0, 120)),
    });
    await page.waitForFunction(() => /hong\.json/.test(document.querySelector(".tt-share .tt-message")?.textContent ?? ""));
    const message = await page.textContent(".tt-share .tt-message");
    assert.match(message, /JSON bị cắt cụt/);
    assert.match(message, /giữ nguyên \(5 event\)/);
    assert.equal(await sliderMax(page), "5");

    // A file with a sixth event that breaks the rules is refused, naming the event.
    doc.events.push({ version: 6, at: doc.events[4].at + 86400000, type: "withdrawn", amount: 9000000 });
    await page.setInputFiles(".tt-file-input", {
      name: "rut-qua-tay.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(doc)),
    });
    await page.waitForFunction(() => /rut-qua-tay/.test(document.querySelector(".tt-share .tt-message")?.textContent ?? ""));
    assert.match(await page.textContent(".tt-share .tt-message"), /Sự kiện thứ 6 \(events\[5\]\).*Số dư không đủ/);
    assert.equal(await sliderMax(page), "5");

    // A valid file replaces the log.
    doc.events[5].amount = 1000000;
    await page.setInputFiles(".tt-file-input", {
      name: "hop-le.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(doc)),
    });
    await waitForValue(page, 6);
    assert.equal(await sliderMax(page), "6");
    assert.equal(await balance(page), "500.000 ₫");
    await page.click("text=Về nhật ký mẫu ACC-001");
    await waitForValue(page, 5);
    assert.equal(await sliderMax(page), "5");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("sub: screenshots, light 1280 px and dark 360 px, nothing wider than the screen", async () => {
  const server = await serve(HOSTINGS[1].dist, HOSTINGS[1].prefix);
  const looks = [
    { name: "light-1280", viewport: { width: 1280, height: 900 }, colorScheme: "light" },
    { name: "dark-360", viewport: { width: 360, height: 780 }, colorScheme: "dark" },
  ];
  for (const look of looks) {
    const context = await browser.newContext({ viewport: look.viewport, colorScheme: look.colorScheme, locale: "vi-VN" });
    const { page, problems } = await recordedPage(context, server.origin);
    try {
      await openLab(page, server, "?v=3");
      await page.evaluate(() => document.querySelector(".site-header").style.setProperty("position", "static"));
      const shoot = async (name) => {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the screen`);
        const lab = await page.$(".lab-panel[data-lab=time-travel]");
        await lab.scrollIntoViewIfNeeded();
        await lab.screenshot({ path: `${SHOTS}lab-time-travel-${name}.png` });
      };
      await shoot(look.name);
      // A refused command, then a hypothetical branch, as a class would see them.
      await submitCommand(page, "withdraw", "2.000.000");
      await page.click(".tt-past .tt-hypo-button");
      await submitCommand(page, "deposit", "1.000.000");
      await waitForValue(page, 4);
      await shoot(`${look.name}-branch`);
      await page.click("text=Bỏ nhánh, về log thật");
      await page.click("text=Tắt bớt event…");
      await page.check(".tt-events > li:nth-child(5) input[type=checkbox]");
      await shoot(`${look.name}-skip`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
  await server.close();
});
