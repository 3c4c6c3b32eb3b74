/**
 * What the lifecycle suites share: callers with known ids and request ids
 * (so audit events can be compared whole), a snapshot of everything stored
 * (a refusal must leave it exactly as it was, audit events and the graph
 * version included), and readers for stored records, links and events.
 */
import neo4j from 'neo4j-driver';
import type { ApolloServer } from '@apollo/server';
import { resolveViewer } from '../../src/auth/scope';
import { ApiKeys, type NewApiKey } from '../../src/auth/api-keys';
import { LOCAL_ADMIN, type Principal } from '../../src/core/viewer';
import { createApollo } from '../../src/server/app';
import { createContext, type RequestContext } from '../../src/server/context';
import { useHarness, type Harness, type Result } from './harness';

/** The request's now in every lifecycle test unless a test says otherwise (fixtures are granted at T0 = 2026-01-01). */
export const NOW = '2026-03-01T09:00:00.000Z';
export const REQUEST_ID = 'req-lifecycle-1';

export const ADMIN: Principal = { id: 'admin:alice', role: 'ADMIN', credential: 'jwt' };
export const INGESTER: Principal = { id: 'apikey:kusage', role: 'INGEST', credential: 'api-key' };
export const ownerOf = (personId: string): Principal => ({ id: `owner:${personId}`, role: 'OWNER', personId, credential: 'jwt' });

export interface Lifecycle {
  h: Harness;
  /** Runs an operation as `as` (ADMIN by default) at `now` (NOW by default), with REQUEST_ID. */
  call<T = any>(query: string, variables?: Record<string, unknown>, options?: { as?: Principal; now?: string }): Promise<Result<T>>;
  /** Like call, failing the test on any error. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, options?: { as?: Principal; now?: string }): Promise<T>;
}

export function useLifecycle(): Lifecycle {
  const h = useHarness();
  let apollo: ApolloServer<RequestContext>;
  beforeAll(async () => {
    apollo = createApollo();
    await apollo.start();
  });
  afterAll(() => apollo?.stop());
  const call = async <T>(query: string, variables?: Record<string, unknown>, options: { as?: Principal; now?: string } = {}): Promise<Result<T>> => {
    const viewer = await resolveViewer(h.exec, options.as ?? ADMIN);
    const contextValue = createContext(h.exec, viewer, options.now ?? NOW, undefined, { requestId: REQUEST_ID });
    const response = await apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return response.body.singleResult as Result<T>;
  };
  return {
    h,
    call,
    async ok<T>(query: string, variables?: Record<string, unknown>, options?: { as?: Principal; now?: string }) {
      const result = await call<T>(query, variables, options);
      if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as T;
    },
  };
}

const db = () => ({ database: process.env.NEO4J_DATABASE || undefined });

/** Driver values as the API would show them: DateTime as ISO in UTC, everything else as is. */
export function plain(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, neo4j.isDateTime(v as never) ? (v as any).toStandardDate().toISOString() : v]));
}

/** Everything stored: every node (labels and properties, audit events and the graph version included) and every relationship. */
export async function snapshot(h: Harness) {
  const nodes = await h.driver.executeQuery('MATCH (n) RETURN labels(n) AS labels, properties(n) AS props', {}, db());
  const rels = await h.driver.executeQuery('MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props', {}, db());
  const sorted = <T>(list: T[]) => list.map((x) => JSON.stringify(x)).sort();
  return {
    nodes: sorted(nodes.records.map((r) => ({ labels: [...r.get('labels')].sort(), ...plain(r.get('props')) }))),
    relationships: sorted(rels.records.map((r) => ({ type: r.get('type'), from: r.get('from'), to: r.get('to'), ...plain(r.get('props')) }))),
  };
}

/** An access record as stored: every property, with its endpoints. */
export async function storedAccess(h: Harness, id: string): Promise<Record<string, unknown> | null> {
  const result = await h.driver.executeQuery('MATCH (a)-[r:ACCESS {id: $id}]->(b) RETURN a.id AS from, b.id AS to, properties(r) AS props', { id }, db());
  const [row] = result.records;
  return row ? { from: row.get('from'), to: row.get('to'), ...plain(row.get('props')) } : null;
}

