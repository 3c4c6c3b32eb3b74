/**
 * The facts a findings report shares between its checks, fixed once per
 * report (one index view, one asOf): which edges are steps at asOf for this
 * viewer and which of them are privileged (one pass over every edge), what
 * each node is (kind, disabled, privileged role), and memoized per-node
 * answers that several checks ask for: the reach profile of an entity (the
 * tenants and environments of its blast radius) and the tenants a finding
 * about it concerns.
 *
 * Everything is read through the request's index, which for OWNER and
 * TENANT_AUDITOR is already narrowed to their scope (ReachIndex.view): a
 * node or edge out of scope is never a step, never counted, never named.
 */
import { departedAt, entityGaps } from '../accountability/gaps';
import type { EntityRow } from '../core/rows';
import type { GapReason } from '../generated/graphql';
import type { Policy } from '../governance/policy';
import { DEFAULT_MAX_DEPTH } from '../graph/vocabulary';
import { blankRecord, KINDS, PERSON, SYSTEM, TENANT, type IndexRecord, type ReachIndex } from '../reach/index/reach-index';
import type { BreakGlassUseRow } from './break-glass';
import { StateSearch } from './search';

/** Node kind codes (positions in KINDS) the index does not export. */
export const TEAM = KINDS.indexOf('TEAM');
export const IDENTITY = KINDS.indexOf('IDENTITY');
export const TOOL = KINDS.indexOf('TOOL');
export const ROLE = KINDS.indexOf('ROLE');
export { PERSON, SYSTEM, TENANT };

/** Identity kinds domain.md calls non-human (NHI_CROSS_TENANT_REUSE, HUMAN_USE_OF_NHI). */
export const NON_HUMAN_KINDS: ReadonlySet<string> = new Set(['SERVICE_ACCOUNT', 'API_KEY', 'AUTOMATION']);

/** Findings evaluate reach at the API's default depth (docs/findings.md, Depth). */
export const FINDINGS_DEPTH = DEFAULT_MAX_DEPTH;

/** What an entity's blast radius covers (within FINDINGS_DEPTH, at asOf). */
export interface ReachProfile {
  /** Tenants of the systems reached plus tenants reached directly; the origin's own when it is a System or Tenant. */
  tenants: number[];
  /** How many of `tenants` hold a reached system. */
  systemTenants: number;
  production: boolean;
  nonProduction: boolean;
}

const ms = (value: unknown): number | null => (typeof value === 'string' ? Date.parse(value) : null);

export class FindingFacts {
  readonly n: number;
  readonly kind: Uint8Array;
  readonly disabled: Uint8Array;
  readonly privilegedRole: Uint8Array;
  /** 1 for a System whose environment is NON_PRODUCTION (ingest defaults it to PRODUCTION). */
  readonly nonProduction: Uint8Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** 1 when the edge is a step at asOf that this viewer may see (a present record, or containment). */
  readonly step: Uint8Array;
  /** 1 when the edge is a present, privileged access record. */
  readonly privileged: Uint8Array;
  /** Break-glass uses recorded by asOf that the viewer may see (set by the report before BREAK_GLASS_UNREVIEWED runs). */
  breakGlassUses: BreakGlassUseRow[] = [];
  /** A second workspace for the searches of one finding at a time (the first belongs to personReach). */
  readonly work: StateSearch;
  private readonly departedMemo: Int8Array;
  private readonly profiles = new Map<number, ReachProfile>();
  private readonly gapMemo = new Map<number, GapReason | null>();
  private readonly tenantMemo = new Map<number, number[]>();
  /** Stamped marks over nodes (tenants), so unions and profiles allocate nothing per entity. */
  private readonly mark: Uint32Array;
  private readonly systemMark: Uint32Array;
  private markRound = 0;
  private upstream: StateSearch | null = null;
  private scanned = false;
  /** The record the pass hands each visitor, refilled per record (CheckRun.record). */
  private readonly current = blankRecord();

