/**
 * The graph as BloodHound OpenGraph JSON (docs/export.md), so analysts can
 * see MSP access paths next to their AD and Entra attack paths.
 *
 * - Each entity is a node with two kinds: its PathWarden kind, namespaced
 *   (`PW_Person`, `PW_Identity`, ...: BloodHound's extension rule is that an
 *   extension's kinds carry a prefix of their own, so ours never collide with
 *   AD or Entra kinds), and the common source kind `PathWarden`, also the
 *   file's `metadata.source_kind`.
 * - Each access record present at `asOf` is an edge (`PW_MemberOf`,
 *   `PW_Uses`, ...) carrying its approval, justification, expiry,
 *   certification and gaps; containment Tenant -> System is `PW_Contains`.
 * - Properties are primitives or arrays of primitives (OpenGraph refuses
 *   objects); a missing value is left out, never null.
 *
 * With a tenant, the file holds exactly what that tenant's auditor may see:
 * the viewer is resolved by auth/scope.ts as for a TENANT_AUDITOR request,
 * and every query runs through the Executor with it, so the export cannot
 * hold more than the API would show that auditor.
 */
import { accessGaps, departedAt, entityGaps, linkPresent, needsOwner } from '../accountability/gaps';
import { resolveViewer } from '../auth/scope';
import { SYSTEM_VIEWER, type Viewer } from '../core/viewer';
import type { Executor } from '../db/executor';
import type { AccessRow, EntityRow, OwnerLinkRow } from '../core/rows';
import { badArgument, notFound } from '../errors';
import type { AccessKind, EntityKind } from '../generated/graphql';
import { KIND_LABEL } from '../graph/vocabulary';
import { toNeo } from '../time';

/** The source kind of every node, and of the file. */
export const SOURCE_KIND = 'PathWarden';
const PREFIX = 'PW_';

/** A node kind: `PW_` and the entity kind's label (PW_Person, PW_Identity, ...). */
export const nodeKind = (kind: EntityKind) => `${PREFIX}${KIND_LABEL[kind]}`;
/** An edge kind: `PW_` and the access kind in PascalCase (MEMBER_OF -> PW_MemberOf). */
export const edgeKind = (kind: AccessKind) => PREFIX + kind.split('_').map((w) => w[0] + w.slice(1).toLowerCase()).join('');
/** Tenant -> System containment: no access record, never a gap. */
export const CONTAINS_KIND = `${PREFIX}Contains`;

type Primitive = string | number | boolean | string[];
export type Properties = Record<string, Primitive>;

export interface OpenGraphNode {
  id: string;
  kinds: string[];
  properties: Properties;
}
export interface OpenGraphEdge {
  start: { match_by: 'id'; value: string };
  end: { match_by: 'id'; value: string };
  kind: string;
  properties: Properties;
}
export interface OpenGraphFile {
  metadata: { source_kind: string };
  graph: { nodes: OpenGraphNode[]; edges: OpenGraphEdge[] };
}

/** Entity fields exported, by stored name; ids of other entities (tenantId) only when that entity is exported too. */
const ENTITY_FIELDS = [
  'email', 'employer', 'departedAt', 'identityKind', 'enabled', 'tenantId', 'lastUsedAt', 'credentialRotatedAt',
  'credentialExpiresAt', 'mfa', 'category', 'pooled', 'privileged', 'contractStatus', 'contractEndedAt', 'criticality', 'environment',
] as const;
/** Access record fields exported, by stored name. */
const ACCESS_FIELDS = [
  'privileged', 'justification', 'requestedBy', 'approvedBy', 'approvedAt', 'grantedAt', 'expiresAt',
  'lastCertifiedAt', 'certifiedBy', 'lastUsedAt', 'source',
] as const;

const PAGE = 1000;
const OWNER_CHUNK = 1000;

/** BloodHound's property names are lower case (objectid, displayname). */
const lower = (field: string) => field.toLowerCase();

function put(props: Properties, name: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') props[name] = value;
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) props[name] = value as string[];
}

async function pages<T>(fetch: (after: string) => Promise<T[]>, idOf: (row: T) => string): Promise<T[]> {
  const out: T[] = [];
  for (let after = ''; ; ) {
    const rows = await fetch(after);
    out.push(...rows);
    if (rows.length < PAGE) return out;
    after = idOf(rows[rows.length - 1]);
  }
}

