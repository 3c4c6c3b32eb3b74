/**
 * The floor: the least work any implementation must do to answer a reach
 * question, measured in the same process as the benchmark. The graph (built
 * straight from the generator's records, independently of the API's own
 * code, so it doubles as the correctness oracle) is held as compressed
 * adjacency arrays of the records present at one instant; a question is a
 * breadth-first search over typed arrays plus serializing the same answer
 * the API returns to JSON.
 */
import type { IngestInput } from '../generated/graphql';

const PERSON = 1;
const IDENTITY = 2;
const SYSTEM = 3;
const TENANT = 4;

export interface FloorAnswer {
  /** [id, distance] of every system reached, nearest first then by id (or people/identities for exposure). */
  reached: [string, number][];
  json: string;
}

export class Floor {
  readonly ids: string[] = [];
  private readonly at = new Map<string, number>();
  private kind!: Uint8Array;
  private disabled!: Uint8Array;
  private privRole!: Uint8Array;
  private tenantOf!: Int32Array;
  private outStart!: Int32Array;
  private outTo!: Int32Array;
  private outPriv!: Uint8Array;
  private inStart!: Int32Array;
  private inFrom!: Int32Array;

  constructor(input: IngestInput, asOf: number) {
    const add = (id: string) => {
      this.at.set(id, this.ids.length);
      this.ids.push(id);
    };
    const lists = [input.people, input.teams, input.identities, input.tools, input.roles, input.tenants, input.systems];
    for (const list of lists) for (const r of list ?? []) add(r.id);
    const n = this.ids.length;
    this.kind = new Uint8Array(n);
    this.disabled = new Uint8Array(n);
    this.privRole = new Uint8Array(n);
    this.tenantOf = new Int32Array(n).fill(-1);
    for (const p of input.people ?? []) this.kind[this.at.get(p.id)!] = PERSON;
    for (const i of input.identities ?? []) {
      const k = this.at.get(i.id)!;
      this.kind[k] = IDENTITY;
      this.disabled[k] = i.enabled === false ? 1 : 0;
    }
    for (const r of input.roles ?? []) this.privRole[this.at.get(r.id)!] = r.privileged ? 1 : 0;
    for (const t of input.tenants ?? []) this.kind[this.at.get(t.id)!] = TENANT;
    const from: number[] = [];
    const to: number[] = [];
    const priv: number[] = [];
    for (const s of input.systems ?? []) {
      const k = this.at.get(s.id)!;
      this.kind[k] = SYSTEM;
      this.tenantOf[k] = this.at.get(s.tenantId)!;
      from.push(this.tenantOf[k]);
      to.push(k);
      priv.push(0);
    }
    for (const a of input.access ?? []) {
      const granted = a.grantedAt ? Date.parse(a.grantedAt) : -Infinity;
      const revoked = a.revokedAt ? Date.parse(a.revokedAt) : Infinity;
      if (!(granted <= asOf && revoked > asOf)) continue;
      from.push(this.at.get(a.fromId)!);
      to.push(this.at.get(a.toId)!);
      priv.push(a.privileged ? 1 : 0);
    }
    [this.outStart, this.outTo, this.outPriv] = csr(n, from, to, priv);
    [this.inStart, this.inFrom] = csr(n, to, from, priv);
  }

