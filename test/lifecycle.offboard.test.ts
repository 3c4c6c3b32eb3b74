/**
 * offboardPerson (docs/lifecycle.md, "Offboarding a person"): a dry run
 * reports exactly what the real run then does and writes nothing; the real
 * run marks the person DEPARTED, revokes every MEMBER_OF and USES record they
 * hold (never backdated), appends PERSON_OFFBOARDED and one REVOKED per
 * record, and reports the credentials to rotate and what needs a new owner.
 */
import { grant, graph, identity, named, own, system, tool } from './support/fixtures';
import { ADMIN, attempt, createKey, event, eventCount, events, keyRevokedBy, keyVerdict, NOW, refused, snapshot, storedAccess, storedEntity, useLifecycle } from './support/lifecycle';

const l = useLifecycle();
const LOADED = '2026-01-15T00:00:00.000Z';

// The leaver, person:ann:
//   person:ann -MEMBER_OF(acc:ann-ops)-> team:ops <-MEMBER_OF(acc:bob-ops)- person:bob
//   team:ops -USES(acc:ops-shared)-> identity:shared -CAN_ACCESS-> system:acme-dc
//   person:ann -USES(acc:ann-adm)-> identity:adm-ann -CAN_ACCESS-> system:acme-dc
//   identity:adm-ann -CAN_ACCESS-> tool:vault -CAN_ACCESS-> identity:svc -CAN_ACCESS-> system:acme-dc
//   person:carol -USES-> identity:carol-adm -CAN_ACCESS-> tool:vault
//   person:ann -USES(acc:ann-old, revoked 2026-02-01)-> identity:bg
// Owned by person:ann: identity:bg (alone), identity:svc (with person:carol),
// identity:shared (with team:ops), tool:vault (with person:erin, who left on 2026-02-01).
const GRAPH = graph({
  people: [named('person:ann'), named('person:bob'), named('person:carol'), { id: 'person:erin', name: 'erin', departedAt: '2026-02-01T00:00:00Z' }],
  teams: [named('team:ops')],
  identities: [
    identity('identity:adm-ann'),
    identity('identity:shared', { identityKind: 'SHARED_ADMIN' }),
    identity('identity:svc', { identityKind: 'SERVICE_ACCOUNT' }),
    identity('identity:carol-adm'),
    identity('identity:bg', { identityKind: 'BREAK_GLASS' }),
  ],
  tools: [tool('tool:vault', 'VAULT')],
  tenants: [named('tenant:acme')],
  systems: [system('system:acme-dc', 'tenant:acme')],
  ownerships: [
    { ...own('person:ann', 'identity:bg'), role: 'PLATFORM_OWNER' },
    own('person:ann', 'identity:svc'),
    own('person:carol', 'identity:svc'),
    own('person:ann', 'identity:shared'),
    own('team:ops', 'identity:shared'),
    own('person:ann', 'tool:vault'),
    own('person:erin', 'tool:vault'),
    own('person:carol', 'identity:adm-ann'),
  ],
  access: [
    grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops'),
    grant('acc:bob-ops', 'MEMBER_OF', 'person:bob', 'team:ops'),
    grant('acc:ann-adm', 'USES', 'person:ann', 'identity:adm-ann'),
    grant('acc:ann-old', 'USES', 'person:ann', 'identity:bg', { revokedAt: '2026-02-01T00:00:00Z' }),
    grant('acc:ops-shared', 'USES', 'team:ops', 'identity:shared'),
    grant('acc:adm-vault', 'CAN_ACCESS', 'identity:adm-ann', 'tool:vault'),
    grant('acc:carol-adm', 'USES', 'person:carol', 'identity:carol-adm'),
    grant('acc:carol-vault', 'CAN_ACCESS', 'identity:carol-adm', 'tool:vault'),
    grant('acc:vault-svc', 'CAN_ACCESS', 'tool:vault', 'identity:svc'),
    grant('acc:svc-dc', 'CAN_ACCESS', 'identity:svc', 'system:acme-dc'),
    grant('acc:shared-dc', 'CAN_ACCESS', 'identity:shared', 'system:acme-dc'),
    grant('acc:adm-dc', 'CAN_ACCESS', 'identity:adm-ann', 'system:acme-dc'),
  ],
});

const OFFBOARD = `mutation($person: ID!, $at: DateTime!, $dry: Boolean!) { offboardPerson(personId: $person, effectiveAt: $at, dryRun: $dry) {
  dryRun eventIds
  report {
    person { id } departedAt revokedAt
    revoked { access { id } revokedAt }
    credentialsToRotate { identity { id } routes sharedWith { id } }
    needsNewOwner { entity { id } role }
  }
} }`;
const SYSTEMS = `query($from: ID!, $asOf: DateTime) { blastRadius(from: $from, asOf: $asOf) { systems { edges { node { system { id } } } } } }`;
const STATUS = `query($id: ID!) { entity(id: $id) { ... on Person { status departedAt } } }`;

