// Draws every mermaid diagram of the built site into its pages, so that a
// reader's browser fetches no mermaid at all: the diagrams are inline SVG,
// shown without JavaScript, in the print page, and with no layout shift.
//
//   node ci/node/prerender-diagrams.mjs SITE_DIR
//
// ci/build-site.sh runs it after `mdbook build`. Each page with a
// `<pre class="mermaid">` is opened in headless Chromium, where the book's
// own theme/mermaid-loader.js draws its diagrams with the vendored
// src/mermaid.min.js, exactly as under `mdbook serve`: once in mermaid's
// light palette, once in its dark one (the navy theme). The two drawings of
// a diagram differ only in colours (their <style>, and the fill and stroke
// attributes of a few shapes), so the page gets one SVG holding the light
// drawing and, for screens in the dark themes (coal, navy, ayu), the dark
// stylesheet and the dark colours of those shapes. On paper diagrams stay
// light. Should two drawings ever differ in more, the page gets both, one
// shown per theme: so far only a git graph does, whose commits get random
// ids unless the diagram names them (and then its drawing also changes from
// one build to the next).
//
// Each `<pre class="mermaid">` becomes `<div class="diagram">` with the SVG,
// whose random id is replaced by `diagram-N` (N counts the page's
// diagrams), so the same book gives the same site. mermaid.min.js is then
// removed from the site: no page needs it. A diagram mermaid cannot draw
// fails the build, naming page and diagram.

import { findChromium, launchChromium } from "./chromium.mjs";
import { serve, siteUrl } from "./serve-site.mjs";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const DARK = "html:is(.coal, .navy, .ayu)";
const PRE = /<pre class="mermaid">[\s\S]*?<\/pre>/g;

const siteDir = process.argv[2];
if (!siteDir || !existsSync(join(siteDir, "index.html"))) {
  console.error("usage: node ci/node/prerender-diagrams.mjs SITE_DIR (a built book)");
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

// The top-level blocks of a stylesheet as mermaid writes it (minified, one
// `prelude{...}` after another), each as [prelude, whole block].
function blocks(css) {
  const out = [];
  let depth = 0;
  let start = 0;
  let open = -1;
  for (let i = 0; i < css.length; i++) {
    if (css[i] === "{") {
      if (depth === 0) open = i;
      depth += 1;
    } else if (css[i] === "}") {
      depth -= 1;
      if (depth === 0) {
        out.push([css.slice(start, open).trim(), css.slice(start, i + 1)]);
        start = i + 1;
      }
    }
  }
  if (depth !== 0 || css.slice(start).trim() !== "") throw new Error("unexpected CSS from mermaid");
  return out;
}

// The dark stylesheet's rules for the dark themes, each selector scoped to
// them: those that differ from the light ones, and those the same in both
// that set a property (or one of its family: stroke and stroke-width) that
// a differing rule also sets. The scope makes a rule more specific, so a
// differing rule scoped alone could beat one that is the same in both and
// beats it in mermaid's own dark drawing (a journey diagram's face
// outline); scoped together, they keep their order and specificity among
// themselves, and each beats its light twin. A rule whose properties no
// differing rule touches cannot be overturned and is left out. At-rules
// (keyframes) are the same in both and kept once.
function darkRules(light, dark) {
  const seen = new Set(blocks(light).map(([, whole]) => whole));
  const family = (decl) => decl.split(":")[0].trim().replace(/^-+/, "").split("-")[0];
  const families = (whole) =>
    whole
      .slice(whole.indexOf("{") + 1, -1)
      .split(";")
      .filter((d) => d.includes(":"))
      .map(family);
  const rules = blocks(dark).filter(([prelude]) => !prelude.startsWith("@"));
  const touched = new Set(rules.filter(([, whole]) => !seen.has(whole)).flatMap(([, w]) => families(w)));
  const out = [];
  for (const [prelude, whole] of rules) {
    if (seen.has(whole) && !families(whole).some((f) => touched.has(f))) continue;
    const body = whole.slice(whole.indexOf("{"));
    // Split the selector list on commas outside parentheses.
    const selectors = [];
    let depth = 0;
    let from = 0;
    for (let i = 0; i < prelude.length; i++) {
      if (prelude[i] === "(") depth += 1;
      else if (prelude[i] === ")") depth -= 1;
      else if (prelude[i] === "," && depth === 0) {
        selectors.push(prelude.slice(from, i));
        from = i + 1;
      }
    }
    selectors.push(prelude.slice(from));
    out.push(selectors.map((s) => `${DARK} ${s.trim()}`).join(",") + body);
  }
  return out.join("");
}

const STYLE = /<style>([\s\S]*?)<\/style>/;

// Coordinates to a hundredth of a pixel: mermaid writes up to 17 digits
// (a state diagram's round dot is a 4 kB path), and no screen shows them.
// Only attribute values change; labels are text and keep their digits.
function rounded(svg) {
  // A path may run numbers together (".045.002" is .045 then .002): a
  // number starts after no digit or point, and one that loses its point
  // keeps a space before a next number that starts with one.
  return svg.replace(/="[^"]*"/g, (attr) =>
    attr.replace(/(?<![\d.])-?\d+\.\d{3,}(?:e-?\d+)?/g, (n, at, all) => {
      const r = String(Number(Number(n).toFixed(2)));
      return all[at + n.length] === "." && !r.includes(".") ? `${r} ` : r;
    }),
  );
}

