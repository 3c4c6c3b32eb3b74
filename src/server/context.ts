/**
 * The per-request context: who asks (viewer, with its resolved scope), the
 * request's fixed "now", fresh DataLoaders, and services bound to that
 * viewer. Resolvers only ever call ctx.services / ctx.loaders, and every
 * service reads through the viewer's scope (auth/scope.ts), so a resolver
 * has no way to read outside it.
 */
import { AccountabilityService } from '../accountability/service';
import { AuditTrailService } from '../audit/trail';
import { ApiKeys } from '../auth/api-keys';
import type { Viewer } from '../core/viewer';
import type { Executor } from '../db/executor';
import { createLoaders, type Loaders } from '../entities/loaders';
import { EntityService } from '../entities/service';
import { FindingService } from '../findings/service';
import { loadPolicy, type Policy } from '../governance/policy';
import { IngestService } from '../ingest/service';
import { LifecycleService } from '../lifecycle/service';
import { OwnerService } from '../owners/service';
import { ReachService } from '../reach/service';
import { reachModeSetting, type ReachMode } from '../config';
import { createTraverser } from '../reach/traverser';

export interface RequestContext {
  viewer: Viewer;
  /** One instant per request, so every default asOf in a response agrees. */
  now: string;
  /** The request id of the HTTP request (logs, audit events); null outside HTTP. */
  requestId: string | null;
  loaders: Loaders;
  services: {
    entities: EntityService;
    reach: ReachService;
    accountability: AccountabilityService;
    ingest: IngestService;
    apiKeys: ApiKeys;
    audit: AuditTrailService;
    owners: OwnerService;
    lifecycle: LifecycleService;
    findings: FindingService;
  };
}

export interface ContextExtras {
  requestId?: string | null;
  /** The server's API keys (shared, so a revocation ends its cached verifications at once). */
  apiKeys?: ApiKeys;
  /** The governance thresholds (default: read from the environment once per process). */
  policy?: Policy;
}

let processPolicy: Policy | null = null;

export function createContext(
  exec: Executor,
  viewer: Viewer,
  now = new Date().toISOString(),
  mode: ReachMode = reachModeSetting(),
  extras: ContextExtras = {},
): RequestContext {
  const traverser = createTraverser(exec, viewer, mode);
  const loaders = createLoaders(exec, viewer, mode === 'index' ? { current: () => traverser.wholeGraph(), atHand: () => traverser.atHand() } : undefined);
  const requestId = extras.requestId ?? null;
  const apiKeys = extras.apiKeys ?? new ApiKeys(exec, 0);
  return {
    viewer,
    now,
    requestId,
    loaders,
    services: {
      entities: new EntityService(exec, viewer, loaders, now),
      reach: new ReachService(traverser, now),
      accountability: new AccountabilityService(traverser, now),
      ingest: new IngestService(exec, viewer, now, requestId),
      apiKeys,
      audit: new AuditTrailService(exec, viewer, loaders),
      owners: new OwnerService(traverser, viewer, now, extras.policy ?? (processPolicy ??= loadPolicy())),
      lifecycle: new LifecycleService(exec, viewer, now, requestId, apiKeys),
      findings: new FindingService(traverser, exec, viewer, now, extras.policy ?? (processPolicy ??= loadPolicy()), mode),
    },
  };
}