/** An entity node's stored properties. */
export async function storedEntity(h: Harness, id: string) {
  const result = await h.driver.executeQuery('MATCH (n:Entity {id: $id}) RETURN properties(n) AS props', { id }, db());
  return result.records[0] ? plain(result.records[0].get('props')) : null;
}

/** Every owner link from one owner to one entity, oldest first, with all properties. */
export async function storedLinks(h: Harness, ownerId: string, entityId: string) {
  const result = await h.driver.executeQuery(
    'MATCH (:Entity {id: $ownerId})-[l:OWNS]->(:Entity {id: $entityId}) RETURN properties(l) AS props ORDER BY l.createdAt, l.since',
    { ownerId, entityId },
    db(),
  );
  return result.records.map((r) => plain(r.get('props')));
}

/** The audit events with these ids, in the order given: every property, details parsed. */
export async function events(h: Harness, ids: string[]) {
  const result = await h.driver.executeQuery('MATCH (e:AuditEvent) WHERE e.id IN $ids RETURN properties(e) AS props', { ids }, db());
  const byId = new Map(result.records.map((r) => {
    const e = plain(r.get('props'));
    return [e.id as string, { ...e, details: JSON.parse(e.details as string) }];
  }));
  return ids.map((id) => byId.get(id) ?? null);
}

/** How many audit events are stored. */
export const eventCount = (h: Harness) => h.count('MATCH (e:AuditEvent) RETURN count(e)');

/** One expected audit event, as the caller `as` made it at NOW with REQUEST_ID. */
export function event(kind: string, subjectIds: string[], details: Record<string, unknown>, as: Principal = ADMIN) {
  return { id: expect.stringMatching(/^ev-/), kind, at: NOW, actorId: as.id, actorRole: as.role, requestId: REQUEST_ID, subjectIds, details };
}

/** Every error of an answer as {code, argument} (argument: what a BAD_USER_INPUT, NOT_FOUND or FORBIDDEN names), and whether data came back. */
export function refusal(result: Result) {
  return {
    data: result.data ?? null,
    errors: (result.errors ?? []).map((e) => ({ code: e.extensions?.code, argument: e.extensions?.argument ?? e.extensions?.problems?.[0]?.field })),
  };
}

/** The answer a refused call must be: no data, one error with this code naming this argument. */
export const refused = (code: string, argument: string) => ({ data: null, errors: [{ code, argument }] });

/**
 * Runs a call that must be refused: its refusal (code and argument) and the
 * store before and after, for one whole comparison with `refused(...)` and an
 * unchanged store.
 */
export async function attempt(l: Lifecycle, query: string, variables: Record<string, unknown>, options?: { as?: Principal; now?: string }) {
  const before = await snapshot(l.h);
  const result = await l.call(query, variables, options);
  const after = await snapshot(l.h);
  return { answer: refusal(result), message: result.errors?.[0]?.message ?? null, unchanged: JSON.stringify(after) === JSON.stringify(before) };
}

/** Creates an API key as an administrator; its id and token. */
export async function createKey(h: Harness, input: NewApiKey): Promise<{ id: string; token: string }> {
  const { key, token } = await new ApiKeys(h.exec, 0).create(LOCAL_ADMIN, input);
  return { id: key.id, token };
}

/** What the server makes of a key now: the caller it stands for, or why it is refused. */
export async function keyVerdict(h: Harness, token: string): Promise<string> {
  return new ApiKeys(h.exec, 0).verify(token).then(
    (p) => `accepted as ${p.id}`,
    (e: Error) => `refused: ${e.message}`,
  );
}

/** An API key's revocation as stored: who revoked it (null while it is in force). */
export async function keyRevokedBy(h: Harness, id: string): Promise<string | null> {
  const keys = await new ApiKeys(h.exec, 0).list(LOCAL_ADMIN, true);
  return keys.find((k) => k.id === id)?.revokedBy ?? null;
}
