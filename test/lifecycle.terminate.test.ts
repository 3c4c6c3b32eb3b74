/**
 * terminateContract (docs/lifecycle.md, "Terminating a contract"): a dry run
 * reports exactly what the real run then does and writes nothing; the real
 * run marks the contract TERMINATED, revokes every record into the tenant or
 * its systems and every HAS_ROLE into its roles, appends
 * CONTRACT_TERMINATED and one REVOKED per record, and proves on the reach
 * index that nothing reaches the tenant any more.
 */
import { ReachIndexProvider } from '../src/reach/index/provider';
import { stillReaching, without } from '../src/lifecycle/remaining-reach';
import { grant, graph, identity, named, system, tool } from './support/fixtures';
import { attempt, createKey, event, eventCount, events, keyRevokedBy, keyVerdict, NOW, refused, snapshot, storedAccess, storedEntity, useLifecycle } from './support/lifecycle';

const l = useLifecycle();
const LOADED = '2026-01-15T00:00:00.000Z';

// Into tenant:acme (all revoked by a termination):
//   person:ann -USES-> identity:adm-ann -CAN_ACCESS(acc:adm-dc)-> system:acme-dc
//   identity:adm-ann -HAS_ROLE(acc:adm-ga)-> role:acme-ga (tenant:acme) -GRANTS(acc:ga-file)-> system:acme-file
//   person:bob -MEMBER_OF-> team:ops -USES-> identity:shared -CAN_ACCESS-> tool:rmm -CAN_ACCESS(acc:rmm-acme)-> tenant:acme
//   identity:adm-ann -CAN_ACCESS(acc:old, revoked 2026-02-01)-> system:acme-file
// Into tenant:globex (untouched): tool:rmm -CAN_ACCESS-> system:globex-dc;
//   identity:svc -HAS_ROLE-> role:globex-reader -GRANTS-> system:globex-dc
const GRAPH = graph({
  people: [named('person:ann'), named('person:bob')],
  teams: [named('team:ops')],
  identities: [identity('identity:adm-ann'), identity('identity:shared', { identityKind: 'SHARED_ADMIN' }), identity('identity:svc', { identityKind: 'SERVICE_ACCOUNT' })],
  tools: [tool('tool:rmm')],
  roles: [
    { id: 'role:acme-ga', name: 'Acme GA', privileged: true, tenantId: 'tenant:acme' },
    { id: 'role:globex-reader', name: 'Globex reader', tenantId: 'tenant:globex' },
  ],
  tenants: [named('tenant:acme'), named('tenant:globex')],
  systems: [system('system:acme-dc', 'tenant:acme'), system('system:acme-file', 'tenant:acme'), system('system:globex-dc', 'tenant:globex')],
  access: [
    grant('acc:ann-adm', 'USES', 'person:ann', 'identity:adm-ann'),
    grant('acc:adm-dc', 'CAN_ACCESS', 'identity:adm-ann', 'system:acme-dc'),
    grant('acc:adm-ga', 'HAS_ROLE', 'identity:adm-ann', 'role:acme-ga', { expiresAt: '2026-12-01T00:00:00Z' }),
    grant('acc:ga-file', 'GRANTS', 'role:acme-ga', 'system:acme-file'),
    grant('acc:bob-ops', 'MEMBER_OF', 'person:bob', 'team:ops'),
    grant('acc:ops-shared', 'USES', 'team:ops', 'identity:shared'),
    grant('acc:shared-rmm', 'CAN_ACCESS', 'identity:shared', 'tool:rmm'),
    grant('acc:rmm-acme', 'CAN_ACCESS', 'tool:rmm', 'tenant:acme'),
    grant('acc:rmm-globex', 'CAN_ACCESS', 'tool:rmm', 'system:globex-dc'),
    grant('acc:svc-reader', 'HAS_ROLE', 'identity:svc', 'role:globex-reader'),
    grant('acc:reader-globex', 'GRANTS', 'role:globex-reader', 'system:globex-dc'),
    grant('acc:old', 'CAN_ACCESS', 'identity:adm-ann', 'system:acme-file', { revokedAt: '2026-02-01T00:00:00Z' }),
  ],
});

const TERMINATE = `mutation($tenant: ID!, $at: DateTime!, $dry: Boolean!) { terminateContract(tenantId: $tenant, effectiveAt: $at, dryRun: $dry) {
  dryRun eventIds
  report {
    tenant { id } contractEndedAt revokedAt
    revoked { access { id } revokedAt }
    stillReaching { entity { id } distance path { length steps { from { id } to { id } access { id } } } }
  }
} }`;
const WHO = `query($t: ID!, $asOf: DateTime) { whoCanReach(target: $t, asOf: $asOf) {
  people { edges { node { entity { id } } } } identities { edges { node { entity { id } } } }
} }`;
const SYSTEMS = `query($from: ID!) { blastRadius(from: $from) { systems { edges { node { system { id } } } } } }`;

