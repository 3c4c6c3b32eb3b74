/**
 * revokeAccess, certifyAccess and recordAccessUse (docs/lifecycle.md): one
 * access record changes, nothing is deleted, the reach answer and the reach
 * index follow at once, and every change is an audit event. certifyAccess is
 * also open to an OWNER, for records in their scope from or to what they own,
 * as themselves.
 */
import { appliesScope } from '../src/db/cypher';
import { ReachIndexProvider } from '../src/reach/index/provider';
import { grant, graph, identity, named, own, system, T0, tool } from './support/fixtures';
import {
  ADMIN,
  attempt,
  event,
  eventCount,
  events,
  INGESTER,
  NOW,
  ownerOf,
  refusal,
  refused,
  storedAccess,
  storedEntity,
  useLifecycle,
} from './support/lifecycle';

const l = useLifecycle();

/** When the fixture was ingested (its records' createdAt). */
const LOADED = '2026-01-15T00:00:00.000Z';

// person:ann -MEMBER_OF(acc:ann-ops)-> team:ops
// person:ann -USES(acc:ann-adm)-> identity:adm-ann -CAN_ACCESS(acc:adm-dc, privileged)-> system:acme-dc
//                                 identity:adm-ann -CAN_ACCESS(acc:adm-rmm)-> tool:rmm -CAN_ACCESS(acc:rmm-file)-> system:acme-file
//                                 identity:adm-ann -CAN_ACCESS(acc:old, revoked 2026-02-01)-> system:acme-dc
// person:carol owns identity:adm-ann; person:dora left on 2026-02-01
const GRAPH = graph({
  people: [named('person:ann'), named('person:carol'), named('person:erin'), { id: 'person:dora', name: 'dora', departedAt: '2026-02-01T00:00:00Z' }],
  teams: [named('team:ops')],
  identities: [identity('identity:adm-ann')],
  tools: [tool('tool:rmm')],
  tenants: [named('tenant:acme')],
  systems: [system('system:acme-dc', 'tenant:acme'), system('system:acme-file', 'tenant:acme')],
  ownerships: [own('person:carol', 'identity:adm-ann')],
  access: [
    grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops'),
    grant('acc:ann-adm', 'USES', 'person:ann', 'identity:adm-ann'),
    grant('acc:adm-dc', 'CAN_ACCESS', 'identity:adm-ann', 'system:acme-dc', { privileged: true, expiresAt: '2026-06-01T00:00:00Z' }),
    grant('acc:adm-rmm', 'CAN_ACCESS', 'identity:adm-ann', 'tool:rmm', { lastCertifiedAt: '2026-02-15T00:00:00Z', certifiedById: 'person:approver' }),
    grant('acc:rmm-file', 'CAN_ACCESS', 'tool:rmm', 'system:acme-file'),
    grant('acc:old', 'CAN_ACCESS', 'identity:adm-ann', 'system:acme-dc', { revokedAt: '2026-02-01T00:00:00Z' }),
  ],
});

const reset = () => l.h.resetTo(GRAPH, LOADED);

const ACCESS_FIELDS = 'id revokedAt revokedBy revokeReason lastCertifiedAt certifiedBy { id } certificationNote lastUsedAt';
const REVOKE = `mutation($id: ID!, $reason: String!, $at: DateTime) { revokeAccess(id: $id, reason: $reason, at: $at) { eventIds access { ${ACCESS_FIELDS} } } }`;
const CERTIFY = `mutation($id: ID!, $by: ID!, $note: String!, $at: DateTime) { certifyAccess(id: $id, certifiedById: $by, note: $note, at: $at) { eventIds access { ${ACCESS_FIELDS} } } }`;
const USE = `mutation($id: ID!, $at: DateTime!) { recordAccessUse(accessId: $id, at: $at) { eventIds access { ${ACCESS_FIELDS} } } }`;
// What INGEST may read back (server/ingest-reads.ts): ids.
const USE_AS_INGEST = `mutation($id: ID!, $at: DateTime!) { recordAccessUse(accessId: $id, at: $at) { eventIds access { id } } }`;
const SYSTEMS = `query($from: ID!, $asOf: DateTime) { blastRadius(from: $from, asOf: $asOf) { systems { edges { node { system { id } } } } } }`;

async function systemsOf(from: string, asOf?: string): Promise<string[]> {
  const data = await l.ok(SYSTEMS, { from, asOf });
  return data.blastRadius.systems.edges.map((e: any) => e.node.system.id);
}

