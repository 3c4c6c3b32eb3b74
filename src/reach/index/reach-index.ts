/**
 * The reach index: the access graph held in this process as adjacency lists
 * over integer node ids, with each access record's validity interval and
 * flags, so breadth-first reach runs over typed arrays instead of one Neo4j
 * round trip per level (see docs/performance.md for the measurements that
 * chose it). It answers with exactly the rules of cypher/reach/expand-*.cypher:
 * a record is a step at T when grantedAt <= T < revokedAt (expiresAt never
 * matters), no step leaves a disabled identity, a Tenant steps to each of its
 * Systems by containment. Neo4j stays the system of record; the provider
 * (provider.ts) keeps this copy consistent with every write.
 *
 * Adjacency lists are kept sorted (out: by target id then access id; in: by
 * source id then access id) and BFS visits in discovery order, so witness
 * paths are the same as the level-by-level Neo4j traversal's.
 */
import type { AccessKind, EntityKind, GapReason, OwnerRole } from '../../generated/graphql';
import type { EntityRow, OwnerLinkRow } from '../../core/rows';
import type { NodeInfo, Step } from '../traversal';
import { ACCESS_KINDS, ENTITY_KINDS } from '../../graph/vocabulary';
import { PatchGate } from './gate';
import { Walk, witnessEdgesOf, type Walkable, type WalkResult } from './walk';

/** Entity kinds and access kinds as the index's small integer codes: their places in the vocabulary's lists. */
export const KINDS: readonly EntityKind[] = ENTITY_KINDS;
export const ACCESS_KIND_CODES: readonly AccessKind[] = ACCESS_KINDS;
const KIND_CODE = new Map<EntityKind, number>(KINDS.map((k, i) => [k, i]));
export const PERSON = KINDS.indexOf('PERSON');
export const IDENTITY = KINDS.indexOf('IDENTITY');
export const TENANT = KINDS.indexOf('TENANT');
export const SYSTEM = KINDS.indexOf('SYSTEM');

/** Edge flags. */
export const PRIVILEGED = 1;
export const NO_APPROVAL = 2;
export const NO_JUSTIFICATION = 4;

// Helpers of per-record methods live here, not as closures inside them: tsx
// compiles with esbuild's keepNames, which names every closure as it is
// created (Object.defineProperty, about 0.3 µs), a second per million records.
const instantOrNaN = (v: number | null | undefined): number => (typeof v === 'number' ? v : NaN);
const instantOrNull = (v: number): number | null => (Number.isNaN(v) || v === undefined ? null : v);

/** An IndexRecord to fill (readRecord), every field present so that all records share one shape. */
export const blankRecord = (): IndexRecord => ({
  edge: -1,
  id: '',
  kind: 'CAN_ACCESS',
  from: -1,
  to: -1,
  grantedAt: 0,
  revokedAt: null,
  expiresAt: null,
  lastCertifiedAt: null,
  lastUsedAt: null,
  approver: -1,
  privileged: false,
  approved: false,
  justified: false,
});

/** An entity as the index needs it. */
export interface IndexNode {
  id: string;
  kind: EntityKind;
  enabled?: boolean | null;
  privileged?: boolean | null;
  tenantId?: string | null;
  /** All stored properties, so entity fields resolve from memory. */
  row?: EntityRow;
}

/** An owner link as the index holds it (the owner's status is read from its row when asked). */
export interface IndexOwnerLink {
  entityId: string;
  ownerId: string;
  role: OwnerRole;
  since: string;
  /** When the link was removed (it is kept, and counts until then); null while it stands. */
  until: string | null;
}

/** An access record as the index needs it (instants in epoch ms). */
export interface IndexEdge {
  id: string;
  from: string;
  to: string;
  grantedAt: number;
  revokedAt: number | null;
  flags: number;
  /** The facts findings check per record (instants in epoch ms; absent = null). */
  kind?: AccessKind;
  expiresAt?: number | null;
  lastCertifiedAt?: number | null;
  lastUsedAt?: number | null;
  approvedBy?: string | null;
  /** The people who asked for it and who last certified it (ids; absent = null). */
  requestedBy?: string | null;
  certifiedBy?: string | null;
}

