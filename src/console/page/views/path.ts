/**
 * Path: the k shortest paths between two entities, every hop with its access
 * record (requested by, approved by and when, justification, expiry, last
 * certification) and its gaps highlighted. Selecting a path highlights it
 * whole in the picture (?sel=<n>).
 */
import type { Core } from 'cytoscape';
import { graphql } from '../../../generated/console';
import { request } from '../api';
import { recordFacts, showAccess, showEntity } from '../details';
import { gapBadges, h, message } from '../dom';
import { drawColumns, highlight, onPick, type GraphEdge, type GraphNode } from '../graph';
import { asOfParam, param, patch } from '../state';
import { asOfPicker, pairForm, viewShell } from './common';

const PATHS = graphql(`
  query ConsolePaths($from: ID!, $to: ID!, $first: Int, $asOf: DateTime) {
    accessPaths(from: $from, to: $to, first: $first, asOf: $asOf) {
      length
      steps {
        from { id kind name }
        to { id kind name }
        gaps
        access { ...AccessRecord }
      }
    }
  }
`);

export type Path = Awaited<ReturnType<typeof load>>[number];
const load = (from: string, to: string, first: number, asOf: string | null) => request(PATHS, { from, to, first, asOf }).then((d) => d.accessPaths);

const stepId = (s: Path['steps'][number]) => (s.access ? `step:${s.access.id}` : `step:${s.from.id}->${s.to.id}`);

/** One hop as a row of facts: the record's governance, its gaps highlighted. */
export function hops(path: Path): HTMLElement {
  return h(
    'ol',
    { class: 'hops' },
    path.steps.map((s) =>
      h(
        'li',
        { class: s.gaps.length ? 'hop has-gap' : 'hop', 'data-access': s.access?.id ?? '' },
        h('p', { class: 'hop-title' }, `${s.from.name} → ${s.to.name}`, s.gaps.length ? h('span', {}, ' ', gapBadges(s.gaps)) : null),
        s.access ? recordFacts(s.access) : h('p', { class: 'muted' }, 'Containment: a tenant holds its systems (no access record).'),
      ),
    ),
  );
}

export async function pathView(root: HTMLElement): Promise<void> {
  const from = param('from');
  const to = param('to');
  const asOf = asOfParam();
  const first = Math.min(20, Math.max(1, Number(param('k') ?? 5) || 5));
  const { controls, body } = viewShell(root, 'Path', 'How does one entity reach another, hop by hop, and who approved each hop?');
  controls.append(pairForm('path', [['from', 'From'], ['to', 'To']], ['asOf', 'k']), asOfPicker());
  if (!from || !to) return void body.append(message('Name both ends (ids, or find them with Search).'));
  body.append(message('Loading…'));
  let paths: Path[];
  try {
    paths = await load(from, to, first, asOf);
  } catch (error) {
    return void body.replaceChildren(message((error as Error).message, 'error'));
  }
  if (paths.length === 0) return void body.replaceChildren(message('No path within 8 steps.'));
  const canvas = h('div', { class: 'canvas small', role: 'img', 'aria-label': `${paths.length} paths from ${from} to ${to}` });
  const panel = h('aside', { class: 'panel', 'aria-label': 'Details', 'aria-live': 'polite' }, message('Click a hop or an entity for its details.'));
  const list = h('div', { class: 'paths' });
  body.replaceChildren(h('div', { class: 'stage' }, canvas, panel), list);

  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const p of paths) {
    for (const [i, s] of p.steps.entries()) {
      // A column per hop: an entity stands where the shortest path (listed first) puts it.
      for (const [e, layer] of [[s.from, i], [s.to, i + 1]] as const) {
        const known = nodes.get(e.id);
        if (!known) nodes.set(e.id, { id: e.id, label: e.name, kind: e.kind, layer, classes: e.id === from ? ['origin'] : [] });
        else if (known.layer > layer) known.layer = layer;
      }
      edges.set(stepId(s), { id: stepId(s), from: s.from.id, to: s.to.id, classes: s.gaps.length ? ['gap'] : [] });
    }
  }
  const cy: Core = drawColumns(canvas, [...nodes.values()], [...edges.values()]);
  const select = (n: number) => {
    patch({ sel: String(n) });
    const p = paths[n - 1];
    highlight(cy, p ? p.steps.flatMap((s) => [stepId(s), s.from.id, s.to.id]) : []);
    for (const card of list.querySelectorAll('.path')) card.classList.toggle('selected', card.getAttribute('data-path') === String(n));
  };
  onPick(cy, (id, isEdge) => {
    if (!isEdge) return void showEntity(panel, id, asOf);
    const accessId = id.startsWith('step:') && !id.includes('->') ? id.slice(5) : null;
    if (accessId) void showAccess(panel, accessId);
  });
  paths.forEach((p, i) => {
    const n = i + 1;
    const gaps = p.steps.reduce((sum, s) => sum + s.gaps.length, 0);
    list.append(
      h(
        'section',
        { class: 'path', 'data-path': String(n) },
        h('h2', {}, h('button', { type: 'button', class: 'pick', 'aria-pressed': 'false', onclick: () => select(n) }, `Path ${n}: ${p.length} steps`), gaps ? h('span', { class: 'badge gap' }, `${gaps} gaps`) : h('span', { class: 'badge ok' }, 'accountable')),
        hops(p),
      ),
    );
  });
  select(Number(param('sel') ?? 1));
}