/** The record as this process's reach index holds it (instants as ISO), to show the index took the change without a reload. */
async function indexed(accessId: string) {
  const index = await ReachIndexProvider.for(l.h.exec).current();
  const r = index.recordOf(accessId);
  const iso = (ms: number | null | undefined) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);
  return r && { revokedAt: iso(r.revokedAt), lastCertifiedAt: iso(r.lastCertifiedAt), lastUsedAt: iso(r.lastUsedAt) };
}

/** acc:adm-dc as the fixture stores it. */
const ADM_DC = {
  from: 'identity:adm-ann',
  to: 'system:acme-dc',
  id: 'acc:adm-dc',
  kind: 'CAN_ACCESS',
  privileged: true,
  justification: 'ticket 1',
  approvedBy: 'person:approver',
  grantedAt: new Date(T0).toISOString(),
  expiresAt: '2026-06-01T00:00:00.000Z',
  createdAt: LOADED,
  updatedAt: LOADED,
};
const ADM_DC_ENDS = ['acc:adm-dc', 'identity:adm-ann', 'system:acme-dc'];

describe('revokeAccess', () => {
  beforeEach(reset);

  it('sets revokedAt, revokedBy and revokeReason and keeps the record, and the blast radius loses the system', async () => {
    const before = await systemsOf('person:ann');
    const result = await l.ok(REVOKE, { id: 'acc:adm-dc', reason: 'CHG-77 done' });
    expect({
      before,
      after: await systemsOf('person:ann'),
      answer: result.revokeAccess.access,
      stored: await storedAccess(l.h, 'acc:adm-dc'),
      indexed: await indexed('acc:adm-dc'),
    }).toEqual({
      before: ['system:acme-dc', 'system:acme-file'],
      after: ['system:acme-file'],
      answer: { id: 'acc:adm-dc', revokedAt: NOW, revokedBy: 'admin:alice', revokeReason: 'CHG-77 done', lastCertifiedAt: null, certifiedBy: null, certificationNote: null, lastUsedAt: null },
      stored: { ...ADM_DC, revokedAt: NOW, revokedBy: 'admin:alice', revokeReason: 'CHG-77 done', updatedAt: NOW },
      indexed: { revokedAt: NOW, lastCertifiedAt: null, lastUsedAt: null },
    });
  });

  it('appends one REVOKED event naming the record and both its ends', async () => {
    const before = await eventCount(l.h);
    const result = await l.ok(REVOKE, { id: 'acc:adm-dc', reason: 'CHG-77 done' });
    expect({ appended: (await eventCount(l.h)) - before, events: await events(l.h, result.revokeAccess.eventIds) }).toEqual({
      appended: 1,
      events: [event('REVOKED', ADM_DC_ENDS, { reason: 'CHG-77 done', revokedAt: NOW, previousRevokedAt: null, via: 'revokeAccess' })],
    });
  });

  it('schedules a revocation at a later `at`: the access stands until then', async () => {
    await l.ok(REVOKE, { id: 'acc:adm-dc', reason: 'contract ends', at: '2026-04-01T00:00:00Z' });
    expect({ now: await systemsOf('person:ann'), then: await systemsOf('person:ann', '2026-04-01T00:00:00Z') }).toEqual({
      now: ['system:acme-dc', 'system:acme-file'],
      then: ['system:acme-file'],
    });
  });

  it('brings a scheduled revocation forward, keeping the earlier schedule in the event', async () => {
    await l.ok(REVOKE, { id: 'acc:adm-dc', reason: 'contract ends', at: '2026-04-01T00:00:00Z' });
    const result = await l.ok(REVOKE, { id: 'acc:adm-dc', reason: 'incident 12' });
    const [revoked] = await events(l.h, result.revokeAccess.eventIds);
    expect({ stored: await storedAccess(l.h, 'acc:adm-dc'), details: revoked?.details }).toEqual({
      stored: { ...ADM_DC, revokedAt: NOW, revokedBy: 'admin:alice', revokeReason: 'incident 12', updatedAt: NOW },
      details: { reason: 'incident 12', revokedAt: NOW, previousRevokedAt: '2026-04-01T00:00:00.000Z', via: 'revokeAccess' },
    });
  });

  it('revokes once when two callers revoke the same record at the same time, refusing the other', async () => {
    const before = await eventCount(l.h);
    const answers = await Promise.all([1, 2].map((n) => l.call(REVOKE, { id: 'acc:adm-dc', reason: `race ${n}` })));
    const outcomes = answers.map((a) => (a.errors ? refusal(a) : 'revoked')).map((o) => JSON.stringify(o)).sort();
    expect({ outcomes, appended: (await eventCount(l.h)) - before }).toEqual({
      outcomes: [JSON.stringify(refused('BAD_USER_INPUT', 'id')), JSON.stringify('revoked')].sort(),
      appended: 1,
    });
  });

  describe('refusals, which write nothing', () => {
    const CASES: [string, Record<string, unknown>, string, string, string][] = [
      ['an unknown id', { id: 'acc:nope' }, 'NOT_FOUND', 'id', 'no access record with id "acc:nope"'],
      ['an entity id', { id: 'identity:adm-ann' }, 'NOT_FOUND', 'id', 'no access record with id "identity:adm-ann"'],
      ['a record already revoked', { id: 'acc:old' }, 'BAD_USER_INPUT', 'id', 'is already revoked (at 2026-02-01T00:00:00.000Z)'],
      ['a blank reason', { reason: ' ' }, 'BAD_USER_INPUT', 'reason', 'must not be blank'],
      ['an `at` that is not an instant', { at: 'tomorrow' }, 'BAD_USER_INPUT', 'at', 'must be an RFC 3339 date-time'],
      ['an `at` before the record was granted', { at: '2025-12-01T00:00:00Z' }, 'BAD_USER_INPUT', 'at', "is before the record's grantedAt"],
    ];
    it.each(CASES)('refuses %s', async (_what, change, code, argument, message) => {
      expect(await attempt(l, REVOKE, { id: 'acc:adm-dc', reason: 'r', ...change })).toEqual({ answer: refused(code, argument), message: expect.stringContaining(message), unchanged: true });
    });
  });
});