/** An access record as the index holds it (for findings and the owner views). */
export interface IndexRecord {
  edge: number;
  id: string;
  kind: AccessKind;
  from: number;
  to: number;
  grantedAt: number;
  revokedAt: number | null;
  expiresAt: number | null;
  lastCertifiedAt: number | null;
  lastUsedAt: number | null;
  /** The approving Person's node, or -1. */
  approver: number;
  privileged: boolean;
  approved: boolean;
  justified: boolean;
}

/**
 * What a narrowed viewer may see (auth/scope.ts): node and edge numbers of
 * this index, 1 = visible. Nodes and edges added after the mask was built
 * lie beyond its end and are invisible until the scope is resolved again.
 */
export interface IndexMask {
  node: Uint8Array;
  edge: Uint8Array;
}

/**
 * A search's answer (ReachIndex.search): each entity reached (sources
 * included), in discovery order, once, by its best state (walk.ts `best`),
 * and the walk itself, copied, to trace witnesses later.
 */
export interface Bfs {
  /** Distinct nodes reached, by distance. */
  nodes: Int32Array;
  dist: Int32Array;
  /** Whether some privileged walk reached the node (searches with `track`; else 0). */
  privileged: Uint8Array;
  /** Where the node's best state sits in `walk`. */
  at: Int32Array;
  walk: WalkResult;
}

export class ReachIndex {
  readonly ids: string[] = [];
  private readonly byId = new Map<string, number>();
  private readonly kind: number[] = [];
  private readonly disabled: number[] = [];
  private readonly privRole: number[] = [];
  private readonly tenant: number[] = [];
  private readonly eFrom: number[] = [];
  private readonly eTo: number[] = [];
  private readonly eGranted: number[] = [];
  private readonly eRevoked: number[] = [];
  private readonly eFlags: number[] = [];
  private readonly eAccess: (string | null)[] = [];
  // Per-record facts for findings (NaN: not recorded; kind -1: containment).
  private readonly eKind: number[] = [];
  private readonly eExpires: number[] = [];
  private readonly eCertified: number[] = [];
  private readonly eUsed: number[] = [];
  private readonly eApprover: number[] = [];
  /** Per edge, the ids of the people its record names (requester, approver, certifier); one shared array per distinct set. */
  private readonly eNamedBy: (readonly string[] | null)[] = [];
  private readonly namedSets = new Map<string, readonly string[]>();
  private readonly byAccess = new Map<string, number>();
  private readonly out: number[][] = [];
  private readonly into: number[][] = [];
  private readonly unsorted = new Set<number>();
  private readonly rows: (EntityRow | undefined)[] = [];
  private readonly links = new Map<string, IndexOwnerLink[]>();
  /** Patches of this index wait for work that reads it across awaits (gate.ts); a view shares its whole index's. */
  readonly gate = new PatchGate();
  /** Set only on a view (see `view`). */
  private mask: IndexMask | null = null;
  /** Caches shared by the index and its views (mutated in place, never replaced). */
  private readonly cache: { rank: Int32Array | null; byRank: Int32Array | null; walk: Walk | null } = { rank: null, byRank: null, walk: null };
  /** Moves with every change (entities, records, owner links): computed answers are kept per generation (reach/answers.ts). */
  private changes = 0;

  /**
   * This index as a narrowed viewer sees it: the same arrays, but every
   * lookup, search, path and report crosses only the nodes and edges the mask
   * marks visible, so an answer cannot contain anything out of scope. A view
   * shares the index's state by prototype (no copy); it must not be written to.
   */
  view(mask: IndexMask): ReachIndex {
    const view = Object.create(this) as ReachIndex;
    view.mask = mask;
    return view;
  }

  private visible(n: number): boolean {
    const m = this.mask;
    return m === null || m.node[n] === 1;
  }

  private visibleEdge(e: number): boolean {
    const m = this.mask;
    return m === null || m.edge[e] === 1;
  }

  get nodeCount(): number {
    return this.ids.length;
  }

  get edgeCount(): number {
    return this.eFrom.length;
  }

  node(id: string): number | undefined {
    const n = this.byId.get(id);
    return n !== undefined && this.visible(n) ? n : undefined;
  }

