/**
 * Blast radius: the start entity, the tools, identities, roles and teams its
 * reach passes, then one node per tenant with its system count (red when the
 * contract is terminated, a double orange border when a drawn path into it
 * has an accountability gap). A click on a tenant lists its systems beside
 * it; a click on anything shows its details in the side panel. The numbers
 * stay beside the picture. The picture is BlastRadius.tree: one request,
 * whatever the number of systems.
 */
import type { Core } from 'cytoscape';
import { graphql } from '../../../generated/console';
import { request } from '../api';
import { showAccess, showEntity } from '../details';
import { h, message, plural } from '../dom';
import { drawColumns, frame, onPick, type GraphEdge, type GraphNode } from '../graph';
import { asOfParam, link, param, patch } from '../state';
import { asOfPicker, entityForm, numbers, viewShell } from './common';

const BLAST = graphql(`
  query ConsoleBlast($from: ID!, $asOf: DateTime) {
    blastRadius(from: $from, asOf: $asOf) {
      asOf
      systemCount
      tenantCount
      privilegedSystemCount
      from { id kind name }
      tenants { tenant { id name contractStatus } systemCount privilegedSystemCount gaps }
      tree {
        nodes { entity { id kind name } distance }
        edges { from { id } to { id } access { id } accessCount systemCount gaps }
      }
    }
  }
`);

const TENANT_SYSTEMS = graphql(`
  query ConsoleBlastTenant($from: ID!, $tenant: ID!, $asOf: DateTime) {
    blastRadius(from: $from, asOf: $asOf) {
      tenant(id: $tenant) {
        systemCount
        systems(first: 200) { edges { node { system { id name criticality environment } distance privileged } } }
      }
    }
  }
`);

/** Above this many entities of one kind in one column, they are drawn as one group node (a click lists them). */
const GROUP_OVER = 12;
/**
 * At most this many tenants are drawn one by one, those with the most
 * systems reached; the rest are one group node at the foot of the column
 * that counts them (see tenantGroup). A first picture shows
 * about twenty tenants at a readable zoom, and drawing each of a pooled
 * tool's 3,000 took seconds; the table under the picture lists every tenant.
 */
const TENANTS_DRAWN = 100;

type Blast = Awaited<ReturnType<typeof load>>;
const load = (from: string, asOf: string | null) => request(BLAST, { from, asOf }).then((d) => d.blastRadius);

export async function blastView(root: HTMLElement): Promise<void> {
  const from = param('from');
  const asOf = asOfParam();
  const { controls, body } = viewShell(root, 'Blast radius', 'If this entity is compromised, which clients fall with it, and through what?');
  controls.append(entityForm('blast', 'from', 'Start entity', from, ['asOf']), asOfPicker());
  if (!from) return void body.append(message('Name a start entity (an id, or find one with Search).'));
  body.append(message('Loading…'));
  let blast: Blast;
  try {
    blast = await load(from, asOf);
  } catch (error) {
    return void body.replaceChildren(message((error as Error).message, 'error'));
  }
  const terminated = blast.tenants.filter((t) => t.tenant.contractStatus === 'TERMINATED').length;
  const withGaps = blast.tenants.filter((t) => t.gaps.length > 0).length;
  const canvas = h('div', { class: 'canvas', role: 'img', 'aria-label': `Blast radius of ${blast.from.name}: ${plural(blast.systemCount, 'system')} in ${plural(blast.tenantCount, 'tenant')}` });
  const panel = h('aside', { class: 'panel', 'aria-label': 'Details', 'aria-live': 'polite' }, message('Click a tenant to list its systems; click anything for its details.'));
  body.replaceChildren(
    numbers([
      ['Systems', blast.systemCount, 'systems'],
      ['Tenants', blast.tenantCount, 'tenants'],
      ['Privileged systems', blast.privilegedSystemCount, 'privileged'],
      ['Terminated tenants', terminated, 'terminated'],
      ['Tenants with gaps', withGaps, 'gaps'],
    ]),
    h('div', { class: 'stage' }, canvas, panel),
    legend(),
    tenantTable(blast),
  );
  const open = new Set((param('open') ?? '').split(',').filter(Boolean));
  const cy = draw(canvas, blast, open);
  for (const tenantId of open) await expand(cy, blast, tenantId, asOf);
  // A shared link with expanded tenants: frame the picture with their systems in it.
  if (open.size > 0) frame(cy);
  onPick(cy, (id, isEdge) => {
    const target = cy.getElementById(id);
    if (isEdge) return void showAccess(panel, target.data('access') as string, target.data('note') as string);
    if (target.hasClass('GROUP')) return void showGroup(panel, target.data('members') as GroupMember[]);
    if (target.hasClass('TENANT') && !open.has(id)) {
      open.add(id);
      patch({ open: [...open].join(',') });
      void expand(cy, blast, id, asOf);
    }
    patch({ sel: id });
    void showEntity(panel, id, asOf);
  });
  const selected = param('sel');
  if (selected) void showEntity(panel, selected, asOf);
}

