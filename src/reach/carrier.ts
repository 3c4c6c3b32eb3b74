/**
 * What carries a reacher's exposure (Reacher.through): the first Tool or
 * shared admin account after the reacher on its shortest path to the target.
 * Those are what an MSP revokes or rotates to cut many people off at once,
 * so the console groups an exposure by them.
 */
import type { EntityRow } from '../core/rows';
import { CARRIER_IDENTITY_KIND } from '../graph/vocabulary';
import type { Step } from './traversal';

export const isCarrier = (e: EntityRow): boolean => e.kind === 'TOOL' || (e.kind === 'IDENTITY' && e.identityKind === CARRIER_IDENTITY_KIND);

/** The carrier on a reacher's path (its steps, reacher first), loading the entities it enters; null when none. */
export async function carrierOn(steps: readonly Step[], load: (id: string) => EntityRow | Promise<EntityRow>): Promise<EntityRow | null> {
  const entered = await Promise.all(steps.map((step) => load(step.to)));
  return entered.find(isCarrier) ?? null;
}
