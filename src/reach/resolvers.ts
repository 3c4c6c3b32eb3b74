import type { Resolvers } from '../generated/graphql';
import { pageOf, type Connection } from '../pagination';
import { pathOf, type ReachedSystemModel } from './model';
import type { Reached } from './traverser';
import { inGapOrder } from './tree';
import { carrierOn } from './carrier';

/** One page of reached systems, each served with the answer's asOf (only the page's are wrapped: a blast radius may hold 60,000). */
function systemsPage(systems: readonly Reached[], asOf: string, first: number | null | undefined, after: string | null | undefined): Connection<ReachedSystemModel> {
  return pageOf(systems, (r) => [r.distance, r.id], 2, first, after, (reached) => ({ asOf, reached }));
}

export const reachResolvers: Resolvers = {
  Query: {
    blastRadius: (_root, args, ctx) => ctx.services.reach.blastRadius(args.from, args),
    whoCanReach: (_root, args, ctx) => ctx.services.reach.whoCanReach(args.target, args),
    accessPaths: (_root, args, ctx) => ctx.services.reach.accessPaths(args.from, args.to, args),
  },
  BlastRadius: {
    from: (m, _args, ctx) => ctx.services.entities.known(m.fromId, m.asOf),
    systemCount: (m) => m.systems.length,
    tenantCount: (m) => m.tenantCount,
    tenants: (m) => m.tenants(),
    tree: (m) => m.tree(),
    tenant: (m, { id }) => m.tenants().find((t) => t.tenantId === id) ?? null,
    systems: (m, { first, after }) => systemsPage(m.systems, m.asOf, first, after),
  },
  TenantReach: {
    tenant: (t, _args, ctx) => ctx.services.entities.known(t.tenantId, t.asOf),
    systems: (t, { first, after }) => systemsPage(t.systems, t.asOf, first, after),
    gaps: async (t, _args, ctx) => {
      const { accessGaps, entered } = t.paths();
      const entityGaps = await Promise.all([...entered].map((id) => ctx.services.entities.gapsOf(id, t.asOf)));
      return inGapOrder([...accessGaps, ...entityGaps.flat()]);
    },
  },
  ReachTree: {
    nodes: (tree) => tree.nodes,
    edges: (tree) => tree.edges,
  },
  ReachTreeNode: { entity: (n, _args, ctx) => ctx.services.entities.known(n.entityId, n.asOf) },
  ReachTreeEdge: {
    from: (e, _args, ctx) => ctx.services.entities.known(e.fromId, e.asOf),
    to: (e, _args, ctx) => ctx.services.entities.known(e.toId, e.asOf),
    access: (e) => ({ id: e.accessId, asOf: e.asOf }),
    gaps: async (e, _args, ctx) => inGapOrder([...e.accessGaps, ...(await ctx.services.entities.gapsOf(e.toId, e.asOf))]),
  },
  ReachedSystem: {
    system: (s, _args, ctx) => ctx.services.entities.known(s.reached.id, s.asOf),
    distance: (s) => s.reached.distance,
    privileged: (s) => s.reached.privileged,
    path: (s) => pathOf(s.reached.witness(), s.asOf),
  },
  Exposure: {
    target: (m, _args, ctx) => ctx.services.entities.known(m.targetId, m.asOf),
    peopleCount: (m) => m.people.length,
    identityCount: (m) => m.identities.length,
    people: (m, { first, after }) => pageOf(m.people, (r) => [r.distance, r.entityId], 2, first, after),
    identities: (m, { first, after }) => pageOf(m.identities, (r) => [r.distance, r.entityId], 2, first, after),
  },
  Reacher: {
    entity: (r, _args, ctx) => ctx.services.entities.known(r.entityId, r.asOf),
    through: (r, _args, ctx) => carrierOn(r.witness?.() ?? [], (id) => ctx.services.entities.known(id, r.asOf)),
  },
  PathStep: {
    from: (s, _args, ctx) => ctx.services.entities.known(s.fromId, s.asOf),
    to: (s, _args, ctx) => ctx.services.entities.known(s.toId, s.asOf),
    // A reference only: the record's other fields load (once, batched) if a client asks for them.
    access: (s) => (s.accessId ? { id: s.accessId, asOf: s.asOf } : null),
    gaps: async (s, _args, ctx) => [...s.accessGaps, ...(await ctx.services.entities.gapsOf(s.toId, s.asOf))],
  },
};
