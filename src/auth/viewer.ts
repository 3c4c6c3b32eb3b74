/**
 * Who is asking. Every data-layer call takes the viewer, and the Executor
 * hands its scope to every Cypher query as $scope, so that authorization
 * (a later issue: roles OWNER and TENANT_AUDITOR narrow the scope) is applied
 * where the data is read rather than in scattered resolver checks.
 */
export type ViewerRole = 'ADMIN' | 'ANALYST' | 'OWNER' | 'TENANT_AUDITOR' | 'INGEST';

/** What a viewer may see. Today every viewer sees the whole graph. */
export type Scope = { kind: 'ALL' };

export interface Viewer {
  /** Stable identifier of the caller, recorded in transaction metadata and logs. */
  id: string;
  role: ViewerRole;
  scope: Scope;
}

/**
 * Until authentication lands every request runs as this local administrator;
 * the API therefore binds to loopback by default (see README, Configuration).
 */
export const LOCAL_ADMIN: Viewer = { id: 'local-admin', role: 'ADMIN', scope: { kind: 'ALL' } };

/** The API process itself (start-up demo load, the import CLI): recorded as such in transaction metadata. */
export const SYSTEM_VIEWER: Viewer = { id: 'pathwarden-system', role: 'ADMIN', scope: { kind: 'ALL' } };
