/**
 * The audit trail (docs/audit.md; domain.md "The access lifecycle and its
 * audit trail"): auditTrail lists the append-only events newest first with
 * its filters combined, pages by keyset, refuses bad arguments naming them,
 * and is read by whole-graph roles only. No query and no mutation can change
 * or delete an event: checked on the text of every query in cypher/ and by
 * calling every mutation of the served schema against existing events.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveViewer } from '../src/auth/scope';
import type { Principal } from '../src/core/viewer';
import { CYPHER_DIR } from '../src/db/cypher';
import { toNeo } from '../src/time';
import { grant, graph, named } from './support/fixtures';
import { failures, INGEST, iso, useHarness } from './support/harness';
import { badPageRequests, walkPages } from './support/pages';

const h = useHarness();

/** The instants the events below are recorded at, in order. */
const NOW1 = '2026-02-01T10:00:00Z';
const NOW2 = '2026-02-02T10:00:00Z';
const NOW3 = '2026-02-03T10:00:00Z';
const NOW4 = '2026-02-04T10:00:00Z';
const NOW5 = '2026-02-05T10:00:00Z';

const BOT: Principal = { id: 'ingest-bot', role: 'INGEST', credential: 'api-key' };
const ANALYST: Principal = { id: 'analyst-1', role: 'ANALYST', credential: 'jwt' };
const OWNER: Principal = { id: 'owner-1', role: 'OWNER', personId: 'person:ann', credential: 'jwt' };
const AUDITOR: Principal = { id: 'auditor-1', role: 'TENANT_AUDITOR', tenantId: 'tenant:acme', credential: 'jwt' };

const TRAIL = `query($entityId: ID, $accessId: ID, $actorId: String, $from: DateTime, $to: DateTime, $kinds: [String!], $first: Int, $after: String) {
  auditTrail(entityId: $entityId, accessId: $accessId, actorId: $actorId, from: $from, to: $to, kinds: $kinds, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind at actorId actorRole requestId subjectIds details entities { id } accessRecords { id revokedAt } } }
  }
}`;

interface Event {
  kind: string;
  at: string;
  actorId: string;
  actorRole: string;
  requestId: string | null;
  subjectIds: string[];
  details: Record<string, unknown>;
  entities: string[];
  accessRecords: { id: string; revokedAt: string | null }[];
}

/** An event as compared here: without its random id, details parsed. */
const compact = (n: any): Event => ({
  kind: n.kind,
  at: n.at,
  actorId: n.actorId,
  actorRole: n.actorRole,
  requestId: n.requestId,
  subjectIds: n.subjectIds,
  details: JSON.parse(n.details),
  entities: n.entities.map((e: { id: string }) => e.id),
  accessRecords: n.accessRecords,
});

/** The whole trail for `args` (one page of up to 100), as ADMIN unless `as` is given. */
async function trail(args: Record<string, unknown> = {}, as?: Principal) {
  const result = as ? await h.runAs(as, TRAIL, args) : await h.run(TRAIL, args);
  expect(result.errors).toBeUndefined();
  const t = result.data.auditTrail;
  expect(t.pageInfo.hasNextPage).toBe(false);
  return { totalCount: t.totalCount, nodes: t.edges.map((e: any) => e.node) };
}

/** (kind, at, actor) of each event, in the order answered: what most filter tests compare. */
const lines = (nodes: any[]) => nodes.map((n) => `${n.at} ${n.kind} by ${n.actorId}`);