  info(n: number): NodeInfo {
    const t = this.tenant[n];
    return { id: this.ids[n], kind: KINDS[this.kind[n]], privilegedRole: this.privRole[n] === 1, tenantId: t >= 0 ? this.ids[t] : null };
  }

  kindOf(n: number): number {
    return this.kind[n];
  }

  tenantOf(n: number): number {
    return this.tenant[n];
  }

  /** Adds or updates entities; then links each System to its Tenant (containment) once both are known. */
  upsertNodes(rows: Iterable<IndexNode>): void {
    this.changes++;
    const systems: [number, string][] = [];
    for (const row of rows) {
      let n = this.byId.get(row.id);
      if (n === undefined) {
        n = this.ids.length;
        this.ids.push(row.id);
        this.byId.set(row.id, n);
        this.kind.push(KIND_CODE.get(row.kind) ?? 0);
        this.disabled.push(0);
        this.privRole.push(0);
        this.tenant.push(-1);
        this.out.push([]);
        this.into.push([]);
      }
      if (row.row) this.rows[n] = row.row;
      this.disabled[n] = row.kind === 'IDENTITY' && row.enabled === false ? 1 : 0;
      this.privRole[n] = row.kind === 'ROLE' && row.privileged === true ? 1 : 0;
      if (row.kind === 'SYSTEM' && row.tenantId && this.tenant[n] < 0) systems.push([n, row.tenantId]);
    }
    for (const [s, tenantId] of systems) {
      const t = this.byId.get(tenantId);
      if (t === undefined) continue;
      // A System's tenant is fixed once recorded, so containment is added once and never moved.
      this.tenant[s] = t;
      this.addEdge(t, s, null, -Infinity, Infinity, 0);
    }
  }

  /**
   * Orders nodes already grouped by distance (as a search discovers them) by
   * id within each distance: ids are ranked once (again only after entities
   * are added), so each group is a numeric typed-array sort, not a sort of strings.
   */
  orderByDistanceThenId(nodes: Int32Array, distance: Int32Array): Int32Array {
    const cache = this.cache;
    if (!cache.rank || cache.rank.length !== this.ids.length) {
      const { ids } = this;
      const order = Array.from(ids.keys()).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
      const rank = new Int32Array(ids.length);
      order.forEach((node, r) => (rank[node] = r));
      cache.byRank = Int32Array.from(order);
      cache.rank = rank;
    }
    const rank = cache.rank;
    const byRank = cache.byRank as Int32Array;
    const out = new Int32Array(nodes.length);
    for (let start = 0; start < nodes.length; ) {
      let end = start;
      while (end < nodes.length && distance[end] === distance[start]) end++;
      const ranks = new Int32Array(end - start);
      for (let i = start; i < end; i++) ranks[i - start] = rank[nodes[i]];
      ranks.sort();
      for (let i = 0; i < ranks.length; i++) out[start + i] = byRank[ranks[i]];
      start = end;
    }
    return out;
  }

  /** An entity's stored properties, or null when there is no such entity. */
  row(id: string): EntityRow | null {
    const n = this.node(id);
    return n === undefined ? null : (this.rows[n] ?? null);
  }

  /** Replaces the owner links of the given entities (an entity absent from `links` keeps none). */
  setOwnerLinks(entityIds: Iterable<string>, links: IndexOwnerLink[]): void {
    this.changes++;
    for (const id of entityIds) this.links.delete(id);
    for (const link of links) (this.links.get(link.entityId) ?? this.links.set(link.entityId, []).get(link.entityId)!).push(link);
  }

  /** Owner links of an entity, with each owner's kind, status and departure as stored now. */
  ownerLinks(entityId: string): OwnerLinkRow[] {
    if (this.node(entityId) === undefined) return [];
    const links = (this.links.get(entityId) ?? []).filter((l) => this.node(l.ownerId) !== undefined);
    return links.map((l) => {
      const owner = this.row(l.ownerId);
      return {
        ...l,
        ownerKind: (owner?.kind ?? 'PERSON') as EntityKind,
        ownerStatus: (owner?.status as string) ?? null,
        ownerDepartedAt: (owner?.departedAt as string) ?? null,
      };
    });
  }

