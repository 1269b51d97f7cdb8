// A static server for the built site on 127.0.0.1 (a free port), shared by
// the scripts that open the site in Chromium. The site is served under
// `prefix` (book.toml's site-url, e.g. /async-rust-book/), as GitHub Pages
// serves a project, and a missing page gets 404.html with status 404, as
// there.
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".gif": "image/gif",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
};

// The path the site is served from, as book.toml says (or the variable
// that overrides it, as the Pages workflow sets it).
export function siteUrl() {
  const toml = readFileSync(join(ROOT, "book.toml"), "utf8");
  let path =
    process.env.MDBOOK_OUTPUT__HTML__SITE_URL ||
    (toml.match(/^site-url\s*=\s*"([^"]*)"/m) || [])[1] ||
    "/";
  if (!path.startsWith("/")) path = "/" + path;
  if (!path.endsWith("/")) path += "/";
  return path;
}

// Serves `dir` under `prefix`; resolves to the listening http.Server.
export function serve(dir, prefix) {
  dir = normalize(dir).replace(/\/$/, "");
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = null;
    if (path.startsWith(prefix)) {
      const rel = normalize(path.slice(prefix.length) || ".");
      const full = join(dir, rel);
      const inside = full === dir || full.startsWith(dir + sep);
      if (inside) {
        if (existsSync(full) && statSync(full).isFile()) file = full;
        else if (existsSync(join(full, "index.html"))) file = join(full, "index.html");
      }
    }
    const status = file ? 200 : 404;
    file = file || join(dir, "404.html");
    res.writeHead(status, {
      "content-type": TYPES[extname(file)] || "application/octet-stream",
      "cache-control": "no-store",
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}
