/**
 * The per-request context: who asks (viewer), the request's fixed "now",
 * fresh DataLoaders, and services bound to that viewer. Resolvers only ever
 * call ctx.services / ctx.loaders, so scoping the viewer (a later issue)
 * changes this file and the data layer, not the resolvers.
 */
import { AccountabilityService } from '../accountability/service';
import type { Viewer } from '../auth/viewer';
import type { Executor } from '../db/executor';
import { createLoaders, type Loaders } from '../entities/loaders';
import { EntityService } from '../entities/service';
import { IngestService } from '../ingest/service';
import { ReachService } from '../reach/service';
import { createTraverser, reachMode, type ReachMode } from '../reach/traverser';

export interface RequestContext {
  viewer: Viewer;
  /** One instant per request, so every default asOf in a response agrees. */
  now: string;
  loaders: Loaders;
  services: {
    entities: EntityService;
    reach: ReachService;
    accountability: AccountabilityService;
    ingest: IngestService;
  };
}

export function createContext(exec: Executor, viewer: Viewer, now = new Date().toISOString(), mode: ReachMode = reachMode()): RequestContext {
  const traverser = createTraverser(exec, viewer, mode);
  const loaders = createLoaders(exec, viewer, mode === 'index' ? () => traverser.wholeGraph() : undefined);
  return {
    viewer,
    now,
    loaders,
    services: {
      entities: new EntityService(exec, viewer, loaders, now),
      reach: new ReachService(traverser, now),
      accountability: new AccountabilityService(traverser, now),
      ingest: new IngestService(exec, viewer, now),
    },
  };
}