  /** Adds or updates access records (their endpoints are fixed once recorded). */
  upsertEdges(rows: Iterable<IndexEdge>): void {
    this.changes++;
    for (const row of rows) {
      const revoked = row.revokedAt ?? Infinity;
      const e = this.byAccess.get(row.id);
      if (e !== undefined) {
        this.eGranted[e] = row.grantedAt;
        this.eRevoked[e] = revoked;
        this.eFlags[e] = row.flags;
        this.setFacts(e, row);
        continue;
      }
      const a = this.byId.get(row.from);
      const b = this.byId.get(row.to);
      if (a === undefined || b === undefined) throw new Error(`reach index: access ${row.id} joins unknown entities`);
      const created = this.addEdge(a, b, row.id, row.grantedAt, revoked, row.flags);
      this.setFacts(created, row);
      this.byAccess.set(row.id, created);
    }
  }

  private setFacts(e: number, row: IndexEdge): void {
    this.eKind[e] = row.kind ? ACCESS_KIND_CODES.indexOf(row.kind) : -1;
    this.eExpires[e] = instantOrNaN(row.expiresAt);
    this.eCertified[e] = instantOrNaN(row.lastCertifiedAt);
    this.eUsed[e] = instantOrNaN(row.lastUsedAt);
    this.eApprover[e] = row.approvedBy ? (this.byId.get(row.approvedBy) ?? -1) : -1;
    const named: string[] = [];
    for (const id of [row.requestedBy, row.approvedBy, row.certifiedBy]) if (typeof id === 'string' && !named.includes(id)) named.push(id);
    if (named.length === 0) this.eNamedBy[e] = null;
    else {
      const key = named.join('\n');
      let shared = this.namedSets.get(key);
      if (!shared) this.namedSets.set(key, (shared = named));
      this.eNamedBy[e] = shared;
    }
  }

  /** Access records (not containment steps) the viewer may see, whatever their time. */
  records(): IndexRecord[] {
    const out: IndexRecord[] = [];
    for (let e = 0; e < this.eFrom.length; e++) if (this.eAccess[e] !== null && this.visibleEdge(e)) out.push(this.record(e));
    return out;
  }

  /** One access record's facts (edge number as the index numbers it). */
  record(e: number): IndexRecord {
    return this.readRecord(e, blankRecord());
  }

  /** Record e's facts written into `into` (a pass over every record reuses one object instead of making a million). */
  readRecord(e: number, into: IndexRecord): IndexRecord {
    const flags = this.eFlags[e];
    into.edge = e;
    into.id = this.eAccess[e] as string;
    into.kind = ACCESS_KIND_CODES[this.eKind[e]] ?? 'CAN_ACCESS';
    into.from = this.eFrom[e];
    into.to = this.eTo[e];
    into.grantedAt = this.eGranted[e];
    into.revokedAt = this.eRevoked[e] === Infinity ? null : this.eRevoked[e];
    into.expiresAt = instantOrNull(this.eExpires[e]);
    into.lastCertifiedAt = instantOrNull(this.eCertified[e]);
    into.lastUsedAt = instantOrNull(this.eUsed[e]);
    into.approver = this.eApprover[e] ?? -1;
    into.privileged = (flags & PRIVILEGED) !== 0;
    into.approved = (flags & NO_APPROVAL) === 0;
    into.justified = (flags & NO_JUSTIFICATION) === 0;
    return into;
  }

  /** The record behind an access id, if the viewer may see it. */
  recordOf(accessId: string): IndexRecord | null {
    const e = this.byAccess.get(accessId);
    return e !== undefined && this.visibleEdge(e) ? this.record(e) : null;
  }

  /** Whether record `e` is present at `asOf` (granted by then, not revoked by then) and visible. */
  isPresent(e: number, asOf: number): boolean {
    return this.present(e, asOf);
  }

  /** Outgoing and incoming edges of a node (records and containment), unfiltered by time. */
  outEdges(n: number): readonly number[] {
    this.ensureSorted();
    return this.out[n];
  }

