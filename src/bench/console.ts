/**
 * The console's benchmark phase (issue 11): in headless Chromium (Debian's,
 * driven by playwright-core), the time from opening the printed sign-in link
 * to a drawn blast radius of the largest pooled tool: the token moved into
 * session storage, `viewer` asked, the tree fetched and cytoscape's picture
 * on screen (main[data-ready]). The first load includes building the page's
 * bundle when the API has not built it yet (npm start builds it at start-up);
 * each later sample is a fresh browser context, as a new tab would be.
 * A measurement, never an assertion: the machine is shared.
 */
import { chromium } from 'playwright-core';
import { ensureChromium } from '../../tools/chromium/ensure.mjs';

export interface ConsoleFigures {
  tool: string;
  systems: number;
  tenants: number;
  /** Nodes and edges cytoscape drew. */
  drawn: { nodes: number; edges: number };
  /** Sign-in link to drawn picture, each sample in ms (the first is the cold one). */
  samplesMs: number[];
}

/** `apiUrl` is the API's /graphql URL; `bearer` an "Authorization" value whose token may read the tool's blast radius. */
export async function consoleTiming(apiUrl: string, tool: string, bearer: string, samples = 5): Promise<ConsoleFigures> {
  const base = new URL(apiUrl).origin;
  const token = bearer.replace(/^Bearer /, '');
  const browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  try {
    const samplesMs: number[] = [];
    let drawn = { nodes: 0, edges: 0 };
    let numbers: Record<string, number> = {};
    for (let i = 0; i < samples; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const t0 = performance.now();
      await page.goto(`${base}/?v=blast&from=${encodeURIComponent(tool)}#token=${encodeURIComponent(token)}`);
      await page.waitForSelector('main[data-ready="blast"]', { timeout: 120_000 });
      samplesMs.push(performance.now() - t0);
      if (errors.length) throw new Error(`the console failed on ${tool}: ${errors.join('; ')}`);
      drawn = await page.evaluate('({ nodes: window.cy.nodes().length, edges: window.cy.edges().length })');
      numbers = await page.evaluate(
        `Object.fromEntries([...document.querySelectorAll('.numbers li')].map((li) => [li.getAttribute('data-number'), Number(li.querySelector('.value').textContent.replace(/,/g, ''))]))`,
      );
      await context.close();
    }
    return { tool, systems: numbers.systems ?? 0, tenants: numbers.tenants ?? 0, drawn, samplesMs };
  } finally {
    await browser.close();
  }
}
