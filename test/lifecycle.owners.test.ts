/**
 * assignOwner and removeOwner (docs/lifecycle.md, "Owners"): an owner link is
 * created, or ended by setting removedAt and kept; the entity's owners and
 * gaps (read from the reach index) follow at once; each change is one audit
 * event; refusals name their argument and write nothing.
 */
import { grant, graph, identity, named, own, system, T0, tool } from './support/fixtures';
import { attempt, event, eventCount, events, NOW, ownerOf, refused, storedLinks, useLifecycle } from './support/lifecycle';

const l = useLifecycle();
const LOADED = '2026-01-15T00:00:00.000Z';

// person:carol owns identity:svc (since T0); tool:vault has no owner; person:dora left on 2026-02-01
const GRAPH = graph({
  people: [named('person:carol'), named('person:erin'), { id: 'person:dora', name: 'dora', departedAt: '2026-02-01T00:00:00Z' }],
  teams: [named('team:cab')],
  identities: [identity('identity:svc', { identityKind: 'SERVICE_ACCOUNT' })],
  tools: [tool('tool:vault', 'VAULT')],
  tenants: [named('tenant:acme')],
  systems: [system('system:acme-dc', 'tenant:acme')],
  ownerships: [own('person:carol', 'identity:svc')],
});

const RESULT = 'eventIds owner { id } entity { id } role since removedAt removedBy removeReason';
const ASSIGN = `mutation($owner: ID!, $entity: ID!, $role: OwnerRole!, $since: DateTime) { assignOwner(ownerId: $owner, entityId: $entity, role: $role, since: $since) { ${RESULT} } }`;
const REMOVE = `mutation($owner: ID!, $entity: ID!, $reason: String!) { removeOwner(ownerId: $owner, entityId: $entity, reason: $reason) { ${RESULT} } }`;
const ACCOUNTABILITY = `query($id: ID!) { entity(id: $id) {
  ... on Identity { owners { owner { id } role since } gaps }
  ... on Tool { owners { owner { id } role since } gaps }
} }`;

const accountability = async (id: string) => (await l.ok(ACCOUNTABILITY, { id })).entity;
const answerOf = (r: Record<string, unknown>) => {
  const { eventIds, ...rest } = r;
  return { ...rest, events: (eventIds as string[]).length };
};

