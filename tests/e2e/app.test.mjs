// End to end on the release build, as an operator hosts it: from the root and under a
// sub-path, every chapter by direct load and by navigation, deep links, the 404 page, the
// themes and 360 px; no console error, no page error, no failed request, nothing leaves the
// origin. Screenshots go to target/screenshots/ for review.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { serve, DIST, SUB_PREFIX } from "./server.mjs";
import { launch, recordedPage } from "./browser.mjs";
import { chapters, showLabs } from "./lesson.mjs";

const SHOTS = new URL("../../target/screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const CHAPTERS = chapters();
const HOSTINGS = [
  { name: "root", dist: DIST.root, prefix: "/" },
  { name: "sub", dist: DIST.sub, prefix: SUB_PREFIX },
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function h1(page) {
  await page.waitForSelector("h1", { timeout: 15000 });
  return (await page.textContent("h1")).trim();
}

for (const hosting of HOSTINGS) {
  test(`${hosting.name}: every chapter opens by direct load, with a screenshot`, async () => {
    const server = await serve(hosting.dist, hosting.prefix);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await recordedPage(context, server.origin);
    try {
      assert.equal(CHAPTERS.length, 10);
      for (const [i, c] of CHAPTERS.entries()) {
        await page.goto(server.url + c.slug, { waitUntil: "networkidle" });
        await showLabs(page);
        assert.equal(await h1(page), c.title, `chapter ${c.slug}`);
        assert.equal((await page.textContent(".chapter-position")).trim(), `Chương ${i + 1}/10`);
        if (hosting.name === "sub") {
          await page.screenshot({ path: `${SHOTS}${String(i + 1).padStart(2, "0")}-${c.slug || "home"}.png`, fullPage: true });
        }
      }
      // A deep link with a section anchor lands on that section after a reload.
      const anchor = await page.getAttribute(".chapter-body h2[id]", "id");
      await page.goto(`${server.url}${CHAPTERS[9].slug}#${anchor}`, { waitUntil: "networkidle" });
      await page.reload({ waitUntil: "networkidle" });
      assert.equal(await h1(page), CHAPTERS[9].title);
      await page.waitForFunction((id) => {
        const r = document.getElementById(id)?.getBoundingClientRect();
        return r && r.top >= 0 && r.top < window.innerHeight;
      }, anchor, { timeout: 5000 });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await server.close();
    }
  });

  test(`${hosting.name}: navigation by links, history and the 404 page`, async () => {
    const server = await serve(hosting.dist, hosting.prefix);
    const context = await browser.newContext();
    const { page, problems } = await recordedPage(context, server.origin);
    try {
      await page.goto(server.url, { waitUntil: "networkidle" });
      await showLabs(page);
      assert.equal(await h1(page), CHAPTERS[0].title);
      for (const c of CHAPTERS.slice(1)) {
        await page.click("a.pager-link.next");
        await page.waitForFunction((t) => document.querySelector("h1")?.textContent.trim() === t, c.title);
        assert.equal(new URL(page.url()).pathname, hosting.prefix + c.slug);
      }
      await page.goBack();
      await page.waitForFunction((t) => document.querySelector("h1")?.textContent.trim() === t, CHAPTERS[8].title);
      await page.click(`.chapter-nav a[href="${hosting.prefix}${CHAPTERS[2].slug}"]`);
      await page.waitForFunction((t) => document.querySelector("h1")?.textContent.trim() === t, CHAPTERS[2].title);

      // A glossary link on a term's first use leads to its entry.
      const term = page.locator(".chapter-body a.term").first();
      const termHref = await term.getAttribute("href");
      assert.ok(termHref.startsWith(hosting.prefix + "glossary#"), termHref);
      await term.click();
      await page.waitForFunction(() => document.querySelector("h1")?.textContent.trim() === "Bảng thuật ngữ");
      const id = termHref.split("#")[1];
      assert.ok(await page.locator(`[id="${id}"]`).count(), `glossary entry ${id}`);

      await page.goto(server.url + "khong-co-chuong-nay", { waitUntil: "networkidle" });
      assert.equal(await h1(page), "Không tìm thấy trang này");
      await page.click(".not-found a.button");
      await page.waitForFunction((t) => document.querySelector("h1")?.textContent.trim() === t, CHAPTERS[0].title);
      assert.equal(new URL(page.url()).pathname, hosting.prefix);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await server.close();
    }
  });
}

test("sub: dark theme, theme toggle and 360 px wide", async () => {
  const server = await serve(HOSTINGS[1].dist, HOSTINGS[1].prefix);
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, colorScheme: "dark" });
  const { page, problems } = await recordedPage(context, server.origin);
  try {
    for (const [i, c] of CHAPTERS.entries()) {
      await page.goto(server.url + c.slug, { waitUntil: "networkidle" });
      await showLabs(page);
      assert.equal(await h1(page), c.title);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${c.slug || "home"} is ${overflow}px wider than 360 px`);
      await page.screenshot({ path: `${SHOTS}${String(i + 1).padStart(2, "0")}-${c.slug || "home"}-360-dark.png`, fullPage: true });
    }
    const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const dark = await bg();
    await page.click(".theme-toggle");
    const light = await bg();
    assert.notEqual(dark, light, "the toggle changes the background");
    await page.reload({ waitUntil: "networkidle" });
    assert.equal(await bg(), light, "the chosen theme survives a reload");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});