  /** Systems reachable from `id` within maxDepth, with the privileged flag (two states per node). */
  blastRadius(id: string, maxDepth: number, page = 100): FloorAnswer {
    const n = this.ids.length;
    const src = this.at.get(id)!;
    const dist = new Int32Array(2 * n).fill(-1);
    const queue = new Int32Array(2 * n);
    let tail = 0;
    const s0 = src * 2 + this.privRole[src];
    dist[s0] = 0;
    queue[tail++] = s0;
    for (let head = 0; head < tail; head++) {
      const st = queue[head];
      const u = st >> 1;
      if (dist[st] >= maxDepth || this.disabled[u]) continue;
      for (let i = this.outStart[u]; i < this.outStart[u + 1]; i++) {
        const v = this.outTo[i];
        const st2 = v * 2 + ((st & 1) | this.outPriv[i] | this.privRole[v]);
        if (dist[st2] < 0) {
          dist[st2] = dist[st] + 1;
          queue[tail++] = st2;
        }
      }
    }
    const systems: [string, number, boolean][] = [];
    const perTenant = new Map<number, number>();
    for (let v = 0; v < n; v++) {
      if (v === src || this.kind[v] !== SYSTEM) continue;
      const a = dist[2 * v];
      const b = dist[2 * v + 1];
      if (a < 0 && b < 0) continue;
      systems.push([this.ids[v], a < 0 ? b : b < 0 ? a : Math.min(a, b), b >= 0]);
      perTenant.set(this.tenantOf[v], (perTenant.get(this.tenantOf[v]) ?? 0) + 1);
    }
    systems.sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1));
    const tenants = [...perTenant].map(([t, c]) => ({ tenant: { id: this.ids[t] }, systemCount: c }));
    const json = JSON.stringify({
      data: {
        blastRadius: {
          systemCount: systems.length,
          tenantCount: tenants.length,
          tenants,
          systems: { totalCount: systems.length, edges: systems.slice(0, page).map(([sid, d, p]) => ({ node: { system: { id: sid }, distance: d, privileged: p } })) },
        },
      },
    });
    return { reached: systems.map(([sid, d]) => [sid, d]), json };
  }

  /** People and identities from which `id` (for a Tenant: it or any of its systems) is reachable within maxDepth. */
  whoCanReach(id: string, maxDepth: number, page = 100): { people: [string, number][]; identities: [string, number][]; json: string } {
    const n = this.ids.length;
    const target = this.at.get(id)!;
    const dist = new Int32Array(n).fill(-1);
    const queue = new Int32Array(n);
    let tail = 0;
    const sources = [target];
    if (this.kind[target] === TENANT) for (let v = 0; v < n; v++) if (this.tenantOf[v] === target) sources.push(v);
    for (const s of sources) {
      dist[s] = 0;
      queue[tail++] = s;
    }
    for (let head = 0; head < tail; head++) {
      const u = queue[head];
      if (dist[u] >= maxDepth) continue;
      for (let i = this.inStart[u]; i < this.inStart[u + 1]; i++) {
        const v = this.inFrom[i];
        if (dist[v] >= 0 || this.disabled[v]) continue;
        dist[v] = dist[u] + 1;
        queue[tail++] = v;
      }
    }
    const people: [string, number][] = [];
    const identities: [string, number][] = [];
    for (let i = 0; i < tail; i++) {
      const v = queue[i];
      if (dist[v] === 0) continue;
      if (this.kind[v] === PERSON) people.push([this.ids[v], dist[v]]);
      else if (this.kind[v] === IDENTITY) identities.push([this.ids[v], dist[v]]);
    }
    const order = (x: [string, number], y: [string, number]) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1);
    people.sort(order);
    identities.sort(order);
    const edges = (list: [string, number][]) => list.slice(0, page).map(([eid, d]) => ({ node: { entity: { id: eid }, distance: d } }));
    const json = JSON.stringify({
      data: { whoCanReach: { peopleCount: people.length, identityCount: identities.length, people: { edges: edges(people) }, identities: { edges: edges(identities) } } },
    });
    return { people, identities, json };
  }

  /** Ids of one kind of node, for sampling. */
  idsOfKind(kind: 'PERSON' | 'IDENTITY' | 'SYSTEM' | 'TENANT'): string[] {
    const code = { PERSON, IDENTITY, SYSTEM, TENANT }[kind];
    return this.ids.filter((_, i) => this.kind[i] === code);
  }
}

/** Compressed sparse rows: for each node, the slice of `b` (and its flag) of the pairs (a, b). */
function csr(n: number, a: number[], b: number[], flag: number[]): [Int32Array, Int32Array, Uint8Array] {
  const start = new Int32Array(n + 1);
  for (const x of a) start[x + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const targets = new Int32Array(a.length);
  const flags = new Uint8Array(a.length);
  for (let e = 0; e < a.length; e++) {
    const slot = fill[a[e]]++;
    targets[slot] = b[e];
    flags[slot] = flag[e];
  }
  return [start, targets, flags];
}
