/**
 * Who is asking: the core type every layer takes (the Executor, the reach
 * engine, the services), so it lives below all of them, and auth/ only makes
 * Viewers (test/layers.test.ts keeps it so). A request's credential
 * (auth/authenticate.ts) becomes a Principal: an id, a role and, for the two
 * narrowed roles, what it is bound to. auth/scope.ts turns the Principal into a Viewer by resolving its Scope:
 * the entities and access records it may see. Every data-layer call takes the
 * Viewer, and the Executor hands its scope to every Cypher query as $scope,
 * so authorization is applied where the data is read (docs/security.md).
 */
// A type alone: the index is a plain data structure (it imports nothing that runs above it).
import type { ReachIndex } from '../reach/index/reach-index';

export type ViewerRole = 'ADMIN' | 'ANALYST' | 'OWNER' | 'TENANT_AUDITOR' | 'INGEST' | 'METRICS';
export const VIEWER_ROLES: readonly ViewerRole[] = ['ADMIN', 'ANALYST', 'OWNER', 'TENANT_AUDITOR', 'INGEST', 'METRICS'];

/**
 * Who may read /metrics (server/metrics): the whole-graph readers, and
 * METRICS, a credential for a Prometheus server that may read nothing else.
 * The gauges count findings and gaps over the whole graph, so a narrowed
 * role (an OWNER, a client's TENANT_AUDITOR) would learn about other
 * clients from them; INGEST reads nothing.
 */
export const METRICS_READERS: readonly ViewerRole[] = ['ADMIN', 'ANALYST', 'METRICS'];

export interface Principal {
  /** Stable identifier of the caller (a JWT's sub, or `apikey:<key id>`), recorded in logs, audit events and transaction metadata. */
  id: string;
  role: ViewerRole;
  /** OWNER: the Person whose owned entities bound what they see. */
  personId?: string | null;
  /** TENANT_AUDITOR: the one Tenant they audit. */
  tenantId?: string | null;
  /**
   * INGEST: the ingest sources it may write (an API key's `sources`, a JWT's
   * `sources` claim); null or absent: any source. A pipeline's credential
   * bound to its own source cannot sync, and so revoke, another pipeline's.
   */
  sources?: readonly string[] | null;
  /** How the caller proved who they are. */
  credential: 'jwt' | 'api-key' | 'system';
}

/**
 * What a viewer may see. ALL is the whole graph. VISIBLE lists the entity
 * and access-record ids in scope (sent to Cypher as $scope) and carries the
 * request's reach index narrowed to them (`view`), so traversals can only
 * cross what is in scope.
 */
export type Scope =
  | { kind: 'ALL' }
  | {
      kind: 'VISIBLE';
      entities: ReadonlySet<string>;
      access: ReadonlySet<string>;
      /** The same sets as Cypher parameters (built once per scope, not per query). */
      param: CypherScope;
      /** The reach index this scope was resolved on, narrowed to it (ReachIndex.view). */
      view: ReachIndex;
    };

/** $scope as every Cypher query receives it: `WHERE $scope.all OR n.id IN $scope.entities`. */
export interface CypherScope {
  all: boolean;
  entities: string[];
  access: string[];
}

export const ALL_SCOPE: Scope = { kind: 'ALL' };
const ALL_PARAM: CypherScope = { all: true, entities: [], access: [] };

export function cypherScope(scope: Scope): CypherScope {
  return scope.kind === 'ALL' ? ALL_PARAM : scope.param;
}

export interface Viewer extends Principal {
  scope: Scope;
}

/** Roles that see the whole graph; OWNER and TENANT_AUDITOR are narrowed (auth/scope.ts). INGEST writes anywhere but may call nothing else. METRICS sees nothing (auth/scope.ts). */
export const WHOLE_GRAPH_ROLES: readonly ViewerRole[] = ['ADMIN', 'ANALYST', 'INGEST'];

/** An administrator for tests and local tools that bypass HTTP (never reachable without a credential over HTTP). */
export const LOCAL_ADMIN: Viewer = { id: 'local-admin', role: 'ADMIN', credential: 'system', scope: ALL_SCOPE };

/** The API process itself (start-up demo load, the import CLI, index loads): recorded as such in transaction metadata. */
export const SYSTEM_VIEWER: Viewer = { id: 'pathwarden-system', role: 'ADMIN', credential: 'system', scope: ALL_SCOPE };
