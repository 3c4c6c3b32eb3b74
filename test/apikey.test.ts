/**
 * npm run apikey (src/cli/apikey.ts): its messages speak of what the user
 * typed (--person, --tenant, an API key), and `list --all` says who revoked
 * a key.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { useHarness } from './support/harness';

const h = useHarness();
const repo = path.resolve(__dirname, '..');
const apikey = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(path.join(repo, 'node_modules', '.bin', 'tsx'), [path.join(repo, 'src', 'cli', 'apikey.ts'), ...args], { cwd: repo, env: process.env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};
const firstLine = (s: string) => s.split('\n')[0];

beforeAll(() => h.reset());

it('names the flags --person and --tenant, not the mutation arguments, when a binding is missing or unknown', async () => {
  const owner = await apikey('create', '--name', 'x', '--role', 'OWNER');
  const auditor = await apikey('create', '--name', 'x', '--role', 'TENANT_AUDITOR', '--tenant', 'tenant:nope');
  expect([owner, auditor].map((r) => ({ code: r.code, error: firstLine(r.stderr) }))).toEqual([
    { code: 1, error: 'BAD_USER_INPUT: --person: role OWNER needs a person (the Person id it is bound to)' },
    { code: 1, error: 'NOT_FOUND: --tenant: no entity with id "tenant:nope"' },
  ]);
});

it('says that no API key has the id when revoking one that does not exist', async () => {
  const r = await apikey('revoke', '--id', 'k0000000000000000');
  expect({ code: r.code, error: firstLine(r.stderr) }).toEqual({ code: 1, error: 'NOT_FOUND: --id: no API key with id "k0000000000000000"' });
});

it('lists a revoked key with who revoked it and when', async () => {
  const created = await apikey('create', '--name', 'nightly sync', '--role', 'INGEST');
  const id = /Created API key (k[0-9a-f]{16})/.exec(created.stdout)![1];
  const revoked = await apikey('revoke', '--id', id);
  const at = /at (\S+)\.$/m.exec(revoked.stdout)![1];
  const listed = await apikey('list', '--all');
  const line = listed.stdout.split('\n').find((l) => l.startsWith(id))!;
  expect(line.endsWith(`REVOKED ${at} by cli:${os.userInfo().username}`)).toBe(true);
});
