// Finding and starting the system's Chromium, shared by the browser tests.
// Playwright's own browser download cannot work here, so we drive the
// distribution's Chromium (or $CHROMIUM) through playwright-core.
import { chromium } from "playwright-core";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The path in $CHROMIUM, or the first of chromium, chromium-browser and
// google-chrome on PATH. Throws with a message saying how to get one.
export function findChromium() {
  if (process.env.CHROMIUM) {
    if (!existsSync(process.env.CHROMIUM)) {
      throw new Error(`CHROMIUM=${process.env.CHROMIUM} does not exist`);
    }
    return process.env.CHROMIUM;
  }
  const dirs = (process.env.PATH || "").split(":").filter(Boolean);
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    for (const dir of dirs) {
      if (existsSync(join(dir, name))) return join(dir, name);
    }
  }
  throw new Error(
    "Chromium not found: install your distribution's chromium package " +
      "(ci/install-tools.sh --test does, as root) or set CHROMIUM to its path",
  );
}

// Starts headless Chromium at `executablePath` in a new, empty profile (a
// temporary directory named from `prefix`), with `options` passed on to
// Playwright (viewport, colour scheme, ...). Playwright adds --headless
// itself; the flags keep Chromium quiet and offline.
export async function launchChromium(executablePath, prefix, options = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), prefix));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    ...options,
  });
  return { context, userDataDir };
}
