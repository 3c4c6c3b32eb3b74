/**
 * recordBreakGlassUse and reviewBreakGlassUse (docs/lifecycle.md,
 * "Break-glass"): every use of a BREAK_GLASS identity is a :BreakGlassUse
 * node with exactly the properties the BREAK_GLASS_UNREVIEWED finding reads,
 * reviewed once, by someone other than who used it; each is an audit event.
 */
import { graph, identity, named, own } from './support/fixtures';
import { attempt, event, eventCount, events, INGESTER, NOW, plain, refused, storedEntity, useLifecycle } from './support/lifecycle';

const l = useLifecycle();
const LOADED = '2026-01-15T00:00:00.000Z';

// identity:bg (BREAK_GLASS, last used 2026-02-25) owned by person:carol; identity:adm is an ordinary account.
const GRAPH = graph({
  people: [named('person:ann'), named('person:carol'), { id: 'person:dora', name: 'dora', departedAt: '2026-02-01T00:00:00Z' }],
  teams: [named('team:ops')],
  identities: [identity('identity:bg', { identityKind: 'BREAK_GLASS', lastUsedAt: '2026-02-25T00:00:00Z' }), identity('identity:adm')],
  ownerships: [own('person:carol', 'identity:bg')],
});

const USE_FIELDS = 'id identity { id } person { id } at reason reviewedAt reviewedBy { id } reviewNotes';
const RECORD = `mutation($identity: ID!, $person: ID!, $at: DateTime!, $reason: String!) {
  recordBreakGlassUse(identityId: $identity, personId: $person, at: $at, reason: $reason) { eventIds use { ${USE_FIELDS} } }
}`;
// What INGEST may read back (server/ingest-reads.ts): ids.
const RECORD_AS_INGEST = `mutation($identity: ID!, $person: ID!, $at: DateTime!, $reason: String!) {
  recordBreakGlassUse(identityId: $identity, personId: $person, at: $at, reason: $reason) { eventIds use { id } }
}`;
const REVIEW = `mutation($use: ID!, $reviewer: ID!, $notes: String!) { reviewBreakGlassUse(useId: $use, reviewerId: $reviewer, notes: $notes) { eventIds use { ${USE_FIELDS} } } }`;

/** A break-glass use node as stored: its labels and every property. */
async function storedUse(id: string): Promise<Record<string, unknown> | null> {
  const result = await l.h.driver.executeQuery('MATCH (u:BreakGlassUse {id: $id}) RETURN labels(u) AS labels, properties(u) AS props', { id }, {
    database: process.env.NEO4J_DATABASE || undefined,
  });
  const [row] = result.records;
  return row ? { labels: row.get('labels'), ...plain(row.get('props')) } : null;
}

const USED_AT = '2026-02-28T23:00:00.000Z';
const recordUse = async (at = USED_AT) =>
  (await l.ok(RECORD, { identity: 'identity:bg', person: 'person:ann', at, reason: 'tenant admin locked out, INC-501' })).recordBreakGlassUse;

describe('recordBreakGlassUse', () => {
  beforeEach(() => l.h.resetTo(GRAPH, LOADED));

  it("records the use as a node with exactly the finding's properties, unreviewed, and moves the identity's lastUsedAt", async () => {
    const result = await l.ok(RECORD, { identity: 'identity:bg', person: 'person:ann', at: USED_AT, reason: 'tenant admin locked out, INC-501' });
    const { id } = result.recordBreakGlassUse.use;
    expect({ answer: result.recordBreakGlassUse.use, stored: await storedUse(id), lastUsedAt: (await storedEntity(l.h, 'identity:bg'))?.lastUsedAt }).toEqual({
      answer: {
        id: expect.stringMatching(/^bgu-[0-9a-f-]{36}$/),
        identity: { id: 'identity:bg' },
        person: { id: 'person:ann' },
        at: USED_AT,
        reason: 'tenant admin locked out, INC-501',
        reviewedAt: null,
        reviewedBy: null,
        reviewNotes: null,
      },
      stored: { labels: ['BreakGlassUse'], id, identityId: 'identity:bg', personId: 'person:ann', at: USED_AT, reason: 'tenant admin locked out, INC-501' },
      lastUsedAt: USED_AT,
    });
  });

  it('appends one BREAK_GLASS_USED event naming the use, the identity and the person', async () => {
    const before = await eventCount(l.h);
    const result = await l.ok(RECORD_AS_INGEST, { identity: 'identity:bg', person: 'person:ann', at: USED_AT, reason: 'INC-501' }, { as: INGESTER });
    const { id } = result.recordBreakGlassUse.use;
    expect({ appended: (await eventCount(l.h)) - before, events: await events(l.h, result.recordBreakGlassUse.eventIds) }).toEqual({
      appended: 1,
      events: [event('BREAK_GLASS_USED', [id, 'identity:bg', 'person:ann'], { personId: 'person:ann', usedAt: USED_AT, reason: 'INC-501' }, INGESTER)],
    });
  });

  it("keeps the identity's later lastUsedAt when an earlier use is reported", async () => {
    const { use } = await recordUse('2026-02-20T00:00:00Z');
    expect({ stored: (await storedUse(use.id))?.at, lastUsedAt: (await storedEntity(l.h, 'identity:bg'))?.lastUsedAt }).toEqual({
      stored: '2026-02-20T00:00:00.000Z',
      lastUsedAt: '2026-02-25T00:00:00.000Z',
    });
  });

  describe('refusals, which write nothing', () => {
    const CASES: [string, Record<string, unknown>, string, string, string][] = [
      ['an identity that is not a break-glass account', { identity: 'identity:adm' }, 'BAD_USER_INPUT', 'identityId', 'is a HUMAN_ACCOUNT identity, not BREAK_GLASS'],
      ['an unknown identity', { identity: 'identity:nope' }, 'NOT_FOUND', 'identityId', 'no entity with id "identity:nope"'],
      ['an unknown person', { person: 'person:nope' }, 'NOT_FOUND', 'personId', 'no entity with id "person:nope"'],
      ['a Team as the person', { person: 'team:ops' }, 'BAD_USER_INPUT', 'personId', 'expected a Person'],
      ['a use in the future', { at: '2026-03-02T00:00:00Z' }, 'BAD_USER_INPUT', 'at', 'may not be in the future'],
      ['a blank reason', { reason: '  ' }, 'BAD_USER_INPUT', 'reason', 'must not be blank'],
    ];
    it.each(CASES)('refuses %s', async (_what, change, code, argument, message) => {
      expect(await attempt(l, RECORD_AS_INGEST, { identity: 'identity:bg', person: 'person:ann', at: USED_AT, reason: 'r', ...change }, { as: INGESTER })).toEqual({
        answer: refused(code, argument),
        message: expect.stringContaining(message),
        unchanged: true,
      });
    });
  });
});