  /** Node facts at once; edge facts with the first record pass (passRecords). */
  constructor(
    readonly index: ReachIndex,
    readonly asOf: number,
    readonly policy: Policy,
  ) {
    const n = index.nodeCount;
    this.n = n;
    this.kind = new Uint8Array(n);
    this.disabled = new Uint8Array(n);
    this.privilegedRole = new Uint8Array(n);
    this.nonProduction = new Uint8Array(n);
    this.departedMemo = new Int8Array(n).fill(-1);
    this.mark = new Uint32Array(n);
    this.systemMark = new Uint32Array(n);
    for (let v = 0; v < n; v++) {
      const kind = index.kindOf(v);
      this.kind[v] = kind;
      // Out of scope: never reached, so its facts are never read.
      if (index.node(index.ids[v]) === undefined) continue;
      if (kind === IDENTITY && this.row(v)?.enabled === false) this.disabled[v] = 1;
      if (kind === ROLE && index.info(v).privilegedRole) this.privilegedRole[v] = 1;
      if (kind === SYSTEM && this.row(v)?.environment === 'NON_PRODUCTION') this.nonProduction[v] = 1;
    }
    const edges = index.edgeCount;
    this.from = new Int32Array(edges);
    this.to = new Int32Array(edges);
    this.step = new Uint8Array(edges);
    this.privileged = new Uint8Array(edges);
    this.work = new StateSearch(this);
  }

  /** Edges the record pass walks over (edge numbers 0 to this - 1). */
  get edgeCount(): number {
    return this.from.length;
  }

  /** Whether the record pass has filled the edge arrays (ends, step, privileged). */
  get filled(): boolean {
    return this.scanned;
  }

  /**
   * Hands each access record present at asOf (and visible) among edges
   * [start, end) to `onRecord`; the report walks the whole range in chunks,
   * yielding between them. The first such walk also fills the edge arrays
   * (ends, step, privileged): it must end (`passEnded`) before any search,
   * and `onRecord` must not read those arrays (they are complete only then).
   */
  passRecords(start: number, end: number, onRecord?: (r: IndexRecord) => void): void {
    if (this.scanned && !onRecord) return;
    this.eachEdge(onRecord, !this.scanned, start, Math.min(end, this.from.length));
  }

  /** The record pass walked every edge: the edge arrays are complete. */
  passEnded(): void {
    this.scanned = true;
  }

  private eachEdge(onRecord: ((r: IndexRecord) => void) | undefined, fill: boolean, start: number, end: number): void {
    const { index, asOf } = this;
    for (let e = start; e < end; e++) {
      if (fill) {
        const [a, b] = index.edgeEnds(e);
        this.from[e] = a;
        this.to[e] = b;
        if (!index.isPresent(e, asOf)) continue;
        this.step[e] = 1;
      } else if (!this.step[e]) continue;
      // Containment (Tenant -> System) is a step but no access record: nothing else leaves a Tenant.
      if (this.kind[this.from[e]] === TENANT) continue;
      if (!fill && !onRecord) continue;
      const r = index.readRecord(e, this.current);
      if (fill && r.privileged) this.privileged[e] = 1;
      onRecord?.(r);
    }
  }

  id(v: number): string {
    return this.index.ids[v];
  }

  /** Stored properties of a visible entity (instants as ISO strings). */
  row(v: number): EntityRow | null {
    return this.index.row(this.index.ids[v]);
  }

  /** An instant property of an entity, in epoch ms, or null. */
  instant(v: number, property: string): number | null {
    return ms(this.row(v)?.[property]);
  }

  /** Whether a Person is departed at asOf (accountability/gaps.ts: departedAt <= asOf, or DEPARTED without a date). */
  departed(v: number): boolean {
    if (this.departedMemo[v] < 0) {
      const row = this.row(v);
      this.departedMemo[v] = row && this.kind[v] === PERSON && departedAt(row, this.asOf) ? 1 : 0;
    }
    return this.departedMemo[v] === 1;
  }

  identityKind(v: number): string | null {
    return this.kind[v] === IDENTITY ? ((this.row(v)?.identityKind as string) ?? null) : null;
  }

  /** The entity's one accountability gap at asOf, or null when it is accountably owned (or needs no owner); memoized. */
  ownerGap(v: number): GapReason | null {
    let gap = this.gapMemo.get(v);
    if (gap === undefined) this.gapMemo.set(v, (gap = entityGaps(KINDS[this.kind[v]], this.index.ownerLinks(this.id(v)), this.asOf)[0] ?? null));
    return gap;
  }