  inEdges(n: number): readonly number[] {
    this.ensureSorted();
    return this.into[n];
  }

  private addEdge(a: number, b: number, accessId: string | null, granted: number, revoked: number, flags: number): number {
    const e = this.eFrom.length;
    this.eFrom.push(a);
    this.eTo.push(b);
    this.eAccess.push(accessId);
    this.eGranted.push(granted);
    this.eRevoked.push(revoked);
    this.eFlags.push(flags);
    this.eKind.push(-1);
    this.eExpires.push(NaN);
    this.eCertified.push(NaN);
    this.eUsed.push(NaN);
    this.eApprover.push(-1);
    this.eNamedBy.push(null);
    this.out[a].push(e);
    this.into[b].push(e);
    this.unsorted.add(a);
    this.unsorted.add(b);
    return e;
  }

  /** Sorts the adjacency lists touched since the last search (deterministic witness paths). */
  private ensureSorted(): void {
    if (this.unsorted.size === 0) return;
    const { ids, eFrom, eTo, eAccess } = this;
    const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    const byTarget = (e1: number, e2: number) => cmp(ids[eTo[e1]], ids[eTo[e2]]) || cmp(eAccess[e1] ?? '', eAccess[e2] ?? '');
    const bySource = (e1: number, e2: number) => cmp(ids[eFrom[e1]], ids[eFrom[e2]]) || cmp(eAccess[e1] ?? '', eAccess[e2] ?? '');
    for (const n of this.unsorted) {
      if (this.out[n].length > 1) this.out[n].sort(byTarget);
      if (this.into[n].length > 1) this.into[n].sort(bySource);
    }
    this.unsorted.clear();
  }

  /** Moves with every change; a view (Object.create) reads its whole index's. */
  get generation(): number {
    return this.changes;
  }

  /**
   * The first instant after `asOf` at which any record is granted or revoked
   * (Infinity: none): until then every search at a later asOf crosses the same
   * records, so its answer is the one at `asOf`. Over every record, visible or
   * not (a view's window can only be shorter for it).
   */
  nextChangeAfter(asOf: number): number {
    let next = Infinity;
    const granted = this.eGranted;
    const revoked = this.eRevoked;
    for (let e = 0; e < granted.length; e++) {
      const g = granted[e];
      const r = revoked[e];
      if (g > asOf && g < next) next = g;
      if (r > asOf && r < next) next = r;
    }
    return next;
  }

  private present(e: number, asOf: number): boolean {
    return this.eGranted[e] <= asOf && this.eRevoked[e] > asOf && this.visibleEdge(e);
  }

  /** The graph as the walk core (walk.ts) crosses it: sorted adjacency, edge ends, per-node facts. */
  walkable(): Walkable {
    this.ensureSorted();
    return { ids: this.ids, out: this.out, into: this.into, from: this.eFrom, to: this.eTo, disabled: this.disabled, privRole: this.privRole };
  }

  /** The index's one workspace (shared with its views); a walk's answer must be read before the next walk on it. */
  private walker(): Walk {
    const cache = this.cache;
    if (!cache.walk || !cache.walk.fits(this.ids.length)) cache.walk = new Walk(Math.ceil(this.ids.length * 1.25));
    return cache.walk;
  }

  /**
   * Breadth-first search from `sources` (all at distance 0) up to maxDepth
   * steps, forward ('out') or reverse ('in'), over the records present at
   * asOf that this index (or view) shows. With `track`, whether some walk
   * within maxDepth to each entity is privileged.
   */
  search(sources: number[], direction: 'out' | 'in', maxDepth: number, asOf: number, track = false): Bfs {
    const walk = this.walker().run(this.walkable(), sources, {
      direction,
      maxDepth,
      track,
      step: (e) => this.present(e, asOf),
      privileged: (e) => this.eFlags[e] & PRIVILEGED,
    });
    const order = walk.order();
    const nodes = new Int32Array(order.length);
    const dist = new Int32Array(order.length);
    const privileged = new Uint8Array(order.length);
    const at = new Int32Array(order.length);
    let count = 0;
    for (let i = 0; i < order.length; i++) {
      const st = order[i];
      const best = walk.best(st >> 1)!;
      // Each node once: at its best state (discovery is by distance, so the list stays ordered by distance).
      if (best.state !== st) continue;
      nodes[count] = st >> 1;
      dist[count] = best.distance;
      privileged[count] = best.privileged ? 1 : 0;
      at[count++] = walk.position(st);
    }
    return { nodes: nodes.subarray(0, count), dist: dist.subarray(0, count), privileged: privileged.subarray(0, count), at: at.subarray(0, count), walk: walk.result() };
  }

