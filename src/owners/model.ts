/**
 * Owner views as the resolvers receive them: ids, numbers and the reach
 * models they reuse; entities and access records load only when asked for.
 */
import type { OwnerRole } from '../generated/graphql';
import type { BlastRadiusModel, PathModel } from '../reach/model';

export interface OwnedReachModel {
  entityId: string;
  role: OwnerRole;
  since: string;
  /** The instant (ISO) the whole answer is evaluated at. */
  asOf: string;
  blastRadius: BlastRadiusModel;
}

export interface DueRecertificationModel {
  accessId: string;
  /** ISO instant. */
  dueAt: string;
  overdue: boolean;
  paths: PathModel[];
  /** The request's now: records, owners and paths are evaluated then. */
  asOf: string;
}
