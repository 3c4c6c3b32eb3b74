/**
 * A GDAP export onto the graph (docs/connectors-gdap.md "The mapping"):
 *
 *   partner user  -> Person person:entra:<userId> (one per user, named by displayName)
 *                    -USES-> Identity identity:entra:<userId> (HUMAN_ACCOUNT, named by
 *                    userPrincipalName, enabled = accountEnabled)
 *   group member  -> Identity -MEMBER_OF-> Team team:entra:<groupId>
 *   customer      -> Tenant tenant:entra:<customerTenantId>
 *   role R in a customer C -> Role role:gdap:<C>:<R>, bound to C's Tenant, privileged
 *                    by Microsoft's label (entra-roles.ts)
 *   relationship  -> Role -GRANTS-> Tenant, one per role it grants, until endDateTime
 *   access assignment -> Team -HAS_ROLE-> Role, one per role it assigns, until the
 *                    relationship's endDateTime
 *
 * So the path reads Person -> Identity -> Team -> Role -> Tenant, and a
 * disabled account stops it. Ended relationships and deleted assignments
 * give revoked records; pending ones give nothing. The relationship's name
 * and id are the justification of every record it gives.
 */
import type { AccessInput, IngestInput } from '../../generated/graphql';
import { isoOf } from '../../time';
import type { SourceLocation, SourceProblem } from '../connector';
import { entraRole } from './entra-roles';
import { ENDED_RELATIONSHIP, PENDING_RELATIONSHIP, type Assignment, type Group, type Relationship, type User } from './graph-objects';

/** Where a record came from: a file, the JSON path of the object, and the paths of some of its fields. */
interface Origin {
  file: string;
  at: string;
  fields?: Record<string, string>;
}

/** Entra ids mapped onto ids already in PathWarden (pathwarden-ids.json). */
export interface IdMap {
  tenants: ReadonlyMap<string, string>;
  people: ReadonlyMap<string, string>;
}

export interface Export {
  relationships: Relationship[];
  assignments: Map<string, Assignment[]>;
  groups: Map<string, Group>;
  members: Map<string, User[]>;
  /**
   * Whether a group missing from `groups` may still be in the export: listed
   * with a problem of its own, or on a page that could not be read (each
   * already a problem). Only a group it cannot be is a problem of the
   * assignment that names it.
   */
  groupMayBeListed(groupId: string): boolean;
}

type ListName = 'tenants' | 'people' | 'teams' | 'identities' | 'roles' | 'access';

export const ids = {
  tenant: (tenantId: string) => `tenant:entra:${tenantId}`,
  person: (userId: string) => `person:entra:${userId}`,
  identity: (userId: string) => `identity:entra:${userId}`,
  team: (groupId: string) => `team:entra:${groupId}`,
  role: (tenantId: string, roleId: string) => `role:gdap:${tenantId}:${roleId}`,
  uses: (userId: string) => `access:entra:uses:${userId}`,
  member: (groupId: string, userId: string) => `access:entra:member:${groupId}:${userId}`,
  grants: (relationshipId: string, roleId: string) => `access:gdap:${relationshipId}:${roleId}`,
  hasRole: (relationshipId: string, assignmentId: string, roleId: string) => `access:gdap:${relationshipId}:${assignmentId}:${roleId}`,
};

class Builder {
  readonly input: Required<Pick<IngestInput, ListName>> = { tenants: [], people: [], teams: [], identities: [], roles: [], access: [] };
  private readonly origins: Record<ListName, Origin[]> = { tenants: [], people: [], teams: [], identities: [], roles: [], access: [] };
  private readonly seen = new Set<string>();

  /** Adds a record once per id (the first origin wins). */
  add<L extends ListName>(list: L, record: NonNullable<IngestInput[L]>[number], origin: Origin): void {
    if (this.seen.has(record.id)) return;
    this.seen.add(record.id);
    (this.input[list] as (typeof record)[]).push(record);
    this.origins[list].push(origin);
  }

  locate(list: string, index: number, field?: string): SourceLocation | undefined {
    const origin = this.origins[list as ListName]?.[index];
    if (!origin) return undefined;
    return { file: origin.file, column: (field && origin.fields?.[field]) || origin.at };
  }
}

const justification = (r: Relationship) => `GDAP relationship "${r.displayName}" (${r.id})`;

