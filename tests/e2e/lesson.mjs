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