  /** The witness path to the i-th node of a search, in walking order (reverse searches: from the reacher towards the target). */
  witness(bfs: Bfs, i: number): Step[] {
    return witnessEdgesOf(bfs.walk, bfs.at[i]).map((e) => this.step(e));
  }

  step(e: number): Step {
    const flags = this.eFlags[e];
    const accessGaps: GapReason[] = [];
    if (flags & NO_APPROVAL) accessGaps.push('NO_APPROVAL');
    if (flags & NO_JUSTIFICATION) accessGaps.push('NO_JUSTIFICATION');
    return { from: this.ids[this.eFrom[e]], to: this.ids[this.eTo[e]], accessId: this.eAccess[e], privileged: (flags & PRIVILEGED) !== 0, accessGaps };
  }

  /**
   * Distinct simple paths from `from` to `to`, shortest first, at most `limit`.
   * A reverse search from `to` gives each entity's exact distance to it; a
   * depth-first search then extends a path only by steps after which `to` is
   * still reachable in the steps left, length by length (iterative deepening),
   * so it walks almost nothing but the paths it returns.
   */
  simplePaths(from: number, to: number, maxDepth: number, asOf: number, limit: number): Step[][] {
    if (from === to) return [];
    // Distances to `to`, read from the live walk (nothing else walks until the paths are found).
    const walk = this.walker().run(this.walkable(), [to], { direction: 'in', maxDepth, track: false, step: (e) => this.present(e, asOf) });
    const toB = (n: number) => walk.distance(n * 2);
    const shortest = toB(from);
    if (shortest < 0 || this.disabled[from]) return [];
    const found: Step[][] = [];
    const onPath = new Uint8Array(this.ids.length);
    const path: number[] = [];
    onPath[from] = 1;
    const extend = (u: number, length: number): void => {
      if (u === to) {
        if (path.length === length) found.push(path.map((e) => this.step(e)));
        return;
      }
      if (u !== from && this.disabled[u]) return;
      for (const e of this.out[u]) {
        if (found.length >= limit) return;
        if (!this.present(e, asOf)) continue;
        const v = this.eTo[e];
        const remaining = toB(v);
        if (remaining < 0 || onPath[v] || path.length + 1 + remaining > length) continue;
        onPath[v] = 1;
        path.push(e);
        extend(v, length);
        path.pop();
        onPath[v] = 0;
      }
    };
    for (let length = shortest; length <= maxDepth && found.length < limit; length++) extend(from, length);
    return found;
  }

  /** The Systems of a Tenant (its containment steps). */
  systemsOf(t: number): number[] {
    return this.out[t].filter((e) => this.eAccess[e] === null && this.visibleEdge(e)).map((e) => this.eTo[e]);
  }

  /** Nodes of one kind (codes as KINDS). */
  nodesOfKind(code: number): number[] {
    const found: number[] = [];
    for (let n = 0; n < this.kind.length; n++) if (this.kind[n] === code && this.visible(n)) found.push(n);
    return found;
  }

  /**
   * For the unaccountable-paths report, which runs thousands of searches:
   * how many entities accepted by `pick` a search from `source` reaches within
   * maxDepth, and the witness to the nearest (then lowest id) of them.
   * Reuses one workspace (stamped, so nothing is cleared between searches).
   */
  summary(source: number, direction: 'out' | 'in', maxDepth: number, asOf: number, pick: (n: number) => boolean): { count: number; witness: Step[] | null } {
    const ids = this.ids;
    let count = 0;
    let nearest = -1;
    let nearestDistance = 0;
    const walk = this.walker().run(this.walkable(), [source], {
      direction,
      maxDepth,
      track: false,
      step: (e) => this.present(e, asOf),
      visit: (u, d) => {
        if (!pick(u)) return;
        count++;
        if (nearest < 0 || (d === nearestDistance && ids[u] < ids[nearest])) (nearest = u), (nearestDistance = d);
      },
    });
    if (nearest < 0) return { count, witness: null };
    return { count, witness: walk.witnessEdges(nearest * 2).map((e) => this.step(e)) };
  }

