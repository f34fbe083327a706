// End to end: the quiz of chapter 10 and the progress of the home page, on a build served
// under a sub-path. Answer a few, reload, the progress is kept; the home page shows it; corrupt
// saved data is reported and set aside. Screenshots (light 1280 px, dark 360 px) go to
// target/screenshots/lab-quiz-*.png and lab-progress-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { serve, DIST, SUB_PREFIX } from "./server.mjs";
import { launch, recordedPage } from "./browser.mjs";
import { showLabs } from "./lesson.mjs";

const SHOTS = new URL("../../target/screenshots/", import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const QUIZ = "section.lab-panel[data-lab='quiz']";
const PROGRESS = "section.lab-panel[data-lab='progress']";
const card = (id) => `article.quiz-card:has(#q-${id}-prompt)`;

async function noOverflow(page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  const view = await page.evaluate(() => window.innerWidth);
  assert.ok(wide <= view, `page scrolls sideways: ${wide} > ${view}`);
}

test("quiz: answer, reload, progress kept; home shows it; screenshots", async () => {
  const server = await serve(DIST.sub, SUB_PREFIX);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const { page, problems } = await recordedPage(context, server.origin);
  try {
    await page.goto(server.url + "quiz", { waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${QUIZ} .quiz-part`, { timeout: 15000 });

    // The scenario: a choice and a reason, then the verdict on every option.
    await page.check(`${QUIZ} input[name='quiz-scenario'][value='B']`);
    await page.fill("#quiz-scenario-reason", "Search và analytics đang làm mất khách.");
    await page.click(`${QUIZ} button:has-text('Chốt lựa chọn')`);
    await page.waitForSelector(`${QUIZ} .quiz-verdict`);
    assert.equal(await page.locator(`${QUIZ} .quiz-verdict`).count(), 4);
    const verdicts = await page.textContent(`${QUIZ} .quiz-verdicts`);
    assert.match(verdicts, /Sai: công thức cho thảm hoạ/);
    assert.match(verdicts, /Tối ưu, nếu search và analytics là ưu tiên/);
    assert.match(verdicts, /Tối ưu, nếu yêu cầu tuân thủ là ưu tiên/);
    assert.match(verdicts, /Hợp lý làm bước đầu/);
    assert.match(await page.textContent(`${QUIZ} .quiz-verdict.is-chosen`), /B\) Chỉ CQRS/);

    // The five questions: one "not sure" stops.
    await page.check(`${QUIZ} input[name='quiz-check-need'][value='yes']`);
    await page.check(`${QUIZ} input[name='quiz-check-team'][value='unsure']`);
    assert.match(await page.textContent(`${QUIZ} .quiz-advice`), /Không chắc/);

    // A reflection: write first, then the model answer.
    const reflection = "Người vừa đổi giá sẽ thấy giá cũ; báo cáo 7 ngày thì không sao.";
    await page.fill("#quiz-reflection-r-cqrs", reflection);
    await page.click(`.quiz-reflection:has(#quiz-reflection-r-cqrs) button:has-text('Xem đáp án mẫu')`);
    await page.waitForSelector(".quiz-reflection:has(#quiz-reflection-r-cqrs) .quiz-model");

    // Two questions: one right, one wrong with the specific note.
    await page.check(`${card("cqrs-cache")} input[value='a']`);
    await page.click(`${card("cqrs-cache")} button:has-text('Kiểm tra')`);
    await page.waitForSelector(`${card("cqrs-cache")} .quiz-verdict-line.is-right`);
    await page.fill(`#q-es-at-time-input`, "1.500.000");
    await page.press(`#q-es-at-time-input`, "Enter");
    await page.waitForSelector(`${card("es-at-time")} .quiz-verdict-line.is-wrong`);
    assert.match(await page.textContent(`${card("es-at-time")} .quiz-notes`), /14\/01/);
    // A generated question, answered with the numbers it shows: the feedback says right or
    // wrong, never nothing.
    await page.fill(`#q-gen-ejection-input`, "30");
    await page.click(`${card("gen-ejection")} button:has-text('Kiểm tra')`);
    await page.waitForSelector(`${card("gen-ejection")} .quiz-verdict-line`);
    const genPrompt = await page.textContent("#q-gen-ejection-prompt");
    assert.match(await page.textContent(`${QUIZ} .quiz-score`), /đã làm 4\//);

    await page.locator(QUIZ).screenshot({ path: `${SHOTS}lab-quiz-light-1280.png` });

    // Reload: everything is still there, the generated question with the same numbers.
    await page.reload({ waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${QUIZ} .quiz-verdict`, { timeout: 15000 });
    assert.match(await page.textContent(`${QUIZ} .quiz-verdict.is-chosen`), /B\) Chỉ CQRS/);
    assert.equal(await page.inputValue("#quiz-reflection-r-cqrs"), reflection);
    assert.ok(await page.isVisible(`${card("cqrs-cache")} .quiz-verdict-line.is-right`));
    assert.ok(await page.isVisible(`${card("es-at-time")} .quiz-verdict-line.is-wrong`));
    assert.equal(await page.textContent("#q-gen-ejection-prompt"), genPrompt);
    assert.ok(await page.isChecked(`${QUIZ} input[name='quiz-check-team'][value='unsure']`));

    // Retry the wrong one: fresh input.
    await page.click(`${card("es-at-time")} button:has-text('Thử lại')`);
    assert.equal(await page.inputValue("#q-es-at-time-input"), "");
    await page.fill("#q-es-at-time-input", "1.200.000");
    await page.click(`${card("es-at-time")} button:has-text('Kiểm tra')`);
    await page.waitForSelector(`${card("es-at-time")} .quiz-verdict-line.is-right`);

    // Home: the progress lab shows the scores.
    await page.click(".chapter-nav li:first-child a");
    await page.waitForSelector(`${PROGRESS} .lab-host`);
    await showLabs(page);
    await page.waitForSelector(`${PROGRESS} .progress-table`, { timeout: 15000 });
    const overall = await page.textContent(`${PROGRESS} .progress-overall`);
    assert.match(overall, /đã làm 4\//);
    assert.match(await page.textContent(`${PROGRESS} .progress-extras`), /đã chọn B, một đáp án tối ưu/);
    await page.locator(PROGRESS).screenshot({ path: `${SHOTS}lab-progress-light-1280.png` });

    // Dark, 360 px wide.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 360, height: 780 });
    await noOverflow(page);
    await page.locator(PROGRESS).screenshot({ path: `${SHOTS}lab-progress-dark-360.png` });
    await page.goto(server.url + "quiz", { waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${QUIZ} .quiz-verdict`, { timeout: 15000 });
    await noOverflow(page);
    await page.locator(QUIZ).screenshot({ path: `${SHOTS}lab-quiz-dark-360.png` });

    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("quiz: corrupt saved progress is reported and set aside", async () => {
  const server = await serve(DIST.sub, SUB_PREFIX);
  const context = await browser.newContext();
  const { page, problems } = await recordedPage(context, server.origin);
  try {
    await page.goto(server.url, { waitUntil: "networkidle" });
    await showLabs(page);
    await page.evaluate(() => localStorage.setItem("quiz-progress", "{hỏng rồi"));
    await page.reload({ waitUntil: "networkidle" });
    await showLabs(page);
    await page.waitForSelector(`${PROGRESS} .quiz-notice.is-bad`, { timeout: 15000 });
    assert.match(await page.textContent(`${PROGRESS} .quiz-notice`), /không đọc được/);
    assert.equal(await page.evaluate(() => localStorage.getItem("quiz-progress.backup")), "{hỏng rồi");
    assert.equal(await page.evaluate(() => localStorage.getItem("quiz-progress")), null);
    // The backup is listed, and can be deleted after a confirmation.
    await page.waitForSelector(`${PROGRESS} .progress-backups li`);
    await page.click(`${PROGRESS} .progress-backups button:has-text('Xoá…')`);
    await page.click(`${PROGRESS} .progress-backups button:has-text('Xoá hẳn bản này')`);
    assert.equal(await page.evaluate(() => localStorage.getItem("quiz-progress.backup")), null);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});
