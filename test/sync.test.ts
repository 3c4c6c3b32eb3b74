/**
 * Source sync (docs/ingest.md, "Sync of one source"): ingest with
 * `sync: true` takes the batch as the whole current state of its source and,
 * in the same transaction, revokes the source's access records (and removes
 * its owner links) that the batch no longer lists. Nothing is deleted; each
 * change has an audit event; the reach index answers with it at once; the
 * same sync run again changes nothing.
 */
import { ApiKeys } from '../src/auth/api-keys';
import { resolveViewer } from '../src/auth/scope';
import { principalOf } from '../src/auth/tokens';
import { LOCAL_ADMIN, type Principal } from '../src/core/viewer';
import type { IngestInput } from '../src/generated/graphql';
import { IngestService } from '../src/ingest/service';
import { ReachIndexProvider } from '../src/reach/index/provider';
import { grant, graph, identity, named, own, system } from './support/fixtures';
import { failures, iso, problem, problemsOf, useHarness } from './support/harness';

const h = useHarness();

/** Ingest times, in order. */
const NOW0 = '2026-02-01T00:00:00Z';
const NOW1 = '2026-03-01T00:00:00Z';
const NOW2 = '2026-04-01T00:00:00Z';
const NOW3 = '2026-05-01T00:00:00Z';
const EARLIER_REVOKE = '2026-02-15T00:00:00Z';
const FUTURE = '2026-09-01T00:00:00Z';

const PIPELINE: Principal = { id: 'entra-sync', role: 'INGEST', credential: 'api-key' };

const SYNC = `mutation($input: IngestInput!) { ingest(input: $input) {
  entities { created updated } ownerships { created updated } access { created updated }
  sync { source revoked removedOwnerships { ownerId entityId } }
} }`;

const RECORD = `query($id: ID!) { access(id: $id) { id revokedAt revokedBy revokeReason source } }`;

// The entities every test starts from (no source): people ann and bob, identities adm-ann and adm-bob,
// system dc in tenant acme. The "entra" source writes who uses which identity and who owns it.
const ENTITIES = graph({
  tenants: [named('tenant:acme')],
  systems: [system('system:dc', 'tenant:acme')],
  people: [named('person:ann'), named('person:bob')],
  identities: [identity('identity:adm-ann'), identity('identity:adm-bob')],
  access: [
    grant('acc:ann-dc', 'CAN_ACCESS', 'identity:adm-ann', 'system:dc'),
    grant('acc:bob-dc', 'CAN_ACCESS', 'identity:adm-bob', 'system:dc'),
  ],
});

const ENTRA = {
  annUses: grant('acc:ann-uses', 'USES', 'person:ann', 'identity:adm-ann'),
  bobUses: grant('acc:bob-uses', 'USES', 'person:bob', 'identity:adm-bob'),
  // Revoked before any sync: a sync leaves it as it is.
  oldUses: grant('acc:old-uses', 'USES', 'person:bob', 'identity:adm-ann', { revokedAt: EARLIER_REVOKE }),
  // Granted in the future: dropping it means it never starts.
  laterUses: grant('acc:later-uses', 'USES', 'person:ann', 'identity:adm-bob', { grantedAt: FUTURE }),
};

/** Resets to ENTITIES plus `entra` written by a sync of "entra" at NOW1, and a record of another source ("vault"). */
async function start(entra = Object.values(ENTRA), ownerships = [own('person:ann', 'identity:adm-ann'), own('person:bob', 'identity:adm-bob')]) {
  await h.resetTo(ENTITIES, NOW0);
  await h.load({ source: 'vault', access: [grant('acc:vault', 'USES', 'person:bob', 'identity:adm-ann')] }, NOW0);
  const first = await h.runAs(PIPELINE, SYNC, { input: { source: 'entra', sync: true, access: entra, ownerships } }, NOW1);
  expect(first.errors).toBeUndefined();
  return first.data.ingest;
}

/** A sync of "entra" that must succeed. These fixtures are tiny, so any change is over the share guard's 10%: overridden here, tested below. */
async function sync(input: Record<string, unknown>, now: string) {
  const result = await h.runAs(PIPELINE, SYNC, { input: { source: 'entra', sync: true, syncAllowLargeRevocation: true, ...input } }, now);
  expect(result.errors).toBeUndefined();
  return result.data.ingest;
}

async function records(ids: string[]) {
  return Promise.all(ids.map(async (id) => (await h.data(RECORD, { id }, NOW3)).access));
}

