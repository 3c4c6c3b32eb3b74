/**
 * The plan of a whole-source sync, made read-only before anything is
 * written (docs/ingest.md, "Sync of a whole source"): for every record of
 * every document, whether the sync creates it (new: staged), changes it
 * (written in the publishing transaction) or leaves it as stored
 * (unchanged: not written at all). A record is unchanged when every field it
 * gives equals what is stored, compared as ingest would write it (instants
 * as instants, a null as an absent field), and the source stamped on it is
 * already this sync's; defaults apply only on create, so they never make
 * a stored record differ.
 *
 * A record whose id an earlier document of the same sync also lists is
 * "changed" (written at publishing, after the earlier document's records):
 * its earlier state is not stored yet, so it cannot be compared.
 */
import type { Tx, Row } from '../db/executor';
import type { Prepared, PreparedRecord, StoredRecord } from './validate';

const CHUNK = 5000;

/** What a sync does with each record of one document, by key (entityKey, accessKey, ownershipKey). */
export interface DocumentPlan {
  created: Set<string>;
  changed: Set<string>;
}

/** Per kind (entity kinds, OWNERSHIP, ACCESS): records created, changed and unchanged. */
export type PlanCounts = Record<string, { created: number; updated: number; unchanged: number }>;

export const entityKey = (id: string) => `E ${id}`;
export const accessKey = (id: string) => `A ${id}`;
export const ownershipKey = (ownerId: string, entityId: string) => `O ${ownerId} -> ${entityId}`;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function equalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equalValues(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => equalValues(a[k], b[k]));
  }
  return false;
}

/** Whether writing `record` (as ingest writes it, stamped with `source`) would leave `stored` (a record's stored properties) as it is. */
export function unchangedBy(record: PreparedRecord, stored: Row, source: string): boolean {
  if (stored.source !== source) return false;
  for (const [field, value] of Object.entries(record.props)) {
    const was = stored[field] ?? null;
    if (value === null || value === undefined) {
      if (was !== null) return false;
    } else if (record.instants.includes(field)) {
      if (typeof was !== 'string' || Date.parse(was) !== value) return false;
    } else if (!equalValues(value, was)) return false;
  }
  return true;
}

async function storedProps(tx: Tx, name: string, key: string, params: unknown[], paramName: string, keyOf: (row: Row) => string): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  for (let i = 0; i < params.length; i += CHUNK) {
    for (const row of await tx.run(name, { [paramName]: params.slice(i, i + CHUNK) })) out.set(keyOf(row), row[key] as Row);
  }
  return out;
}

/**
 * Classifies the records of one valid document. `stored` is what validation
 * found under its ids (earlier documents' records included); `earlierIds`
 * and `earlierPairs` what earlier documents of this sync list; `standing`
 * the owner-link pairs (`owner -> entity`) that stand now or after them.
 */
export async function planDocument(
  tx: Tx,
  prepared: Prepared,
  stored: ReadonlyMap<string, StoredRecord>,
  earlierIds: ReadonlySet<string>,
  earlierPairs: ReadonlySet<string>,
  standing: ReadonlySet<string>,
  source: string,
  counts: PlanCounts,
): Promise<DocumentPlan> {
  const plan: DocumentPlan = { created: new Set(), changed: new Set() };
  const inStore = (id: string) => stored.has(id) && !earlierIds.has(id);
  const entities = await storedProps(tx, 'sync/compare-entities', 'props', prepared.entities.filter((r) => inStore(r.id)).map((r) => r.id), 'ids', (row) => row.id as string);
  const access = await storedProps(tx, 'sync/compare-access', 'props', prepared.access.filter((r) => inStore(r.id)).map((r) => r.id), 'ids', (row) => row.id as string);
  const pairs = prepared.ownerships.filter((r) => standing.has(r.id) && !earlierPairs.has(r.id)).map((r) => ({ ownerId: r.fromId, entityId: r.toId }));
  const links = await storedProps(tx, 'sync/compare-ownerships', 'props', pairs, 'pairs', (row) => `${row.ownerId} -> ${row.entityId}`);

  const judge = (kind: string, key: string, exists: boolean, earlier: boolean, props: Row | undefined, record: PreparedRecord) => {
    const c = (counts[kind] ??= { created: 0, updated: 0, unchanged: 0 });
    if (!exists) {
      plan.created.add(key);
      c.created++;
    } else if (earlier || props === undefined || !unchangedBy(record, props, source)) {
      plan.changed.add(key);
      c.updated++;
    } else c.unchanged++;
  };
  for (const r of prepared.entities) judge(r.kind, entityKey(r.id), stored.has(r.id), earlierIds.has(r.id), entities.get(r.id), r);
  for (const r of prepared.ownerships) judge('OWNERSHIP', ownershipKey(r.fromId as string, r.toId as string), standing.has(r.id), earlierPairs.has(r.id), links.get(r.id), r);
  for (const r of prepared.access) judge('ACCESS', accessKey(r.id), stored.has(r.id), earlierIds.has(r.id), access.get(r.id), r);
  return plan;
}
