// The lesson's architecture diagrams (src/ui/diagrams/) in the real app: every `::diagram`
// marker of the lesson files shows an inline SVG with a <title>, described by its visible
// caption; no text renders below 10 px at 360 px wide; every text stays inside its shape
// (also with a wide fallback font) and inside the drawing; the colours follow the theme.
// One screenshot per figure: target/screenshots/diagram-NAME-{light,dark360}.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { serve, DIST, SUB_PREFIX } from "./server.mjs";
import { launch, recordedPage } from "./browser.mjs";
import { chapters } from "./lesson.mjs";

const SHOTS = new URL("../../target/screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const LESSON = new URL("../../src/content/lesson/", import.meta.url);

// Chapters that hold diagrams, each with its markers in order: { slug, diagrams: [{ name, alt }] }.
const WITH_DIAGRAMS = chapters()
  .map((c) => ({
    slug: c.slug,
    diagrams: [...readFileSync(new URL(c.file, LESSON), "utf8").matchAll(/^::diagram ([^|\n]+)\|(.*)$/gm)].map(
      (m) => ({ name: m[1].trim(), alt: m[2].trim() }),
    ),
  }))
  .filter((c) => c.diagrams.length > 0);

const PASSES = [
  { name: "light", viewport: { width: 1280, height: 900 }, colorScheme: "light" },
  { name: "dark360", viewport: { width: 360, height: 780 }, colorScheme: "dark" },
];

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serve(DIST.sub, SUB_PREFIX);
});
after(async () => {
  await server?.close();
  await browser?.close();
});

// What the page shows for each figure, measured in the browser.
function inspect() {
  const inside = (inner, outer, slack) =>
    inner.x >= outer.x - slack &&
    inner.y >= outer.y - slack &&
    inner.x + inner.width <= outer.x + outer.width + slack &&
    inner.y + inner.height <= outer.y + outer.height + slack;
  return [...document.querySelectorAll("figure.diagram")].map((fig) => {
    const svg = fig.querySelector("svg");
    const caption = fig.querySelector("figcaption");
    const out = { name: fig.dataset.diagram, caption: caption?.textContent.trim(), svg: !!svg };
    if (!svg) return out;
    const title = svg.querySelector(":scope > title");
    out.title = title?.textContent.trim() ?? "";
    out.titleIsSvg = title?.namespaceURI === "http://www.w3.org/2000/svg";
    out.role = svg.getAttribute("role");
    out.labelledBy = svg.getAttribute("aria-labelledby") === title?.id;
    out.describedBy = svg.getAttribute("aria-describedby") === caption?.id && !!caption?.id;
    const view = svg.viewBox.baseVal;
    out.width = svg.getBoundingClientRect().width;
    out.minFontPx = Infinity;
    out.problems = [];
    for (const t of svg.querySelectorAll("text")) {
      const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
      out.minFontPx = Math.min(out.minFontPx, px);
      const box = t.getBBox();
      if (!inside(box, { x: 0, y: 0, width: view.width, height: view.height }, 0.5)) {
        out.problems.push(`“${t.textContent}” leaves the drawing`);
      }
    }
    for (const node of svg.querySelectorAll("g.d-node")) {
      const shape = node.querySelector(".d-box").getBBox();
      for (const t of node.querySelectorAll("text")) {
        if (!inside(t.getBBox(), shape, -2)) out.problems.push(`“${t.textContent}” overflows its shape`);
      }
    }
    const box = svg.querySelector(".t-neutral .d-box");
    out.fill = box ? getComputedStyle(box).fill : "";
    return out;
  });
}

for (const pass of PASSES) {
  test(`diagrams (${pass.name}): drawn, described, readable, screenshotted`, async () => {
    const context = await browser.newContext({ viewport: pass.viewport, colorScheme: pass.colorScheme });
    const { page, problems } = await recordedPage(context, server.origin);
    const seen = new Set();
    try {
      assert.ok(WITH_DIAGRAMS.length >= 5, "the lesson has diagrams in several chapters");
      for (const chapter of WITH_DIAGRAMS) {
        await page.goto(server.url + chapter.slug, { waitUntil: "networkidle" });
        await page.waitForSelector("figure.diagram svg", { timeout: 15000 });
        // The sticky header would cover the top of a tall figure in its screenshot.
        await page.addStyleTag({ content: ".site-header { position: static !important }" });
        const figures = await page.evaluate(inspect);
        assert.deepEqual(
          figures.map((f) => [f.name, f.caption]),
          chapter.diagrams.map((d) => [d.name, d.alt]),
          `${chapter.slug}: one figure per marker, captioned with its text alternative`,
        );
        for (const [i, f] of figures.entries()) {
          seen.add(f.name);
          assert.ok(f.svg, `${f.name}: has a drawing`);
          assert.equal(f.role, "img", `${f.name}: role=img`);
          assert.ok(f.title.length > 10 && f.titleIsSvg, `${f.name}: has an SVG <title>`);
          assert.equal(await page.getByRole("img", { name: f.title, exact: true }).count(), 1, `${f.name}: named by its title`);
          assert.ok(f.labelledBy && f.describedBy, `${f.name}: labelled by its title, described by its caption`);
          assert.deepEqual(f.problems, [], `${f.name}: text fits`);
          if (pass.name === "dark360") {
            assert.ok(f.minFontPx >= 9.95, `${f.name}: smallest text is ${f.minFontPx.toFixed(2)} px at 360 px`);
            assert.equal(f.fill, "rgb(26, 32, 41)", `${f.name}: boxes take the dark surface colour`);
          } else {
            assert.equal(f.fill, "rgb(255, 255, 255)", `${f.name}: boxes take the light surface colour`);
          }
          console.log(`${pass.name} ${f.name}: ${Math.round(f.width)} px wide, smallest text ${f.minFontPx.toFixed(1)} px`);
          await page.locator("figure.diagram").nth(i).screenshot({ path: `${SHOTS}diagram-${f.name}-${pass.name}.png` });
        }
        const overflow = await page.evaluate(() =>
          Math.max(...[...document.querySelectorAll("figure.diagram")].map((f) => f.getBoundingClientRect().right - window.innerWidth)),
        );
        assert.ok(overflow <= 0, `${chapter.slug}: a figure sticks out ${overflow}px past the window`);
      }
      // A wider font than the theme's (DejaVu is among the widest sans fonts): text still fits.
      if (pass.name === "light") {
        for (const chapter of WITH_DIAGRAMS) {
          await page.goto(server.url + chapter.slug, { waitUntil: "networkidle" });
          await page.waitForSelector("figure.diagram svg", { timeout: 15000 });
          await page.addStyleTag({
            content:
              '.diagram-svg text { font-family: "DejaVu Sans" !important } .diagram-svg .d-mono { font-family: "DejaVu Sans Mono" !important }',
          });
          for (const f of await page.evaluate(inspect)) {
            assert.deepEqual(f.problems, [], `${f.name} with DejaVu Sans: text fits`);
          }
        }
      }
      const expected = new Set(WITH_DIAGRAMS.flatMap((c) => c.diagrams.map((d) => d.name)));
      assert.deepEqual([...seen].sort(), [...expected].sort());
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