/** Every access record and owner link with all its properties except updatedAt (a re-run touches that, and nothing else). */
async function storedFacts() {
  const rows = await h.driver.executeQuery(
    'MATCH (a)-[r:ACCESS|OWNS]->(b) RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props',
    {},
    { database: process.env.NEO4J_DATABASE || undefined },
  );
  return rows.records
    .map((r) => {
      const { updatedAt: _updatedAt, ...props } = r.get('props');
      return JSON.stringify({ type: r.get('type'), from: r.get('from'), to: r.get('to'), props: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, String(v)])) });
    })
    .sort();
}

const REVOKED = 'missing from sync of entra';

describe('a sync of one source', () => {
  it('revokes the records of the source still in force that the batch no longer lists, reports them, and keeps them', async () => {
    const first = await start();
    const second = await sync({ access: [ENTRA.annUses], ownerships: [own('person:ann', 'identity:adm-ann'), own('person:bob', 'identity:adm-bob')] }, NOW2);
    expect({ first: first.sync, second }).toEqual({
      first: { source: 'entra', revoked: [], removedOwnerships: [] },
      second: {
        entities: { created: 0, updated: 0 },
        ownerships: { created: 0, updated: 2 },
        access: { created: 0, updated: 1 },
        sync: { source: 'entra', revoked: ['acc:bob-uses', 'acc:later-uses'], removedOwnerships: [] },
      },
    });
    expect(await records(['acc:ann-uses', 'acc:bob-uses', 'acc:later-uses', 'acc:old-uses', 'acc:vault', 'acc:ann-dc'])).toEqual([
      { id: 'acc:ann-uses', revokedAt: null, revokedBy: null, revokeReason: null, source: 'entra' },
      { id: 'acc:bob-uses', revokedAt: iso(NOW2), revokedBy: 'entra-sync', revokeReason: REVOKED, source: 'entra' },
      // Granted in the future: revoked at its grant, so it is never present (and never revoked before it was granted).
      { id: 'acc:later-uses', revokedAt: iso(FUTURE), revokedBy: 'entra-sync', revokeReason: REVOKED, source: 'entra' },
      // Already revoked: left as it was.
      { id: 'acc:old-uses', revokedAt: iso(EARLIER_REVOKE), revokedBy: null, revokeReason: null, source: 'entra' },
      // Another source's record, and one with no source: not this sync's to revoke.
      { id: 'acc:vault', revokedAt: null, revokedBy: null, revokeReason: null, source: 'vault' },
      { id: 'acc:ann-dc', revokedAt: null, revokedBy: null, revokeReason: null, source: null },
    ]);
  });

  it('records one REVOKED event per revocation, by the caller, naming the record and both its ends', async () => {
    await start();
    await sync({ access: [ENTRA.annUses] }, NOW2);
    const { auditTrail } = await h.data(
      `{ auditTrail(kinds: ["REVOKED", "OWNER_REMOVED", "INGESTED"], from: "${NOW2}") { edges { node { kind at actorId actorRole subjectIds details } } } }`,
    );
    const events = auditTrail.edges.map((e: any) => ({ ...e.node, details: JSON.parse(e.node.details) }));
    const by = { at: iso(NOW2), actorId: 'entra-sync', actorRole: 'INGEST' };
    const sortKey = (e: any) => `${e.kind} ${e.subjectIds[0] ?? ''}`;
    expect(events.sort((a: any, b: any) => (sortKey(a) < sortKey(b) ? -1 : 1))).toEqual([
      {
        kind: 'INGESTED', ...by, subjectIds: [],
        details: { source: 'entra', entities: { created: 0, updated: 0 }, ownerships: { created: 0, updated: 0 }, access: { created: 0, updated: 1 }, sync: { revoked: 2, removedOwnerships: 2 } },
      },
      { kind: 'OWNER_REMOVED', ...by, subjectIds: ['identity:adm-ann', 'person:ann'], details: { source: 'entra', reason: REVOKED, role: 'SERVICE_OWNER', removedAt: iso(NOW2) } },
      { kind: 'OWNER_REMOVED', ...by, subjectIds: ['identity:adm-bob', 'person:bob'], details: { source: 'entra', reason: REVOKED, role: 'SERVICE_OWNER', removedAt: iso(NOW2) } },
      { kind: 'REVOKED', ...by, subjectIds: ['acc:bob-uses', 'person:bob', 'identity:adm-bob'], details: { source: 'entra', reason: REVOKED, accessKind: 'USES', revokedAt: iso(NOW2) } },
      { kind: 'REVOKED', ...by, subjectIds: ['acc:later-uses', 'person:ann', 'identity:adm-bob'], details: { source: 'entra', reason: REVOKED, accessKind: 'USES', revokedAt: iso(FUTURE) } },
    ]);
  });

  it('changes nothing when run again: no revocation, nothing created, every record counted as updated', async () => {
    await start();
    const batch = { access: [ENTRA.annUses], ownerships: [own('person:ann', 'identity:adm-ann')] };
    await sync(batch, NOW2);
    const facts = await storedFacts();
    const events = await h.count('MATCH (e:AuditEvent) WHERE e.kind IN ["REVOKED", "OWNER_REMOVED"] RETURN count(e)');
    const again = await sync(batch, NOW3);
    expect({ again, facts: await storedFacts(), events: await h.count('MATCH (e:AuditEvent) WHERE e.kind IN ["REVOKED", "OWNER_REMOVED"] RETURN count(e)') }).toEqual({
      again: {
        entities: { created: 0, updated: 0 },
        ownerships: { created: 0, updated: 1 },
        access: { created: 0, updated: 1 },
        sync: { source: 'entra', revoked: [], removedOwnerships: [] },
      },
      facts,
      events,
    });
  });

  it('is answered by reach at once, from the patched index: the revoked access is gone now and still there as of before', async () => {
    await start();
    const paths = async (asOf: string) =>
      (await h.data(`{ accessPaths(from: "person:bob", to: "system:dc", asOf: "${asOf}") { steps { access { id } } } }`, {}, NOW3)).accessPaths.map((p: any) =>
        p.steps.map((s: any) => s.access.id).join(' '),
      );
    const users = async (asOf: string) =>
      (await h.data(`{ whoCanReach(target: "identity:adm-bob", asOf: "${asOf}") { people { edges { node { entity { id } } } } } }`, {}, NOW3)).whoCanReach.people.edges.map(
        (e: any) => e.node.entity.id,
      );
    const before = { paths: await paths(NOW3), users: await users(NOW3) };
    const loads = ReachIndexProvider.for(h.exec).loads;
    await sync({ access: [ENTRA.annUses] }, NOW2);
    expect({
      before,
      // bob keeps the vault source's route through adm-ann; the entra record into adm-bob ends at NOW2.
      now: { paths: await paths(NOW3), users: await users(NOW3) },
      then: { paths: await paths('2026-03-15T00:00:00Z'), users: await users('2026-03-15T00:00:00Z') },
      reloads: ReachIndexProvider.for(h.exec).loads - loads,
    }).toEqual({
      before: { paths: ['acc:vault acc:ann-dc', 'acc:bob-uses acc:bob-dc'], users: ['person:bob'] },
      now: { paths: ['acc:vault acc:ann-dc'], users: [] },
      then: { paths: ['acc:vault acc:ann-dc', 'acc:bob-uses acc:bob-dc'], users: ['person:bob'] },
      reloads: 0,
    });
  });

  it('removes the owner links of the source the batch no longer lists, which count until then', async () => {
    await start();
    const result = await sync({ access: Object.values(ENTRA), ownerships: [own('person:ann', 'identity:adm-ann')] }, NOW2);
    const owners = async (asOf: string) =>
      (await h.data(`{ ownerReach(personId: "person:bob", asOf: "${asOf}") { entity { id } role } }`, {}, NOW3)).ownerReach;
    const gaps = async () => (await h.data('{ entity(id: "identity:adm-bob") { ... on Identity { gaps owners { owner { id } } } } }', {}, NOW3)).entity;
    expect({
      removed: result.sync.removedOwnerships,
      bobOwnedThen: await owners('2026-03-15T00:00:00Z'),
      bobOwnsNow: await owners(NOW3),
      admBob: await gaps(),
      link: await h.count(`MATCH (:Person {id: 'person:bob'})-[l:OWNS]->(:Identity {id: 'identity:adm-bob'}) WHERE l.removedAt = datetime('${NOW2}') AND l.removedBy = 'entra-sync' AND l.removeReason = '${REVOKED}' RETURN count(l)`),
    }).toEqual({
      removed: [{ ownerId: 'person:bob', entityId: 'identity:adm-bob' }],
      bobOwnedThen: [{ entity: { id: 'identity:adm-bob' }, role: 'SERVICE_OWNER' }],
      bobOwnsNow: [],
      admBob: { gaps: ['NO_OWNER'], owners: [] },
      link: 1,
    });
  });

  it('keeps a record it revoked revoked when a later sync lists it again without revokedAt (re-granting is a new record)', async () => {
    await start();
    await sync({ access: [ENTRA.annUses] }, NOW2);
    const again = await sync({ access: [ENTRA.annUses, ENTRA.bobUses] }, NOW3);
    expect({ sync: again.sync, access: again.access, record: (await records(['acc:bob-uses']))[0] }).toEqual({
      sync: { source: 'entra', revoked: [], removedOwnerships: [] },
      access: { created: 0, updated: 2 },
      record: { id: 'acc:bob-uses', revokedAt: iso(NOW2), revokedBy: 'entra-sync', revokeReason: REVOKED, source: 'entra' },
    });
  });

  // An owner link has no id of its own: listing the pair again is the source saying "bob owns it now".
  it('records a new owner link when a later sync lists a removed pair again, keeping the removed one as history', async () => {
    await start();
    await sync({ access: Object.values(ENTRA), ownerships: [own('person:ann', 'identity:adm-ann')] }, NOW2);
    const again = await sync({ access: Object.values(ENTRA), ownerships: [own('person:ann', 'identity:adm-ann'), own('person:bob', 'identity:adm-bob')] }, NOW3);
    const bob = (await h.data('{ ownerReach(personId: "person:bob") { entity { id } } }', {}, NOW3)).ownerReach;
    const links = await h.count('MATCH (:Person {id: "person:bob"})-[l:OWNS]->(:Identity {id: "identity:adm-bob"}) RETURN count(l)');
    const standing = await h.count('MATCH (:Person {id: "person:bob"})-[l:OWNS]->(:Identity {id: "identity:adm-bob"}) WHERE l.removedAt IS NULL RETURN count(l)');
    expect({ sync: again.sync, ownerships: again.ownerships, bob, links, standing }).toEqual({
      sync: { source: 'entra', revoked: [], removedOwnerships: [] },
      ownerships: { created: 1, updated: 1 },
      bob: [{ entity: { id: 'identity:adm-bob' } }],
      links: 2,
      standing: 1,
    });
  });

  it('takes over a record of another source that the batch lists, and revokes it when a later sync drops it', async () => {
    await start();
    const vault = grant('acc:vault', 'USES', 'person:bob', 'identity:adm-ann');
    await sync({ access: [ENTRA.annUses, vault] }, NOW2);
    const dropped = await sync({ access: [ENTRA.annUses] }, NOW3);
    expect({ revoked: dropped.sync.revoked, record: (await records(['acc:vault']))[0] }).toEqual({
      revoked: ['acc:vault'],
      record: { id: 'acc:vault', revokedAt: iso(NOW3), revokedBy: 'entra-sync', revokeReason: REVOKED, source: 'entra' },
    });
  });

  it('revokes every record of the source when the batch lists none', async () => {
    await start();
    const empty = await sync({}, NOW2);
    expect(empty.sync).toEqual({
      source: 'entra',
      revoked: ['acc:ann-uses', 'acc:bob-uses', 'acc:later-uses'],
      removedOwnerships: [
        { ownerId: 'person:ann', entityId: 'identity:adm-ann' },
        { ownerId: 'person:bob', entityId: 'identity:adm-bob' },
      ],
    });
  });
});

