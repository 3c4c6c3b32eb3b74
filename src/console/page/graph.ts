/**
 * Drawing with cytoscape. The library draws, pans and zooms; positions are
 * ours. `columnPositions` lays a picture out as a column per layer (the
 * origin, each distance, then every tenant in one column; for paths, each
 * hop): one pass over the nodes, where generic layered layouts take seconds
 * on thousands, and a picture that reads left to right like the question.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';

export interface GraphNode {
  id: string;
  label: string;
  kind: string;
  layer: number;
  /** Order inside the column (smaller first), then the label. */
  rank?: number;
  /** Vertical room it takes in its column (default ROW). */
  height?: number;
  classes?: string[];
  /** More data for the element (read back with `ele.data(key)`), set as it is made: a change after drawing restyles it. */
  data?: Record<string, unknown>;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  classes?: string[];
  data?: Record<string, unknown>;
}

const COLUMN = 250;
const ROW = 56;
/**
 * Below this zoom labels are too small to read. The first picture fits the
 * whole graph when that keeps labels readable; otherwise it fits the width
 * (every column, from the origin to the tenants) at no less than this zoom,
 * showing the top of the columns: the tenants with the most systems.
 */
const READABLE_ZOOM = 0.7;
const LARGEST_FIRST_ZOOM = 1.2;

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-family': 'DejaVu Sans, Verdana, sans-serif',
      'font-size': 14,
      color: '#111827',
      'text-valign': 'center',
      'text-halign': 'right',
      'text-margin-x': 8,
      'text-wrap': 'wrap',
      'text-max-width': '165px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '2px',
      width: 26,
      height: 26,
      'background-color': '#475569',
      'border-width': 2,
      'border-color': '#ffffff',
    },
  },
  { selector: 'node.PERSON', style: { shape: 'ellipse', 'background-color': '#1d4ed8' } },
  { selector: 'node.TEAM', style: { shape: 'ellipse', 'background-color': '#4b5563' } },
  { selector: 'node.IDENTITY', style: { shape: 'round-rectangle', 'background-color': '#6d28d9' } },
  { selector: 'node.TOOL', style: { shape: 'hexagon', 'background-color': '#0f766e', width: 32, height: 32 } },
  { selector: 'node.ROLE', style: { shape: 'diamond', 'background-color': '#a16207' } },
  { selector: 'node.SYSTEM', style: { shape: 'rectangle', 'background-color': '#334155', width: 18, height: 18, 'font-size': 13, 'text-max-width': '320px' } },
  { selector: 'node.TENANT', style: { shape: 'round-rectangle', 'background-color': '#15803d', width: 34, height: 34, 'font-weight': 'bold', 'text-max-width': '260px' } },
  { selector: 'node.GROUP', style: { shape: 'round-rectangle', 'background-color': '#e5e7eb', 'border-color': '#6b7280', 'border-style': 'dashed', width: 34, height: 34, 'text-max-width': '260px' } },
  { selector: 'node.terminated', style: { 'background-color': '#b91c1c', color: '#991b1b' } },
  { selector: 'node.gap', style: { 'border-width': 5, 'border-color': '#ea580c', 'border-style': 'double' } },
  { selector: 'node.origin', style: { width: 40, height: 40, 'font-size': 16, 'font-weight': 'bold' } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#94a3b8',
      'target-arrow-color': '#94a3b8',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.9,
      'curve-style': 'bezier',
    },
  },
  { selector: 'edge.gap', style: { 'line-color': '#ea580c', 'target-arrow-color': '#ea580c', 'line-style': 'dashed', width: 2.5 } },
  { selector: 'edge.contain', style: { 'line-style': 'dotted', 'target-arrow-shape': 'none' } },
  { selector: '.faded', style: { opacity: 0.18 } },
  { selector: 'node.hl', style: { 'border-width': 6, 'border-color': '#1d4ed8', opacity: 1 } },
  { selector: 'edge.hl', style: { width: 6, 'line-color': '#1d4ed8', 'target-arrow-color': '#1d4ed8', opacity: 1, 'z-index': 10 } },
  { selector: ':selected', style: { 'overlay-color': '#1d4ed8', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
];

/** Positions: a column per layer, each column top-aligned, nodes by rank then label. */
export function columnPositions(nodes: readonly GraphNode[]): Map<string, { x: number; y: number }> {
  const layers = new Map<number, GraphNode[]>();
  for (const n of nodes) {
    const column = layers.get(n.layer);
    if (column) column.push(n);
    else layers.set(n.layer, [n]);
  }
  const positions = new Map<string, { x: number; y: number }>();
  const order = [...layers.keys()].sort((a, b) => a - b);
  order.forEach((layer, column) => {
    const members = layers.get(layer)!.sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || a.label.localeCompare(b.label));
    let y = 0;
    for (const n of members) {
      positions.set(n.id, { x: column * COLUMN, y });
      y += n.height ?? ROW;
    }
  });
  return positions;
}

