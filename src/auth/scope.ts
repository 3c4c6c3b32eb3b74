/**
 * Turns a Principal into a Viewer by resolving what it may see. ADMIN,
 * ANALYST and INGEST see the whole graph. OWNER and TENANT_AUDITOR get a
 * VISIBLE scope: the entity and access ids they may see (reach/index/
 * visibility.ts says which), which the Executor sends to every Cypher query
 * as $scope, and the request's reach index narrowed to the same ids, which
 * every traversal runs on. Both come from one resolution, so a Cypher answer
 * and a traversal answer can never disagree about what is in scope.
 *
 * Resolving walks the in-memory index once (requesters, approvers and
 * certifiers come from it too: no database round trip); the result is cached per binding
 * until the graph changes (the index's version).
 */
import type { Executor } from '../db/executor';
import { ReachIndexProvider } from '../reach/index/provider';
import { ReachIndex } from '../reach/index/reach-index';
import { addAccountability, ownerMask, tenantAuditorMask } from '../reach/index/visibility';
import { ALL_SCOPE, WHOLE_GRAPH_ROLES, type Principal, type Scope, type Viewer } from '../core/viewer';

interface Cached {
  index: ReachIndex;
  stamp: string;
  scope: Promise<Scope>;
}

const CACHE_SIZE = 256;
const caches = new WeakMap<Executor, Map<string, Cached>>();

/**
 * The scope of METRICS, which may call no field (server/guard.ts refuses them
 * all): nothing, so that a field opened to it by mistake still reads nothing.
 */
const NOTHING: Scope = { kind: 'VISIBLE', entities: new Set(), access: new Set(), param: { all: false, entities: [], access: [] }, view: new ReachIndex() };

export async function resolveViewer(exec: Executor, principal: Principal): Promise<Viewer> {
  if (WHOLE_GRAPH_ROLES.includes(principal.role)) return { ...principal, scope: ALL_SCOPE };
  if (principal.role === 'METRICS') return { ...principal, scope: NOTHING };
  const provider = ReachIndexProvider.for(exec);
  const index = await provider.current();
  const stamp = provider.stamp;
  const key = principal.role === 'OWNER' ? `OWNER ${principal.personId}` : `TENANT_AUDITOR ${principal.tenantId}`;
  let cache = caches.get(exec);
  if (!cache) caches.set(exec, (cache = new Map()));
  let hit = cache.get(key);
  if (!hit || hit.index !== index || hit.stamp !== stamp) {
    hit = { index, stamp, scope: Promise.resolve().then(() => narrowed(index, principal)) };
    cache.delete(key);
    cache.set(key, hit);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    // A failed resolution is not kept: the next request tries again (unless a newer one replaced it meanwhile).
    const failed = hit;
    hit.scope.catch(() => {
      if (cache.get(key) === failed) cache.delete(key);
    });
  }
  return { ...principal, scope: await hit.scope };
}

function narrowed(index: ReachIndex, principal: Principal): Scope {
  const structural =
    principal.role === 'OWNER' ? ownerMask(index, principal.personId ?? '') : tenantAuditorMask(index, principal.tenantId ?? '');
  const accessIds = index.accessIdsOf(structural.edge);
  // Who asked for, approved and last certified what it may see: the evidence an auditor needs, from the index (no round trip).
  const mask = addAccountability(index, structural, index.peopleNamedBy(structural.edge));
  const entities: string[] = [];
  for (let n = 0; n < mask.node.length; n++) if (mask.node[n] === 1) entities.push(index.ids[n]);
  return {
    kind: 'VISIBLE',
    entities: new Set(entities),
    access: new Set(accessIds),
    param: { all: false, entities, access: accessIds },
    view: index.view(mask),
  };
}