describe('without sync', () => {
  it('revokes nothing when a batch of the same source leaves records out, and reports no sync', async () => {
    await start();
    const before = await storedFacts();
    const result = await h.runAs(PIPELINE, SYNC, { input: { source: 'entra', access: [ENTRA.annUses] } }, NOW2);
    // The batch rewrites acc:ann-uses with the values it already had: every fact stays as it was.
    expect({ sync: result.data.ingest.sync, stored: await storedFacts() }).toEqual({ sync: null, stored: before });
  });
});

describe('a refused sync', () => {
  it('needs a non-blank source other than "lifecycle", listed first among the batch problems, and writes nothing', async () => {
    await start();
    const before = await storedFacts();
    const bad = { access: [grant('acc:new', 'USES', 'person:ann', 'identity:nobody')] };
    const answers = [
      problemsOf(await h.runAs(PIPELINE, SYNC, { input: { sync: true, ...bad } }, NOW2)),
      problemsOf(await h.runAs(PIPELINE, SYNC, { input: { sync: true, source: '  ', access: [] } }, NOW2)),
      problemsOf(await h.runAs(PIPELINE, SYNC, { input: { sync: true, source: 'lifecycle' } }, NOW2)),
    ];
    expect({ answers, stored: await storedFacts() }).toEqual({
      answers: [
        [problem('input', -1, null, 'sync', 'requires a non-blank source'), problem('access', 0, 'acc:new', 'toId', 'refers to no entity')],
        [problem('input', -1, null, 'sync', 'requires a non-blank source')],
        [problem('input', -1, null, 'sync', 'cannot sync source "lifecycle"')],
      ],
      stored: before,
    });
  });

  it('revokes nothing when the batch itself is rejected', async () => {
    await start();
    const before = await storedFacts();
    const result = await h.runAs(PIPELINE, SYNC, { input: { source: 'entra', sync: true, access: [grant('acc:self', 'USES', 'person:ann', 'person:ann')] } }, NOW2);
    expect({ failures: failures(result), stored: await storedFacts() }).toEqual({ failures: [{ code: 'BAD_USER_INPUT', argument: 'toId' }], stored: before });
  });
});