/** The picture; `open` (tenants a shared link expands) are drawn one by one whatever TENANTS_DRAWN. */
function draw(canvas: HTMLElement, blast: Blast, open: ReadonlySet<string>): Core {
  const tenants = new Map(blast.tenants.map((t) => [t.tenant.id, t]));
  const lastLayer = Math.max(0, ...blast.tree.nodes.filter((n) => n.entity.kind !== 'TENANT').map((n) => n.distance)) + 1;
  // Large columns of one kind become group nodes: the picture stays readable at MSP scale.
  const byColumn = new Map<string, string[]>();
  for (const n of blast.tree.nodes) {
    if (n.entity.kind === 'TENANT' || n.distance === 0) continue;
    const key = `${n.distance}:${n.entity.kind}`;
    const column = byColumn.get(key);
    if (column) column.push(n.entity.id);
    else byColumn.set(key, [n.entity.id]);
  }
  const shownAs = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const [key, members] of byColumn) {
    if (members.length <= GROUP_OVER) continue;
    const [layer, kind] = key.split(':');
    const id = `group:${key}`;
    for (const m of members) shownAs.set(m, id);
    const listed: GroupMember[] = members.map((m) => ({ id: m, text: m, view: 'blast' }));
    nodes.push({ id, kind: 'GROUP', layer: Number(layer), rank: -1, label: `${plural(members.length, kind.toLowerCase(), kind === 'IDENTITY' ? 'identities' : `${kind.toLowerCase()}s`)} (click to list)`, classes: [], data: { members: listed } });
  }
  const reached = blast.tree.nodes
    .flatMap((n) => tenants.get(n.entity.id) ?? [])
    .sort((a, b) => b.systemCount - a.systemCount || a.tenant.name.localeCompare(b.tenant.name));
  const grouped = reached.slice(TENANTS_DRAWN).filter((t) => !open.has(t.tenant.id));
  if (grouped.length > 0) nodes.push(tenantGroup(grouped, lastLayer, shownAs));
  for (const n of blast.tree.nodes) {
    if (shownAs.has(n.entity.id)) continue;
    const t = tenants.get(n.entity.id);
    if (t) {
      const marks = [...(t.tenant.contractStatus === 'TERMINATED' ? ['TERMINATED'] : []), ...(t.gaps.length ? ['⚠ gap on a path'] : [])];
      const label = `${t.tenant.name}\n${plural(t.systemCount, 'system')}${t.privilegedSystemCount ? ` · ${t.privilegedSystemCount} privileged` : ''}${marks.length ? `\n${marks.join(' · ')}` : ''}`;
      const classes = [...(t.tenant.contractStatus === 'TERMINATED' ? ['terminated'] : []), ...(t.gaps.length ? ['gap'] : [])];
      nodes.push({ id: n.entity.id, kind: 'TENANT', layer: lastLayer, rank: -t.systemCount, label, classes, height: marks.length ? 66 : 54 });
    } else {
      nodes.push({ id: n.entity.id, kind: n.entity.kind, layer: n.distance, label: n.entity.name, classes: n.distance === 0 ? ['origin'] : [] });
    }
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of blast.tree.edges) {
    const from = shownAs.get(e.from.id) ?? e.from.id;
    const to = shownAs.get(e.to.id) ?? e.to.id;
    const id = `edge:${from}->${to}`;
    const known = edges.get(id);
    if (known) {
      if (e.gaps.length) known.classes = ['gap'];
      continue;
    }
    const note = e.accessCount > 1 ? `One of ${e.accessCount} records folded into this step (${plural(e.systemCount, 'system')} drawn through it).` : `${plural(e.systemCount, 'system')} drawn through this step.`;
    edges.set(id, { id, from, to, classes: e.gaps.length ? ['gap'] : [], data: { access: e.access.id, note } });
  }
  return drawColumns(canvas, nodes, [...edges.values()]);
}