/** The viewer the export reads as: the whole graph, or a tenant auditor of `tenantId`. */
async function exportViewer(exec: Executor, tenantId: string | undefined): Promise<Viewer> {
  if (tenantId === undefined) return SYSTEM_VIEWER;
  const [row] = await exec.query(SYSTEM_VIEWER, 'entities/by-ids', { ids: [tenantId] });
  const entity = row?.entity as EntityRow | undefined;
  if (!entity) throw notFound('tenant', tenantId, 'tenant');
  if (entity.kind !== 'TENANT') throw badArgument('tenant', `${JSON.stringify(tenantId)} is a ${entity.kind}, not a TENANT`);
  return resolveViewer(exec, { id: `export:${tenantId}`, role: 'TENANT_AUDITOR', tenantId, credential: 'system' });
}

export async function exportOpenGraph(exec: Executor, options: { tenantId?: string; asOf?: number } = {}): Promise<OpenGraphFile> {
  const at = options.asOf ?? Date.now();
  const viewer = await exportViewer(exec, options.tenantId);

  const entities = await pages(
    async (after) => (await exec.query(viewer, 'entities/list', { after, limit: PAGE })).map((r) => r.entity as EntityRow),
    (e) => e.id,
  );
  const records = await pages(
    async (after) => (await exec.query(viewer, 'export/access', { after, limit: PAGE, asOf: toNeo(at) })).map((r) => r.access as AccessRow),
    (a) => a.id,
  );
  const owned = entities.filter((e) => needsOwner(e.kind)).map((e) => e.id);
  const links = new Map<string, OwnerLinkRow[]>();
  for (let i = 0; i < owned.length; i += OWNER_CHUNK) {
    for (const l of (await exec.query(viewer, 'entities/owners', { ids: owned.slice(i, i + OWNER_CHUNK) })) as unknown as OwnerLinkRow[]) {
      (links.get(l.entityId) ?? links.set(l.entityId, []).get(l.entityId)!).push(l);
    }
  }

  const exported = new Set(entities.map((e) => e.id));
  const nodes = entities.map((e): OpenGraphNode => {
    const properties: Properties = { objectid: e.id, name: e.name, displayname: e.name, pathwardenkind: e.kind };
    for (const field of ENTITY_FIELDS) {
      // A reference to an entity outside the export (another client's tenant) would name what this viewer may not see.
      if (field === 'tenantId' && !exported.has(e.tenantId as string)) continue;
      put(properties, lower(field), e[field]);
    }
    if (e.kind === 'PERSON') properties.status = departedAt(e, at) ? 'DEPARTED' : 'ACTIVE';
    if (needsOwner(e.kind)) {
      put(properties, 'gaps', entityGaps(e.kind, links.get(e.id) ?? [], at));
      put(properties, 'owners', [...new Set((links.get(e.id) ?? []).filter((l) => linkPresent(l, at)).map((l) => l.ownerId))].sort());
    }
    return { id: e.id, kinds: [nodeKind(e.kind), SOURCE_KIND], properties };
  });

  const edges: OpenGraphEdge[] = [];
  for (const r of records) {
    const properties: Properties = { accessid: r.id, pathwardenkind: r.kind, approved: Boolean(r.approvedBy) };
    for (const field of ACCESS_FIELDS) put(properties, lower(field), r[field]);
    put(properties, 'expired', typeof r.expiresAt === 'string' && Date.parse(r.expiresAt) <= at);
    put(properties, 'gaps', accessGaps(r));
    edges.push({ start: { match_by: 'id', value: r.fromId }, end: { match_by: 'id', value: r.toId }, kind: edgeKind(r.kind), properties });
  }
  for (const e of entities) {
    if (e.kind === 'SYSTEM' && exported.has(e.tenantId as string)) {
      edges.push({ start: { match_by: 'id', value: e.tenantId as string }, end: { match_by: 'id', value: e.id }, kind: CONTAINS_KIND, properties: {} });
    }
  }
  return { metadata: { source_kind: SOURCE_KIND }, graph: { nodes, edges } };
}

