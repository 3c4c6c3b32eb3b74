/**
 * grantAccess (docs/lifecycle.md, "Granting"): named approval, a
 * justification, an end date for privileged access, and no approving access
 * one would hold. Each success is read back whole (the API's answer, the
 * stored relationship, the audit events) and through a reach answer; each
 * refusal names its argument and leaves the store exactly as it was.
 */
import { grant, graph, identity, named, system } from './support/fixtures';
import { attempt, event, eventCount, events, NOW, refused, storedAccess, useLifecycle } from './support/lifecycle';

const l = useLifecycle();

// person:ann -MEMBER_OF-> team:ops -USES-> identity:shared
// person:ann -USES-> identity:adm-ann            (nothing reaches a system yet)
// role:ga (privileged, tenant:acme); tenant:oldco's contract ended 2026-02-01; person:dora left 2026-02-01
const GRAPH = graph({
  people: [named('person:ann'), named('person:rita'), { id: 'person:dora', name: 'dora', departedAt: '2026-02-01T00:00:00Z' }],
  teams: [named('team:ops')],
  identities: [identity('identity:adm-ann'), identity('identity:shared', { identityKind: 'SHARED_ADMIN' })],
  roles: [{ id: 'role:ga', name: 'GA', privileged: true, tenantId: 'tenant:acme' }],
  tenants: [named('tenant:acme'), { id: 'tenant:oldco', name: 'oldco', contractStatus: 'TERMINATED', contractEndedAt: '2026-02-01T00:00:00Z' }],
  systems: [system('system:acme-dc', 'tenant:acme'), system('system:oldco-dc', 'tenant:oldco')],
  access: [
    grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops'),
    grant('acc:ann-adm', 'USES', 'person:ann', 'identity:adm-ann'),
    grant('acc:ops-shared', 'USES', 'team:ops', 'identity:shared'),
  ],
});

const GRANT = `mutation($input: GrantAccessInput!) { grantAccess(input: $input) {
  eventIds
  access { id kind from { id } to { id } privileged justification requestedBy { id } approvedBy { id } approvedAt grantedAt expiresAt standingReason revokedAt gaps }
} }`;

const SYSTEMS = `query($from: ID!, $asOf: DateTime) { blastRadius(from: $from, asOf: $asOf) { systems { edges { node { system { id } } } } } }`;

/** The systems `from` reaches (at NOW unless asOf is given). */
async function systemsOf(from: string, asOf?: string): Promise<string[]> {
  const data = await l.ok(SYSTEMS, { from, asOf });
  return data.blastRadius.systems.edges.map((e: any) => e.node.system.id);
}

/** A valid grant: identity:adm-ann may reach system:acme-dc, approved by person:approver. */
const BASE = { kind: 'CAN_ACCESS', fromId: 'identity:adm-ann', toId: 'system:acme-dc', justification: 'CHG-1042 patching', approvedById: 'person:approver' };
const ENDS = ['acc:adm-dc', 'identity:adm-ann', 'system:acme-dc'];

