// Browser tests of the built book, in headless Chromium driven by
// playwright-core, against a static server on 127.0.0.1 that this script
// starts and stops.
//
//   node ci/node/browser-tests.mjs [SITE_DIR] [--screenshots DIR] [--only PAGE,...]
//
// SITE_DIR is the site as ci/build-site.sh builds it, diagrams drawn into
// the pages (default: book/ at the repository root).
// --only runs the page checks of the pages named and none of the checks of
// the whole site (browser-selftest.mjs uses it). The
// site is served under book.toml's site-url (e.g. /async-rust-book/), as
// GitHub Pages serves a project, and a missing page gets 404.html with
// status 404, as there. Chromium is the one in $CHROMIUM, or chromium /
// chromium-browser / google-chrome on PATH; without one the script fails.
//
// Checks, one line each, then `browser: N passed, M failed`:
// - every page loads with no console error, no uncaught exception and no
//   failed request or HTTP error, fetches no mermaid, and has no diagram
//   left undrawn (a `pre.mermaid`: the site was not built by build-site.sh);
// - every diagram of every page (print.html holds them all) is an SVG, not
//   mermaid's error picture, with the size it will keep from the page's
//   first layout (no layout shift); drawn in light colours in the light and
//   rust themes, in other colours in coal, navy and ayu (chosen from the
//   theme menu), and in the light ones again on paper (print media, in a
//   dark theme); and shown with JavaScript turned off;
// - search finds a word that only the latest chapter uses;
// - the theme menu switches theme, and the choice survives a reload;
// - the print page holds every chapter, opens the print dialog, hides the
//   navigation when printed, and prints to PDF;
// - a Rust block that promises a Run button (`rust`, or `ignore` with
//   `mdbook-runnable`) has one, shown once the Playground answers; a block
//   that cannot run there (`ignore`, `noplayground`) has none;
// - every listing's caption links its folder on GitHub, the folder exists,
//   the caption says how to run it locally (`cargo run -p NAME`, or the
//   ci/ script of a benchmark), and "runs in the Playground" / "runs
//   locally" / "needs the network" agrees with the Run button;
// - no page scrolls sideways on a phone (375 px wide);
// - the 404 page works at any depth under the site's path.
//
// The Rust Playground (play.rust-lang.org) is the one outside address the
// pages contact; the test answers its crate-list request itself with a
// small list, so the result does not depend on the network, and aborts any
// other request to it. Nothing else may leave 127.0.0.1.

import { findChromium, launchChromium } from "./chromium.mjs";
import { ROOT, serve, siteUrl } from "./serve-site.mjs";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative, sep } from "node:path";

const REPO_URL = "https://github.com/async-rust-book/async-rust-book/tree/main/";
const PLAYGROUND = "play.rust-lang.org";

// ---- arguments ------------------------------------------------------------

let siteDir = join(ROOT, "book");
let shotsDir = null;
let only = null;
{
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--screenshots") shotsDir = args[++i];
    else if (args[i] === "--only") only = args[++i].split(",");
    else if (args[i].startsWith("-")) fatal(`unknown option ${args[i]}`);
    else siteDir = args[i];
  }
}
if (!existsSync(join(siteDir, "index.html"))) {
  fatal(`${siteDir} has no index.html: build the site first (ci/build-site.sh ${siteDir})`);
}
if (shotsDir) mkdirSync(shotsDir, { recursive: true });

function fatal(message) {
  console.error(`browser: error: ${message}`);
  console.log("browser: 0 passed, 1 failed");
  process.exit(1);
}

// ---- the site's pages -----------------------------------------------------

function htmlFiles(dir, base = dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(full, base));
    else if (entry.name.endsWith(".html")) out.push(relative(base, full).split(sep).join("/"));
  }
  return out.sort();
}