// The attributes in which a shape may carry its colours, and the
// properties of an inline style that may differ between the palettes.
const COLOURS = new Set(["fill", "stroke"]);
const STYLE_COLOURS = new Set(["fill", "stroke", "color", "background", "background-color", "stop-color"]);

// An inline style as [property, value] pairs, or null if it has an
// !important or anything this simple reading could get wrong.
function declarations(style) {
  if (/!important|["']|url\(/.test(style)) return null;
  return style
    .split(";")
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      const i = d.indexOf(":");
      return [d.slice(0, i).trim(), d.slice(i + 1).trim()];
    });
}

// The light drawing, with a class on each element whose fill or stroke
// attribute differs in the dark drawing (the dots of a state diagram, a
// sequence diagram's boxes), and the dark rules that give them those
// colours; or null if the drawings differ in anything else. Sequence
// diagrams number their actors with a counter that runs on from one drawing
// to the next (actor0, then actor3): the light drawing's ids are kept, and
// the comparison ignores their digits.
function colourClasses(light, dark, name) {
  const [lt, dt] = [light.split(/(<[^>]+>)/), dark.split(/(<[^>]+>)/)];
  if (lt.length !== dt.length) return null;
  const attrs = (tag) => [...tag.matchAll(/ ([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]);
  const rules = [];
  for (let i = 0; i < lt.length; i++) {
    if (lt[i] === dt[i] || lt[i - 1] === "<style>") continue;
    if (!lt[i].startsWith("<")) return null; // text differs
    const [la, da] = [attrs(lt[i]), attrs(dt[i])];
    const tagName = (t) => t.match(/^<\/?([\w:-]+)/)?.[1];
    if (la.length !== da.length || tagName(lt[i]) !== tagName(dt[i])) return null;
    const decls = [];
    for (let j = 0; j < la.length; j++) {
      const [[k, v], [dk, dv]] = [la[j], da[j]];
      if (k !== dk) return null;
      if (v === dv) continue;
      if (COLOURS.has(k)) decls.push(`${k}:${dv}`);
      else if (k === "style") {
        // An inline style (a pie chart's legend boxes): its colours only,
        // and !important, since an inline style beats any plain rule.
        const [ld, dd] = [declarations(v), declarations(dv)];
        if (!ld || !dd || ld.length !== dd.length) return null;
        for (let d = 0; d < ld.length; d++) {
          if (ld[d][0] !== dd[d][0]) return null;
          if (ld[d][1] === dd[d][1]) continue;
          if (!STYLE_COLOURS.has(dd[d][0])) return null;
          decls.push(`${dd[d][0]}:${dd[d][1]} !important`);
        }
      } else if (k !== "id" || v.replace(/\d+/g, "") !== dv.replace(/\d+/g, "")) return null;
    }
    if (decls.length === 0) continue;
    const cls = `dk${rules.length}`;
    lt[i] = / class="/.test(lt[i])
      ? lt[i].replace(/ class="/, ` class="${cls} `)
      : lt[i].replace(/^<([\w:-]+)/, `<$1 class="${cls}"`);
    // As weak as the attribute it stands for: any rule of the stylesheet
    // that sets the same property wins over it, as over the attribute.
    rules.push(`:where(${DARK} #${name} .${cls}){${decls.join(";")}}`);
  }
  return { svg: lt.join(""), rules: rules.join("") };
}

// One SVG from the light and dark drawings of diagram `n` of a page.
function combine(light, dark, n) {
  const idOf = (svg) => (svg.match(/^<svg[^>]* id="([^"]+)"/) || [])[1];
  const name = `diagram-${n}`;
  const [lightId, darkId] = [idOf(light), idOf(dark)];
  if (!lightId || !darkId) throw new Error("mermaid's output is not one <svg> with an id");
  light = rounded(light.split(lightId).join(name));
  dark = rounded(dark.split(darkId).join(name));
  const [ls, ds] = [light.match(STYLE), dark.match(STYLE)];
  if (!ls || !ds) throw new Error("mermaid's SVG has no <style>");
  const merged = colourClasses(light, dark, name);
  if (!merged) {
    // Drawings that differ in more than colours: the page gets both, and
    // the stylesheet (theme/listings.css) shows the one for the theme.
    const darkName = `${name}-dark`;
    dark = dark.split(name).join(darkName);
    return (
      `<div class="diagram"><div class="diagram-light">${light}</div>` +
      `<div class="diagram-dark">${dark}</div></div>`
    );
  }
  const style = `${ls[1]}@media screen{${merged.rules}${darkRules(ls[1], ds[1])}}`;
  return `<div class="diagram">${merged.svg.replace(STYLE, () => `<style>${style}</style>`)}</div>`;
}

// Waits until the loader has drawn every diagram of `page` in `theme`.
async function drawn(page, theme) {
  await page.waitForFunction(
    (t) =>
      [...document.querySelectorAll("pre.mermaid")].every(
        (p) => p.dataset.mermaidTheme === t || p.dataset.mermaidError !== undefined,
      ),
    theme,
    { timeout: 60000 },
  );
  return page.$$eval(
    "pre.mermaid",
    (l, colours) => {
      const of = new Function(`return ${colours}`)();
      return l.map((p) =>
        p.dataset.mermaidError !== undefined
          ? { error: p.dataset.mermaidError.split("\n").slice(0, 3).join(" | ") }
          : { svg: p.innerHTML.trim(), colours: of(p.querySelector("svg")) },
      );
    },
    COLOURS_OF,
  );
}

// The computed fill and stroke of an SVG and of each element in it, as the
// browser paints them (references to gradients and markers as just "url",
// since their ids are renamed). Source text, run in the page.
const COLOURS_OF = `(svg) => [svg, ...svg.querySelectorAll("*")].map((e) => {
  const c = getComputedStyle(e);
  const plain = (v) => v.replace(/url\\([^)]*\\)/g, "url");
  return plain(c.fill) + "/" + plain(c.stroke);
})`;

// The colours each drawn diagram of a rewritten page shows, for the drawing
// the current theme shows (null if none is shown).
function shownColours(page) {
  return page.$$eval(
    "div.diagram",
    (divs, colours) => {
      const of = new Function(`return ${colours}`)();
      return divs.map((d) => {
        const svg = [...d.querySelectorAll("svg")].find((s) => s.getBoundingClientRect().height > 0);
        return svg ? of(svg) : null;
      });
    },
    COLOURS_OF,
  );
}

// The first difference between what mermaid drew (`want`, per element) and
// what the page shows (`got`), or null.
function firstDifference(want, got) {
  if (!got) return "not shown";
  if (want.length !== got.length) return `${got.length} elements, mermaid drew ${want.length}`;
  const k = want.findIndex((w, i) => w !== got[i]);
  return k < 0 ? null : `element ${k} is ${got[k]} (fill/stroke), mermaid drew ${want[k]}`;
}

const started = Date.now();
const pages = htmlFiles(siteDir).filter((f) =>
  readFileSync(join(siteDir, f), "utf8").includes('<pre class="mermaid">'),
);
const prefix = siteUrl();
const server = await serve(siteDir, prefix);
const origin = `http://127.0.0.1:${server.address().port}`;
const { context, userDataDir } = await launchChromium(findChromium(), "book-prerender-", {
  viewport: { width: 1280, height: 900 },
});
// Nothing may leave 127.0.0.1 (the Playground's crate list, for one).
await context.route((url) => url.origin !== origin, (route) => route.abort("blockedbyclient"));

const problems = [];
let count = 0;
// For each rewritten page, the colours of mermaid's own drawings, light and
// dark, to hold the page's SVGs against once it is written.
const drawings = new Map();
try {
  for (const file of pages) {
    const page = await context.newPage();
    let light, dark;
    try {
      await page.addInitScript(() => localStorage.setItem("mdbook-theme", "light"));
      await page.goto(`${origin}${prefix}${file}`, { waitUntil: "load" });
      light = await drawn(page, "default");
      await page.evaluate(() => document.documentElement.classList.replace("light", "navy"));
      dark = await drawn(page, "dark");
    } catch (err) {
      // A page whose diagrams never finish (the deadline is 60 s) or that
      // cannot load: named, and the build fails below.
      problems.push(`${file}: ${String(err.message).split("\n")[0]}`);
      continue;
    } finally {
      await page.close();
    }

    const path = join(siteDir, file);
    const html = readFileSync(path, "utf8");
    let i = 0;
    const out = html.replace(PRE, () => {
      const n = ++i;
      const [l, d] = [light[n - 1], dark[n - 1]];
      try {
        if (!l || !d) throw new Error("the page and the browser disagree on its diagrams");
        if (l.error || d.error) throw new Error(`mermaid cannot draw it: ${l.error || d.error}`);
        return combine(l.svg, d.svg, n);
      } catch (err) {
        problems.push(`${file}: diagram ${n}: ${err.message}`);
        return "";
      }
    });
    if (i !== light.length) problems.push(`${file}: ${i} diagrams in the HTML, ${light.length} in the browser`);
    writeFileSync(path, out);
    drawings.set(file, { light, dark });
    count += i;
  }

  // Each rewritten page, opened again (the loader has nothing left to draw),
  // must show every diagram in exactly the colours mermaid drew it: the
  // light drawing's in the light theme, the dark drawing's in navy. This
  // proves the merged SVG's dark rules right, element by element.
  for (const [file, { light, dark }] of drawings) {
    const page = await context.newPage();
    try {
      await page.addInitScript(() => localStorage.setItem("mdbook-theme", "light"));
      await page.goto(`${origin}${prefix}${file}`, { waitUntil: "load" });
      const shownLight = await shownColours(page);
      await page.evaluate(() => document.documentElement.classList.replace("light", "navy"));
      const shownDark = await shownColours(page);
      light.forEach((l, n) => {
        if (!dark[n] || l.error || dark[n].error) return; // already a problem
        for (const [theme, want, got] of [
          ["light", l.colours, shownLight[n]],
          ["navy", dark[n].colours, shownDark[n]],
        ]) {
          const diff = firstDifference(want, got);
          if (diff) problems.push(`${file}: diagram ${n + 1} in the ${theme} theme: ${diff}`);
        }
      });
    } finally {
      await page.close();
    }
  }
} finally {
  await context.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(userDataDir, { recursive: true, force: true });
}

for (const p of problems) console.error(`prerender: ${p}`);
if (problems.length > 0) {
  console.error(`prerender: ${problems.length} problems, so the site is not finished`);
  process.exit(1);
}
// No page loads mermaid any more; do not publish it.
rmSync(join(siteDir, "mermaid.min.js"), { force: true });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`prerender: ${count} diagrams on ${pages.length} pages drawn into the HTML in ${seconds} s`);