describe('a grant', () => {
  beforeEach(() => l.h.resetTo(GRAPH));

  it('records an approved access record with every governance fact, and the blast radius gains the system', async () => {
    const before = await systemsOf('person:ann');
    const result = await l.ok(GRANT, { input: { ...BASE, id: 'acc:adm-dc', requestedById: 'person:rita', expiresAt: '2026-06-01T00:00:00Z' } });
    expect({ before, after: await systemsOf('person:ann'), answer: result.grantAccess.access, stored: await storedAccess(l.h, 'acc:adm-dc') }).toEqual({
      before: [],
      after: ['system:acme-dc'],
      answer: {
        id: 'acc:adm-dc',
        kind: 'CAN_ACCESS',
        from: { id: 'identity:adm-ann' },
        to: { id: 'system:acme-dc' },
        privileged: false,
        justification: 'CHG-1042 patching',
        requestedBy: { id: 'person:rita' },
        approvedBy: { id: 'person:approver' },
        approvedAt: NOW,
        grantedAt: NOW,
        expiresAt: '2026-06-01T00:00:00.000Z',
        standingReason: null,
        revokedAt: null,
        gaps: [],
      },
      stored: {
        from: 'identity:adm-ann',
        to: 'system:acme-dc',
        id: 'acc:adm-dc',
        kind: 'CAN_ACCESS',
        privileged: false,
        justification: 'CHG-1042 patching',
        requestedBy: 'person:rita',
        approvedBy: 'person:approver',
        approvedAt: NOW,
        grantedAt: NOW,
        expiresAt: '2026-06-01T00:00:00.000Z',
        source: 'lifecycle',
        createdAt: NOW,
        updatedAt: NOW,
      },
    });
  });

  it('appends REQUESTED, APPROVED and GRANTED in its transaction, as the caller, with the request id', async () => {
    const before = await eventCount(l.h);
    const result = await l.ok(GRANT, { input: { ...BASE, id: 'acc:adm-dc', requestedById: 'person:rita', expiresAt: '2026-06-01T00:00:00Z' } });
    expect({ appended: (await eventCount(l.h)) - before, events: await events(l.h, result.grantAccess.eventIds) }).toEqual({
      appended: 3,
      events: [
        event('REQUESTED', [...ENDS, 'person:rita'], {
          requestedBy: 'person:rita',
          kind: 'CAN_ACCESS',
          fromId: 'identity:adm-ann',
          toId: 'system:acme-dc',
          justification: 'CHG-1042 patching',
        }),
        event('APPROVED', [...ENDS, 'person:approver'], {
          approvedBy: 'person:approver',
          approvedAt: NOW,
          privilegedAccess: false,
          expiresAt: '2026-06-01T00:00:00.000Z',
          standingReason: null,
        }),
        event('GRANTED', ENDS, { kind: 'CAN_ACCESS', fromId: 'identity:adm-ann', toId: 'system:acme-dc', privileged: false, grantedAt: NOW, expiresAt: '2026-06-01T00:00:00.000Z' }),
      ],
    });
  });

  it('makes up an id when none is given, and appends no REQUESTED without a requester', async () => {
    const result = await l.ok(GRANT, { input: BASE });
    const id = result.grantAccess.access.id;
    const kinds = (await events(l.h, result.grantAccess.eventIds)).map((e: any) => e.kind);
    expect({ id, kinds, stored: (await storedAccess(l.h, id))?.id }).toEqual({ id: expect.stringMatching(/^acc-[0-9a-f-]{36}$/), kinds: ['APPROVED', 'GRANTED'], stored: id });
  });

  it('records privileged access without an end date when standingReason says why, judging privilege by the Role it joins', async () => {
    const input = { ...BASE, id: 'acc:adm-ga', kind: 'HAS_ROLE', toId: 'role:ga', standingReason: 'break-fix on-call rota, reviewed quarterly' };
    const result = await l.ok(GRANT, { input });
    const [approved] = await events(l.h, result.grantAccess.eventIds);
    expect({ answer: result.grantAccess.access, stored: await storedAccess(l.h, 'acc:adm-ga'), approved: approved?.details }).toEqual({
      answer: expect.objectContaining({ id: 'acc:adm-ga', kind: 'HAS_ROLE', privileged: false, expiresAt: null, standingReason: 'break-fix on-call rota, reviewed quarterly' }),
      stored: expect.objectContaining({ standingReason: 'break-fix on-call rota, reviewed quarterly', privileged: false }),
      approved: { approvedBy: 'person:approver', approvedAt: NOW, privilegedAccess: true, expiresAt: null, standingReason: 'break-fix on-call rota, reviewed quarterly' },
    });
    expect(await storedAccess(l.h, 'acc:adm-ga')).not.toHaveProperty('expiresAt');
  });

  it('starts a grant with a later grantedAt only then', async () => {
    await l.ok(GRANT, { input: { ...BASE, grantedAt: '2026-04-01T00:00:00Z', expiresAt: '2026-05-01T00:00:00Z' } });
    expect({ now: await systemsOf('person:ann'), then: await systemsOf('person:ann', '2026-04-01T00:00:00Z') }).toEqual({ now: [], then: ['system:acme-dc'] });
  });
});