  /** Access records with gaps, for the unaccountable-paths report: [edge, flags]. */
  *gapEdges(asOf: number): Generator<{ edge: number; step: Step; flags: number }> {
    for (let e = 0; e < this.eFrom.length; e++) {
      if (this.eAccess[e] === null || (this.eFlags[e] & (NO_APPROVAL | NO_JUSTIFICATION)) === 0) continue;
      if (!this.present(e, asOf) || this.disabled[this.eFrom[e]]) continue;
      yield { edge: e, step: this.step(e), flags: this.eFlags[e] };
    }
  }

  edgeEnds(e: number): [number, number] {
    return [this.eFrom[e], this.eTo[e]];
  }

  /**
   * For resolving scopes: every node that `sources` reach (or, 'in', that
   * reach them) by any access record that was ever recorded, at any time, by
   * any depth, through disabled identities too, plus containment. A superset
   * of every answer any asOf or maxDepth could give, so a scope built on it
   * holds for the whole history. Ignores any mask. Sources are included.
   */
  everReachable(sources: number[], direction: 'out' | 'in'): Uint8Array {
    const seen = new Uint8Array(this.ids.length);
    const walk = this.walker().run(this.walkable(), sources, { direction, maxDepth: Infinity, track: false, throughDisabled: true, step: () => true });
    for (const st of walk.order()) seen[st >> 1] = 1;
    return seen;
  }

  /** An edge mask: 1 for each edge (record or containment) that `keep(from, to, isContainment)` accepts. */
  edgesWhere(keep: (from: number, to: number, containment: boolean) => boolean): Uint8Array {
    const mask = new Uint8Array(this.eFrom.length);
    for (let e = 0; e < mask.length; e++) if (keep(this.eFrom[e], this.eTo[e], this.eAccess[e] === null)) mask[e] = 1;
    return mask;
  }

  /** Access record ids of the edges a mask marks (containment steps have none). */
  /** Ids of the people the access records of `edges` name as requester, approver or certifier (stored or not as entities). */
  peopleNamedBy(edges: Uint8Array): string[] {
    const out = new Set<string>();
    for (let e = 0; e < edges.length; e++) if (edges[e] === 1) for (const id of this.eNamedBy[e] ?? []) out.add(id);
    return [...out];
  }

  accessIdsOf(edges: Uint8Array): string[] {
    const out: string[] = [];
    for (let e = 0; e < edges.length; e++) if (edges[e] === 1 && this.eAccess[e] !== null) out.push(this.eAccess[e] as string);
    return out;
  }

  /** Ids of the entities an owner (Person or Team) has owner links to, whatever their since. Ignores any mask. */
  ownedBy(ownerId: string): string[] {
    const owned: string[] = [];
    for (const [entityId, links] of this.links) if (links.some((l) => l.ownerId === ownerId)) owned.push(entityId);
    return owned;
  }

  /**
   * Ids of the entities an owner has a standing owner link to (one not
   * removed), whatever its since. This bounds an OWNER's scope: a removed
   * owner must stop seeing what they no longer answer for, and above all
   * what is recorded from it after the removal. Ignores any mask.
   */
  standingOwnedBy(ownerId: string): string[] {
    const owned: string[] = [];
    for (const [entityId, links] of this.links) if (links.some((l) => l.ownerId === ownerId && l.until === null)) owned.push(entityId);
    return owned;
  }

  /** Owner ids of an entity, whatever their since. Ignores any mask. */
  ownerIdsOf(entityId: string): string[] {
    return (this.links.get(entityId) ?? []).map((l) => l.ownerId);
  }

  /** The node number of an id, whatever any mask says (for building masks only). */
  anyNode(id: string): number | undefined {
    return this.byId.get(id);
  }
}


