/**
 * npm run export -- --format bloodhound-opengraph (src/export/opengraph.ts,
 * docs/export.md): the graph, or one tenant's slice as its auditor sees it,
 * as BloodHound OpenGraph JSON that validates against the published schema
 * (test/fixtures/bloodhound-opengraph.schema.json, with its source).
 *
 *   ann -MEMBER_OF-> ops -HAS_ROLE[blank justification]-> ga* (tenant tA) -GRANTS-> tA ==> sA1
 *   ann -USES[unapproved]-> adm-ann (home tenant tB) -CAN_ACCESS[expired 2026-05-01]-> sA1
 *                                                    -CAN_ACCESS-> sB1 (tB)
 *   rmm (owned by ann) -CAN_ACCESS-> tB ==> sB1
 *   bob (departed) -USES[revoked 2026-03-01]-> old
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import { resolveViewer } from '../src/auth/scope';
import { exportOpenGraph, type OpenGraphFile } from '../src/export/opengraph';
import { APPROVER, grant, graph, identity, named, own, role, system, tool, unapproved } from './support/fixtures';
import { useHarness } from './support/harness';

const h = useHarness();
const NOW = '2026-06-01T00:00:00Z';
const ROOT = path.resolve(__dirname, '..');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'bloodhound-opengraph.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(SCHEMA);
const run = promisify(execFile);

const GRAPH = graph({
  tenants: [named('tA'), named('tB')],
  systems: [system('sA1', 'tA'), system('sB1', 'tB')],
  people: [named('ann'), { id: 'bob', name: 'bob', status: 'DEPARTED', departedAt: '2026-03-01T00:00:00Z' }],
  teams: [named('ops')],
  identities: [identity('adm-ann', { tenantId: 'tB' }), identity('old')],
  roles: [{ ...role('ga', true), tenantId: 'tA' }],
  tools: [tool('rmm')],
  ownerships: [own('ann', 'ga'), own('ann', 'rmm')],
  access: [
    grant('acc:ann-ops', 'MEMBER_OF', 'ann', 'ops'),
    grant('acc:ops-ga', 'HAS_ROLE', 'ops', 'ga', { privileged: true, justification: ' ', expiresAt: '2026-12-01T00:00:00Z' }),
    grant('acc:ga-ta', 'GRANTS', 'ga', 'tA', { privileged: true }),
    unapproved(grant('acc:ann-adm', 'USES', 'ann', 'adm-ann')),
    grant('acc:adm-sa1', 'CAN_ACCESS', 'adm-ann', 'sA1', { expiresAt: '2026-05-01T00:00:00Z' }),
    grant('acc:adm-sb1', 'CAN_ACCESS', 'adm-ann', 'sB1'),
    grant('acc:rmm-tb', 'CAN_ACCESS', 'rmm', 'tB'),
    grant('acc:bob-old', 'USES', 'bob', 'old', { revokedAt: '2026-03-01T00:00:00Z' }),
  ],
});

beforeAll(() => h.resetTo(GRAPH, NOW));

const nodesOf = (f: OpenGraphFile) => f.graph.nodes.map((n) => `${n.id} ${n.kinds.join(',')}`).sort();
const edgesOf = (f: OpenGraphFile) => f.graph.edges.map((e) => `${e.start.value} -${e.kind}-> ${e.end.value}`).sort();
const edge = (f: OpenGraphFile, accessId: string) => f.graph.edges.find((e) => e.properties.accessid === accessId);

describe('the whole graph', () => {
  let file: OpenGraphFile;
  beforeAll(async () => {
    file = await exportOpenGraph(h.exec, { asOf: Date.parse(NOW) });
  });

  it('validates against the published OpenGraph schema', () => {
    expect(validate(file) ? [] : validate.errors).toEqual([]);
  });

  it('has every entity as a node of its PathWarden kind and the source kind, and every present record as an edge', () => {
    expect(file.metadata).toEqual({ source_kind: 'PathWarden' });
    expect(nodesOf(file)).toEqual(
      [
        'adm-ann PW_Identity,PathWarden', 'ann PW_Person,PathWarden', 'bob PW_Person,PathWarden', 'ga PW_Role,PathWarden', 'old PW_Identity,PathWarden',
        'ops PW_Team,PathWarden', `${APPROVER} PW_Person,PathWarden`, 'rmm PW_Tool,PathWarden', 'sA1 PW_System,PathWarden', 'sB1 PW_System,PathWarden',
        'tA PW_Tenant,PathWarden', 'tB PW_Tenant,PathWarden',
      ].sort(),
    );
    // bob's USES was revoked before NOW: history, not a path, so not an edge.
    expect(edgesOf(file)).toEqual(
      [
        'adm-ann -PW_CanAccess-> sA1', 'adm-ann -PW_CanAccess-> sB1', 'ann -PW_MemberOf-> ops', 'ann -PW_Uses-> adm-ann', 'ga -PW_Grants-> tA',
        'ops -PW_HasRole-> ga', 'rmm -PW_CanAccess-> tB', 'tA -PW_Contains-> sA1', 'tB -PW_Contains-> sB1',
      ].sort(),
    );
  });

  it("carries each record's approval, expiry and gaps as primitive properties", () => {
    expect(edge(file, 'acc:ops-ga')?.properties).toEqual({
      accessid: 'acc:ops-ga', pathwardenkind: 'HAS_ROLE', approved: true, approvedby: APPROVER, privileged: true, justification: ' ',
      grantedat: '2026-01-01T00:00:00.000Z', expiresat: '2026-12-01T00:00:00.000Z', expired: false, gaps: ['NO_JUSTIFICATION'],
    });
    expect(edge(file, 'acc:ann-adm')?.properties).toMatchObject({ approved: false, expired: false, gaps: ['NO_APPROVAL'] });
    expect(edge(file, 'acc:adm-sa1')?.properties).toMatchObject({ expiresat: '2026-05-01T00:00:00.000Z', expired: true, gaps: [] });
    expect(file.graph.nodes.find((n) => n.id === 'ga')?.properties).toEqual({
      objectid: 'ga', name: 'ga', displayname: 'ga', pathwardenkind: 'ROLE', privileged: true, tenantid: 'tA', gaps: [], owners: ['ann'],
    });
    expect(file.graph.nodes.find((n) => n.id === 'bob')?.properties).toMatchObject({ status: 'DEPARTED', departedat: '2026-03-01T00:00:00.000Z' });
    expect(file.graph.nodes.find((n) => n.id === 'old')?.properties).toMatchObject({ gaps: ['NO_OWNER'], owners: [] });
  });

  it('is checked by a validator that refuses what OpenGraph refuses: an object property, a fourth kind, an edge without an end', () => {
    const broken = structuredClone(file) as any;
    broken.graph.nodes[0].properties.nested = { a: 1 };
    broken.graph.nodes[1].kinds = ['a', 'b', 'c', 'd'];
    delete broken.graph.edges[0].end;
    expect(validate(broken)).toBe(false);
    expect(new Set(validate.errors!.map((e) => e.instancePath))).toEqual(new Set(['/graph/edges/0', '/graph/nodes/0/properties/nested', '/graph/nodes/1/kinds']));
  });
});

describe("one tenant's slice", () => {
  it("holds exactly the tenant auditor's view: the same entities and records, and no other client's ids or names", async () => {
    const file = await exportOpenGraph(h.exec, { tenantId: 'tA', asOf: Date.parse(NOW) });
    const auditor = await resolveViewer(h.exec, { id: 'auditor', role: 'TENANT_AUDITOR', tenantId: 'tA', credential: 'jwt' });
    if (auditor.scope.kind !== 'VISIBLE') throw new Error('a tenant auditor is narrowed');

    expect(validate(file) ? [] : validate.errors).toEqual([]);
    expect(file.graph.nodes.map((n) => n.id).sort()).toEqual([...auditor.scope.entities].sort());
    expect(file.graph.edges.flatMap((e) => (e.properties.accessid ? [e.properties.accessid] : [])).sort()).toEqual([...auditor.scope.access].sort());
    expect(nodesOf(file).map((n) => n.split(' ')[0])).toEqual(['adm-ann', 'ann', 'ga', 'ops', APPROVER, 'sA1', 'tA'].sort());
    expect(edgesOf(file)).toEqual(['adm-ann -PW_CanAccess-> sA1', 'ann -PW_MemberOf-> ops', 'ann -PW_Uses-> adm-ann', 'ga -PW_Grants-> tA', 'ops -PW_HasRole-> ga', 'tA -PW_Contains-> sA1'].sort());
    // adm-ann's home tenant is tB: the auditor of tA may not learn it, so the property is left out.
    expect(file.graph.nodes.find((n) => n.id === 'adm-ann')?.properties.tenantid).toBeUndefined();
    expect(JSON.stringify(file)).not.toMatch(/"tB"|sB1|rmm/);
  });

  it('refuses an unknown tenant, or an id of another kind, before reading anything', async () => {
    await expect(exportOpenGraph(h.exec, { tenantId: 'nope' })).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(exportOpenGraph(h.exec, { tenantId: 'ann' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('npm run export', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-export-'));
  const npm = (...args: string[]) =>
    run('npm', ['run', '--silent', 'export', '--', ...args], { cwd: ROOT, env: process.env }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e) => ({ code: e.code as number, stderr: e.stderr as string }),
    );

  it("writes one tenant's slice to FILE, and refuses to overwrite it without --force", async () => {
    const out = path.join(dir, 'ta.json');
    expect(await npm('--format', 'bloodhound-opengraph', out, '--tenant', 'tA')).toEqual({ code: 0, stderr: expect.stringContaining('Wrote 7 nodes and 6 edges (tenant tA') });
    const written = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(validate(written) ? [] : validate.errors).toEqual([]);
    expect(written.graph.nodes.map((n: any) => n.id).sort()).toEqual(['adm-ann', 'ann', 'ga', 'ops', APPROVER, 'sA1', 'tA'].sort());

    expect(await npm('--format', 'bloodhound-opengraph', out)).toEqual({ code: 2, stderr: expect.stringContaining('exists: choose another FILE, or --force') });
    expect(await npm('--format', 'graphml', path.join(dir, 'x.json'))).toEqual({ code: 2, stderr: expect.stringContaining('--format must be one of bloodhound-opengraph') });
  });
});