describe('a grant is refused, naming the argument, and writes nothing', () => {
  beforeAll(() => l.h.resetTo(GRAPH));

  // [what, input changes, code, argument, what the message says]
  const CASES: [string, Record<string, unknown>, string, string, string][] = [
    ['without a justification', { justification: null }, 'BAD_USER_INPUT', 'justification', 'is required'],
    ['with a blank justification', { justification: '   ' }, 'BAD_USER_INPUT', 'justification', 'must not be blank'],
    ['without an approver', { approvedById: null }, 'BAD_USER_INPUT', 'approvedById', 'is required'],
    ['approved by an unknown id', { approvedById: 'person:nobody' }, 'NOT_FOUND', 'approvedById', 'no entity with id "person:nobody"'],
    ['approved by a Team', { approvedById: 'team:ops' }, 'BAD_USER_INPUT', 'approvedById', '"team:ops" is a Team; expected a Person'],
    ['approved by a person who has departed', { approvedById: 'person:dora' }, 'BAD_USER_INPUT', 'approvedById', 'has departed'],
    [
      'approved by its from Person',
      { kind: 'MEMBER_OF', fromId: 'person:rita', toId: 'team:ops', approvedById: 'person:rita' },
      'BAD_USER_INPUT',
      'approvedById',
      'may not approve access they would hold themselves',
    ],
    ['approved by someone who uses its from Identity', { approvedById: 'person:ann' }, 'BAD_USER_INPUT', 'approvedById', 'may not approve access they would hold themselves'],
    [
      'approved by someone who uses its from Identity through a team',
      { fromId: 'identity:shared', approvedById: 'person:ann' },
      'BAD_USER_INPUT',
      'approvedById',
      'may not approve access they would hold themselves',
    ],
    [
      'approved by a member of its from Team',
      { kind: 'USES', fromId: 'team:ops', toId: 'identity:adm-ann', approvedById: 'person:ann' },
      'BAD_USER_INPUT',
      'approvedById',
      'may not approve access they would hold themselves',
    ],
    ['approved by its requester', { requestedById: 'person:approver' }, 'BAD_USER_INPUT', 'approvedById', 'may not be the requester'],
    ['privileged without an end date or standing reason', { privileged: true }, 'BAD_USER_INPUT', 'expiresAt', 'is required for privileged access'],
    ['into a privileged Role without an end date', { kind: 'HAS_ROLE', toId: 'role:ga' }, 'BAD_USER_INPUT', 'expiresAt', 'is required for privileged access'],
    ['from a privileged Role without an end date', { kind: 'GRANTS', fromId: 'role:ga' }, 'BAD_USER_INPUT', 'expiresAt', 'is required for privileged access'],
    ['with both an end date and a standing reason', { privileged: true, expiresAt: '2026-06-01T00:00:00Z', standingReason: 'why' }, 'BAD_USER_INPUT', 'standingReason', 'not both'],
    ['ending when it starts', { expiresAt: NOW }, 'BAD_USER_INPUT', 'expiresAt', 'must be after grantedAt'],
    ['starting before now', { grantedAt: '2026-02-01T00:00:00Z' }, 'BAD_USER_INPUT', 'grantedAt', 'may not be before now'],
    ['with a day that does not exist', { grantedAt: '2026-02-30T00:00:00Z' }, 'BAD_USER_INPUT', 'grantedAt', 'must be an RFC 3339 date-time'],
    ['with an id an entity has', { id: 'team:ops' }, 'BAD_USER_INPUT', 'id', 'is already used by a TEAM'],
    ['with an id an access record has', { id: 'acc:ann-ops' }, 'BAD_USER_INPUT', 'id', 'is already used by an access record'],
    ['from an unknown id', { fromId: 'identity:nope' }, 'NOT_FOUND', 'fromId', 'no entity with id "identity:nope"'],
    ['to an unknown id', { toId: 'system:nope' }, 'NOT_FOUND', 'toId', 'no entity with id "system:nope"'],
    ['of a kind its from may not hold', { kind: 'GRANTS' }, 'BAD_USER_INPUT', 'fromId', '"identity:adm-ann" is an Identity; expected a Role'],
    ['of a kind its to may not receive', { kind: 'USES', fromId: 'person:rita' }, 'BAD_USER_INPUT', 'toId', 'expected an Identity'],
    ['from an entity to itself', { toId: 'identity:adm-ann' }, 'BAD_USER_INPUT', 'toId', 'from an entity to itself'],
    ['requested by an unknown id', { requestedById: 'person:nope' }, 'NOT_FOUND', 'requestedById', 'no entity with id "person:nope"'],
    ['for a person who has departed', { kind: 'MEMBER_OF', fromId: 'person:dora', toId: 'team:ops' }, 'BAD_USER_INPUT', 'fromId', 'has departed'],
    ['into a system of a terminated contract', { toId: 'system:oldco-dc' }, 'BAD_USER_INPUT', 'toId', 'whose contract is terminated'],
    ['into a tenant whose contract is terminated', { toId: 'tenant:oldco' }, 'BAD_USER_INPUT', 'toId', 'whose contract is terminated'],
  ];

  it.each(CASES)('refuses access %s', async (_what, change, code, argument, message) => {
    expect(await attempt(l, GRANT, { input: { ...BASE, ...change } })).toEqual({
      answer: refused(code, argument),
      message: expect.stringContaining(message),
      unchanged: true,
    });
  });

  it('refuses a grant for a caller of a role that may not grant, before anything runs', async () => {
    const { answer, unchanged } = await attempt(l, GRANT, { input: BASE }, { as: { id: 'analyst:x', role: 'ANALYST', credential: 'jwt' } });
    expect({ answer, unchanged }).toEqual({ answer: { data: null, errors: [{ code: 'FORBIDDEN', argument: undefined }] }, unchanged: true });
  });
});