it('is available through the ingest mutation only to the roles that may ingest', async () => {
  await start();
  const analyst: Principal = { id: 'analyst', role: 'ANALYST', credential: 'jwt' };
  const result = await h.runAs(analyst, SYNC, { input: { source: 'entra', sync: true } }, NOW2);
  expect({ failures: failures(result), stillThere: (await records(['acc:bob-uses']))[0].revokedAt }).toEqual({ failures: [{ code: 'FORBIDDEN', argument: undefined }], stillThere: null });
});

describe('syncMaxRevocations', () => {
  const everything = async () => ({ facts: await storedFacts(), events: await h.count('MATCH (e:AuditEvent) RETURN count(e)') });

  it('refuses a sync that would revoke or remove more than the limit, naming how many, and writes nothing', async () => {
    await start();
    const before = await everything();
    // An empty batch from a broken pipeline: it would revoke the three records in force (the future one too) and remove both owner links.
    const result = await h.runAs(PIPELINE, SYNC, { input: { source: 'entra', sync: true, syncMaxRevocations: 3, access: [] } }, NOW2);
    const reason = 'this sync would revoke 3 access records and remove 2 owner links of entra (5), over the limit of 3';
    expect({ data: result.data ?? null, errors: result.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.problems]) }).toEqual({
      data: null,
      errors: [[`ingest rejected, nothing was written: syncMaxRevocations: ${reason}`, 'BAD_USER_INPUT', [{ list: 'input', index: -1, id: null, field: 'syncMaxRevocations', reason }]]],
    });
    expect(await everything()).toEqual(before);
  });

  it('lets a sync within the limit through, exactly at it included', async () => {
    await start();
    const within = await sync({ syncMaxRevocations: 1, access: [ENTRA.annUses, ENTRA.laterUses], ownerships: [own('person:ann', 'identity:adm-ann'), own('person:bob', 'identity:adm-bob')] }, NOW2);
    expect(within.sync).toEqual({ source: 'entra', revoked: ['acc:bob-uses'], removedOwnerships: [] });
  });

  it('refuses a limit that is not a non-negative integer, writing nothing', async () => {
    await start();
    const before = await everything();
    const result = await h.runAs(PIPELINE, SYNC, { input: { source: 'entra', sync: true, syncMaxRevocations: -1, access: [] } }, NOW2);
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.problems?.[0]?.field])).toEqual([['BAD_USER_INPUT', 'syncMaxRevocations']]);
    expect(await everything()).toEqual(before);
  });
});