describe('assignOwner', () => {
  beforeEach(() => l.h.resetTo(GRAPH, LOADED));

  it('creates an owner link, and the entity is accountably owned at once', async () => {
    const before = await accountability('tool:vault');
    const result = await l.ok(ASSIGN, { owner: 'person:carol', entity: 'tool:vault', role: 'PLATFORM_OWNER' });
    expect({ before, answer: answerOf(result.assignOwner), stored: await storedLinks(l.h, 'person:carol', 'tool:vault'), after: await accountability('tool:vault') }).toEqual({
      before: { owners: [], gaps: ['NO_OWNER'] },
      answer: { owner: { id: 'person:carol' }, entity: { id: 'tool:vault' }, role: 'PLATFORM_OWNER', since: NOW, removedAt: null, removedBy: null, removeReason: null, events: 1 },
      stored: [{ role: 'PLATFORM_OWNER', since: NOW, assignedBy: 'admin:alice', source: 'lifecycle', createdAt: NOW, updatedAt: NOW }],
      after: { owners: [{ owner: { id: 'person:carol' }, role: 'PLATFORM_OWNER', since: NOW }], gaps: [] },
    });
  });

  it('appends one OWNER_ASSIGNED event naming the entity and the owner', async () => {
    const before = await eventCount(l.h);
    const result = await l.ok(ASSIGN, { owner: 'person:carol', entity: 'tool:vault', role: 'PLATFORM_OWNER', since: '2026-02-01T00:00:00Z' });
    expect({ appended: (await eventCount(l.h)) - before, events: await events(l.h, result.assignOwner.eventIds) }).toEqual({
      appended: 1,
      events: [event('OWNER_ASSIGNED', ['tool:vault', 'person:carol'], { ownerId: 'person:carol', role: 'PLATFORM_OWNER', since: '2026-02-01T00:00:00.000Z' })],
    });
  });

  it('makes a Team an owner, which leaves the entity with the OWNER_IS_TEAM gap', async () => {
    await l.ok(ASSIGN, { owner: 'team:cab', entity: 'tool:vault', role: 'SERVICE_OWNER' });
    expect(await accountability('tool:vault')).toEqual({ owners: [{ owner: { id: 'team:cab' }, role: 'SERVICE_OWNER', since: NOW }], gaps: ['OWNER_IS_TEAM'] });
  });

  describe('refusals, which write nothing', () => {
    const CASES: [string, Record<string, unknown>, string, string, string][] = [
      ['an owner who already owns the entity', { owner: 'person:carol', entity: 'identity:svc' }, 'BAD_USER_INPUT', 'ownerId', 'already owns "identity:svc" (SERVICE_OWNER since'],
      ['an unknown owner', { owner: 'person:nope' }, 'NOT_FOUND', 'ownerId', 'no entity with id "person:nope"'],
      ['an unknown entity', { entity: 'tool:nope' }, 'NOT_FOUND', 'entityId', 'no entity with id "tool:nope"'],
      ['an Identity as owner', { owner: 'identity:svc' }, 'BAD_USER_INPUT', 'ownerId', 'expected a Person or a Team'],
      ['a System as the owned entity', { entity: 'system:acme-dc' }, 'BAD_USER_INPUT', 'entityId', 'expected an Identity or a Tool or a Role'],
      ['an owner who has departed', { owner: 'person:dora' }, 'BAD_USER_INPUT', 'ownerId', 'has departed'],
      ['a `since` that is not an instant', { since: '01/02/2026' }, 'BAD_USER_INPUT', 'since', 'must be an RFC 3339 date-time'],
    ];
    it.each(CASES)('refuses %s', async (_what, change, code, argument, message) => {
      expect(await attempt(l, ASSIGN, { owner: 'person:erin', entity: 'tool:vault', role: 'SERVICE_OWNER', ...change })).toEqual({
        answer: refused(code, argument),
        message: expect.stringContaining(message),
        unchanged: true,
      });
    });
  });
});