/** The tenants past TENANTS_DRAWN as one node at the foot of the tenants column, with their marks counted in its label. */
function tenantGroup(rest: Blast['tenants'], layer: number, shownAs: Map<string, string>): GraphNode {
  const id = 'group:tenants';
  for (const t of rest) shownAs.set(t.tenant.id, id);
  const terminated = rest.filter((t) => t.tenant.contractStatus === 'TERMINATED').length;
  const withGaps = rest.filter((t) => t.gaps.length > 0).length;
  const systems = rest.reduce((sum, t) => sum + t.systemCount, 0);
  const lines = [
    `${plural(rest.length, 'more tenant')} (click to list)`,
    plural(systems, 'system'),
    ...(terminated ? [`${terminated.toLocaleString('en')} terminated`] : []),
    ...(withGaps ? [`⚠ ${withGaps.toLocaleString('en')} with a gap on a path`] : []),
  ];
  return {
    id,
    kind: 'GROUP',
    layer,
    // After every tenant drawn (their rank is minus their systems).
    rank: 1,
    label: lines.join('\n'),
    // The gap mark as on a tenant (a drawn path into one of them has a gap); not red: most of them are not terminated.
    classes: withGaps ? ['gap'] : [],
    height: 34 + 14 * lines.length,
    data: { members: rest.map((t): GroupMember => ({ id: t.tenant.id, text: `${t.tenant.name} (${plural(t.systemCount, 'system')})`, view: 'reach' })) },
  };
}

/** Lists a tenant's systems under it, indented, moving the tenants below down: the picture keeps its width. */
async function expand(cy: Core, blast: Blast, tenantId: string, asOf: string | null): Promise<void> {
  const tenant = cy.getElementById(tenantId);
  const expanded: Set<string> = cy.scratch('expanded') ?? new Set();
  if (tenant.empty() || expanded.has(tenantId)) return;
  expanded.add(tenantId);
  cy.scratch('expanded', expanded);
  const { blastRadius } = await request(TENANT_SYSTEMS, { from: blast.from.id, tenant: tenantId, asOf });
  const systems = blastRadius.tenant?.systems.edges.map((e) => e.node) ?? [];
  const { x, y } = tenant.position();
  const room = systems.length * 34 + 12;
  cy.nodes('.TENANT, .SYSTEM').forEach((n) => {
    if (n.position('y') > y + 1) n.position('y', n.position('y') + room);
  });
  systems.forEach((s, i) => {
    const id = s.system.id;
    if (cy.getElementById(id).nonempty()) return;
    cy.add({
      group: 'nodes',
      data: { id, label: `${s.system.name} · ${s.system.criticality.toLowerCase()}${s.privileged ? ' · privileged' : ''}` },
      classes: 'SYSTEM',
      position: { x: x + 34, y: y + 44 + i * 34 },
    });
    cy.add({ group: 'edges', data: { id: `contain:${id}`, source: tenantId, target: id }, classes: 'contain' });
  });
}

/** An entity of a group node, as its list shows it: a link to its blast radius (tenants: to who can reach it). */
interface GroupMember {
  id: string;
  text: string;
  view: 'blast' | 'reach';
}

function showGroup(panel: HTMLElement, members: GroupMember[]): void {
  panel.replaceChildren(
    h('h2', {}, plural(members.length, 'entity', 'entities')),
    h('ul', { class: 'plain' }, members.map((m) => h('li', {}, link(m.text, m.view, m.view === 'blast' ? { from: m.id } : { target: m.id })))),
  );
}

function legend(): HTMLElement {
  const item = (cls: string, text: string) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    item('TOOL', 'tool'),
    item('IDENTITY', 'identity'),
    item('ROLE', 'role'),
    item('TEAM', 'team'),
    item('PERSON', 'person'),
    item('TENANT', 'tenant (active)'),
    item('terminated', 'tenant (terminated)'),
    item('gap', 'gap on a path into it'),
    item('gap-edge', 'step with a gap'),
  );
}

/** The same answer as a table: every tenant, for reading, sorting by eye and assistive technology. */
function tenantTable(blast: Blast): HTMLElement {
  return h(
    'table',
    { class: 'list', 'aria-label': 'Tenants reached' },
    h('caption', {}, 'Tenants reached'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Tenant'), h('th', { scope: 'col' }, 'Systems'), h('th', { scope: 'col' }, 'Privileged'), h('th', { scope: 'col' }, 'Contract'), h('th', { scope: 'col' }, 'Gaps on paths'))),
    h(
      'tbody',
      {},
      blast.tenants.map((t) =>
        h(
          'tr',
          { 'data-tenant': t.tenant.id },
          h('td', {}, link(t.tenant.name, 'reach', { target: t.tenant.id })),
          h('td', { class: 'num' }, t.systemCount),
          h('td', { class: 'num' }, t.privilegedSystemCount),
          h('td', { class: t.tenant.contractStatus === 'TERMINATED' ? 'bad' : '' }, t.tenant.contractStatus),
          h('td', {}, t.gaps.join(', ') || '—'),
        ),
      ),
    ),
  );
}
