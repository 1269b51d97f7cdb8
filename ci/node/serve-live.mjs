// Checks that `mdbook serve` (what ci/serve.sh runs) still draws diagrams
// in the browser and shows an edited one at once: the published site has
// its diagrams drawn when it is built (ci/build-site.sh), but an author
// editing a chapter must not need that step.
//
//   node ci/node/serve-live.mjs
//
// Copies the book (book.toml, src/, theme/, listings/) to a temporary
// folder, so the working tree is never edited, and runs `mdbook serve` there
// on a free port of 127.0.0.1. In headless Chromium it opens the first
// chapter with a flowchart, waits until theme/mermaid-loader.js has drawn
// every diagram of the page in the light palette and again in the dark one
// (navy), then adds a node to the flowchart in the copy's Markdown and waits
// for the page to reload with the new node drawn. Every wait has a deadline;
// mdbook is stopped and the copy removed at the end. Prints one line per
// check and `serve: N passed, M failed`.

import { findChromium, launchChromium } from "./chromium.mjs";
import { ROOT } from "./serve-site.mjs";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const DEADLINE = 60000;
let passed = 0;
let failed = 0;
function expect(name, problems) {
  if (problems.length === 0) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}`);
    for (const p of problems) console.log(`       ${String(p).split("\n")[0]}`);
  }
}
function finish() {
  console.log(`serve: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

// A free port on 127.0.0.1, as the kernel hands one out.
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const FENCE = /```mermaid\n(flowchart|graph)\b[^\n]*\n/;
const chapter = readdirSync(join(ROOT, "src"))
  .filter((f) => f.endsWith(".md"))
  .sort()
  .find((f) => FENCE.test(readFileSync(join(ROOT, "src", f), "utf8")));
if (!chapter) {
  expect("the book has a chapter with a flowchart to edit", ["none found in src/"]);
  finish();
}

const copy = mkdtempSync(join(tmpdir(), "book-serve-"));
const skip = (src) => !["target", "node_modules", ".git"].includes(basename(src));
cpSync(join(ROOT, "book.toml"), join(copy, "book.toml"));
for (const dir of ["src", "theme", "listings"]) {
  cpSync(join(ROOT, dir), join(copy, dir), { recursive: true, filter: skip });
}

const port = await freePort();
const mdbook = spawn(
  "mdbook",
  ["serve", "--hostname", "127.0.0.1", "--port", String(port), "--dest-dir", join(copy, "out")],
  { cwd: copy, stdio: ["ignore", "ignore", "pipe"] },
);
let mdbookLog = "";
mdbook.stderr.on("data", (d) => (mdbookLog += d));
const exited = new Promise((resolve) => mdbook.on("exit", resolve));

const page = chapter.replace(/\.md$/, ".html");
const base = `http://127.0.0.1:${port}/`;
let context, userDataDir;
try {
  // mdbook serve answers once its first build is done.
  const until = Date.now() + DEADLINE;
  for (;;) {
    const ok = await fetch(base + page).then((r) => r.ok, () => false);
    if (ok) break;
    if (mdbook.exitCode !== null || Date.now() > until) {
      throw new Error(`mdbook serve did not answer on ${base} within ${DEADLINE / 1000} s: ${mdbookLog.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  ({ context, userDataDir } = await launchChromium(findChromium(), "book-serve-", {
    viewport: { width: 1280, height: 900 },
  }));
  // Nothing leaves 127.0.0.1: the Playground's crate list (the one outside
  // request a page makes) is answered here, as in the browser tests.
  await context.route(
    (url) => url.origin !== base.slice(0, -1),
    (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "play.rust-lang.org" && url.pathname === "/meta/crates") {
        return route.fulfill({
          status: 200,
          contentType: "application/json",
          headers: { "access-control-allow-origin": "*" },
          body: JSON.stringify({ crates: [{ id: "futures" }, { id: "tokio" }] }),
        });
      }
      return route.abort("blockedbyclient");
    },
  );
  const tab = await context.newPage();
  await tab.addInitScript(() => localStorage.setItem("mdbook-theme", "light"));
  const errors = [];
  tab.on("console", (m) => m.type() === "error" && errors.push(`console error: ${m.text()}`));
  tab.on("pageerror", (e) => errors.push(`uncaught exception: ${e.message}`));

  // Every diagram of the page drawn by the loader in `theme`, or an error.
  const drawn = (theme) =>
    tab
      .waitForFunction(
        (t) => {
          const pres = [...document.querySelectorAll("pre.mermaid")];
          return (
            pres.length > 0 &&
            pres.every((p) => p.dataset.mermaidError !== undefined || (p.dataset.mermaidTheme === t && p.querySelector("svg")))
          );
        },
        theme,
        { timeout: DEADLINE },
      )
      .then(
        () => tab.$$eval("pre.mermaid", (l) => l.filter((p) => p.dataset.mermaidError !== undefined).map((p) => p.dataset.mermaidError)),
        () => [`the diagrams were not all drawn in the ${theme} palette within ${DEADLINE / 1000} s`],
      );

  await tab.goto(base + page, { waitUntil: "load" });
  expect(`mdbook serve draws every diagram of ${page} in the light palette`, [
    ...(await drawn("default")),
    ...errors.splice(0),
  ]);
  await tab.evaluate(() => document.documentElement.classList.replace("light", "navy"));
  expect(`...and again in the dark one when the theme changes`, [...(await drawn("dark")), ...errors.splice(0)]);
  await tab.evaluate(() => document.documentElement.classList.replace("navy", "light"));
  await drawn("default");

  // Edit the first flowchart in the copy: a new node with a label of its own.
  const label = `edited live ${Date.now()}`;
  const md = join(copy, "src", chapter);
  const text = readFileSync(md, "utf8");
  writeFileSync(md, text.replace(FENCE, (m) => `${m}    serveLiveCheck["${label}"]\n`));
  const shown = await tab
    .waitForFunction(
      (l) => [...document.querySelectorAll("pre.mermaid svg")].some((s) => s.textContent.includes(l)),
      label,
      { timeout: DEADLINE },
    )
    .then(
      () => [],
      () => [`the edited diagram did not show within ${DEADLINE / 1000} s`],
    );
  expect(`an edited diagram in ${chapter} shows at once (live reload, drawn in the browser)`, [
    ...shown,
    ...errors.splice(0),
  ]);
} catch (err) {
  expect("mdbook serve", [err.message]);
} finally {
  if (context) await context.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  mdbook.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (mdbook.exitCode === null && mdbook.signalCode === null) mdbook.kill("SIGKILL");
  rmSync(copy, { recursive: true, force: true });
}
finish();