async function exposure(target: string, asOf?: string) {
  const { whoCanReach } = await l.ok(WHO, { t: target, asOf });
  const ids = (c: any) => c.edges.map((e: any) => e.node.entity.id);
  return { people: ids(whoCanReach.people), identities: ids(whoCanReach.identities) };
}
const systemsOf = async (from: string) => (await l.ok(SYSTEMS, { from })).blastRadius.systems.edges.map((e: any) => e.node.system.id);

const EFFECTIVE = '2026-02-28T00:00:00Z';
const REVOKED = ['acc:adm-dc', 'acc:adm-ga', 'acc:ga-file', 'acc:rmm-acme'];
const REPORT = {
  tenant: { id: 'tenant:acme' },
  contractEndedAt: '2026-02-28T00:00:00.000Z',
  revokedAt: NOW,
  revoked: REVOKED.map((id) => ({ access: { id }, revokedAt: NOW })),
  stillReaching: [],
};

describe('terminateContract', () => {
  beforeEach(() => l.h.resetTo(GRAPH, LOADED));

  it('reports in a dry run what it would revoke and that nothing would reach the tenant, and writes nothing', async () => {
    const before = await snapshot(l.h);
    const result = await l.ok(TERMINATE, { tenant: 'tenant:acme', at: EFFECTIVE, dry: true });
    expect({ result: result.terminateContract, unchanged: JSON.stringify(await snapshot(l.h)) === JSON.stringify(before) }).toEqual({
      result: { dryRun: true, eventIds: [], report: REPORT },
      unchanged: true,
    });
  });

  it('does exactly what its dry run reported: nobody reaches the tenant any more, other tenants keep their access', async () => {
    const dry = await l.ok(TERMINATE, { tenant: 'tenant:acme', at: EFFECTIVE, dry: true });
    const exposedBefore = await exposure('tenant:acme');
    const real = await l.ok(TERMINATE, { tenant: 'tenant:acme', at: EFFECTIVE, dry: false });
    expect({
      sameReport: real.terminateContract.report,
      exposedBefore,
      exposedAfter: await exposure('tenant:acme'),
      rmmReaches: await systemsOf('tool:rmm'),
      tenant: await storedEntity(l.h, 'tenant:acme'),
      revoked: await Promise.all(REVOKED.map(async (id) => (await storedAccess(l.h, id))?.revokeReason)),
      untouched: await Promise.all(['acc:old', 'acc:rmm-globex', 'acc:svc-reader', 'acc:ann-adm'].map(async (id) => (await storedAccess(l.h, id))?.revokedAt ?? null)),
    }).toEqual({
      sameReport: dry.terminateContract.report,
      exposedBefore: { people: ['person:ann', 'person:bob'], identities: ['identity:adm-ann', 'identity:shared'] },
      exposedAfter: { people: [], identities: [] },
      rmmReaches: ['system:globex-dc'],
      tenant: { id: 'tenant:acme', kind: 'TENANT', name: 'tenant:acme', contractStatus: 'TERMINATED', contractEndedAt: '2026-02-28T00:00:00.000Z', createdAt: LOADED, updatedAt: NOW },
      revoked: REVOKED.map(() => 'contract terminated: tenant:acme'),
      untouched: ['2026-02-01T00:00:00.000Z', null, null, null],
    });
  });

  it('appends CONTRACT_TERMINATED and one REVOKED per record, naming each record and both its ends', async () => {
    const before = await eventCount(l.h);
    const result = await l.ok(TERMINATE, { tenant: 'tenant:acme', at: EFFECTIVE, dry: false });
    const revoked = (id: string, from: string, to: string) =>
      event('REVOKED', [id, from, to], { reason: 'contract terminated: tenant:acme', revokedAt: NOW, previousRevokedAt: null, via: 'terminateContract' });
    expect({ appended: (await eventCount(l.h)) - before, events: await events(l.h, result.terminateContract.eventIds) }).toEqual({
      appended: 5,
      events: [
        event('CONTRACT_TERMINATED', ['tenant:acme', ...REVOKED], {
          effectiveAt: '2026-02-28T00:00:00.000Z',
          contractEndedAt: '2026-02-28T00:00:00.000Z',
          revokedAt: NOW,
          revoked: REVOKED,
          stillReaching: [],
          apiKeysRevoked: [],
        }),
        revoked('acc:adm-dc', 'identity:adm-ann', 'system:acme-dc'),
        revoked('acc:adm-ga', 'identity:adm-ann', 'role:acme-ga'),
        revoked('acc:ga-file', 'role:acme-ga', 'system:acme-file'),
        revoked('acc:rmm-acme', 'tool:rmm', 'tenant:acme'),
      ],
    });
  });

  it('schedules a later contract end: the tenant stays reachable until effectiveAt', async () => {
    const result = await l.ok(TERMINATE, { tenant: 'tenant:acme', at: '2026-04-01T00:00:00Z', dry: false });
    expect({
      revokedAt: result.terminateContract.report.revokedAt,
      now: await exposure('tenant:acme'),
      then: await exposure('tenant:acme', '2026-04-01T00:00:00Z'),
    }).toEqual({
      revokedAt: '2026-04-01T00:00:00.000Z',
      now: { people: ['person:ann', 'person:bob'], identities: ['identity:adm-ann', 'identity:shared'] },
      then: { people: [], identities: [] },
    });
  });

  it("revokes the API keys bound to the tenant at once, listing them in its dry run, and leaves other tenants' keys working", async () => {
    const acme = await createKey(l.h, { name: 'acme auditor', role: 'TENANT_AUDITOR', tenantId: 'tenant:acme' });
    const globex = await createKey(l.h, { name: 'globex auditor', role: 'TENANT_AUDITOR', tenantId: 'tenant:globex' });
    const KEYS = `mutation($tenant: ID!, $at: DateTime!, $dry: Boolean!) { terminateContract(tenantId: $tenant, effectiveAt: $at, dryRun: $dry) { report { apiKeysRevoked } } }`;
    const dry = await l.ok(KEYS, { tenant: 'tenant:acme', at: EFFECTIVE, dry: true });
    const afterDryRun = await keyVerdict(l.h, acme.token);
    const real = await l.ok(KEYS, { tenant: 'tenant:acme', at: EFFECTIVE, dry: false });
    expect({
      dry: dry.terminateContract.report.apiKeysRevoked,
      afterDryRun,
      real: real.terminateContract.report.apiKeysRevoked,
      acme: await keyVerdict(l.h, acme.token),
      acmeRevokedBy: await keyRevokedBy(l.h, acme.id),
      globex: await keyVerdict(l.h, globex.token),
    }).toEqual({
      dry: [acme.id],
      afterDryRun: `accepted as apikey:${acme.id}`,
      real: [acme.id],
      acme: 'refused: API key has been revoked',
      acmeRevokedBy: 'admin:alice',
      globex: `accepted as apikey:${globex.id}`,
    });
  });

  it('finds nothing left to revoke when run again', async () => {
    await l.ok(TERMINATE, { tenant: 'tenant:acme', at: EFFECTIVE, dry: false });
    const again = await l.ok(TERMINATE, { tenant: 'tenant:acme', at: '2026-03-01T00:00:00Z', dry: true });
    expect(again.terminateContract.report).toEqual({ ...REPORT, revoked: [] });
  });

  it('lists, with a shortest witness path, whoever would still reach the tenant through a record left standing', async () => {
    const index = await ReachIndexProvider.for(l.h.exec).current();
    const step = (from: string, to: string, accessId: string) => ({ fromId: from, toId: to, accessId, accessGaps: [], asOf: NOW });
    // Everything but acc:adm-dc revoked: identity:adm-ann, and person:ann through it, still reach system:acme-dc.
    expect(stillReaching(without(index, ['acc:adm-ga', 'acc:ga-file', 'acc:rmm-acme']), 'tenant:acme', Date.parse(NOW), 16)).toEqual([
      { entityId: 'identity:adm-ann', distance: 1, path: { length: 1, steps: [step('identity:adm-ann', 'system:acme-dc', 'acc:adm-dc')] } },
      {
        entityId: 'person:ann',
        distance: 2,
        path: { length: 2, steps: [step('person:ann', 'identity:adm-ann', 'acc:ann-adm'), step('identity:adm-ann', 'system:acme-dc', 'acc:adm-dc')] },
      },
    ]);
  });

  describe('refusals, in a dry run and a real one, which write nothing', () => {
    const CASES: [string, Record<string, unknown>, string, string, string][] = [
      ['an unknown tenant', { tenant: 'tenant:nope' }, 'NOT_FOUND', 'tenantId', 'no entity with id "tenant:nope"'],
      ['a System', { tenant: 'system:acme-dc' }, 'BAD_USER_INPUT', 'tenantId', 'is a System; expected a Tenant'],
      ['an effectiveAt that is not an instant', { at: '2026-13-01T00:00:00Z' }, 'BAD_USER_INPUT', 'effectiveAt', 'must be an RFC 3339 date-time'],
    ];
    it.each(CASES.flatMap(([what, ...rest]) => [true, false].map((dry) => [`${what}${dry ? ' (dry run)' : ''}`, dry, ...rest] as const)))(
      'refuses %s',
      async (_what, dry, change, code, argument, message) => {
        expect(await attempt(l, TERMINATE, { tenant: 'tenant:acme', at: EFFECTIVE, dry, ...change })).toEqual({
          answer: refused(code, argument),
          message: expect.stringContaining(message),
          unchanged: true,
        });
      },
    );
  });
});