describe('certifyAccess', () => {
  beforeEach(reset);

  it('records when, by whom and why, replacing only the last certification, and the reach index holds it', async () => {
    const result = await l.ok(CERTIFY, { id: 'acc:adm-dc', by: 'person:carol', note: 'still needed for patching' });
    expect({ answer: result.certifyAccess.access, stored: await storedAccess(l.h, 'acc:adm-dc'), indexed: await indexed('acc:adm-dc') }).toEqual({
      answer: {
        id: 'acc:adm-dc',
        revokedAt: null,
        revokedBy: null,
        revokeReason: null,
        lastCertifiedAt: NOW,
        certifiedBy: { id: 'person:carol' },
        certificationNote: 'still needed for patching',
        lastUsedAt: null,
      },
      stored: { ...ADM_DC, lastCertifiedAt: NOW, certifiedBy: 'person:carol', certificationNote: 'still needed for patching', updatedAt: NOW },
      indexed: { revokedAt: null, lastCertifiedAt: NOW, lastUsedAt: null },
    });
  });

  it('appends one CERTIFIED event with the certifier and the certification it replaces', async () => {
    const result = await l.ok(CERTIFY, { id: 'acc:adm-rmm', by: 'person:carol', note: 'ok', at: '2026-02-20T00:00:00Z' });
    expect(await events(l.h, result.certifyAccess.eventIds)).toEqual([
      event('CERTIFIED', ['acc:adm-rmm', 'identity:adm-ann', 'tool:rmm', 'person:carol'], {
        certifiedBy: 'person:carol',
        note: 'ok',
        certifiedAt: '2026-02-20T00:00:00.000Z',
        previousCertifiedAt: '2026-02-15T00:00:00.000Z',
      }),
    ]);
  });

  it('lets an OWNER certify, as themselves, a record from an entity they own; the event names the OWNER', async () => {
    const carol = ownerOf('person:carol');
    const result = await l.ok(CERTIFY, { id: 'acc:adm-dc', by: 'person:carol', note: 'reviewed' }, { as: carol });
    expect({ stored: await storedAccess(l.h, 'acc:adm-dc'), events: await events(l.h, result.certifyAccess.eventIds) }).toEqual({
      stored: { ...ADM_DC, lastCertifiedAt: NOW, certifiedBy: 'person:carol', certificationNote: 'reviewed', updatedAt: NOW },
      events: [event('CERTIFIED', [...ADM_DC_ENDS, 'person:carol'], { certifiedBy: 'person:carol', note: 'reviewed', certifiedAt: NOW, previousCertifiedAt: null }, carol)],
    });
  });

  it("judges an OWNER's eligibility at the real time: an `at` before their removal or departure does not make them eligible", async () => {
    // carol also owns tool:rmm, so acc:ann-adm (into identity:adm-ann, upstream of the tool) stays in her scope after her removal.
    await l.ok(`mutation { assignOwner(ownerId: "person:carol", entityId: "tool:rmm", role: SERVICE_OWNER) { since } }`, {}, { now: '2026-01-20T00:00:00Z' });
    await l.ok(`mutation { removeOwner(ownerId: "person:carol", entityId: "identity:adm-ann", reason: "moved") { removedAt } }`, {}, { now: '2026-02-10T00:00:00Z' });
    // dora (departed 2026-02-01) owned tool:rmm from before her departure; her credential still works.
    await l.h.load(graph({ ownerships: [own('person:dora', 'tool:rmm')] }), LOADED);
    const backdated = (id: string, by: string) => attempt(l, CERTIFY, { id, by, note: 'backdated', at: '2026-01-25T00:00:00Z' }, { as: ownerOf(by) });
    expect({ removedOwner: await backdated('acc:ann-adm', 'person:carol'), departedOwner: await backdated('acc:rmm-file', 'person:dora') }).toEqual({
      removedOwner: { answer: refused('FORBIDDEN', 'id'), message: expect.stringContaining('owns neither end of "acc:ann-adm" from the certification'), unchanged: true },
      departedOwner: { answer: refused('BAD_USER_INPUT', 'certifiedById'), message: expect.stringContaining('has departed'), unchanged: true },
    });
  });

  it("checks an OWNER's certification with a query that applies $scope", () => {
    expect(appliesScope('lifecycle/certify-check')).toBe(true);
  });

  describe('refusals, which write nothing', () => {
    const carol = ownerOf('person:carol');
    // [what, variables changed, caller, code, argument, message]
    const CASES: [string, Record<string, unknown>, typeof ADMIN, string, string, string][] = [
      ['an unknown record', { id: 'acc:nope' }, ADMIN, 'NOT_FOUND', 'id', 'no access record'],
      ['an unknown certifier', { by: 'person:nope' }, ADMIN, 'NOT_FOUND', 'certifiedById', 'no entity with id'],
      ['a Team as certifier', { by: 'team:ops' }, ADMIN, 'BAD_USER_INPUT', 'certifiedById', 'expected a Person'],
      ['a certifier who has departed', { by: 'person:dora' }, ADMIN, 'BAD_USER_INPUT', 'certifiedById', 'has departed'],
      ['a certifier who holds the access (uses its from Identity)', { by: 'person:ann' }, ADMIN, 'BAD_USER_INPUT', 'certifiedById', 'may not certify access they would hold'],
      ['a revoked record', { id: 'acc:old' }, ADMIN, 'BAD_USER_INPUT', 'id', 'revoked access is not certified'],
      ['a certification in the future', { at: '2026-03-02T00:00:00Z' }, ADMIN, 'BAD_USER_INPUT', 'at', 'may not be in the future'],
      ['a certification before the record was granted', { at: '2025-12-01T00:00:00Z' }, ADMIN, 'BAD_USER_INPUT', 'at', "before the record's grantedAt"],
      ['a certification before the last one', { id: 'acc:adm-rmm', at: '2026-02-01T00:00:00Z' }, ADMIN, 'BAD_USER_INPUT', 'at', "before the record's last certification"],
      ['a blank note', { note: '' }, ADMIN, 'BAD_USER_INPUT', 'note', 'is required'],
      ['an OWNER certifying as someone else', { by: 'person:erin' }, carol, 'BAD_USER_INPUT', 'certifiedById', 'an OWNER certifies as themselves'],
      ['an OWNER certifying a record outside their scope, exactly as a missing one', { id: 'acc:ann-ops' }, carol, 'NOT_FOUND', 'id', 'no access record with id "acc:ann-ops"'],
      ['an OWNER certifying a record in their scope from and to what they do not own', { id: 'acc:rmm-file' }, carol, 'FORBIDDEN', 'id', 'owns neither end'],
    ];
    it.each(CASES)('refuses %s', async (_what, change, as, code, argument, message) => {
      expect(await attempt(l, CERTIFY, { id: 'acc:adm-dc', by: 'person:carol', note: 'n', ...change }, { as })).toEqual({
        answer: refused(code, argument),
        message: expect.stringContaining(message),
        unchanged: true,
      });
    });
  });
});