/** Newest first, then by id: the order every answer must be in. */
function expectTrailOrder(nodes: { at: string; id: string }[]) {
  const sorted = [...nodes].sort((a, b) => (a.at !== b.at ? (a.at > b.at ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  expect(nodes.map((n) => n.id)).toEqual(sorted.map((n) => n.id));
}

// person:ann -MEMBER_OF(acc:ann-ops)-> team:ops; the pipeline `ingest-bot` writes that record as source "hr",
// an administrator creates and revokes an API key, then the bot's sync of "hr" no longer lists the record.
const GRAPH = graph({ tenants: [named('tenant:acme')], people: [named('person:ann')], teams: [named('team:ops')] });
let keyId = '';

beforeAll(async () => {
  await h.resetTo(GRAPH, NOW1);
  const put = await h.runAs(BOT, INGEST, { input: { source: 'hr', access: [grant('acc:ann-ops', 'MEMBER_OF', 'person:ann', 'team:ops')] } }, NOW2);
  expect(put.errors).toBeUndefined();
  const created = await h.data('mutation { createApiKey(input: { name: "dash", role: ANALYST }) { key { id } } }', {}, NOW3);
  keyId = created.createApiKey.key.id;
  await h.data('mutation($id: ID!) { revokeApiKey(id: $id, reason: "rotated") { id } }', { id: keyId }, NOW3);
  const sync = await h.runAs(BOT, INGEST, { input: { source: 'hr', sync: true, syncAllowLargeRevocation: true, people: [named('person:ann')] } }, NOW4);
  expect(sync.errors).toBeUndefined();
});

describe('auditTrail', () => {
  it('lists every event newest first with its actor, role, request id, subjects, details and resolved subjects', async () => {
    const { totalCount, nodes } = await trail();
    expectTrailOrder(nodes);
    const counts = (created: number, updated: number) => ({ created, updated });
    // Events of one instant are ordered by id (random), so they are compared as a set of lines.
    const sortedAt = (events: Event[]) => [...events].sort((a, b) => (a.at !== b.at ? (a.at > b.at ? -1 : 1) : JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    expect({ totalCount, events: sortedAt(nodes.map(compact)) }).toEqual({
      totalCount: 6,
      events: sortedAt([
        {
          kind: 'INGESTED', at: iso(NOW4), actorId: 'ingest-bot', actorRole: 'INGEST', requestId: null, subjectIds: [],
          details: { source: 'hr', entities: counts(0, 1), ownerships: counts(0, 0), access: counts(0, 0), sync: { revoked: 1, removedOwnerships: 0 } },
          entities: [], accessRecords: [],
        },
        {
          kind: 'REVOKED', at: iso(NOW4), actorId: 'ingest-bot', actorRole: 'INGEST', requestId: null, subjectIds: ['acc:ann-ops', 'person:ann', 'team:ops'],
          details: { source: 'hr', reason: 'missing from sync of hr', accessKind: 'MEMBER_OF', revokedAt: iso(NOW4) },
          entities: ['person:ann', 'team:ops'], accessRecords: [{ id: 'acc:ann-ops', revokedAt: iso(NOW4) }],
        },
        // An API key is a subject that is neither an entity nor an access record.
        { kind: 'API_KEY_REVOKED', at: iso(NOW3), actorId: 'local-admin', actorRole: 'ADMIN', requestId: null, subjectIds: [keyId], details: { reason: 'rotated' }, entities: [], accessRecords: [] },
        { kind: 'API_KEY_CREATED', at: iso(NOW3), actorId: 'local-admin', actorRole: 'ADMIN', requestId: null, subjectIds: [keyId], details: { name: 'dash', role: 'ANALYST' }, entities: [], accessRecords: [] },
        {
          kind: 'INGESTED', at: iso(NOW2), actorId: 'ingest-bot', actorRole: 'INGEST', requestId: null, subjectIds: [],
          details: { source: 'hr', entities: counts(0, 0), ownerships: counts(0, 0), access: counts(1, 0) },
          entities: [], accessRecords: [],
        },
        {
          kind: 'INGESTED', at: iso(NOW1), actorId: 'local-admin', actorRole: 'ADMIN', requestId: null, subjectIds: [],
          details: { source: null, entities: counts(4, 0), ownerships: counts(0, 0), access: counts(0, 0) },
          entities: [], accessRecords: [],
        },
      ]),
    });
  });

  it('filters by a subject entity, a subject access record, the actor, a time window and kinds', async () => {
    const answers = {
      entity: lines((await trail({ entityId: 'team:ops' })).nodes),
      access: lines((await trail({ accessId: 'acc:ann-ops' })).nodes),
      actor: lines((await trail({ actorId: 'local-admin' })).nodes).sort(),
      window: lines((await trail({ from: NOW2, to: NOW3 })).nodes).sort(),
      kinds: lines((await trail({ kinds: ['API_KEY_CREATED', 'REVOKED'] })).nodes),
    };
    expect(answers).toEqual({
      entity: [`${iso(NOW4)} REVOKED by ingest-bot`],
      access: [`${iso(NOW4)} REVOKED by ingest-bot`],
      actor: [`${iso(NOW1)} INGESTED by local-admin`, `${iso(NOW3)} API_KEY_CREATED by local-admin`, `${iso(NOW3)} API_KEY_REVOKED by local-admin`],
      // Both ends are inclusive.
      window: [`${iso(NOW2)} INGESTED by ingest-bot`, `${iso(NOW3)} API_KEY_CREATED by local-admin`, `${iso(NOW3)} API_KEY_REVOKED by local-admin`],
      kinds: [`${iso(NOW4)} REVOKED by ingest-bot`, `${iso(NOW3)} API_KEY_CREATED by local-admin`],
    });
  });

  it('combines its filters with AND, and counts only what matches all of them', async () => {
    const both = await trail({ actorId: 'ingest-bot', kinds: ['INGESTED'], from: NOW3 });
    const none = await trail({ actorId: 'local-admin', accessId: 'acc:ann-ops' });
    expect([both.totalCount, lines(both.nodes), none]).toEqual([1, [`${iso(NOW4)} INGESTED by ingest-bot`], { totalCount: 0, nodes: [] }]);
  });

  it('pages through the whole trail in order, each page saying the same totalCount', async () => {
    const whole = (await trail()).nodes.map((n: any) => n.id);
    const walked = await walkPages(async (after) => (await h.data(TRAIL, { first: 4, after })).auditTrail);
    expect({ ids: walked.nodes.map((n: any) => n.id), pages: walked.pages }).toEqual({
      ids: whole,
      pages: [
        { totalCount: 6, hasNextPage: true, size: 4 },
        { totalCount: 6, hasNextPage: false, size: 2 },
      ],
    });
  });

  it('continues a page after its cursor while newer events are appended, neither repeating nor skipping one', async () => {
    const before = (await trail()).nodes.map((n: any) => n.id);
    const first = (await h.data(TRAIL, { first: 3 })).auditTrail;
    await h.load({ people: [named('person:late')] }, NOW5);
    const rest = (await h.data(TRAIL, { first: 100, after: first.pageInfo.endCursor })).auditTrail;
    expect([...first.edges, ...rest.edges].map((e: any) => e.node.id)).toEqual(before);
    expect(rest.totalCount).toBe(7);
  });

  it('refuses bad arguments with BAD_USER_INPUT naming each', async () => {
    const bad = async (args: Record<string, unknown>) => failures(await h.run(TRAIL, args));
    const pages = await badPageRequests((args) => h.run(TRAIL, args), Buffer.from('offset:3').toString('base64url'));
    expect({
      pages: pages.map(failures),
      from: await bad({ from: 'yesterday' }),
      to: await bad({ to: '2026-02-30T00:00:00Z' }),
      window: await bad({ from: NOW3, to: NOW2 }),
      unknownKind: await bad({ kinds: ['INGESTED', 'DELETED'] }),
      noKinds: await bad({ kinds: [] }),
      blankEntity: await bad({ entityId: ' ' }),
      blankAccess: await bad({ accessId: '' }),
      blankActor: await bad({ actorId: '' }),
    }).toEqual({
      pages: [[{ code: 'BAD_USER_INPUT', argument: 'after' }], [{ code: 'BAD_USER_INPUT', argument: 'first' }], [{ code: 'BAD_USER_INPUT', argument: 'first' }]],
      from: [{ code: 'BAD_USER_INPUT', argument: 'from' }],
      to: [{ code: 'BAD_USER_INPUT', argument: 'to' }],
      window: [{ code: 'BAD_USER_INPUT', argument: 'to' }],
      unknownKind: [{ code: 'BAD_USER_INPUT', argument: 'kinds' }],
      noKinds: [{ code: 'BAD_USER_INPUT', argument: 'kinds' }],
      blankEntity: [{ code: 'BAD_USER_INPUT', argument: 'entityId' }],
      blankAccess: [{ code: 'BAD_USER_INPUT', argument: 'accessId' }],
      blankActor: [{ code: 'BAD_USER_INPUT', argument: 'actorId' }],
    });
  });

  it('refuses a subject filter naming nothing with NOT_FOUND, rather than answering "no events"', async () => {
    const results = [
      await h.run(TRAIL, { entityId: 'person:nobody' }),
      await h.run(TRAIL, { accessId: 'acc:nothing' }),
      // An entity id is not an access record id.
      await h.run(TRAIL, { accessId: 'person:ann' }),
    ];
    expect(results.map((r) => [r.data ?? null, failures(r), r.errors?.[0].message])).toEqual([
      [null, [{ code: 'NOT_FOUND', argument: 'entityId' }], 'entityId: no entity with id "person:nobody"'],
      [null, [{ code: 'NOT_FOUND', argument: 'accessId' }], 'accessId: no access record with id "acc:nothing"'],
      [null, [{ code: 'NOT_FOUND', argument: 'accessId' }], 'accessId: no access record with id "person:ann"'],
    ]);
  });

  it('answers an ANALYST exactly as an ADMIN', async () => {
    expect(await trail({}, ANALYST)).toEqual(await trail());
  });

  it('refuses the narrowed roles before anything runs, and the executor would refuse its queries for them too', async () => {
    const refused = [await h.runAs(OWNER, TRAIL, {}), await h.runAs(AUDITOR, TRAIL, {})];
    expect(refused.map((r) => [r.data ?? null, failures(r).map((f) => f.code)])).toEqual([
      [null, ['FORBIDDEN']],
      [null, ['FORBIDDEN']],
    ]);
    // Fail closed: even if @allow listed them, the trail's queries carry no $scope.
    const owner = await resolveViewer(h.exec, OWNER);
    const params = { from: toNeo(0), to: toNeo(Date.parse(NOW5)), afterAt: null, afterId: null, entityId: null, accessId: null, actorId: null, kinds: null, limit: 10 };
    await expect(h.exec.query(owner, 'audit/trail', params)).rejects.toThrow('cypher/audit/trail.cypher does not apply $scope');
    await expect(h.exec.query(owner, 'audit/trail-count', params)).rejects.toThrow('cypher/audit/trail-count.cypher does not apply $scope');
  });
});

describe('no API can change or delete an audit event', () => {
  /** Every query file, by name, with its comment lines and schema (constraint / index) statements removed. */
  function queries(): Map<string, string> {
    const out = new Map<string, string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name.endsWith('.cypher')) {
          const code = fs
            .readFileSync(full, 'utf8')
            .split('\n')
            .filter((line) => !line.trim().startsWith('//'))
            .join('\n')
            // DDL names labels without touching any node: CREATE CONSTRAINT / CREATE [kind] INDEX ... ;
            .replace(/\bCREATE\s+(?:\w+\s+)?(?:CONSTRAINT|INDEX)\b[^;]*;?/gi, '');
          out.set(path.relative(CYPHER_DIR, full).replace(/\.cypher$/, ''), code);
        }
      }
    };
    walk(CYPHER_DIR);
    return out;
  }
  const WRITES = /\b(SET|DELETE|REMOVE|MERGE|CREATE)\b/i;

  it('has no query but audit/record that names AuditEvent and writes; audit/record only creates', () => {
    const all = queries();
    const touching = [...all].filter(([, code]) => /AuditEvent/.test(code) && WRITES.test(code)).map(([name]) => name);
    const recordWrites = [...(all.get('audit/record') ?? '').matchAll(new RegExp(WRITES.source, 'gi'))].map((m) => m[1].toUpperCase());
    // The list of queries is not empty, and the trail's own readers are among those naming AuditEvent: the check has something to check.
    const naming = [...all].filter(([, code]) => /AuditEvent/.test(code)).map(([name]) => name).sort();
    expect({ touching, recordWrites, naming }).toEqual({ touching: ['audit/record'], recordWrites: ['CREATE'], naming: ['audit/record', 'audit/trail', 'audit/trail-count'] });
  });

  /**
   * The only queries that delete or remove: a whole-source sync's, on what was never part of the graph
   * (records it staged, invisible to every reader until published: docs/ingest.md, "Sync of a whole source").
   */
  const STAGED_ONLY: Record<string, string> = {
    'sync/purge-entities': 'deletes the :StagedEntity nodes of a sync that died or failed before publishing',
    'sync/purge-relationships': 'deletes the relationships (stagedBy set) of a sync that died or failed before publishing',
    'sync/publish-entities': 'removes the :StagedEntity label and the stagedBy mark as it publishes the nodes',
    'sync/publish-relationships': 'removes the stagedBy mark as it publishes the relationships',
    'ingest/delete-staged-leftovers': 'deletes a dead sync\'s staged relationships under the ids an ingest creates',
  };

  it('has no query that deletes or removes anything but staged records and expired change-feed entries, nor one that writes through a node pattern without a label', () => {
    const all = queries();
    const deleting = [...all].filter(([, code]) => /\b(DELETE|REMOVE)\b/i.test(code)).map(([name]) => name);
    // Each exempt query deletes or removes only where it names staged records, and never names an audit event.
    const stagedOnly = deleting.filter((name) => name in STAGED_ONLY && /StagedEntity|stagedBy IS NOT NULL|stagedBy: \$syncId/.test(all.get(name)!) && !/AuditEvent/.test(all.get(name)!));
    // A lone node pattern with no label, e.g. `MATCH (n {id: $id}) SET n.x = 1`, could match an event;
    // patterns joined to a relationship cannot (events have none), nor is `CALL ()` (a subquery's scope) a pattern.
    const loneUnlabelled = /(?<![-\w>])(?<!\bCALL\s*)\(\s*\w*\s*(?:\{[^}]*\})?\s*\)(?!\s*[-<])/;
    const unlabelled = [...all].filter(([, code]) => WRITES.test(code) && loneUnlabelled.test(code)).map(([name]) => name);
    // Besides the staged records: feed/prune drops expired change-feed entries (GraphChange nodes, by label: what a write
    // changed, a hint for other processes' reach indexes; who changed what is in the audit trail, never pruned).
    expect({ deleting: [...deleting].sort(), unlabelled }).toEqual({ deleting: [...stagedOnly, 'feed/prune'].sort(), unlabelled: [] });
    expect(stagedOnly.sort()).toEqual(Object.keys(STAGED_ONLY).sort());
    const prune = (all.get('feed/prune') ?? '').split('\n').filter((l) => !l.trim().startsWith('//')).join('\n');
    expect([/MATCH \(c:GraphChange\)/.test(prune), [...prune.matchAll(/\bDELETE\s+(\w+)/g)].map((m) => m[1])]).toEqual([true, ['c']]);
  });

  /**
   * Every mutation of the served schema, with calls aimed at existing
   * events (an id reused, a key "revoked" by an event's id, a sync). A new
   * mutation fails the first test below until it is listed here.
   */
  const MUTATIONS: Record<string, (eventId: string) => { query: string; variables: Record<string, unknown> }[]> = {
    ingest: (eventId) => [
      { query: INGEST, variables: { input: { source: 'hr', people: [{ id: eventId, name: 'Not an event' }] } } },
      { query: INGEST, variables: { input: { source: 'hr', sync: true, syncAllowLargeRevocation: true, people: [named('person:ann')] } } },
      { query: INGEST, variables: { input: { access: [grant(eventId, 'MEMBER_OF', 'person:ann', 'team:ops')] } } },
    ],
    createApiKey: (eventId) => [{ query: 'mutation($name: String!) { createApiKey(input: { name: $name, role: ANALYST }) { key { id } } }', variables: { name: eventId } }],
    revokeApiKey: (eventId) => [{ query: 'mutation($id: ID!) { revokeApiKey(id: $id, reason: "tamper") { id } }', variables: { id: eventId } }],
    // The lifecycle mutations (docs/lifecycle.md), each handed an event's id where it takes one.
    grantAccess: (eventId) => [
      {
        query: 'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { eventIds } }',
        variables: { input: { id: eventId, kind: 'MEMBER_OF', fromId: 'person:ann', toId: 'team:ops', approvedById: 'person:approver', justification: 'tamper' } },
      },
    ],
    revokeAccess: (eventId) => [{ query: 'mutation($id: ID!) { revokeAccess(id: $id, reason: "tamper") { eventIds } }', variables: { id: eventId } }],
    certifyAccess: (eventId) => [
      { query: 'mutation($id: ID!) { certifyAccess(id: $id, certifiedById: "person:approver", note: "tamper") { eventIds } }', variables: { id: eventId } },
    ],
    assignOwner: (eventId) => [{ query: 'mutation($id: ID!) { assignOwner(ownerId: "person:ann", entityId: $id, role: SERVICE_OWNER) { eventIds } }', variables: { id: eventId } }],
    removeOwner: (eventId) => [{ query: 'mutation($id: ID!) { removeOwner(ownerId: $id, entityId: $id, reason: "tamper") { eventIds } }', variables: { id: eventId } }],
    offboardPerson: (eventId) => [
      { query: 'mutation($id: ID!, $at: DateTime!) { offboardPerson(personId: $id, effectiveAt: $at, dryRun: false) { eventIds } }', variables: { id: eventId, at: NOW5 } },
    ],
    terminateContract: (eventId) => [
      { query: 'mutation($id: ID!, $at: DateTime!) { terminateContract(tenantId: $id, effectiveAt: $at, dryRun: false) { eventIds } }', variables: { id: eventId, at: NOW5 } },
    ],
    recordAccessUse: (eventId) => [{ query: 'mutation($id: ID!, $at: DateTime!) { recordAccessUse(accessId: $id, at: $at) { eventIds } }', variables: { id: eventId, at: NOW5 } }],
    recordBreakGlassUse: (eventId) => [
      { query: 'mutation($id: ID!, $at: DateTime!) { recordBreakGlassUse(identityId: $id, personId: $id, at: $at, reason: "tamper") { eventIds } }', variables: { id: eventId, at: NOW5 } },
    ],
    reviewBreakGlassUse: (eventId) => [
      { query: 'mutation($id: ID!) { reviewBreakGlassUse(useId: $id, reviewerId: "person:approver", notes: "tamper") { eventIds } }', variables: { id: eventId } },
    ],
  };

  async function events(): Promise<Map<string, string>> {
    const result = await h.driver.executeQuery('MATCH (e:AuditEvent) RETURN e.id AS id, properties(e) AS props', {}, { database: process.env.NEO4J_DATABASE || undefined });
    return new Map(result.records.map((r) => [r.get('id') as string, JSON.stringify(r.get('props'), (_k, v) => (typeof v === 'object' && v !== null && 'year' in v ? String(v) : v))]));
  }

  it('has a case for every mutation the schema serves', async () => {
    const { __schema } = await h.data('{ __schema { mutationType { fields { name } } } }');
    expect(__schema.mutationType.fields.map((f: { name: string }) => f.name).sort()).toEqual(Object.keys(MUTATIONS).sort());
  });

  it('leaves every existing event exactly as it was through every mutation, and only appends', async () => {
    const before = await events();
    const target = [...before.keys()].sort()[0];
    // Each call must reach its resolver (a call the schema refuses to validate would test nothing).
    const invalid: string[] = [];
    for (const [name, calls] of Object.entries(MUTATIONS)) {
      for (const { query, variables } of calls(target)) {
        const result = await h.run(query, variables, NOW5);
        if (result.errors?.some((e) => e.extensions?.reason === 'GRAPHQL_VALIDATION_FAILED')) invalid.push(`${name}: ${result.errors[0].message}`);
      }
    }
    const after = await events();
    const kept = [...before].filter(([id, props]) => after.get(id) === props).map(([id]) => id);
    expect({ invalid, kept: kept.sort(), grew: after.size > before.size }).toEqual({ invalid: [], kept: [...before.keys()].sort(), grew: true });
  });
});
