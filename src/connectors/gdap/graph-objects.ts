/**
 * The Microsoft Graph objects a GDAP export holds, read strictly from their
 * collection pages (fields as the v1.0 REST API names them):
 * - delegatedAdminRelationship: id, displayName, status, customer { tenantId,
 *   displayName }, accessDetails.unifiedRoles[].roleDefinitionId,
 *   activatedDateTime, endDateTime, lastModifiedDateTime;
 * - delegatedAdminAccessAssignment: id, status, accessContainer
 *   { accessContainerId, accessContainerType: "securityGroup" },
 *   accessDetails.unifiedRoles, createdDateTime, lastModifiedDateTime;
 * - group: id, displayName;
 * - user (a group member): id, displayName, userPrincipalName, accountEnabled.
 * Only the fields PathWarden maps are required; others are ignored.
 */
import type { SourceProblem } from '../connector';
import { Fields } from './fields';
import type { Item } from './pages';

export const RELATIONSHIP_STATUSES = [
  'created', 'approvalPending', 'approved', 'activating', 'active', 'expiring', 'expired',
  'terminationRequested', 'terminating', 'terminated',
] as const;
export type RelationshipStatus = (typeof RELATIONSHIP_STATUSES)[number];
/** Not yet in force: the customer has not approved, or provisioning has not finished. No access yet. */
export const PENDING_RELATIONSHIP: ReadonlySet<RelationshipStatus> = new Set(['created', 'approvalPending', 'approved', 'activating']);
/** Ended: deprovisioned, so its access records are revoked at endDateTime. */
export const ENDED_RELATIONSHIP: ReadonlySet<RelationshipStatus> = new Set(['expired', 'terminated']);

export const ASSIGNMENT_STATUSES = ['pending', 'active', 'deleting', 'deleted', 'error'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export interface RoleRef {
  id: string;
  at: string;
}

export interface Relationship {
  f: Fields;
  id: string;
  displayName: string;
  status: RelationshipStatus;
  /** Null while pending (nothing else is read then). */
  customer: { tenantId: string; displayName: string } | null;
  roles: RoleRef[];
  activated: number | null;
  end: number | null;
}

export interface Assignment {
  f: Fields;
  id: string;
  status: AssignmentStatus;
  groupId: string;
  roles: RoleRef[];
  created: number;
  lastModified: number | null;
}

export interface Group {
  f: Fields;
  id: string;
  displayName: string;
}

export interface User {
  f: Fields;
  id: string;
  displayName: string;
  userPrincipalName: string;
  enabled: boolean;
}

const defined = (...values: unknown[]) => values.every((v) => v !== undefined);

export function readRelationship(item: Item, problems: SourceProblem[]): Relationship | undefined {
  const f = new Fields(item, problems);
  if (!f.isObject()) return undefined;
  const id = f.text('id');
  const displayName = f.text('displayName');
  const status = f.oneOf('status', RELATIONSHIP_STATUSES);
  if (!defined(id, displayName, status)) return undefined;
  if (PENDING_RELATIONSHIP.has(status!)) return { f, id: id!, displayName: displayName!, status: status!, customer: null, roles: [], activated: null, end: null };
  const tenantId = f.text('customer.tenantId');
  const customerName = f.text('customer.displayName');
  const roles = f.roleIds('accessDetails.unifiedRoles');
  // A relationship that ended before it was ever activated gave no access: activatedDateTime may then be null.
  const activated = f.instant('activatedDateTime', ENDED_RELATIONSHIP.has(status!));
  const end = f.instant('endDateTime');
  if (!defined(tenantId, customerName, roles, end)) return undefined;
  return { f, id: id!, displayName: displayName!, status: status!, customer: { tenantId: tenantId!.toLowerCase(), displayName: customerName! }, roles: roles!, activated: activated ?? null, end: end! };
}

export function readAssignment(item: Item, problems: SourceProblem[]): Assignment | undefined {
  const f = new Fields(item, problems);
  if (!f.isObject()) return undefined;
  const id = f.text('id');
  const status = f.oneOf('status', ASSIGNMENT_STATUSES);
  const type = f.oneOf('accessContainer.accessContainerType', ['securityGroup'] as const);
  const groupId = f.text('accessContainer.accessContainerId');
  const roles = f.roleIds('accessDetails.unifiedRoles');
  const created = f.instant('createdDateTime');
  const lastModified = f.instant('lastModifiedDateTime', status !== 'deleted');
  if (!defined(id, status, type, groupId, roles, created, lastModified ?? 0)) return undefined;
  return { f, id: id!, status: status!, groupId: groupId!.toLowerCase(), roles: roles!, created: created!, lastModified: lastModified ?? null };
}

export function readGroup(item: Item, problems: SourceProblem[]): Group | undefined {
  const f = new Fields(item, problems);
  if (!f.isObject()) return undefined;
  const id = f.text('id');
  const displayName = f.text('displayName');
  return defined(id, displayName) ? { f, id: id!.toLowerCase(), displayName: displayName! } : undefined;
}

const SELECT_HINT = ' (save members with $select=id,displayName,userPrincipalName,accountEnabled)';

export function readUser(item: Item, problems: SourceProblem[]): User | undefined {
  const f = new Fields(item, problems);
  if (!f.isObject()) return undefined;
  const type = f.raw('@odata.type');
  if (type !== undefined && type !== '#microsoft.graph.user') {
    f.problem('@odata.type', `is ${JSON.stringify(type)}: only users are read as members (save /members/microsoft.graph.user)`);
    return undefined;
  }
  const id = f.text('id');
  const displayName = f.text('displayName', SELECT_HINT);
  const userPrincipalName = f.text('userPrincipalName', SELECT_HINT);
  const enabled = f.boolean('accountEnabled', SELECT_HINT);
  return defined(id, displayName, userPrincipalName, enabled) ? { f, id: id!.toLowerCase(), displayName: displayName!, userPrincipalName: userPrincipalName!, enabled: enabled! } : undefined;
}
