/**
 * The people who take lifecycle decisions (approvers, certifiers, break-glass
 * reviewers) and the separation-of-duties rule they are held to: nobody
 * approves or certifies access they would hold themselves (domain.md, "an
 * approver may not approve their own access"), and nobody who has departed
 * decides anything.
 */
import { departedAt } from '../accountability/gaps';
import type { Tx } from '../db/executor';
import type { EntityRow } from '../core/rows';
import { badArgument } from '../errors';
import { isoOf, toNeo } from '../time';

/**
 * The people who hold access granted from `fromId` at `at` (ms): the from
 * Person itself; the people who use a from Identity (USES, directly or
 * through a Team they are a member of); the members of a from Team.
 */
export async function holders(tx: Tx, fromId: string, at: number): Promise<Set<string>> {
  const rows = await tx.run('lifecycle/holders', { fromId, at: toNeo(at) });
  return new Set(rows.map((r) => r.personId as string));
}

/** Refuses a Person who has departed by `at` (ms) as the one deciding (`argument` names them). */
export function mustBeActive(argument: string, person: EntityRow, at: number): void {
  if (departedAt(person, at)) {
    const when = typeof person.departedAt === 'string' ? ` (departed ${person.departedAt})` : '';
    throw badArgument(argument, `${JSON.stringify(person.id)} has departed${when} and may not take decisions at ${isoOf(at)}`);
  }
}

/** Refuses `personId` as `role` (approve, certify) of a record from `fromId` when they hold it at `at`. */
export async function mustNotHold(tx: Tx, argument: string, personId: string, fromId: string, at: number, role: 'approve' | 'certify'): Promise<void> {
  if ((await holders(tx, fromId, at)).has(personId)) {
    throw badArgument(
      argument,
      `${JSON.stringify(personId)} may not ${role} access they would hold themselves (they are, use or belong to ${JSON.stringify(fromId)})`,
    );
  }
}
