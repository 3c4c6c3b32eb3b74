/**
 * DataLoaders, created per request (never shared: a later viewer may not see
 * what an earlier one saw, and a request should see one consistent snapshot
 * of what it already loaded). Each batch function answers in key order, so a
 * response costs one round trip per kind of lookup per tick, whatever its size.
 */
import DataLoader from 'dataloader';
import type { Viewer } from '../core/viewer';
import type { Executor } from '../db/executor';
import { parseInstant, toNeo } from '../time';
import type { ReachIndex } from '../reach/index/reach-index';
import type { AccessRow, EntityRow, OwnerLinkRow } from '../core/rows';

export interface Loaders {
  entity: DataLoader<string, EntityRow | null>;
  /** The request's reach index once it is at hand (the request's traversal resolved it), else null: its rows are read without a promise. */
  atHand(): ReachIndex | null;
  access: DataLoader<string, AccessRow | null>;
  owners: DataLoader<string, OwnerLinkRow[]>;
  /** Team members (people and identities) present at an instant (ISO); one loader per instant. */
  membersAt(asOf: string): DataLoader<string, EntityRow[]>;
}

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const found = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((k) => found.get(k) ?? null);
}

function grouped<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/** The request's reach index: resolved once per request, and at hand without a promise once it is. */
export interface RequestIndex {
  current(): Promise<ReachIndex>;
  atHand(): ReachIndex | null;
}

/**
 * `memory`, when given, is the request's reach index: it holds every entity's
 * row and owner links, so those loads cost no round trip.
 */
export function createLoaders(exec: Executor, viewer: Viewer, memory?: RequestIndex): Loaders {
  const members = new Map<string, DataLoader<string, EntityRow[]>>();
  return {
    atHand: () => memory?.atHand() ?? null,
    entity: new DataLoader(async (ids) => {
      if (memory) {
        const index = await memory.current();
        return ids.map((id) => index.row(id));
      }
      const rows = await exec.query(viewer, 'entities/by-ids', { ids });
      return byKey(ids, rows.map((r) => r.entity as EntityRow), (e) => e.id);
    }),
    access: new DataLoader(async (ids) => {
      const rows = await exec.query(viewer, 'entities/access-by-ids', { ids });
      return byKey(ids, rows.map((r) => r.access as AccessRow), (a) => a.id);
    }),
    owners: new DataLoader(async (ids) => {
      if (memory) {
        const index = await memory.current();
        return ids.map((id) => index.ownerLinks(id));
      }
      const rows = (await exec.query(viewer, 'entities/owners', { ids })) as unknown as OwnerLinkRow[];
      return grouped(ids, rows, (l) => l.entityId);
    }),
    membersAt(asOf) {
      let loader = members.get(asOf);
      if (!loader) {
        const at = toNeo(parseInstant(asOf) as number);
        loader = new DataLoader(async (ids) => {
          const rows = await exec.query(viewer, 'entities/members', { ids, asOf: at });
          return grouped(ids, rows, (r) => r.teamId as string).map((rs) => rs.map((r) => r.member as EntityRow));
        });
        members.set(asOf, loader);
      }
      return loader;
    },
  };
}
