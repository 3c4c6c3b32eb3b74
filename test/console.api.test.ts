/**
 * The API fields the console needs (issue 11): searchEntities, scoped like
 * every other read, and BlastRadius.tree / TenantReach's counts, gaps and
 * systems, which must say exactly what the flat blast radius says, folded to
 * tenants. On the demo graph (it has a pooled RMM, gaps and a terminated
 * tenant) and on a small drawn graph for the rules.
 */
import type { IngestInput } from '../src/generated/graphql';
import type { Principal } from '../src/core/viewer';
import { demoCallers, demoGraph } from '../src/demo/demo-graph';
import { useHarness } from './support/harness';
import { grant, graph, identity, named, role, system, tool, unapproved } from './support/fixtures';

const h = useHarness();

const principalOf = (role: string): Principal => {
  const c = demoCallers.find((d) => d.role === role)!;
  return { id: c.sub, role: c.role, personId: c.person ?? null, tenantId: c.tenant ?? null, credential: 'jwt' };
};
const ROLES = ['ADMIN', 'ANALYST', 'OWNER', 'TENANT_AUDITOR'] as const;

async function dataAs<T>(role: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await h.runAs<T>(principalOf(role), query, variables);
  if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

const SEARCH = `query($text: String!, $kinds: [EntityKind!], $first: Int) { searchEntities(text: $text, kinds: $kinds, first: $first) { id kind name } }`;
const ALL = `query($after: String) { entities(first: 1000, after: $after) { edges { node { id kind name } } pageInfo { hasNextPage endCursor } } }`;
type Row = { id: string; kind: string; name: string };

/** Every entity the role may see, through the paged list (the answer search must agree with). */
async function visible(role: string): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { entities: { edges: { node: Row }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await dataAs(role, ALL, { after });
    rows.push(...page.entities.edges.map((e) => e.node));
    if (!page.entities.pageInfo.hasNextPage) return rows;
    after = page.entities.pageInfo.endCursor;
  }
}

const contains = (word: string) => (r: Row) => r.name.toLowerCase().includes(word) || r.id.toLowerCase().includes(word);
const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

describe('searchEntities on the demo graph', () => {
  beforeAll(() => h.resetTo(demoGraph as IngestInput));

  it.each(ROLES)('finds, as %s, exactly the entities it may see whose name or id contains the word', async (role) => {
    const seen = await visible(role);
    for (const word of ['acme', 'rmm', 'dc01', 'vault']) {
      const found = (await dataAs<{ searchEntities: Row[] }>(role, SEARCH, { text: word, first: 100 })).searchEntities;
      const expected = seen.filter(contains(word));
      expect(expected.length).toBeLessThan(100);
      expect(idsOf(found)).toEqual(idsOf(expected));
    }
  });

  it("never answers a tenant auditor with another tenant's entities, which an analyst finds", async () => {
    const analyst = (await dataAs<{ searchEntities: Row[] }>('ANALYST', SEARCH, { text: 'fourthcoffee', first: 100 })).searchEntities;
    expect(analyst.length).toBeGreaterThan(0);
    const auditor = (await dataAs<{ searchEntities: Row[] }>('TENANT_AUDITOR', SEARCH, { text: 'fourthcoffee', first: 100 })).searchEntities;
    expect(auditor).toEqual([]);
  });

  it('requires every word, and filters by kind', async () => {
    const seen = await visible('ANALYST');
    const both = (await dataAs<{ searchEntities: Row[] }>('ANALYST', SEARCH, { text: 'Acme DC01', first: 100 })).searchEntities;
    expect(idsOf(both)).toEqual(idsOf(seen.filter((r) => contains('acme')(r) && contains('dc01')(r))));
    expect(both.length).toBeGreaterThan(0);
    const tenants = (await dataAs<{ searchEntities: Row[] }>('ANALYST', SEARCH, { text: 'acme', kinds: ['TENANT'], first: 100 })).searchEntities;
    expect(idsOf(tenants)).toEqual(idsOf(seen.filter((r) => r.kind === 'TENANT' && contains('acme')(r))));
  });

  it('treats Lucene syntax in the text as plain words, and refuses text with no word', async () => {
    const quoted = (await dataAs<{ searchEntities: Row[] }>('ANALYST', SEARCH, { text: '"acme* (dc01', first: 100 })).searchEntities;
    const seen = await visible('ANALYST');
    expect(idsOf(quoted)).toEqual(idsOf(seen.filter((r) => contains('acme')(r) && contains('dc01')(r))));
    const refused = await h.runAs(principalOf('ANALYST'), SEARCH, { text: '*** ::' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toBe('text: must contain at least one letter or digit');
    const tooMany = await h.runAs(principalOf('ANALYST'), SEARCH, { text: 'a', first: 101 });
    expect(tooMany.errors?.[0]?.message).toBe('first: must be between 1 and 100, got 101');
  });
});

const FLAT = `query($from: ID!) {
  blastRadius(from: $from) {
    systems(first: 1000) { edges { node { system { id tenant { id } } privileged
      path { steps { from { id } to { id } access { id } gaps } } } } }
  }
}`;
const TREE = `query($from: ID!) {
  blastRadius(from: $from) {
    systemCount tenantCount privilegedSystemCount
    tenants { tenant { id } systemCount privilegedSystemCount gaps systems(first: 200) { edges { node { system { id } } } } }
    tree { nodes { entity { id } distance } edges { from { id } to { id } access { id } accessCount systemCount gaps } }
  }
}`;
/** Both answers, merged: the flat systems and the tree. */
async function flatAndTree(role: string | null, from: string): Promise<TreeAnswer> {
  const ask = <T>(q: string) => (role ? dataAs<T>(role, q, { from }) : h.data<T>(q, { from }));
  const [flat, tree] = await Promise.all([ask<TreeAnswer>(FLAT), ask<TreeAnswer>(TREE)]);
  return { blastRadius: { ...tree.blastRadius, systems: flat.blastRadius.systems } };
}
interface Step { from: { id: string }; to: { id: string }; access: { id: string } | null; gaps: string[] }
interface TreeAnswer {
  blastRadius: {
    systemCount: number;
    tenantCount: number;
    privilegedSystemCount: number;
    systems: { edges: { node: { system: { id: string; tenant: { id: string } }; privileged: boolean; path: { steps: Step[] } } }[] };
    tenants: { tenant: { id: string }; systemCount: number; privilegedSystemCount: number; gaps: string[]; systems: { edges: { node: { system: { id: string } } }[] } }[];
    tree: { nodes: { entity: { id: string }; distance: number }[]; edges: { from: { id: string }; to: { id: string }; access: { id: string }; accessCount: number; systemCount: number; gaps: string[] }[] };
  };
}

/** The flat answer folded by hand: what the tree and the tenants' fields must say. */
function foldFlat(b: TreeAnswer['blastRadius']) {
  const tenantOf = new Map(b.systems.edges.map((e) => [e.node.system.id, e.node.system.tenant.id]));
  const fold = (id: string) => tenantOf.get(id) ?? id;
  const edges = new Map<string, { records: Set<string>; systems: number; gaps: Set<string> }>();
  const tenants = new Map<string, { systems: string[]; privileged: number; gaps: Set<string> }>();
  for (const { node } of b.systems.edges) {
    const t = node.system.tenant.id;
    if (!tenants.has(t)) tenants.set(t, { systems: [], privileged: 0, gaps: new Set() });
    const tenant = tenants.get(t)!;
    tenant.systems.push(node.system.id);
    if (node.privileged) tenant.privileged += 1;
    for (const step of node.path.steps) {
      if (!step.access) continue;
      const key = `${fold(step.from.id)} -> ${fold(step.to.id)}`;
      if (!edges.has(key)) edges.set(key, { records: new Set(), systems: 0, gaps: new Set() });
      const edge = edges.get(key)!;
      edge.records.add(step.access.id);
      edge.systems += 1;
      for (const g of step.gaps) {
        edge.gaps.add(g);
        tenant.gaps.add(g);
      }
    }
  }
  return { edges, tenants };
}

describe('BlastRadius.tree and the tenant aggregation', () => {
  beforeAll(() => h.resetTo(demoGraph as IngestInput));

  it.each([
    ['ANALYST', 'tool:rmm'],
    ['TENANT_AUDITOR', 'tool:rmm'],
    ['OWNER', 'tool:backup'],
    ['ANALYST', 'tool:vault'],
  ])('says, as %s from %s, what the flat blast radius says, folded to tenants', async (role, from) => {
    const { blastRadius: b } = await flatAndTree(role, from);
    expect(b.systemCount).toBeGreaterThan(0);
    const { edges, tenants } = foldFlat(b);

    expect(b.privilegedSystemCount).toBe(b.systems.edges.filter((e) => e.node.privileged).length);
    // Every tenant of the demo these reach has reached systems, so the tree is exactly the systems' paths folded.
    expect(b.tenants.every((t) => t.systemCount > 0 && t.systemCount <= 200)).toBe(true);
    expect(b.tenants.map((t) => [t.tenant.id, t.systemCount, t.privilegedSystemCount, [...t.gaps].sort(), t.systems.edges.map((e) => e.node.system.id)]).sort()).toEqual(
      [...tenants].map(([id, t]) => [id, t.systems.length, t.privileged, [...t.gaps].sort(), t.systems]).sort(),
    );
    expect(b.tree.edges.map((e) => [`${e.from.id} -> ${e.to.id}`, e.accessCount, e.systemCount, [...e.gaps].sort()]).sort()).toEqual(
      [...edges].map(([key, e]) => [key, e.records.size, e.systems, [...e.gaps].sort()]).sort(),
    );
    // Each edge's record is one of those folded into it; nodes are the ends of the edges plus the origin.
    for (const e of b.tree.edges) expect(edges.get(`${e.from.id} -> ${e.to.id}`)!.records.has(e.access.id)).toBe(true);
    const ends = new Set([from, ...b.tree.edges.flatMap((e) => [e.from.id, e.to.id])]);
    expect(b.tree.nodes.map((n) => n.entity.id).sort()).toEqual([...ends].sort());
    expect(b.tree.nodes[0]).toEqual({ entity: { id: from }, distance: 0 });
  });

  it("never shows a tenant auditor another tenant's node in the tree", async () => {
    const { blastRadius: b } = await flatAndTree('TENANT_AUDITOR', 'tool:rmm');
    const tenantIds = b.tree.nodes.map((n) => n.entity.id).filter((id) => id.startsWith('tenant:'));
    expect(tenantIds).toEqual(['tenant:acme']);
  });
});

describe('BlastRadius.tree on a drawn graph', () => {
  // rmm -CAN_ACCESS-> svc -HAS_ROLE-> admin* -GRANTS-> a1, a2 (tenant a; the record into a2 unapproved)
  // rmm -CAN_ACCESS-> b ==> b1 (tenant b), and rmm -CAN_ACCESS-> c (tenant c, no systems)
  beforeAll(() =>
    h.resetTo(
      graph({
        tools: [tool('rmm')],
        identities: [identity('svc', { identityKind: 'SERVICE_ACCOUNT' })],
        roles: [role('admin', true)],
        tenants: [named('a'), named('b'), named('c')],
        systems: [system('a1', 'a'), system('a2', 'a'), system('b1', 'b')],
        access: [
          grant('x1', 'CAN_ACCESS', 'rmm', 'svc'),
          grant('x2', 'HAS_ROLE', 'svc', 'admin'),
          grant('x3', 'GRANTS', 'admin', 'a1'),
          unapproved(grant('x4', 'GRANTS', 'admin', 'a2')),
          grant('x5', 'CAN_ACCESS', 'rmm', 'b'),
          grant('x6', 'CAN_ACCESS', 'rmm', 'c'),
        ],
      }),
    ),
  );

  it('folds two grants into one tenant into one edge, drops containment, and draws a tenant with no systems by its own path', async () => {
    const { blastRadius: b } = await flatAndTree(null, 'rmm');
    expect(b.tree.nodes.map((n) => [n.entity.id, n.distance])).toEqual([
      ['rmm', 0],
      ['b', 1],
      ['c', 1],
      ['svc', 1],
      ['admin', 2],
      ['a', 3],
    ]);
    expect(b.tree.edges.map((e) => [e.from.id, e.to.id, e.access.id, e.accessCount, e.systemCount, e.gaps]).sort()).toEqual(
      [
        ['admin', 'a', 'x3', 2, 2, ['NO_APPROVAL']],
        ['rmm', 'b', 'x5', 1, 1, []],
        ['rmm', 'c', 'x6', 1, 1, []],
        // svc and admin have no owner: the steps into them carry NO_OWNER.
        ['rmm', 'svc', 'x1', 1, 2, ['NO_OWNER']],
        ['svc', 'admin', 'x2', 1, 2, ['NO_OWNER']],
      ].sort(),
    );
    expect(b.tenants.map((t) => [t.tenant.id, t.systemCount, t.privilegedSystemCount, t.gaps])).toEqual([
      ['a', 2, 2, ['NO_APPROVAL', 'NO_OWNER']],
      ['b', 1, 0, []],
      ['c', 0, 0, []],
    ]);
    expect(b.privilegedSystemCount).toBe(2);
  });
});

describe('Reacher.through and BlastRadius.tenant on a drawn graph', () => {
  // ann -USES-> pooled (SHARED_ADMIN) -CAN_ACCESS-> s1 (tenant t)
  // bob -USES-> adm-bob -CAN_ACCESS-> rmm (Tool) -CAN_ACCESS-> t ==> s1
  // cat -USES-> adm-cat -CAN_ACCESS-> s1 (neither a tool nor a pooled account)
  beforeAll(() =>
    h.resetTo(
      graph({
        people: [named('ann'), named('bob'), named('cat')],
        identities: [identity('pooled', { identityKind: 'SHARED_ADMIN' }), identity('adm-bob'), identity('adm-cat')],
        tools: [tool('rmm')],
        tenants: [named('t'), named('u')],
        systems: [system('s1', 't'), system('u1', 'u')],
        access: [
          grant('a1', 'USES', 'ann', 'pooled'),
          grant('a2', 'CAN_ACCESS', 'pooled', 's1'),
          grant('b1', 'USES', 'bob', 'adm-bob'),
          grant('b2', 'CAN_ACCESS', 'adm-bob', 'rmm'),
          grant('b3', 'CAN_ACCESS', 'rmm', 't'),
          grant('c1', 'USES', 'cat', 'adm-cat'),
          grant('c2', 'CAN_ACCESS', 'adm-cat', 's1'),
        ],
      }),
    ),
  );

  it('names the first tool or shared admin account after each reacher on its shortest path', async () => {
    const { whoCanReach } = await h.data(`{ whoCanReach(target: "s1") {
      people { edges { node { entity { id } through { id } } } }
      identities { edges { node { entity { id } through { id } } } } } }`);
    const pairs = [...whoCanReach.people.edges, ...whoCanReach.identities.edges].map((e: any) => [e.node.entity.id, e.node.through?.id ?? null]).sort();
    expect(pairs).toEqual(
      [
        ['adm-bob', 'rmm'],
        ['adm-cat', null],
        ['ann', 'pooled'],
        ['bob', 'rmm'],
        ['cat', null],
        // The shared account reaching the system itself comes through nothing after it.
        ['pooled', null],
      ].sort(),
    );
  });

  it('answers one reached tenant by id, and null for a tenant not reached', async () => {
    const { blastRadius } = await h.data(`{ blastRadius(from: "rmm") {
      t: tenant(id: "t") { tenant { id } systemCount systems { edges { node { system { id } } } } }
      u: tenant(id: "u") { systemCount } } }`);
    expect(blastRadius).toEqual({ t: { tenant: { id: 't' }, systemCount: 1, systems: { edges: [{ node: { system: { id: 's1' } } }] } }, u: null });
  });
});