// The chapters in reading order, from the table of contents mdBook writes
// for readers without JavaScript.
function chapters(dir) {
  const toc = readFileSync(join(dir, "toc.html"), "utf8");
  const seen = new Set();
  for (const m of toc.matchAll(/<a href="([^"#]+\.html)"/g)) seen.add(m[1]);
  return [...seen];
}

// The text of a page's <p> elements (without their code), or with
// `everything` the whole text of its <main>, code included: crudely, but
// enough to choose a word to search for.
function pageText(file, everything = false) {
  const html = readFileSync(join(siteDir, file), "utf8");
  const main = html.slice(html.indexOf("<main>"), html.indexOf("</main>"));
  const parts = everything
    ? [main]
    : [...main.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) =>
        m[1].replace(/<code>[\s\S]*?<\/code>/g, " "),
      );
  return parts
    .join(" ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&[a-z#0-9]+;/gi, " ");
}

// ---- running checks -------------------------------------------------------

let passed = 0;
let failed = 0;

function report(name, problems, notes = []) {
  if (problems.length === 0) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}`);
    for (const p of problems) console.log(`       ${oneLine(p)}`);
  }
  for (const n of notes) console.log(`       ${n}`);
}

// A problem on one line, short enough to read.
function oneLine(text) {
  const flat = String(text).replace(/\s*\n\s*/g, " | ");
  return flat.length > 400 ? flat.slice(0, 400) + "..." : flat;
}

// Runs one check: `body(note)` returns its problems (none: it passed) and
// may leave notes that are printed under its line.
async function check(name, body) {
  const notes = [];
  try {
    report(name, (await body((n) => notes.push(n))) || [], notes);
  } catch (err) {
    report(name, [String((err && err.stack) || err).split("\n").slice(0, 3).join(" | ")], notes);
  }
}

// A page with everything that goes wrong in it recorded.
// Every page starts in the light theme unless `theme` is null (the profile
// remembers the last theme chosen, as a reader's browser does).
async function open(context, url, { expectStatus = 200, init = null, theme = "light" } = {}) {
  const page = await context.newPage();
  if (theme) await page.addInitScript((t) => localStorage.setItem("mdbook-theme", t), theme);
  if (init) await page.addInitScript(init);
  // The height of each diagram at the page's first layout, before any
  // script, font or image can move it.
  await page.addInitScript(() => {
    document.addEventListener("DOMContentLoaded", () => {
      window.__diagramHeights = [...document.querySelectorAll("div.diagram")].map(
        (d) => d.getBoundingClientRect().height,
      );
    });
  });
  const problems = [];
  const requested = [];
  page.on("request", (req) => requested.push(req.url()));
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const where = msg.location().url || "";
    // Chrome logs the 404 page's own status as a console error.
    if (expectStatus === 404 && where === url) return;
    problems.push(`console error: ${msg.text()}${where ? ` (${where})` : ""}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on("requestfailed", (req) => {
    if (new URL(req.url()).hostname === PLAYGROUND) return;
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on("response", (res) => {
    if (res.status() < 400) return;
    if (res.url() === url && res.status() === expectStatus) return;
    problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const response = await page.goto(url, { waitUntil: "load" });
  if (response.status() !== expectStatus) {
    problems.push(`status ${response.status()}, expected ${expectStatus}`);
  }
  return { page, problems, requested };
}

// What each diagram of the page looks like now: for the drawing the current
// theme shows, whether it is there and drawn, its size, and its colours (the
// computed fill and stroke of its first 300 elements; not the text colour,
// which labels inherit from the page and so changes with every theme).
function diagramsNow(page) {
  return page.$$eval("div.diagram", (divs) =>
    divs.map((d) => {
      const svg = [...d.querySelectorAll("svg")].find((s) => s.getBoundingClientRect().height > 0);
      if (!svg) return { shown: false };
      const colours = [svg, ...svg.querySelectorAll("*")].slice(0, 300).map((e) => {
        const c = getComputedStyle(e);
        return `${c.fill}/${c.stroke}`;
      });
      return {
        shown: true,
        error: svg.getAttribute("aria-roledescription") === "error",
        height: d.getBoundingClientRect().height,
        colours: colours.join(" "),
      };
    }),
  );
}

// The problems of the page's diagrams: each drawn in light colours in the
// light and rust themes, in dark ones in coal, navy and ayu, light again
// on paper, and as tall at the first layout as at the end.
async function diagramChecks(page, file, note) {
  const problems = [];
  const name = (i) => `diagram ${i + 1}`;
  const light = await diagramsNow(page);
  const first = await page.evaluate(() => window.__diagramHeights || []);
  light.forEach((d, i) => {
    if (!d.shown) problems.push(`${name(i)}: no SVG shown in the light theme`);
    else if (d.error) problems.push(`${name(i)}: mermaid's error picture`);
    else if (d.height < 10) problems.push(`${name(i)}: the SVG is empty`);
    else if (first[i] === undefined || Math.abs(first[i] - d.height) > 1) {
      problems.push(
        `${name(i)}: ${first[i] === undefined ? "not in the HTML" : `${Math.round(first[i])} px tall at first layout`}, ` +
          `${Math.round(d.height)} px once loaded (a layout shift)`,
      );
    }
  });
  if (shotsDir) await shoot(page, file, "light");
  for (const theme of ["rust", "coal", "navy", "ayu"]) {
    await chooseTheme(page, theme);
    const now = await diagramsNow(page);
    const dark = theme !== "rust";
    now.forEach((d, i) => {
      if (!d.shown) problems.push(`${name(i)}: no SVG shown in the ${theme} theme`);
      else if (!light[i].shown) return;
      else if (dark && d.colours === light[i].colours) {
        problems.push(`${name(i)}: drawn in the light colours in the dark ${theme} theme`);
      } else if (!dark && d.colours !== light[i].colours) {
        problems.push(`${name(i)}: not drawn in the light colours in the ${theme} theme`);
      }
    });
    if (shotsDir && theme === "navy") await shoot(page, file, theme);
  }
  // On paper, in a dark theme still: the light drawing.
  await page.emulateMedia({ media: "print" });
  const paper = await diagramsNow(page);
  paper.forEach((d, i) => {
    if (!d.shown) problems.push(`${name(i)}: not shown on paper`);
    else if (light[i].shown && d.colours !== light[i].colours) {
      problems.push(`${name(i)}: not in the light colours on paper`);
    }
  });
  await page.emulateMedia({ media: "screen" });
  await chooseTheme(page, "light");
  note(`${light.length} diagrams`);
  return problems;
}

// Chooses a theme from the theme menu, as a reader does, and closes it.
async function chooseTheme(page, id) {
  await page.click("#mdbook-theme-toggle");
  await page.click(`#mdbook-theme-${id}`);
  await page.waitForFunction((t) => document.documentElement.classList.contains(t), id);
  await page.click("#mdbook-theme-toggle");
}

// ---- main -----------------------------------------------------------------

let executablePath;
try {
  executablePath = findChromium();
} catch (err) {
  fatal(err.message);
}
const prefix = siteUrl();
const server = await serve(siteDir, prefix);
const origin = `http://127.0.0.1:${server.address().port}`;
const at = (file) => `${origin}${prefix}${file}`;
console.log(`browser: ${executablePath}, site ${siteDir} at ${at("")}`);

let context, userDataDir;
try {
  ({ context, userDataDir } = await launchChromium(executablePath, "book-browser-", {
    colorScheme: "light",
    viewport: { width: 1280, height: 900 },
  }));
} catch (err) {
  server.close();
  fatal(`could not start Chromium at ${executablePath}: ${err.message.split("\n")[0]}`);
}

// Answer the Playground's crate list; refuse anything else that would leave
// this machine.
await context.route(
  (url) => url.origin !== origin,
  (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === PLAYGROUND && url.pathname === "/meta/crates") {
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

try {
  const all = htmlFiles(siteDir).filter((f) => f !== "404.html");
  const pages = only ? all.filter((f) => only.includes(f)) : all;
  if (only && pages.length !== only.length) {
    report(`--only ${only.join(",")}`, ["names a page the site does not have"]);
  }
  const whole = only === null;
  if (!whole) console.log("only the pages named: no checks of the whole site");
  const order = chapters(siteDir);

  // Each page is loaded once; the checks of its content run on that load.
  for (const file of pages) {
    const html = readFileSync(join(siteDir, file), "utf8");
    let opened = null;
    let seen = 0;
    await check(`page loads: ${file}`, async () => {
      opened = await open(context, at(file));
      // Let late scripts (the Playground's answer) finish.
      await opened.page.waitForTimeout(200);
      seen = opened.problems.length;
      // Diagrams are drawn when the site is built: mermaid's 2.7 MB bundle
      // never loads.
      const extra = [];
      const undrawn = await opened.page.$$eval("pre.mermaid", (l) => l.length);
      if (undrawn > 0) {
        extra.push(`${undrawn} diagrams not drawn when the site was built (build it with ci/build-site.sh)`);
      }
      if (opened.requested.some((u) => u.endsWith("/mermaid.min.js"))) extra.push("loads mermaid.min.js");
      return [...opened.problems, ...extra];
    });
    if (!opened) continue;
    const { page } = opened;
    const wholeBook = file === "print.html" || file === "toc.html";
    if (!wholeBook && html.includes('class="language-rust')) {
      await check(`Run buttons where promised, none elsewhere: ${file}`, (note) =>
        runButtons(page, note),
      );
    }
    if (!wholeBook && html.includes('class="listing"')) {
      await check(`listing captions link GitHub and say how to run: ${file}`, (note) =>
        captions(page, note),
      );
    }
    if (html.includes('<div class="diagram">')) {
      // A console error while switching themes counts against the diagrams.
      await check(`diagrams are drawn, light, dark and on paper: ${file}`, async (note) => {
        const problems = await diagramChecks(page, file, note);
        problems.push(...opened.problems.slice(seen));
        return problems;
      });
    }
    await check(`fits a phone's width, nothing scrolls sideways: ${file}`, async () => {
      // A phone opens a page with the table of contents closed, as mdBook's
      // page script decides below 1080 px; close it as that script does.
      await page.setViewportSize({ width: 375, height: 800 });
      await page.evaluate(() => {
        document.documentElement.classList.remove("sidebar-visible");
        const toggle = document.getElementById("mdbook-sidebar-toggle-anchor");
        if (toggle) toggle.checked = false;
      });
      await page.waitForTimeout(300);
      // mdBook's content pane scrolls on its own, so measure it and the page.
      const [scroll, width] = await page.evaluate(() => {
        const boxes = [document.documentElement, document.querySelector(".content")];
        const present = boxes.filter(Boolean);
        return [
          Math.max(...present.map((b) => b.scrollWidth - b.clientWidth)) +
            document.documentElement.clientWidth,
          document.documentElement.clientWidth,
        ];
      });
      if (scroll <= width) return [];
      const wide = await page.evaluate((w) => {
        const out = [];
        for (const e of document.querySelectorAll("main *")) {
          // Code blocks and tables scroll inside their own boxes.
          if (e.closest("pre, .table-wrapper")) continue;
          if (e.getBoundingClientRect().right > w + 1) {
            out.push(`<${e.tagName.toLowerCase()}> "${(e.textContent || "").trim().slice(0, 40)}"`);
          }
          if (out.length === 3) break;
        }
        return out;
      }, width);
      return [`the page is ${scroll} px wide on a ${width} px screen: ${wide.join(", ")}`];
    });
    await page.close();
  }

  if (whole) await check("the theme menu switches theme, and it stays after a reload", async () => {
    const { page, problems } = await open(context, at("index.html"), { theme: null });
    const background = () =>
      page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await chooseTheme(page, "light");
    const light = await background();
    await chooseTheme(page, "coal");
    const dark = await background();
    if (dark === light) problems.push(`background stayed ${light} in the coal theme`);
    await page.reload({ waitUntil: "load" });
    if (!(await page.evaluate(() => document.documentElement.classList.contains("coal")))) {
      problems.push("the coal theme was lost on reload");
    }
    await chooseTheme(page, "light");
    if ((await background()) !== light) problems.push("could not switch back to light");
    await page.close();
    return problems;
  });

  // Search: a word of the latest chapter that no other chapter uses.
  if (whole) await check("search finds a word from the latest chapter", async (note) => {
    const written = order.filter((f) => f !== "index.html" && existsSync(join(siteDir, f)));
    const latest = written[written.length - 1];
    const others = new Set();
    for (const f of written.slice(0, -1)) {
      for (const w of pageText(f, true).toLowerCase().match(/[a-z]+/g) || []) others.add(w);
    }
    const words = (pageText(latest).toLowerCase().match(/[a-z]{6,}/g) || [])
      .filter((w) => !others.has(w))
      .sort((a, b) => b.length - a.length || a.localeCompare(b));
    if (words.length === 0) return [`no word unique to ${latest} to search for`];
    const term = words[0];
    const { page, problems } = await open(context, at("index.html"));
    await page.click("#mdbook-search-toggle");
    // Typed key by key: the search answers as the reader types.
    await page.locator("#mdbook-searchbar").pressSequentially(term, { delay: 20 });
    const found = await page
      .waitForSelector(`#mdbook-searchresults a[href*="${latest}"]`, { timeout: 10000 })
      .then(() => true)
      .catch(() => false);
    if (!found) problems.push(`searching for "${term}" did not list ${latest}`);
    else note(`"${term}" finds ${latest}`);
    await page.close();
    return problems;
  });

  if (whole) await check("the print page holds every chapter and prints", async (note) => {
    // Count calls to window.print instead of opening a dialog.
    const init = () => {
      window.__printCalls = 0;
      window.print = () => {
        window.__printCalls += 1;
      };
    };
    const { page, problems } = await open(context, at("print.html"), { init });
    await page.waitForTimeout(500);
    if ((await page.evaluate(() => window.__printCalls)) < 1) {
      problems.push("the print dialog was not opened");
    }
    const h1s = await page.$$eval("main h1", (l) => l.map((h) => h.textContent.trim()));
    for (const f of order) {
      const html = readFileSync(join(siteDir, f), "utf8");
      // The chapter's first heading, as text (it may hold code or entities).
      const m = html.match(/<main>\s*<h1[^>]*>([\s\S]*?)<\/h1>/);
      const title =
        m &&
        m[1]
          .replace(/<[^>]+>/g, "")
          .replace(/&#39;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&amp;/g, "&")
          .trim();
      if (!title) problems.push(`${f} has no heading`);
      else if (!h1s.includes(title)) problems.push(`"${title}" (${f}) is missing`);
    }
    await page.emulateMedia({ media: "print" });
    for (const sel of ["#mdbook-sidebar", "#mdbook-menu-bar"]) {
      if (await page.isVisible(sel)) problems.push(`${sel} is visible when printed`);
    }
    const pdf = await page.pdf({ format: "A4" });
    if (pdf.length < 10000) problems.push(`the PDF is only ${pdf.length} bytes`);
    else note(`${h1s.length} chapter headings, PDF of ${pdf.length} bytes`);
    await page.close();
    return problems;
  });

  // Diagrams show without JavaScript: every page with one, in a second
  // Chromium that runs no script.
  await check("diagrams show without JavaScript", async (note) => {
    const withDiagrams = pages.filter((f) =>
      readFileSync(join(siteDir, f), "utf8").includes('<div class="diagram">'),
    );
    const problems = [];
    const noJs = await launchChromium(executablePath, "book-nojs-", {
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    try {
      await noJs.context.route((url) => url.origin !== origin, (route) => route.abort());
      const page = await noJs.context.newPage();
      let count = 0;
      for (const f of withDiagrams) {
        await page.goto(at(f), { waitUntil: "load" });
        const now = await diagramsNow(page);
        count += now.length;
        now.forEach((d, i) => {
          if (!d.shown || d.height < 10) problems.push(`${f}: diagram ${i + 1} is not shown`);
        });
      }
      note(`${count} diagrams on ${withDiagrams.length} pages`);
    } finally {
      await noJs.context.close();
      rmSync(noJs.userDataDir, { recursive: true, force: true });
    }
    return problems;
  });

  if (whole) await check(`the 404 page works under ${prefix}`, async () => {
    const url = at("no/such/chapter.html");
    const { page, problems } = await open(context, url, { expectStatus: 404 });
    const h1 = await page.textContent("main h1");
    if (!/not found/i.test(h1 || "")) problems.push(`its heading is "${h1}"`);
    const link = await page.$eval("main a[href$='introduction.html']", (a) => a.href).catch(() => null);
    if (link !== at("introduction.html")) problems.push(`its link to the introduction is ${link}`);
    // Styled: mdBook's stylesheets loaded despite the depth.
    const sidebar = await page.$$eval("#mdbook-sidebar a", (l) => l.length);
    if (sidebar === 0) problems.push("the table of contents is empty");
    if (shotsDir) await page.screenshot({ path: join(shotsDir, "404.png") });
    await page.close();
    return problems;
  });
} finally {
  await context.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(userDataDir, { recursive: true, force: true });
}

// Rust blocks that promise a Run button have one, shown once the Playground
// answers; blocks that cannot run there have none.
async function runButtons(page, note) {
  const problems = [];
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll("pre.playground .play-button")].every(
          (b) => !b.hidden && !b.classList.contains("hidden"),
        ),
      null,
      { timeout: 5000 },
    )
    .catch(() => {});
  const blocks = await page.$$eval("code.language-rust", (codes) =>
    codes.map((code) => {
      const c = code.classList;
      const button = code.closest("pre").querySelector(".play-button");
      return {
        promised:
          !c.contains("noplayground") &&
          !c.contains("no_run") &&
          (!c.contains("ignore") || c.contains("mdbook-runnable")),
        cannot:
          (c.contains("ignore") && !c.contains("mdbook-runnable")) || c.contains("noplayground"),
        button: !!button,
        shown: !!button && !button.hidden && !button.classList.contains("hidden"),
        classes: code.className,
        first: code.textContent.trim().split("\n")[0].slice(0, 60),
      };
    }),
  );
  for (const b of blocks) {
    const which = `block "${b.first}" (${b.classes})`;
    if (b.promised && !b.button) problems.push(`${which}: no Run button`);
    else if (b.promised && !b.shown) problems.push(`${which}: Run button stays hidden`);
    if (b.cannot && b.button) problems.push(`${which}: has a Run button it cannot use`);
  }
  const n = blocks.filter((b) => b.promised).length;
  note(`${n} with a Run button, ${blocks.length - n} without`);
  return problems;
}

// Every listing's caption links its folder on GitHub, the folder exists, and
// the caption's "runs in the Playground" / "runs locally" / "needs the
// network" agrees with the Run button; a caption says how to run it (`cargo run -p NAME`, `cargo build` for a
// listing that does not compile, or the ci/ script that runs a benchmark). A figure of a diagram needs a caption only.
async function captions(page, note) {
  const problems = [];
  const figures = await page.$$eval("figure.listing", (figs) =>
    figs.map((f) => ({
      id: f.id,
      code: !!f.querySelector("pre > code"),
      runButton: !!f.querySelector("pre .play-button"),
      caption: f.querySelector("figcaption")?.textContent.replace(/\s+/g, " ").trim() ?? null,
      links: [...f.querySelectorAll("figcaption a[href]")].map((a) => a.href),
    })),
  );
  const hinted = new Map();
  for (const f of figures) {
    const name = `figure ${f.id ? "#" + f.id : "(no id)"}`;
    if (!f.caption) {
      problems.push(`${name}: no caption`);
      continue;
    }
    // The caption's promise and the Run button agree (a Run button that
    // cannot work is a bug; so is a missing one that was promised).
    if (/runs in the Playground/i.test(f.caption) && !f.runButton) {
      problems.push(`${name}: says it runs in the Playground but has no Run button`);
    }
    if (/runs locally|needs the network/i.test(f.caption) && f.runButton) {
      problems.push(`${name}: has a Run button but says it runs only locally`);
    }
    const folders = f.links.filter((h) => h.startsWith(REPO_URL + "listings/"));
    if (folders.length === 0 && f.code) {
      problems.push(`${name}: the caption has no link to its folder on GitHub`);
    }
    for (const href of folders) {
      const folder = decodeURIComponent(href.slice(REPO_URL.length)).replace(/\/$/, "");
      if (!existsSync(join(ROOT, folder))) {
        problems.push(`${name}: links ${folder}, which does not exist`);
        continue;
      }
      // How to run it: a cargo command, or a script in ci/ (a benchmark).
      const hint = /cargo (run|test|build)/.test(f.caption)
        ? "cargo"
        : /\bci\/[\w.-]+\.sh\b/.test(f.caption)
          ? "script"
          : null;
      hinted.set(folder, hinted.get(folder) || hint);
    }
  }
  for (const [folder, hint] of hinted) {
    if (!hint) {
      problems.push(`no caption for ${folder} says how to run it (cargo run -p ...)`);
    } else if (hint === "cargo" && !folder.includes("/compile-fail/")) {
      const manifest = readFileSync(join(ROOT, folder, "Cargo.toml"), "utf8");
      const pkg = (manifest.match(/^name\s*=\s*"([^"]+)"/m) || [])[1];
      const said = figures.some((f) => f.caption && f.caption.includes(`-p ${pkg}`));
      if (pkg && !said) problems.push(`no caption for ${folder} names its package (-p ${pkg})`);
    }
  }
  note(`${figures.length} captions, ${hinted.size} folders`);
  return problems;
}

async function shoot(page, file, theme) {
  const first = await page.$("div.diagram");
  await first.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shotsDir, `${file.replace(/\W/g, "_")}-${theme}.png`) });
}

console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
