// Makes sure Debian's chromium (and a font it can draw text with) is installed, for the
// console's browser tests and `npm run screenshots`. No browser is ever downloaded from npm:
// playwright-core drives the system's /usr/bin/chromium. When it is missing, this installs
// `chromium` and `fonts-dejavu-core` with apt (as root, or through sudo when available).
// Run: node tools/chromium/ensure.mjs   (the jest global setup and .ci/run call it)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.PATHWARDEN_CHROMIUM || '/usr/bin/chromium';
const PACKAGES = ['chromium', 'fonts-dejavu-core'];

/** Installs the packages when chromium is missing; returns the browser's path. Throws with what to do when it cannot. */
export function ensureChromium({ quiet = false } = {}) {
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !root && hasCommand('sudo') ? ['sudo', '-n'] : [];
  if (!root && sudo.length === 0) {
    throw new Error(`${CHROMIUM} is missing and this user cannot install it: run \`apt-get install -y ${PACKAGES.join(' ')}\` as root`);
  }
  if (!hasCommand('apt-get')) throw new Error(`${CHROMIUM} is missing and apt-get is not available: install Chromium and set PATHWARDEN_CHROMIUM to it`);
  const run = (args) => {
    const [cmd, ...rest] = [...sudo, ...args];
    execFileSync(cmd, rest, { stdio: quiet ? 'ignore' : ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  if (!quiet) process.stderr.write(`[chromium] ${CHROMIUM} is missing: installing ${PACKAGES.join(', ')} with apt-get (a few minutes)\n`);
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', ...PACKAGES]);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed ${PACKAGES.join(', ')} but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(`[chromium] ${ensureChromium()}`);
  } catch (error) {
    console.error(`[chromium] ${error.message}`);
    process.exit(1);
  }
}
