// Reads chapter titles and slugs from the lesson files, so the tests follow the content.
import { readFileSync, readdirSync } from "node:fs";

const DIR = new URL("../../src/content/lesson/", import.meta.url);

export function chapters() {
  return readdirSync(DIR)
    .filter((f) => /^\d\d-.*\.md$/.test(f))
    .sort()
    .map((f) => {
      const text = readFileSync(new URL(f, DIR), "utf8");
      const front = text.split("---")[1];
      const field = (k) => front.match(new RegExp(`^${k}:(.*)$`, "m"))[1].trim();
      return { file: f, slug: field("slug"), title: field("title") };
    });
}

// Labs live in a second wasm module that loads when a lab panel nears the screen. Scrolls each
// panel of the page into view, waits until its lab is mounted, then goes back to the top.
export async function showLabs(page) {
  const count = await page.locator(".lab-host").count();
  for (let i = 0; i < count; i++) {
    await page.evaluate((i) => document.querySelectorAll(".lab-host")[i].scrollIntoView({ block: "center" }), i);
    await page.waitForFunction(
      (i) => {
        const state = document.querySelectorAll(".lab-host")[i]?.dataset.state;
        if (state === "failed") throw new Error(`a lab failed to load: ${document.querySelector(".lab-failed")?.innerText}`);
        return state === "ready";
      },
      i,
      { timeout: 20000 },
    );
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}