/** Cytoscape's elements: the nodes at their positions, and the edges between drawn nodes. */
function elements(nodes: readonly GraphNode[], edges: readonly GraphEdge[], positions?: Map<string, { x: number; y: number }>): ElementDefinition[] {
  const ids = new Set(nodes.map((n) => n.id));
  return [
    ...nodes.map((n) => ({
      group: 'nodes' as const,
      data: { ...n.data, id: n.id, label: n.label },
      classes: [n.kind, ...(n.classes ?? [])].join(' '),
      ...(positions ? { position: positions.get(n.id)! } : {}),
    })),
    ...edges
      .filter((e) => ids.has(e.from) && ids.has(e.to))
      .map((e) => ({ group: 'edges' as const, data: { ...e.data, id: e.id, source: e.from, target: e.to }, classes: (e.classes ?? []).join(' ') })),
  ];
}

/** A picture laid out in columns; fits it when that leaves labels readable, else shows its top-left at a readable zoom. */
export function drawColumns(container: HTMLElement, nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Core {
  const cy = cytoscape({
    container,
    elements: elements(nodes, edges, columnPositions(nodes)),
    style: STYLE,
    // The positions are in the elements already; the preset layout's own fit would measure every label once more than frame() does.
    layout: { name: 'preset', fit: false },
    minZoom: 0.05,
    maxZoom: 3,
    boxSelectionEnabled: false,
    autoungrabify: true,
  });
  frame(cy);
  return cy;
}

/** The picture on screen, as window.cy (as cytoscape's own demos do): for a person in the browser's console, and for the browser tests. */
function expose(cy: Core): void {
  (window as unknown as { cy?: Core }).cy = cy;
}

/** Frames the picture for a first look (see READABLE_ZOOM); called again after a change of size. */
export function frame(cy: Core): void {
  expose(cy);
  // One bounding box (it measures every label: the costly part of a first picture of thousands of nodes), then one viewport.
  const box = cy.elements().boundingBox();
  const margin = 24;
  const fits = Math.min((cy.width() - 2 * margin) / Math.max(box.w, 1), (cy.height() - 2 * margin) / Math.max(box.h, 1));
  if (fits >= READABLE_ZOOM) {
    // The whole picture, centred; a small one is not blown up past its natural size.
    const zoom = Math.max(cy.minZoom(), Math.min(cy.maxZoom(), fits, LARGEST_FIRST_ZOOM));
    cy.viewport({ zoom, pan: { x: (cy.width() - (box.x1 + box.x2) * zoom) / 2, y: (cy.height() - (box.y1 + box.y2) * zoom) / 2 } });
    return;
  }
  const zoom = Math.min(cy.maxZoom(), Math.max(READABLE_ZOOM, (cy.width() - 2 * margin) / box.w));
  cy.viewport({ zoom, pan: { x: margin - box.x1 * zoom, y: margin - box.y1 * zoom } });
}

/** Highlights the given elements whole and fades the rest (or clears it with an empty list). */
export function highlight(cy: Core, ids: readonly string[]): void {
  cy.elements().removeClass('hl faded');
  if (ids.length === 0) return;
  let chosen = cy.collection();
  for (const id of ids) chosen = chosen.union(cy.getElementById(id));
  cy.elements().not(chosen).addClass('faded');
  chosen.addClass('hl');
}

/** Calls `onPick(id, isEdge)` when a node or edge is clicked (tapped). */
export function onPick(cy: Core, pick: (id: string, isEdge: boolean) => void): void {
  cy.on('tap', 'node, edge', (event) => pick(event.target.id(), event.target.isEdge()));
}