describe('recordAccessUse', () => {
  beforeEach(reset);

  it('sets lastUsedAt on the record and on its from Identity, for INGEST tooling, and the reach index holds it', async () => {
    const result = await l.ok(USE_AS_INGEST, { id: 'acc:adm-dc', at: '2026-02-20T10:00:00Z' }, { as: INGESTER });
    expect({
      answer: result.recordAccessUse.access,
      read: (await l.ok(`query { access(id: "acc:adm-dc") { lastUsedAt } }`)).access.lastUsedAt,
      stored: await storedAccess(l.h, 'acc:adm-dc'),
      identity: (await storedEntity(l.h, 'identity:adm-ann'))?.lastUsedAt,
      indexed: await indexed('acc:adm-dc'),
      events: await events(l.h, result.recordAccessUse.eventIds),
    }).toEqual({
      answer: { id: 'acc:adm-dc' },
      read: '2026-02-20T10:00:00.000Z',
      stored: { ...ADM_DC, lastUsedAt: '2026-02-20T10:00:00.000Z', updatedAt: NOW },
      identity: '2026-02-20T10:00:00.000Z',
      indexed: { revokedAt: null, lastCertifiedAt: null, lastUsedAt: '2026-02-20T10:00:00.000Z' },
      events: [
        event(
          'USED',
          ADM_DC_ENDS,
          { usedAt: '2026-02-20T10:00:00.000Z', presentAtUse: true, lastUsedAt: '2026-02-20T10:00:00.000Z', identityLastUsedAt: '2026-02-20T10:00:00.000Z' },
          INGESTER,
        ),
      ],
    });
  });

  it('never moves lastUsedAt backwards, yet records the earlier use as an event', async () => {
    await l.ok(USE, { id: 'acc:adm-dc', at: '2026-02-20T10:00:00Z' });
    const late = await l.ok(USE, { id: 'acc:adm-dc', at: '2026-02-10T10:00:00Z' });
    expect({
      record: (await storedAccess(l.h, 'acc:adm-dc'))?.lastUsedAt,
      identity: (await storedEntity(l.h, 'identity:adm-ann'))?.lastUsedAt,
      details: (await events(l.h, late.recordAccessUse.eventIds))[0]?.details,
    }).toEqual({
      record: '2026-02-20T10:00:00.000Z',
      identity: '2026-02-20T10:00:00.000Z',
      details: { usedAt: '2026-02-10T10:00:00.000Z', presentAtUse: true, lastUsedAt: '2026-02-20T10:00:00.000Z', identityLastUsedAt: '2026-02-20T10:00:00.000Z' },
    });
  });

  it('records a use of revoked access as evidence, saying it was not present then', async () => {
    const result = await l.ok(USE, { id: 'acc:old', at: '2026-02-10T10:00:00Z' });
    expect((await events(l.h, result.recordAccessUse.eventIds))[0]?.details).toEqual({
      usedAt: '2026-02-10T10:00:00.000Z',
      presentAtUse: false,
      lastUsedAt: '2026-02-10T10:00:00.000Z',
      identityLastUsedAt: '2026-02-10T10:00:00.000Z',
    });
  });

  it('touches no entity when the record does not start at an Identity', async () => {
    const result = await l.ok(USE, { id: 'acc:ann-ops', at: '2026-02-10T10:00:00Z' });
    expect({
      person: (await storedEntity(l.h, 'person:ann'))?.lastUsedAt ?? null,
      details: (await events(l.h, result.recordAccessUse.eventIds))[0]?.details,
    }).toEqual({ person: null, details: { usedAt: '2026-02-10T10:00:00.000Z', presentAtUse: true, lastUsedAt: '2026-02-10T10:00:00.000Z', identityLastUsedAt: null } });
  });

  describe('refusals, which write nothing', () => {
    const CASES: [string, Record<string, unknown>, string, string, string][] = [
      ['an unknown record', { id: 'acc:nope' }, 'NOT_FOUND', 'accessId', 'no access record with id "acc:nope"'],
      ['a use in the future', { at: '2026-03-01T09:00:01Z' }, 'BAD_USER_INPUT', 'at', 'may not be in the future'],
      ['an `at` that is not an instant', { at: '2026-02-10' }, 'BAD_USER_INPUT', 'at', 'must be an RFC 3339 date-time'],
    ];
    it.each(CASES)('refuses %s', async (_what, change, code, argument, message) => {
      expect(await attempt(l, USE_AS_INGEST, { id: 'acc:adm-dc', at: '2026-02-20T10:00:00Z', ...change }, { as: INGESTER })).toEqual({
        answer: refused(code, argument),
        message: expect.stringContaining(message),
        unchanged: true,
      });
    });
  });
});
