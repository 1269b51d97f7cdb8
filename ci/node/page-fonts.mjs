// Measures the fonts each page of the built site actually uses: opens every
// page in headless Chromium (light theme, a desktop window), waits until its
// fonts are loaded, and lists the font files it fetched. A browser fetches
// only the faces some shown text needs, so this is what a reader downloads;
// `site-check weight --fonts FILE` counts these instead of every font the
// stylesheets name.
//
//   node ci/node/page-fonts.mjs SITE_DIR > fonts.txt
//
// Prints one line per page: its path, then the path of each font file it
// fetched (relative to the site), separated by spaces.

import { findChromium, launchChromium } from "./chromium.mjs";
import { serve, siteUrl } from "./serve-site.mjs";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, relative, sep } from "node:path";

const siteDir = process.argv[2];
if (!siteDir || !existsSync(join(siteDir, "index.html"))) {
  console.error("usage: node ci/node/page-fonts.mjs SITE_DIR (a built book)");
  process.exit(2);
}

function htmlFiles(dir, base = dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(full, base));
    else if (entry.name.endsWith(".html")) out.push(relative(base, full).split(sep).join("/"));
  }
  return out.sort();
}

const prefix = siteUrl();
const server = await serve(siteDir, prefix);
const origin = `http://127.0.0.1:${server.address().port}`;
const { context, userDataDir } = await launchChromium(findChromium(), "book-fonts-", {
  viewport: { width: 1280, height: 900 },
});
await context.route((url) => url.origin !== origin, (route) => route.abort("blockedbyclient"));
let status = 0;
try {
  for (const file of htmlFiles(siteDir)) {
    // A fresh page per file, so the memory cache hides no fetch.
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.setItem("mdbook-theme", "light"));
    const fonts = new Set();
    page.on("request", (req) => {
      if (req.resourceType() !== "font") return;
      const path = decodeURIComponent(new URL(req.url()).pathname);
      if (path.startsWith(prefix)) fonts.add(path.slice(prefix.length));
    });
    await page.goto(`${origin}${prefix}${file}`, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(100);
    console.log([file, ...[...fonts].sort()].join(" "));
    await page.close();
  }
} catch (err) {
  console.error(`page-fonts: ${err.message}`);
  status = 1;
} finally {
  await context.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(status);