describe('reviewBreakGlassUse', () => {
  beforeEach(() => l.h.resetTo(GRAPH, LOADED));

  it('records the one review on the use, and appends BREAK_GLASS_REVIEWED', async () => {
    const { use } = await recordUse();
    const result = await l.ok(REVIEW, { use: use.id, reviewer: 'person:carol', notes: 'justified; password rotated' });
    expect({ answer: result.reviewBreakGlassUse.use, stored: await storedUse(use.id), events: await events(l.h, result.reviewBreakGlassUse.eventIds) }).toEqual({
      answer: { ...use, reviewedAt: NOW, reviewedBy: { id: 'person:carol' }, reviewNotes: 'justified; password rotated' },
      stored: {
        labels: ['BreakGlassUse'],
        id: use.id,
        identityId: 'identity:bg',
        personId: 'person:ann',
        at: USED_AT,
        reason: 'tenant admin locked out, INC-501',
        reviewedAt: NOW,
        reviewedBy: 'person:carol',
        reviewNotes: 'justified; password rotated',
      },
      events: [
        event('BREAK_GLASS_REVIEWED', [use.id, 'identity:bg', 'person:carol'], {
          reviewedBy: 'person:carol',
          notes: 'justified; password rotated',
          usedBy: 'person:ann',
          usedAt: USED_AT,
        }),
      ],
    });
  });
});

// Apart from the describe above: its beforeEach would wipe the uses these refusals are about.
describe('reviewBreakGlassUse refusals, which write nothing', () => {
  let useId = '';
  let reviewedId = '';
  beforeAll(async () => {
    await l.h.resetTo(GRAPH, LOADED);
    useId = (await recordUse()).use.id;
    reviewedId = (await recordUse()).use.id;
    await l.ok(REVIEW, { use: reviewedId, reviewer: 'person:carol', notes: 'ok' });
  });
  const CASES: [string, (ids: { use: string; reviewed: string }) => Record<string, unknown>, string, string, string][] = [
    ['a review by the person who used it', () => ({ reviewer: 'person:ann' }), 'BAD_USER_INPUT', 'reviewerId', 'may not review their own use'],
    ['a second review', ({ reviewed }) => ({ use: reviewed }), 'BAD_USER_INPUT', 'useId', 'was already reviewed (at 2026-03-01T09:00:00.000Z by person:carol)'],
    ['an unknown use', () => ({ use: 'bgu-nope' }), 'NOT_FOUND', 'useId', 'no break-glass use with id "bgu-nope"'],
    ['an unknown reviewer', () => ({ reviewer: 'person:nope' }), 'NOT_FOUND', 'reviewerId', 'no entity with id "person:nope"'],
    ['a reviewer who has departed', () => ({ reviewer: 'person:dora' }), 'BAD_USER_INPUT', 'reviewerId', 'has departed'],
    ['blank notes', () => ({ notes: '' }), 'BAD_USER_INPUT', 'notes', 'is required'],
  ];
  it.each(CASES)('refuses %s', async (_what, change, code, argument, message) => {
    const variables = { use: useId, reviewer: 'person:carol', notes: 'n', ...change({ use: useId, reviewed: reviewedId }) };
    expect(await attempt(l, REVIEW, variables)).toEqual({ answer: refused(code, argument), message: expect.stringContaining(message), unchanged: true });
  });
});

it('keeps break-glass use ids unique with a constraint of the schema', async () => {
  const result = await l.h.driver.executeQuery("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties WHERE name = 'break_glass_use_id' RETURN *");
  expect(result.records.map((r) => r.toObject())).toEqual([{ name: 'break_glass_use_id', type: 'UNIQUENESS', labelsOrTypes: ['BreakGlassUse'], properties: ['id'] }]);
});