/** The native document of one export, and every problem of its cross-references. */
export function mapExport(exp: Export, idMap: IdMap, problems: SourceProblem[]): Builder {
  const out = new Builder();
  const tenantOf = (r: Relationship) => idMap.tenants.get(r.customer!.tenantId) ?? ids.tenant(r.customer!.tenantId);
  const teamsNeeded = new Map<string, { groupId: string; f: Assignment['f']; needMembers: boolean }>();

  for (const r of exp.relationships) {
    if (PENDING_RELATIONSHIP.has(r.status)) continue;
    const origin = (field = ''): Origin => ({ file: r.f.file, at: r.f.at(field) });
    const tenantId = tenantOf(r);
    if (!idMap.tenants.has(r.customer!.tenantId)) out.add('tenants', { id: tenantId, name: r.customer!.displayName }, origin('customer'));
    const ended = ENDED_RELATIONSHIP.has(r.status);
    // Ended before activation: it never gave access, so it gives no record.
    if (ended && r.activated === null) continue;
    const grantedAt = r.activated!;
    const revokedAt = ended ? Math.max(r.end!, grantedAt) : null;
    for (const role of r.roles) {
      const entra = entraRole(role.id);
      const roleId = ids.role(r.customer!.tenantId, role.id);
      out.add('roles', { id: roleId, name: `${entra.name} (${r.customer!.displayName})`, privileged: entra.privileged, tenantId }, { file: r.f.file, at: role.at });
      const grant: AccessInput = {
        id: ids.grants(r.id, role.id),
        kind: 'GRANTS',
        fromId: roleId,
        toId: tenantId,
        privileged: entra.privileged,
        justification: justification(r),
        grantedAt: isoOf(grantedAt),
        expiresAt: isoOf(r.end!),
        ...(revokedAt !== null ? { revokedAt: isoOf(revokedAt) } : {}),
      };
      out.add('access', grant, { file: r.f.file, at: role.at, fields: { grantedAt: r.f.at('activatedDateTime'), expiresAt: r.f.at('endDateTime'), revokedAt: r.f.at('endDateTime'), toId: r.f.at('customer.tenantId') } });
    }

    const granted = new Set(r.roles.map((x) => x.id));
    for (const a of exp.assignments.get(r.id) ?? []) {
      if (a.status === 'pending' || a.status === 'error') continue;
      for (const role of a.roles) {
        if (!granted.has(role.id)) problems.push({ file: a.f.file, column: role.at, reason: `role ${role.id} is not among the roles relationship ${r.id} grants (its accessDetails.unifiedRoles)` });
      }
      const start = Math.max(a.created, grantedAt);
      const deleted = a.status === 'deleted' ? (a.lastModified as number) : null;
      const stop = [deleted, revokedAt].filter((t): t is number => t !== null);
      const revoked = stop.length > 0 ? Math.max(Math.min(...stop), start) : null;
      const teamId = ids.team(a.groupId);
      const needed = teamsNeeded.get(a.groupId);
      if (!needed || (!needed.needMembers && revoked === null)) teamsNeeded.set(a.groupId, { groupId: a.groupId, f: a.f, needMembers: revoked === null || (needed?.needMembers ?? false) });
      for (const role of a.roles) {
        const entra = entraRole(role.id);
        out.add(
          'access',
          {
            id: ids.hasRole(r.id, a.id, role.id),
            kind: 'HAS_ROLE',
            fromId: teamId,
            toId: ids.role(r.customer!.tenantId, role.id),
            privileged: entra.privileged,
            justification: `${justification(r)}, access assignment ${a.id}`,
            grantedAt: isoOf(start),
            expiresAt: isoOf(r.end!),
            ...(revoked !== null ? { revokedAt: isoOf(revoked) } : {}),
          },
          { file: a.f.file, at: role.at, fields: { fromId: a.f.at('accessContainer.accessContainerId'), grantedAt: a.f.at('createdDateTime'), revokedAt: a.f.at('lastModifiedDateTime'), expiresAt: r.f.at('endDateTime') } },
        );
      }
    }
  }

  // The security groups the assignments name, and their members.
  for (const { groupId, f, needMembers } of teamsNeeded.values()) {
    const group = exp.groups.get(groupId);
    if (!group) {
      if (!exp.groupMayBeListed(groupId)) f.problem('accessContainer.accessContainerId', `names group ${groupId}, which is not in groups*.json`);
      continue;
    }
    out.add('teams', { id: ids.team(groupId), name: group.displayName }, { file: group.f.file, at: group.f.at('') });
    const members = exp.members.get(groupId);
    if (!members) {
      if (needMembers) f.problem('accessContainer.accessContainerId', `names group ${groupId} (${group.displayName}), whose members were not saved: expected members-${groupId}.json`);
      continue;
    }
    for (const u of members) {
      const at = (field = ''): Origin => ({ file: u.f.file, at: u.f.at(field) });
      const personId = idMap.people.get(u.id) ?? ids.person(u.id);
      if (!idMap.people.has(u.id)) out.add('people', { id: personId, name: u.displayName }, at('displayName'));
      out.add('identities', { id: ids.identity(u.id), name: u.userPrincipalName, identityKind: 'HUMAN_ACCOUNT', enabled: u.enabled }, at());
      out.add('access', { id: ids.uses(u.id), kind: 'USES', fromId: personId, toId: ids.identity(u.id) }, at());
      out.add('access', { id: ids.member(groupId, u.id), kind: 'MEMBER_OF', fromId: ids.identity(u.id), toId: ids.team(groupId) }, at());
    }
  }
  return out;
}
