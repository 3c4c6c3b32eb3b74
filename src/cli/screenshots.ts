/**
 * npm run screenshots [-- --neo4j-port 7696 --port 0]
 * Pictures of each console view on the demo, for the README: starts
 * `npm start -- --fresh` on a local Neo4j of its own (.neo4j/screenshots),
 * opens the console links it prints in headless Chromium (Debian's, through
 * playwright-core; tools/chromium/ensure.mjs installs it when missing), and
 * writes one PNG per view into docs/console/. Stops what it started.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ensureChromium } from '../../tools/chromium/ensure.mjs';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'docs', 'console');

function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}

/** Each picture: its file, the role whose link opens it, the view (query string), and what to do before the shot. */
const SHOTS: { file: string; role: string; view: string; before?: (page: Page) => Promise<void> }[] = [
  { file: 'blast-radius.png', role: 'ANALYST', view: '?v=blast&from=tool%3Armm' },
  { file: 'blast-radius-expanded.png', role: 'ANALYST', view: '?v=blast&from=person%3Atom-baker&open=tenant%3Aacme&sel=tenant%3Aacme' },
  { file: 'who-can-reach.png', role: 'ANALYST', view: '?v=reach&target=system%3Aacme-dc01' },
  { file: 'path.png', role: 'ANALYST', view: '?v=path&from=person%3Atom-baker&to=system%3Aacme-dc01&sel=1' },
  { file: 'findings.png', role: 'ANALYST', view: '?v=findings&sev=CRITICAL' },
  { file: 'search.png', role: 'ANALYST', view: '?v=search&q=acme' },
  { file: 'my-access.png', role: 'OWNER', view: '?v=mine' },
  { file: 'auditor-who-can-reach.png', role: 'TENANT_AUDITOR', view: '?v=reach&target=tenant%3Aacme' },
  { file: 'auditor-blast-radius.png', role: 'TENANT_AUDITOR', view: '?v=blast&from=tool%3Armm' },
];

async function main(): Promise<void> {
  const neo4jPort = option('neo4j-port', '7696');
  const env: NodeJS.ProcessEnv = { ...process.env, NEO4J_LOCAL_PORT: neo4jPort, NEO4J_LOCAL_DIR: '.neo4j/screenshots', PORT: option('port', '0'), HOST: '127.0.0.1', PATHWARDEN_LOG_LEVEL: 'warn' };
  delete env.NEO4J_URI;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/start.ts'), '--fresh'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stopped = new Promise((resolve) => child.once('exit', resolve));
  try {
    const t0 = Date.now();
    while (!output.includes('Ctrl-C stops')) {
      if (child.exitCode !== null) throw new Error(`npm start ended:\n${output}`);
      if (Date.now() - t0 > 300_000) throw new Error(`npm start did not finish starting within 300 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const base = /PathWarden is serving (http:\/\/[\d.]+:\d+)\/graphql/.exec(output)![1];
    const tokens = new Map<string, string>();
    const lines = output.split('\n');
    lines.forEach((line, i) => {
      const role = /^ {2}([A-Z_]+) +\S/.exec(line)?.[1];
      const token = lines[i + 1]?.trim();
      if (role && token?.startsWith('eyJ')) tokens.set(role, token);
    });
    fs.mkdirSync(OUT, { recursive: true });
    const browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
    try {
      const signIn = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await signIn.goto(`${base}/`);
      await signIn.waitForSelector('#token');
      await signIn.screenshot({ path: path.join(OUT, 'sign-in.png') });
      for (const shot of SHOTS) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
        const page = await context.newPage();
        await page.goto(`${base}/${shot.view}#token=${encodeURIComponent(tokens.get(shot.role)!)}`);
        await page.waitForSelector('main[data-ready]', { timeout: 60_000 });
        await shot.before?.(page);
        // The side panel and the audit trail load after the picture.
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: path.join(OUT, shot.file) });
        console.log(`docs/console/${shot.file}`);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  } finally {
    child.kill('SIGINT');
    await stopped;
  }
}

main().catch((error: Error) => {
  console.error(`screenshots failed: ${error.message}`);
  process.exit(1);
});