describe('the share guard', () => {
  const everything = async () => ({ facts: await storedFacts(), events: await h.count('MATCH (e:AuditEvent) RETURN count(e)') });
  // After start(), entra has five in force: acc:ann-uses, acc:bob-uses, acc:later-uses and two owner links. Dropping acc:bob-uses changes 1 of 5 (20%).
  const DROP_BOB = { access: [ENTRA.annUses, ENTRA.oldUses, ENTRA.laterUses], ownerships: [own('person:ann', 'identity:adm-ann'), own('person:bob', 'identity:adm-bob')] };

  it('refuses a sync that would change more than 10% of what the source has in force, naming the override, and writes nothing', async () => {
    await start();
    const before = await everything();
    const result = await h.runAs(PIPELINE, SYNC, { input: { source: 'entra', sync: true, ...DROP_BOB } }, NOW2);
    const reason =
      'this sync would revoke or remove 1 of the 5 access records and owner links of entra in force, over 10%; if the source really lost them, send the batch again with syncAllowLargeRevocation: true';
    expect({ data: result.data ?? null, errors: result.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.problems]), unchanged: JSON.stringify(await everything()) === JSON.stringify(before) }).toEqual({
      data: null,
      errors: [[`ingest rejected, nothing was written: syncAllowLargeRevocation: ${reason}`, 'BAD_USER_INPUT', [{ list: 'input', index: -1, id: null, field: 'syncAllowLargeRevocation', reason }]]],
      unchanged: true,
    });
  });

  it('lets the same sync through with syncAllowLargeRevocation: true', async () => {
    await start();
    const result = await h.runAs(PIPELINE, SYNC, { input: { source: 'entra', sync: true, syncAllowLargeRevocation: true, ...DROP_BOB } }, NOW2);
    expect(result.data?.ingest.sync).toEqual({ source: 'entra', revoked: ['acc:bob-uses'], removedOwnerships: [] });
  });

  it('takes its share from the configuration, a sync exactly at it included', async () => {
    await start();
    const viewer = await resolveViewer(h.exec, PIPELINE);
    const at20 = new IngestService(h.exec, viewer, NOW2, null, { syncMaxRevokedPercent: 20 });
    const result = await at20.ingest({ source: 'entra', sync: true, ...DROP_BOB } as IngestInput);
    expect(result.sync).toEqual({ source: 'entra', revoked: ['acc:bob-uses'], removedOwnerships: [] });
  });
});

