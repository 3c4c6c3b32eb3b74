/**
 * Reach answers as the resolvers receive them: ids and numbers only. Entities
 * and access records on them are loaded by the per-request DataLoaders when
 * (and only when) a client asks for their fields. `asOf` (ISO) travels with
 * every piece so time-dependent fields answer for the queried instant.
 */
import type { GapReason } from '../generated/graphql';
import type { Step } from './traversal';
import type { Reached } from './traverser';
import type { ReachTreeModel, TenantPathsModel } from './tree';

export interface PathStepModel {
  fromId: string;
  toId: string;
  /** null for the containment step Tenant -> System. */
  accessId: string | null;
  /** The access record's own gaps, known from the traversal (no extra load). */
  accessGaps: GapReason[];
  asOf: string;
}

export interface PathModel {
  length: number;
  steps: PathStepModel[];
}

export interface ReachedSystemModel {
  asOf: string;
  /** The traversal's answer for this system; its witness is traced only when a client asks for `path`. */
  reached: Reached;
}

export interface TenantReachModel {
  tenantId: string;
  systemCount: number;
  asOf: string;
  /** This tenant's reached systems, in the blast radius's order (asOf apart: a page's are wrapped with it as they are served). */
  systems: readonly Reached[];
  privilegedSystemCount: number;
  /** What the drawn paths into this tenant carry (from the tree, computed once when first asked). */
  paths(): TenantPathsModel;
}

export interface BlastRadiusModel {
  fromId: string;
  asOf: string;
  maxDepth: number;
  /** The reached systems, nearest first then by id (asOf apart: a page's are wrapped with it as they are served). */
  systems: readonly Reached[];
  privilegedSystemCount: number;
  tenantCount: number;
  /** Each reached tenant, most systems first (made when first asked). */
  tenants(): TenantReachModel[];
  /** The reach tree folded to tenants (tree.ts), computed once when first asked. */
  tree(): ReachTreeModel;
}

export interface ReacherModel {
  entityId: string;
  distance: number;
  asOf: string;
  /** One shortest path from the reacher to the target, traced only when a client asks (Reacher.through). */
  witness?: () => Step[];
}

export interface ExposureModel {
  targetId: string;
  asOf: string;
  maxDepth: number;
  people: ReacherModel[];
  identities: ReacherModel[];
}

export function pathOf(steps: Step[], asOf: string): PathModel {
  return { length: steps.length, steps: steps.map((s) => ({ fromId: s.from, toId: s.to, accessId: s.accessId, accessGaps: s.accessGaps, asOf })) };
}
