/**
 * Reading what a lifecycle mutation names, inside its own transaction, and
 * turning each id argument into the stored entity or record it must name:
 * NOT_FOUND when it names nothing, BAD_USER_INPUT when it names the wrong
 * kind of thing (an access record where an entity is expected, a Team where
 * a Person is).
 */
import type { Tx } from '../db/executor';
import type { AccessRow, EntityRow } from '../core/rows';
import { badArgument, notFound } from '../errors';
import type { EntityKind } from '../generated/graphql';
import { TYPENAME } from '../graph/vocabulary';
import { notFoundAs } from './arguments';

/** What the store holds under one id: an entity or an access record (one namespace). */
export interface Stored {
  entity: EntityRow | null;
  access: AccessRow | null;
}

export type Store = Map<string, Stored>;

export async function lookup(tx: Tx, ids: (string | null | undefined)[]): Promise<Store> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  const store: Store = new Map();
  if (wanted.length === 0) return store;
  for (const row of await tx.run('lifecycle/lookup', { ids: wanted })) {
    store.set(row.id as string, { entity: (row.entity as EntityRow) ?? null, access: (row.access as AccessRow) ?? null });
  }
  return store;
}

const article = (kind: EntityKind) => (kind === 'IDENTITY' ? 'an' : 'a');
const kindList = (kinds: readonly EntityKind[]) => kinds.map((k) => `${article(k)} ${TYPENAME[k]}`).join(' or ');

/** The entity `id` names, which must be one of `kinds`. */
export function entityArg(store: Store, argument: string, id: string, kinds: readonly EntityKind[]): EntityRow {
  const found = store.get(id);
  if (!found) throw notFound(argument, id);
  if (!found.entity) throw badArgument(argument, `${JSON.stringify(id)} is an access record; expected ${kindList(kinds)}`);
  if (!kinds.includes(found.entity.kind)) throw badArgument(argument, `${JSON.stringify(id)} is ${article(found.entity.kind)} ${TYPENAME[found.entity.kind]}; expected ${kindList(kinds)}`);
  return found.entity;
}

/** The access record `id` names. */
export function accessArg(store: Store, argument: string, id: string): AccessRow {
  const found = store.get(id)?.access;
  if (!found) throw notFoundAs('access record', argument, id);
  return found;
}

/** Epoch ms of a stored instant (ISO), or null. */
export function ms(value: unknown): number | null {
  return typeof value === 'string' ? Date.parse(value) : null;
}