describe('an INGEST credential bound to its sources', () => {
  const ENTRA_ONLY: Principal = { ...PIPELINE, sources: ['entra'] };
  const outcome = (r: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) =>
    r.errors ? r.errors.map((e) => ({ code: e.extensions?.code, argument: e.extensions?.argument, message: e.message })) : 'written';

  it('writes and syncs its own source, and is refused another source, a sync of it, or no source at all with FORBIDDEN, writing nothing', async () => {
    await start();
    const before = await storedFacts();
    const refused = (which: string) => [
      { code: 'FORBIDDEN', argument: 'source', message: `this credential may write only the sources "entra", not ${which}; nothing was written` },
    ];
    const answers = {
      syncOther: outcome(await h.runAs(ENTRA_ONLY, SYNC, { input: { source: 'vault', sync: true, access: [] } }, NOW2)),
      upsertOther: outcome(await h.runAs(ENTRA_ONLY, SYNC, { input: { source: 'vault', access: [grant('acc:sneak', 'USES', 'person:ann', 'identity:adm-bob')] } }, NOW2)),
      noSource: outcome(await h.runAs(ENTRA_ONLY, SYNC, { input: { access: [grant('acc:sneak', 'USES', 'person:ann', 'identity:adm-bob')] } }, NOW2)),
    };
    const unchanged = JSON.stringify(await storedFacts()) === JSON.stringify(before);
    const own = outcome(await h.runAs(ENTRA_ONLY, SYNC, { input: { source: 'entra', sync: true, syncAllowLargeRevocation: true, ...{ access: [ENTRA.annUses, ENTRA.laterUses] } } }, NOW2));
    expect({ answers, unchanged, own }).toEqual({
      answers: { syncOther: refused('source "vault"'), upsertOther: refused('source "vault"'), noSource: refused('a batch without a source') },
      unchanged: true,
      own: 'written',
    });
  });

  it('takes its sources from an API key created with them, and from a JWT\'s sources claim', async () => {
    const keys = new ApiKeys(h.exec, 0);
    const { token } = await keys.create(LOCAL_ADMIN, { name: 'entra pipeline', role: 'INGEST', sources: ['entra', 'entra-groups'] });
    const fromKey = await keys.verify(token);
    const fromJwt = principalOf({ sub: 'entra-sync', role: 'INGEST', sources: ['entra'] });
    const refusals = await Promise.all(
      [
        { name: 'analyst keys', role: 'ANALYST' as const, sources: ['entra'] },
        { name: 'empty', role: 'INGEST' as const, sources: [] },
        { name: 'blank', role: 'INGEST' as const, sources: [' '] },
      ].map((input) => keys.create(LOCAL_ADMIN, input).then(() => 'created', (e) => [e.extensions?.code, e.extensions?.problems?.[0]?.field])),
    );
    expect({ key: fromKey.sources, jwt: fromJwt.sources, refusals }).toEqual({
      key: ['entra', 'entra-groups'],
      jwt: ['entra'],
      refusals: [
        ['BAD_USER_INPUT', 'sources'],
        ['BAD_USER_INPUT', 'sources'],
        ['BAD_USER_INPUT', 'sources'],
      ],
    });
  });
});
