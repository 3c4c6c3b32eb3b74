/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The console in a real browser: Debian's Chromium driven by playwright-core
 * (tools/chromium/ensure.mjs installs it when missing; no browser is ever
 * downloaded from npm). One browser per suite; each page is watched for what
 * must never happen: a console error, an uncaught exception, a
 * Content-Security-Policy violation, or a request to any host but the API's.
 */
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Chromium at `executablePath`: by default the one the jest global setup
 * found or installed (tools/chromium/ensure.mjs), or the reason it could not.
 */
export async function launchBrowser(executablePath = process.env.PATHWARDEN_CHROMIUM_PATH): Promise<Browser> {
  if (!executablePath) throw new Error(process.env.PATHWARDEN_CHROMIUM_PROBLEM ?? 'no Chromium: run node tools/chromium/ensure.mjs');
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

export interface WatchedPage {
  page: Page;
  /** Everything that went wrong so far, one line each; a test expects it empty. */
  problems: string[];
}

/** A fresh page (its own context: its own session storage) on the API at `base`, watched. */
export async function openPage(browser: Browser, base: string, viewport = { width: 1440, height: 1000 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const origin = new URL(base).origin;
  const problems: string[] = [];
  // Runs before the page's own script, outside its CSP (a DevTools-protocol script): reports every violation.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`));
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) problems.push(`request to another host: ${url}`);
  });
  return { page, problems };
}

/** Opens the console at `path` signed in with `token` (the link npm start prints), and waits for the view to be drawn. */
export async function signedIn(w: WatchedPage, base: string, path: string, token: string): Promise<void> {
  await w.page.goto(`${base}/${path}#token=${encodeURIComponent(token)}`);
  await ready(w.page);
}

/** Waits until the console says its view is drawn (main[data-ready]). */
export async function ready(page: Page, view?: string): Promise<void> {
  await page.waitForSelector(view ? `main[data-ready="${view}"]` : 'main[data-ready]', { timeout: 30_000 });
}

const AXE = require.resolve('axe-core/axe.min.js');

/** axe-core's serious and critical violations on the page as it is now (rule id and the first offending element). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not apply to the checker itself.
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, target: v.nodes[0]?.target.join(' ') ?? '' }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id} at ${v.target}`);
}