describe('removeOwner', () => {
  beforeEach(() => l.h.resetTo(GRAPH, LOADED));

  it('ends the link by setting removedAt and keeps it, and the entity loses its owner at once', async () => {
    const before = await accountability('identity:svc');
    const result = await l.ok(REMOVE, { owner: 'person:carol', entity: 'identity:svc', reason: 'moved to another team' });
    expect({ before, answer: answerOf(result.removeOwner), stored: await storedLinks(l.h, 'person:carol', 'identity:svc'), after: await accountability('identity:svc') }).toEqual({
      before: { owners: [{ owner: { id: 'person:carol' }, role: 'SERVICE_OWNER', since: new Date(T0).toISOString() }], gaps: [] },
      answer: {
        owner: { id: 'person:carol' },
        entity: { id: 'identity:svc' },
        role: 'SERVICE_OWNER',
        since: new Date(T0).toISOString(),
        removedAt: NOW,
        removedBy: 'admin:alice',
        removeReason: 'moved to another team',
        events: 1,
      },
      stored: [
        {
          // as ingest stored it (it keeps the references it was given), then ended
          ownerId: 'person:carol',
          entityId: 'identity:svc',
          role: 'SERVICE_OWNER',
          since: new Date(T0).toISOString(),
          createdAt: LOADED,
          updatedAt: NOW,
          removedAt: NOW,
          removedBy: 'admin:alice',
          removeReason: 'moved to another team',
        },
      ],
      after: { owners: [], gaps: ['NO_OWNER'] },
    });
  });

  it("takes the entity and whatever is recorded from it later out of the removed owner's scope, as ownerReach does", async () => {
    const carol = ownerOf('person:carol');
    const SEEN = `query($access: ID!) { ownerReach(personId: "person:carol") { entity { id } }
      svc: entity(id: "identity:svc") { id } dc: entity(id: "system:beta-dc") { id } access(id: $access) { id } }`;
    await l.ok(REMOVE, { owner: 'person:carol', entity: 'identity:svc', reason: 'moved' }, { now: '2026-02-01T00:00:00.000Z' });
    // Recorded after the removal: the identity reaches a new client.
    await l.h.load(graph({ tenants: [named('tenant:beta')], systems: [system('system:beta-dc', 'tenant:beta')], access: [grant('acc:svc-beta', 'CAN_ACCESS', 'identity:svc', 'system:beta-dc')] }), '2026-02-02T00:00:00Z');
    const admin = await l.ok(SEEN, { access: 'acc:svc-beta' });
    const asCarol = await l.ok(SEEN, { access: 'acc:svc-beta' }, { as: carol });
    expect({ admin, asCarol }).toEqual({
      admin: { ownerReach: [], svc: { id: 'identity:svc' }, dc: { id: 'system:beta-dc' }, access: { id: 'acc:svc-beta' } },
      asCarol: { ownerReach: [], svc: null, dc: null, access: null },
    });
  });

  it('appends one OWNER_REMOVED event with the reason and the link it ended', async () => {
    const result = await l.ok(REMOVE, { owner: 'person:carol', entity: 'identity:svc', reason: 'moved' });
    expect(await events(l.h, result.removeOwner.eventIds)).toEqual([
      event('OWNER_REMOVED', ['identity:svc', 'person:carol'], { ownerId: 'person:carol', reason: 'moved', role: 'SERVICE_OWNER', since: new Date(T0).toISOString(), removedAt: NOW }),
    ]);
  });

  it('assigns the same owner again as a new link, keeping the removed one for the audit', async () => {
    await l.ok(REMOVE, { owner: 'person:carol', entity: 'identity:svc', reason: 'moved' }, { now: '2026-02-01T00:00:00.000Z' });
    await l.ok(ASSIGN, { owner: 'person:carol', entity: 'identity:svc', role: 'PLATFORM_OWNER' });
    expect({ stored: await storedLinks(l.h, 'person:carol', 'identity:svc'), after: await accountability('identity:svc') }).toEqual({
      stored: [
        expect.objectContaining({ role: 'SERVICE_OWNER', removedAt: '2026-02-01T00:00:00.000Z', removeReason: 'moved' }),
        { role: 'PLATFORM_OWNER', since: NOW, assignedBy: 'admin:alice', source: 'lifecycle', createdAt: NOW, updatedAt: NOW },
      ],
      after: { owners: [{ owner: { id: 'person:carol' }, role: 'PLATFORM_OWNER', since: NOW }], gaps: [] },
    });
  });

  describe('refusals, which write nothing', () => {
    const CASES: [string, Record<string, unknown>, string, string, string][] = [
      ['someone who is not an owner', { owner: 'person:erin' }, 'BAD_USER_INPUT', 'ownerId', 'there is no owner link between them'],
      ['an unknown entity', { entity: 'identity:nope' }, 'NOT_FOUND', 'entityId', 'no entity with id "identity:nope"'],
      ['a blank reason', { reason: '' }, 'BAD_USER_INPUT', 'reason', 'is required'],
    ];
    it.each(CASES)('refuses %s', async (_what, change, code, argument, message) => {
      expect(await attempt(l, REMOVE, { owner: 'person:carol', entity: 'identity:svc', reason: 'r', ...change })).toEqual({
        answer: refused(code, argument),
        message: expect.stringContaining(message),
        unchanged: true,
      });
    });

    it('refuses a link already removed, saying when', async () => {
      await l.ok(REMOVE, { owner: 'person:carol', entity: 'identity:svc', reason: 'moved' }, { now: '2026-02-01T00:00:00.000Z' });
      expect(await attempt(l, REMOVE, { owner: 'person:carol', entity: 'identity:svc', reason: 'again' })).toEqual({
        answer: refused('BAD_USER_INPUT', 'ownerId'),
        message: expect.stringContaining('its owner link was removed at 2026-02-01T00:00:00.000Z'),
        unchanged: true,
      });
    });
  });
});
