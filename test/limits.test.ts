/**
 * Limits on ids and text (src/limits.ts, docs/ingest.md "Limits"): over them,
 * ingest and the lifecycle mutations answer BAD_USER_INPUT naming the record
 * and field (a 40 KB id was once an INTERNAL_SERVER_ERROR from Neo4j's index
 * key limit), and no error quotes a caller's value whole (a 1 MB id was once
 * echoed into a 2 MB error).
 */
import { approver, grant, graph, identity, named } from './support/fixtures';
import { INGEST, problem, useHarness, type Result } from './support/harness';

const h = useHarness();

const ID_40K = `person:${'x'.repeat(40_000 - 7)}`;
const ID_1M = `person:${'x'.repeat(1_000_000 - 7)}`;
/** How an error quotes an id over the limit: its first 64 characters and its length. */
const cut = (id: string) => `${id.slice(0, 64)}... (${id.length} characters)`;
/** The most a refusal of one over-long value may weigh, serialized. */
const SMALL = 2_000;

const size = (result: Result) => JSON.stringify(result).length;
const codes = (result: Result) => result.errors?.map((e) => e.extensions?.code);

// person:ann -USES(acc:ann-adm)-> identity:adm-ann; person:approver approves.
const BASE = graph({
  people: [named('person:ann')],
  identities: [identity('identity:adm-ann')],
  access: [grant('acc:ann-adm', 'USES', 'person:ann', 'identity:adm-ann')],
});

beforeEach(() => h.resetTo(BASE));

describe('ingest', () => {
  it.each([
    ['40 KB', ID_40K],
    ['1 MB', ID_1M],
  ])('refuses a person id of %s with BAD_USER_INPUT naming the record and field, in a small answer, and writes nothing', async (_label, id) => {
    const before = await h.count('MATCH (n) RETURN count(n)');

    const result = await h.run(INGEST, { input: { people: [{ id, name: 'Long' }] } });

    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.problems).toEqual([problem('people', 0, cut(id), 'id', `must be at most 256 characters, got ${id.length}`)]);
    expect(size(result)).toBeLessThan(SMALL);
    expect(await h.count('MATCH (n) RETURN count(n)')).toBe(before);
  });

  it('refuses a 1 MB access id, 1 MB references and a 1 MB justification in one small answer', async () => {
    const result = await h.run(INGEST, {
      input: { access: [grant(ID_1M, 'USES', ID_1M, ID_1M, { approvedById: ID_1M, justification: 'j'.repeat(1_000_000) })] },
    });

    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    // Every field's problem, each quoting the id cut short (the record's id being bad does not stop its other fields being checked).
    expect(result.errors![0].extensions!.problems).toEqual([
      problem('access', 0, cut(ID_1M), 'approvedById', 'must be at most 256 characters'),
      problem('access', 0, cut(ID_1M), 'fromId', 'must be at most 256 characters'),
      problem('access', 0, cut(ID_1M), 'id', 'must be at most 256 characters'),
      problem('access', 0, cut(ID_1M), 'justification', 'must be at most 2000 characters'),
      problem('access', 0, cut(ID_1M), 'toId', 'an access record cannot lead from an entity to itself'),
      problem('access', 0, cut(ID_1M), 'toId', 'must be at most 256 characters'),
    ]);
    expect(size(result)).toBeLessThan(SMALL);
  });

  it('refuses a 1 MB value where an enum belongs in a small answer that quotes it cut short', async () => {
    const status = 'G'.repeat(1_000_000);

    const result = await h.run(INGEST, { input: { people: [{ id: 'person:ann', name: 'Ann', status }] } });

    expect(result.errors![0].extensions!.problems).toEqual([problem('people', 0, 'person:ann', 'status', `must be one of ACTIVE, DEPARTED, got "${cut(status)}"`)]);
    expect(size(result)).toBeLessThan(SMALL);
  });

  it('accepts an id of exactly 256 characters, a name of 512 and a justification of 2,000 with line breaks, and stores them whole', async () => {
    const id = `person:${'x'.repeat(249)}`;
    const name = 'N'.repeat(512);
    const justification = `CHG-1\n${'j'.repeat(1_994)}`;

    const result = await h.run(INGEST, {
      input: { people: [{ id, name }, approver], access: [grant('acc:long', 'USES', id, 'identity:adm-ann', { justification })] },
    });

    expect(result.errors).toBeUndefined();
    const stored = await h.data(`query($id: ID!) { entity(id: $id) { id name } access(id: "acc:long") { justification } }`, { id });
    expect(stored).toEqual({ entity: { id, name }, access: { justification } });
  });
});

describe('lifecycle mutations', () => {
  const GRANT = `mutation($input: GrantAccessInput!) { grantAccess(input: $input) { access { id } } }`;
  const valid = { kind: 'USES', fromId: 'person:ann', toId: 'identity:adm-ann', justification: 'CHG-2', approvedById: 'person:approver' };

  it.each([
    ['fromId', { fromId: ID_40K }, 'must be at most 256 characters, got 40000'],
    ['id', { id: ID_1M }, 'must be at most 256 characters, got 1000000'],
    ['approvedById', { approvedById: 'person:approver\u202E' }, 'must not contain control, format or separator characters (U+202E'],
    ['justification', { justification: 'j'.repeat(1_000_000) }, 'must be at most 2000 characters, got 1000000'],
  ])('grantAccess refuses %s over the limits with BAD_USER_INPUT naming it, in a small answer, and writes nothing', async (field, bad, reason) => {
    const before = await h.count('MATCH ()-[r:ACCESS]->() RETURN count(r)');

    const result = await h.run(GRANT, { input: { ...valid, ...bad } });

    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions!.problems).toEqual([problem('arguments', -1, null, field, reason)]);
    expect(size(result)).toBeLessThan(SMALL);
    expect(await h.count('MATCH ()-[r:ACCESS]->() RETURN count(r)')).toBe(before);
  });

  it('revokeAccess and recordAccessUse refuse a 1 MB id with BAD_USER_INPUT naming it, in small answers', async () => {
    const revoke = await h.run(`mutation($id: ID!) { revokeAccess(id: $id, reason: "gone") { access { id } } }`, { id: ID_1M });
    const use = await h.run(`mutation($id: ID!) { recordAccessUse(accessId: $id, at: "2026-01-02T00:00:00Z") { access { id } } }`, { id: ID_1M });

    expect([revoke, use].map((r) => r.errors![0].extensions!.problems)).toEqual([
      [problem('arguments', -1, null, 'id', 'must be at most 256 characters')],
      [problem('arguments', -1, null, 'accessId', 'must be at most 256 characters')],
    ]);
    expect([size(revoke), size(use)].every((s) => s < SMALL)).toBe(true);
  });
});

describe('queries and malformed requests', () => {
  it('answers a 1 MB id that names nothing with NOT_FOUND quoting it cut short', async () => {
    const result = await h.run(`query($id: ID!) { blastRadius(from: $id) { systemCount } }`, { id: ID_1M });

    expect(result.errors!.map((e) => ({ code: e.extensions?.code, message: e.message, id: e.extensions?.id }))).toEqual([
      { code: 'NOT_FOUND', message: `from: no entity with id "${cut(ID_1M)}"`, id: cut(ID_1M) },
    ]);
  });

  it('cuts short the message graphql-js writes for a bad 1 MB variable', async () => {
    const result = await h.run(`query($kind: EntityKind) { entities(kind: $kind) { totalCount } }`, { kind: 'K'.repeat(1_000_000) });

    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(size(result)).toBeLessThan(2 * SMALL + 500);
  });
});