async function systemsOf(from: string, asOf?: string): Promise<string[]> {
  const data = await l.ok(SYSTEMS, { from, asOf });
  return data.blastRadius.systems.edges.map((e: any) => e.node.system.id);
}

/** Leaving on 2026-02-20 (already past at NOW): departed then, revoked at NOW. */
const EFFECTIVE = '2026-02-20T00:00:00Z';
const REPORT = {
  person: { id: 'person:ann' },
  departedAt: '2026-02-20T00:00:00.000Z',
  revokedAt: NOW,
  revoked: [
    { access: { id: 'acc:ann-adm' }, revokedAt: NOW },
    { access: { id: 'acc:ann-ops' }, revokedAt: NOW },
  ],
  credentialsToRotate: [
    { identity: { id: 'identity:adm-ann' }, routes: ['USES'], sharedWith: [] },
    { identity: { id: 'identity:shared' }, routes: ['TEAM'], sharedWith: [{ id: 'person:bob' }] },
    { identity: { id: 'identity:svc' }, routes: ['VAULT'], sharedWith: [{ id: 'person:carol' }] },
  ],
  needsNewOwner: [
    { entity: { id: 'identity:bg' }, role: 'PLATFORM_OWNER' },
    { entity: { id: 'identity:shared' }, role: 'SERVICE_OWNER' },
    { entity: { id: 'tool:vault' }, role: 'SERVICE_OWNER' },
  ],
};

