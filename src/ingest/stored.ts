/**
 * What the store holds under each id a batch declares or refers to: an
 * entity's kind and tenant, an access record's fixed kind, endpoints and
 * instants (validate.ts checks a batch against it). Two sources give the
 * same answer:
 * - Neo4j, looked up by id in chunks (`lookupStored`);
 * - the process's reach index, when it holds exactly the state the write
 *   lock returned (`storedInIndex`, ReachIndexProvider.heldAt): no other
 *   write can commit meanwhile, so the index is what Neo4j would answer.
 *   An access batch then spends no round trip on lookups (80-115 ms of a
 *   5,000-record batch at medium scale, docs/performance.md).
 * test/ingest-stored.test.ts compares the two on every id of a drawn graph.
 */
import type { Tx } from '../db/executor';
import type { AccessKind, EntityKind } from '../generated/graphql';
import type { ReachIndex } from '../reach/index/reach-index';
import { storedAccess, type StoredRecord } from './validate';

const LOOKUP_CHUNK = 5000;

/**
 * From Neo4j, in chunks: every id as an entity first, then the ids that name
 * no entity as access records (one namespace, so an id found as an entity is
 * no access record). A batch of new access records asks the access index
 * only for its own ids, not for every endpoint.
 */
export async function lookupStored(tx: Tx, ids: Iterable<string>): Promise<Map<string, StoredRecord>> {
  const all = [...ids];
  const stored = new Map<string, StoredRecord>();
  for (let i = 0; i < all.length; i += LOOKUP_CHUNK) {
    for (const r of await tx.run('ingest/lookup-entities', { ids: all.slice(i, i + LOOKUP_CHUNK) })) {
      stored.set(r.id as string, { kind: r.kind as EntityKind, tenantId: (r.tenantId as string) ?? null, access: null });
    }
  }
  const rest = all.filter((id) => !stored.has(id));
  const instant = (v: unknown) => (v === null ? null : Number(v));
  for (let i = 0; i < rest.length; i += LOOKUP_CHUNK) {
    for (const r of await tx.run('ingest/lookup-access', { ids: rest.slice(i, i + LOOKUP_CHUNK) })) {
      stored.set(r.id as string, storedAccess(r.accessKind as AccessKind, r.fromId as string, r.toId as string, instant(r.grantedAt), instant(r.revokedAt)));
    }
  }
  return stored;
}

/**
 * The same from a reach index holding the stored state (the whole graph,
 * not a viewer's view): entities by their stored row, access records by
 * their facts. Synchronous, so no patch of the index can come between.
 */
export function storedInIndex(index: ReachIndex, ids: Iterable<string>): Map<string, StoredRecord> {
  const stored = new Map<string, StoredRecord>();
  for (const id of ids) {
    const row = index.row(id);
    if (row !== null) {
      stored.set(id, { kind: row.kind, tenantId: (row.tenantId as string | null | undefined) ?? null, access: null });
      continue;
    }
    const r = index.recordOf(id);
    if (r !== null) stored.set(id, storedAccess(r.kind, index.ids[r.from], index.ids[r.to], r.grantedAt, r.revokedAt));
  }
  return stored;
}
