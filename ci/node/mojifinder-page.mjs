// Browser test of the web mojifinder's search page (chapter 11), in headless
// Chromium driven by playwright-core.
//
//   node ci/node/mojifinder-page.mjs [--screenshots DIR]
//
// Builds the server (`cargo build -p listing-11-03`, quick when it is
// already built), starts it on 127.0.0.1 with port 0, reads the address it
// prints, types into the search box the way a person does, one key at a
// time, and checks that results appear while typing. Then it stops the
// server with SIGINT and checks that it shut down cleanly. Chromium is the
// one in $CHROMIUM, or chromium / chromium-browser / google-chrome on PATH.
// Nothing leaves 127.0.0.1.

import { findChromium, launchChromium } from "./chromium.mjs";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PACKAGE = "listing-11-03";

let shotsDir = null;
{
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--screenshots") shotsDir = args[++i];
    else fatal(`unknown argument ${args[i]}`);
  }
}
if (shotsDir) mkdirSync(shotsDir, { recursive: true });

function fatal(message) {
  console.error(`mojifinder page: error: ${message}`);
  console.log("mojifinder page: 0 passed, 1 failed");
  process.exit(1);
}

// ---- the server -------------------------------------------------------------

try {
  execFileSync("cargo", ["build", "--quiet", "-p", PACKAGE], { cwd: ROOT, stdio: "inherit" });
} catch {
  fatal(`cargo build -p ${PACKAGE} failed`);
}
const targetDir = process.env.CARGO_TARGET_DIR || join(ROOT, "target");
const binary = join(targetDir, "debug", PACKAGE);
if (!existsSync(binary)) fatal(`${binary} was not built`);

const server = spawn(binary, ["--address", "127.0.0.1", "--port", "0"], {
  stdio: ["ignore", "pipe", "pipe"],
});
let stdout = "";
let stderr = "";
server.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
server.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
const exited = new Promise((resolve) => server.on("exit", (code, signal) => resolve({ code, signal })));

// The server prints "Serving on http://127.0.0.1:PORT/." once it listens.
const origin = await new Promise((resolve) => {
  const deadline = setTimeout(() => resolve(null), 60_000);
  const look = () => {
    const m = stdout.match(/Serving on (http:\/\/127\.0\.0\.1:\d+)\//);
    if (m) {
      clearTimeout(deadline);
      resolve(m[1]);
    }
  };
  server.stdout.on("data", look);
  exited.then(() => resolve(null));
});
if (!origin) {
  server.kill("SIGKILL");
  fatal(`the server did not start:\n${stderr}`);
}
console.log(`mojifinder page: ${binary} serving at ${origin}`);

// ---- the browser ------------------------------------------------------------

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (err) {
    failed += 1;
    console.log(`FAIL ${name}: ${err.message.split("\n")[0]}`);
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

let context, userDataDir;
try {
  ({ context, userDataDir } = await launchChromium(findChromium(), "mojifinder-chromium-", {
    viewport: { width: 1100, height: 800 },
  }));
} catch (err) {
  server.kill("SIGKILL");
  fatal(`could not start Chromium: ${err.message.split("\n")[0]}`);
}
// Nothing but our server may be contacted.
await context.route((url) => url.origin !== origin, (route) => route.abort());

const page = context.pages()[0] ?? (await context.newPage());
const problems = [];
page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
page.on("requestfailed", (r) => {
  // Typing aborts the request before each keystroke's: that is the design.
  if (r.failure()?.errorText !== "net::ERR_ABORTED") {
    problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  }
});
page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));

const box = page.locator("#query");
const status = page.locator("#status");
const cards = page.locator("#results li");
const shot = async (name) =>
  shotsDir && page.locator("body").screenshot({ path: join(shotsDir, `${name}.png`) });
const waitFor = (text) =>
  page.waitForFunction((t) => document.getElementById("status").textContent === t, text, {
    timeout: 10_000,
  });

await check("the page loads with the search box focused", async () => {
  const response = await page.goto(`${origin}/`);
  expect(response.status() === 200, `status ${response.status()}`);
  expect((await page.title()) === "Mojifinder", `title ${await page.title()}`);
  expect(await box.evaluate((el) => el === document.activeElement), "the box is not focused");
});

await check("results appear while typing, before the query is finished", async () => {
  await box.pressSequentially("cat", { delay: 80 });
  await waitFor("14 found");
  expect((await cards.count()) === 14, `${await cards.count()} cards for "cat"`);
  await shot("mojifinder-cat");
});

await check("each key refines the results: `cat face` finds 10, the cat face first", async () => {
  await box.pressSequentially(" face", { delay: 80 });
  await waitFor("10 found");
  expect((await cards.count()) === 10, `${await cards.count()} cards`);
  const first = cards.first();
  expect((await first.locator(".char").textContent()) === "🐱", "first card is not 🐱");
  expect((await first.locator(".name").textContent()) === "CAT FACE", "first name is not CAT FACE");
  await shot("mojifinder-cat-face");
});

await check("clearing the box clears the results", async () => {
  await box.fill("");
  await waitFor("");
  expect((await cards.count()) === 0, `${await cards.count()} cards left`);
});

await check("a query nothing matches says 0 found", async () => {
  await box.pressSequentially("xyzzy", { delay: 40 });
  await waitFor("0 found");
  expect((await cards.count()) === 0, "cards shown");
});

await check("a huge answer shows the first 240 and says how many there are", async () => {
  await box.fill("");
  await box.pressSequentially("cjk", { delay: 40 });
  await page.waitForFunction(() => /showing the first 240$/.test(document.getElementById("status").textContent), null, { timeout: 20_000 });
  expect((await cards.count()) === 240, `${await cards.count()} cards`);
});

await check("the API page renders the OpenAPI description", async () => {
  await page.goto(`${origin}/docs`);
  await page.getByRole("heading", { name: "GET /search" }).waitFor({ timeout: 10_000 });
  const text = await page.locator("#api").textContent();
  expect(text.includes("q (query, required)"), "the q parameter is not listed");
  expect(text.includes("422"), "the 422 response is not listed");
  await shot("mojifinder-docs");
});

await check("no console errors, exceptions or failed requests", async () => {
  expect(problems.length === 0, problems.join("; "));
});

await context.close();
rmSync(userDataDir, { recursive: true, force: true });

await check("Ctrl-C (SIGINT) shuts the server down cleanly", async () => {
  server.kill("SIGINT");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  const { code, signal } = await exited;
  clearTimeout(timer);
  expect(code === 0, `exit code ${code}, signal ${signal}`);
  expect(stdout.includes("Server shut down."), "no shutdown message");
});

console.log(`mojifinder page: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