describe('offboardPerson', () => {
  beforeEach(() => l.h.resetTo(GRAPH, LOADED));

  it('reports in a dry run what it would revoke, rotate and reassign, and writes nothing', async () => {
    const before = await snapshot(l.h);
    const result = await l.ok(OFFBOARD, { person: 'person:ann', at: EFFECTIVE, dry: true });
    expect({ result: result.offboardPerson, unchanged: JSON.stringify(await snapshot(l.h)) === JSON.stringify(before) }).toEqual({
      result: { dryRun: true, eventIds: [], report: REPORT },
      unchanged: true,
    });
  });

  it('does exactly what its dry run reported: the person departs and loses every membership and use', async () => {
    const dry = await l.ok(OFFBOARD, { person: 'person:ann', at: EFFECTIVE, dry: true });
    const reachBefore = await systemsOf('person:ann');
    const real = await l.ok(OFFBOARD, { person: 'person:ann', at: EFFECTIVE, dry: false });
    const revokedBy = { revokedAt: NOW, revokedBy: 'admin:alice', revokeReason: 'offboarding: person:ann departed', updatedAt: NOW };
    expect({
      sameReport: real.offboardPerson.report,
      dryRun: real.offboardPerson.dryRun,
      reachBefore,
      reachAfter: await systemsOf('person:ann'),
      person: await storedEntity(l.h, 'person:ann'),
      status: (await l.ok(STATUS, { id: 'person:ann' })).entity,
      annAdm: await storedAccess(l.h, 'acc:ann-adm'),
      annOps: await storedAccess(l.h, 'acc:ann-ops'),
      annOld: (await storedAccess(l.h, 'acc:ann-old'))?.revokedAt,
      bobStillReaches: await systemsOf('person:bob'),
    }).toEqual({
      sameReport: dry.offboardPerson.report,
      dryRun: false,
      reachBefore: ['system:acme-dc'],
      reachAfter: [],
      person: { id: 'person:ann', kind: 'PERSON', name: 'person:ann', status: 'DEPARTED', departedAt: '2026-02-20T00:00:00.000Z', createdAt: LOADED, updatedAt: NOW },
      status: { status: 'DEPARTED', departedAt: '2026-02-20T00:00:00.000Z' },
      annAdm: expect.objectContaining({ id: 'acc:ann-adm', ...revokedBy }),
      annOps: expect.objectContaining({ id: 'acc:ann-ops', ...revokedBy }),
      annOld: '2026-02-01T00:00:00.000Z',
      bobStillReaches: ['system:acme-dc'],
    });
  });

  it("revokes the API keys bound to the person at once, listing them in its dry run, and leaves everyone else's keys working", async () => {
    const ann = await createKey(l.h, { name: 'ann as owner', role: 'OWNER', personId: 'person:ann' });
    const carol = await createKey(l.h, { name: 'carol as owner', role: 'OWNER', personId: 'person:carol' });
    const KEYS = `mutation($person: ID!, $at: DateTime!, $dry: Boolean!) { offboardPerson(personId: $person, effectiveAt: $at, dryRun: $dry) { report { apiKeysRevoked } } }`;
    const dry = await l.ok(KEYS, { person: 'person:ann', at: EFFECTIVE, dry: true });
    const afterDryRun = await keyVerdict(l.h, ann.token);
    const real = await l.ok(KEYS, { person: 'person:ann', at: EFFECTIVE, dry: false });
    expect({
      dry: dry.offboardPerson.report.apiKeysRevoked,
      afterDryRun,
      real: real.offboardPerson.report.apiKeysRevoked,
      ann: await keyVerdict(l.h, ann.token),
      annRevokedBy: await keyRevokedBy(l.h, ann.id),
      carol: await keyVerdict(l.h, carol.token),
      again: (await l.ok(KEYS, { person: 'person:ann', at: EFFECTIVE, dry: true })).offboardPerson.report.apiKeysRevoked,
    }).toEqual({
      dry: [ann.id],
      afterDryRun: `accepted as apikey:${ann.id}`,
      real: [ann.id],
      ann: 'refused: API key has been revoked',
      annRevokedBy: 'admin:alice',
      carol: `accepted as apikey:${carol.id}`,
      again: [],
    });
  });

  it('appends PERSON_OFFBOARDED and one REVOKED per record, as the caller', async () => {
    const before = await eventCount(l.h);
    const result = await l.ok(OFFBOARD, { person: 'person:ann', at: EFFECTIVE, dry: false });
    const revoked = (id: string, to: string) =>
      event('REVOKED', [id, 'person:ann', to], { reason: 'offboarding: person:ann departed', revokedAt: NOW, previousRevokedAt: null, via: 'offboardPerson' });
    expect({ appended: (await eventCount(l.h)) - before, events: await events(l.h, result.offboardPerson.eventIds) }).toEqual({
      appended: 3,
      events: [
        event(
          'PERSON_OFFBOARDED',
          ['person:ann', 'acc:ann-adm', 'acc:ann-ops'],
          {
            effectiveAt: '2026-02-20T00:00:00.000Z',
            departedAt: '2026-02-20T00:00:00.000Z',
            revokedAt: NOW,
            revoked: ['acc:ann-adm', 'acc:ann-ops'],
            credentialsToRotate: ['identity:adm-ann', 'identity:shared', 'identity:svc'],
            needsNewOwner: ['identity:bg', 'identity:shared', 'tool:vault'],
            apiKeysRevoked: [],
          },
          ADMIN,
        ),
        revoked('acc:ann-adm', 'identity:adm-ann'),
        revoked('acc:ann-ops', 'team:ops'),
      ],
    });
  });

  it('schedules a later departure: access stands until effectiveAt, then is gone', async () => {
    const result = await l.ok(OFFBOARD, { person: 'person:ann', at: '2026-04-01T00:00:00Z', dry: false });
    expect({
      times: { departedAt: result.offboardPerson.report.departedAt, revokedAt: result.offboardPerson.report.revokedAt },
      statusNow: (await l.ok(STATUS, { id: 'person:ann' })).entity.status,
      reachNow: await systemsOf('person:ann'),
      reachThen: await systemsOf('person:ann', '2026-04-01T00:00:00Z'),
    }).toEqual({
      times: { departedAt: '2026-04-01T00:00:00.000Z', revokedAt: '2026-04-01T00:00:00.000Z' },
      statusNow: 'ACTIVE',
      reachNow: ['system:acme-dc'],
      reachThen: [],
    });
  });

  it('keeps an earlier recorded departure, and still revokes what the leaver holds', async () => {
    await l.h.load({ people: [{ id: 'person:ann', name: 'person:ann', departedAt: '2026-02-10T00:00:00Z' }] }, LOADED);
    const result = await l.ok(OFFBOARD, { person: 'person:ann', at: EFFECTIVE, dry: false });
    expect({
      departedAt: result.offboardPerson.report.departedAt,
      stored: (await storedEntity(l.h, 'person:ann'))?.departedAt,
      revoked: result.offboardPerson.report.revoked.map((r: any) => r.access.id),
    }).toEqual({ departedAt: '2026-02-10T00:00:00.000Z', stored: '2026-02-10T00:00:00.000Z', revoked: ['acc:ann-adm', 'acc:ann-ops'] });
  });

  describe('refusals, in a dry run and a real one, which write nothing', () => {
    const CASES: [string, Record<string, unknown>, string, string, string][] = [
      ['an unknown person', { person: 'person:nope' }, 'NOT_FOUND', 'personId', 'no entity with id "person:nope"'],
      ['a Team', { person: 'team:ops' }, 'BAD_USER_INPUT', 'personId', 'is a Team; expected a Person'],
      ['an effectiveAt that is not an instant', { at: 'next friday' }, 'BAD_USER_INPUT', 'effectiveAt', 'must be an RFC 3339 date-time'],
    ];
    it.each(CASES.flatMap(([what, ...rest]) => [true, false].map((dry) => [`${what}${dry ? ' (dry run)' : ''}`, dry, ...rest] as const)))(
      'refuses %s',
      async (_what, dry, change, code, argument, message) => {
        expect(await attempt(l, OFFBOARD, { person: 'person:ann', at: EFFECTIVE, dry, ...change })).toEqual({
          answer: refused(code, argument),
          message: expect.stringContaining(message),
          unchanged: true,
        });
      },
    );
  });
});
