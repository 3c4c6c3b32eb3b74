import type { GapReason } from '../generated/graphql';
import type { PathModel } from '../reach/model';

/** One gap of the unaccountable-paths report: on an entity or on an access record. */
export interface GapModel {
  entityId: string | null;
  accessId: string | null;
  reason: GapReason;
  peopleExposed: number;
  systemsExposed: number;
  example: PathModel;
  asOf: string;
}