  /** The latest departure among an entity's person owners at asOf (when its last owner left), or null if none is dated. */
  lastOwnerDeparture(v: number): number | null {
    let last: number | null = null;
    for (const link of this.index.ownerLinks(this.id(v))) {
      const at = link.ownerKind === 'PERSON' ? ms(link.ownerDepartedAt) : null;
      if (at !== null && at <= this.asOf && (last === null || at > last)) last = at;
    }
    return last;
  }

  /** The home tenant of an Identity or Role, when it is visible to this viewer; else -1. */
  homeTenant(v: number): number {
    const id = this.row(v)?.tenantId;
    if (typeof id !== 'string') return -1;
    const t = this.index.node(id);
    return t === undefined ? -1 : t;
  }

  /** The blast radius of v within FINDINGS_DEPTH at asOf, memoized; one search on the index's reused workspace. */
  profile(v: number): ReachProfile {
    let profile = this.profiles.get(v);
    if (profile) return profile;
    const p: ReachProfile = { tenants: [], systemTenants: 0, production: false, nonProduction: false };
    const round = this.nextMark();
    const { mark, systemMark, kind, index } = this;
    // The visitor sees every node the search reaches, the origin included; it picks none (no witness is traced).
    const see = (u: number): boolean => {
      const k = kind[u];
      const t = k === SYSTEM ? index.tenantOf(u) : k === TENANT ? u : -1;
      if (t < 0) return false;
      if (mark[t] !== round) {
        mark[t] = round;
        p.tenants.push(t);
      }
      if (k === SYSTEM) {
        if (systemMark[t] !== round) {
          systemMark[t] = round;
          p.systemTenants++;
        }
        if (this.nonProduction[u]) p.nonProduction = true;
        else p.production = true;
      }
      return false;
    };
    // Most subjects are systems with no record leaving them: the search would reach the origin alone.
    if (index.outEdges(v).length === 0) see(v);
    else index.summary(v, 'out', FINDINGS_DEPTH, this.asOf, see);
    this.profiles.set(v, (profile = p));
    return profile;
  }

  /**
   * The tenants a finding about v concerns: those of its blast radius (its
   * own when v is a System or Tenant), plus its home tenant when it has one
   * the viewer may see (a disabled break-glass account reaches nothing, yet
   * belongs to its client).
   */
  tenantsOf(v: number): number[] {
    let tenants = this.tenantMemo.get(v);
    if (!tenants) {
      const home = this.kind[v] === IDENTITY || this.kind[v] === ROLE ? this.homeTenant(v) : -1;
      const reached = this.profile(v).tenants;
      tenants = home < 0 || reached.includes(home) ? reached : [...reached, home];
      this.tenantMemo.set(v, tenants);
    }
    return tenants;
  }

  /** The union of tenant lists, each tenant once (the lists are shared: never mutate them). */
  union(lists: readonly (readonly number[])[]): number[] {
    if (lists.length === 1) return lists[0] as number[];
    const round = this.nextMark();
    const out: number[] = [];
    for (const list of lists) {
      for (const t of list) {
        if (this.mark[t] === round) continue;
        this.mark[t] = round;
        out.push(t);
      }
    }
    return out;
  }

  /** Collects tenants, each once, on the stamped marks (one collector at a time, and no profile() while it is in use). */
  tenantCollector(): { add(t: number): void; list: number[] } {
    const round = this.nextMark();
    const mark = this.mark;
    const list: number[] = [];
    return {
      list,
      add(t: number) {
        if (mark[t] === round) return;
        mark[t] = round;
        list.push(t);
      },
    };
  }

  /** An access record's id. */
  accessId(e: number): string {
    return this.index.step(e).accessId as string;
  }

  /**
   * From every visible Person at once, forward, two states: for each node,
   * how near the nearest person is by any walk and by a privileged walk
   * (UNOWNED_PRIVILEGED_PATH's upstream half). Computed once per report.
   */
  personReach(): StateSearch {
    if (!this.upstream) {
      const people = this.index.nodesOfKind(PERSON);
      this.upstream = new StateSearch(this).run(people, 'out', FINDINGS_DEPTH, true);
    }
    return this.upstream;
  }

  private nextMark(): number {
    if (++this.markRound === 0xffffffff) {
      this.mark.fill(0);
      this.systemMark.fill(0);
      this.markRound = 1;
    }
    return this.markRound;
  }
}
