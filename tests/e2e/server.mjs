// A static host on loopback, like an operator's: serves a `trunk build` output under a
// prefix ("/" or "/any/sub/path/") and falls back to index.html for deep links.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

// Where `make test` puts the two release builds; overridable to test another build
// (for example a quick debug build: `trunk build --dist target/dev --public-url /any/sub/path/`).
export const DIST = {
  root: process.env.E2E_ROOT_DIST ?? "target/e2e/root",
  sub: process.env.E2E_SUB_DIST ?? "target/e2e/sub",
};
export const SUB_PREFIX = "/any/sub/path/";

export async function serve(dist, prefix) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(prefix) && path + "/" !== prefix) {
      res.writeHead(404).end("outside the hosting prefix");
      return;
    }
    const rel = normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, "");
    let file = join(dist, rel);
    try {
      if (!(await stat(file)).isFile()) throw new Error("dir");
    } catch {
      // Deep links (no file extension) get the app; a missing asset is a real 404.
      if (extname(rel)) {
        res.writeHead(404).end("not found");
        return;
      }
      file = join(dist, "index.html");
    }
    const body = await readFile(file);
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: origin + prefix, close: () => new Promise((ok) => server.close(ok)) };
}
