// Proves that the browser tests fail when the site breaks: copies the built
// book to a temporary folder, breaks two of its pages on purpose, runs
// browser-tests.mjs on those two pages and checks that it fails, naming
// each breakage.
//
//   node ci/node/browser-selftest.mjs [SITE_DIR]
//
// The breakages: a diagram that lost its dark colours; a diagram hidden on
// paper; a diagram hidden when JavaScript is off; a diagram that grows
// after the first layout (a layout shift); a diagram left for the browser
// to draw (a `pre.mermaid`, as a plain `mdbook build` leaves it); a script
// that logs a console error; an image that is not there (a failed
// request); a block too wide for a phone; a Rust block that promised a Run
// button and lost it. (The link and fragment
// checks are proved by site-check's unit tests.) Prints one line per
// expectation and `browser self-test: N passed, M failed`.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const siteDir = process.argv[2] || join(here, "..", "..", "book");
if (!existsSync(join(siteDir, "index.html"))) {
  console.error(`browser self-test: error: ${siteDir} has no index.html: build the book first`);
  console.log("browser self-test: 0 passed, 1 failed");
  process.exit(1);
}

// Chapter pages, not the pages that hold the whole book.
const chapters = readdirSync(siteDir)
  .filter((f) => f.endsWith(".html"))
  .filter((f) => !["index.html", "print.html", "toc.html", "404.html"].includes(f))
  .sort();
const read = (f) => readFileSync(join(siteDir, f), "utf8");
// A page whose first diagram is one SVG with its dark rules in its style
// (most are; the others come as two drawings).
const diagramPage = chapters.find((f) => /<div class="diagram"><svg[^>]*><style>[^<]*@media screen\{/.test(read(f)));
const runPage = chapters.find(
  (f) => f !== diagramPage && read(f).includes('<pre class="playground">'),
);
const plainPage = runPage || chapters.find((f) => f !== diagramPage);

let passed = 0;
let failed = 0;
function expect(name, ok, detail = "") {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${ok || !detail ? "" : `: ${detail}`}`);
}

if (!diagramPage || !plainPage) {
  expect("the site has a page with a diagram and another page to break", false);
  console.log(`browser self-test: ${passed} passed, ${failed} failed`);
  process.exit(1);
}

const broken = mkdtempSync(join(tmpdir(), "book-broken-"));
try {
  cpSync(siteDir, broken, { recursive: true });
  const edit = (file, change) => {
    const path = join(broken, file);
    const before = readFileSync(path, "utf8");
    const after = change(before);
    if (after === before) throw new Error(`could not break ${file}`);
    writeFileSync(path, after);
  };
  edit(diagramPage, (s) =>
    s
      // The first diagram's dark rules apply to no screen.
      .replace(/(<div class="diagram"><svg[^>]*><style>[^<]*)@media screen\{/, "$1@media not all{")
      // Every diagram is hidden on paper, and without JavaScript.
      .replace(
        "</head>",
        "<style>@media print { div.diagram { display: none } }</style>" +
          "<noscript><style>div.diagram { display: none }</style></noscript>" +
          // A script makes every diagram taller once the page has loaded.
          '<script>addEventListener("load", () => document.querySelectorAll("div.diagram")' +
          '.forEach((d) => { d.style.paddingTop = "50px" }))</script></head>',
      ),
  );
  edit(plainPage, (s) =>
    s.replace(
      "</main>",
      '<script>console.error("a deliberate console error")</script>' +
        '<img src="deliberately-missing.png" alt="">' +
        '<div style="width: 900px">a deliberately wide block</div>' +
        '<pre class="mermaid">graph TD\n  a --> b\n</pre></main>',
    ),
  );
  if (runPage) {
    edit(runPage, (s) => s.replace('<pre class="playground">', "<pre>"));
  }

  const run = spawnSync(
    process.execPath,
    [join(here, "browser-tests.mjs"), broken, "--only", `${diagramPage},${plainPage}`],
    { encoding: "utf8", timeout: 300000 },
  );
  const out = run.stdout || "";
  const lines = out.split("\n");
  // The problem lines printed under the FAIL line of `check`.
  const under = (check) => {
    const i = lines.indexOf(`FAIL ${check}`);
    if (i < 0) return null;
    const rest = [];
    for (const l of lines.slice(i + 1)) {
      if (!l.startsWith("       ")) break;
      rest.push(l);
    }
    return rest.join("\n");
  };
  const said = (check, text) => (under(check) || "").includes(text);

  expect("the browser tests exit non-zero", run.status === 1, `exit status ${run.status}`);
  expect(
    `a console error fails "page loads: ${plainPage}"`,
    said(`page loads: ${plainPage}`, "console error: a deliberate console error"),
  );
  expect(
    `a missing image fails "page loads: ${plainPage}"`,
    said(`page loads: ${plainPage}`, "deliberately-missing.png"),
  );
  const diagrams = `diagrams are drawn, light, dark and on paper: ${diagramPage}`;
  expect(
    `a diagram without its dark rules fails "${diagrams}"`,
    said(diagrams, "diagram 1: drawn in the light colours in the dark navy theme"),
  );
  expect(`a diagram hidden on paper fails "${diagrams}"`, said(diagrams, "diagram 1: not shown on paper"));
  expect(
    `a diagram that grows after the first layout fails "${diagrams}"`,
    said(diagrams, "px once loaded (a layout shift)"),
  );
  expect(
    `a diagram hidden without JavaScript fails "diagrams show without JavaScript"`,
    said("diagrams show without JavaScript", `${diagramPage}: diagram 1 is not shown`),
  );
  expect(
    `a diagram left for the browser fails "page loads: ${plainPage}"`,
    said(`page loads: ${plainPage}`, "1 diagrams not drawn when the site was built"),
  );
  expect(
    `a block too wide for a phone fails "fits a phone's width, ...: ${plainPage}"`,
    said(`fits a phone's width, nothing scrolls sideways: ${plainPage}`, "a deliberately wide block"),
  );
  if (runPage) {
    expect(
      `a lost Run button fails "Run buttons where promised, none elsewhere: ${runPage}"`,
      said(`Run buttons where promised, none elsewhere: ${runPage}`, "no Run button"),
    );
  }
  if (failed > 0) {
    console.log("what the browser tests printed:");
    console.log(out + (run.stderr || ""));
  }
} finally {
  rmSync(broken, { recursive: true, force: true });
}

console.log(`browser self-test: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
