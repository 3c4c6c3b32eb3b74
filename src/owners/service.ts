/**
 * The owner views (domain.md "Owner reach"; docs/owners.md):
 * - ownerReach: the entities a Person owns at asOf, each with its blast
 *   radius (ReachService.blastRadius, the same traversal as the query of that
 *   name) and its gaps;
 * - recertificationsDue: the present privileged access records into or out of
 *   what an owner owns whose certification falls due by a given instant, with
 *   the paths that show why they matter.
 * Both read the request's one reach-index snapshot (Traverser.wholeGraph),
 * already narrowed to the viewer's scope, so they agree with every other
 * answer of the request and cannot show anything out of scope.
 *
 * An OWNER may ask only about themselves: any other id is FORBIDDEN before
 * it is looked up, whether or not it exists, so the answer reveals nothing
 * about that id.
 */
import { GraphQLError } from 'graphql';
import { linkPresent } from '../accountability/gaps';
import { asOfArg, maxDepthArg } from '../arguments';
import type { Viewer } from '../core/viewer';
import { badArgument, ErrorCode, notFound } from '../errors';
import { recertificationDueAt, type Policy } from '../governance/policy';
import { DEFAULT_MAX_DEPTH } from '../graph/vocabulary';
import { KINDS, PERSON, SYSTEM, type ReachIndex } from '../reach/index/reach-index';
import { pathOf, type PathModel } from '../reach/model';
import { ReachService } from '../reach/service';
import type { Traverser } from '../reach/traverser';
import { INSTANT_FORMAT, isoOf, parseInstant } from '../time';
import type { DueRecertificationModel, OwnedReachModel } from './model';

export interface OwnerReachArgs {
  maxDepth?: number | null;
  asOf?: string | null;
}

export class OwnerService {
  private readonly reach: ReachService;

  constructor(
    private readonly traverser: Traverser,
    private readonly viewer: Viewer,
    private readonly now: string,
    private readonly policy: Policy,
  ) {
    this.reach = new ReachService(traverser, now);
  }

  async ownerReach(personId: string, args: OwnerReachArgs): Promise<OwnedReachModel[]> {
    const maxDepth = maxDepthArg(args.maxDepth, DEFAULT_MAX_DEPTH);
    const asOf = asOfArg(args.asOf, this.now);
    const index = await this.person('personId', personId);
    const owned = this.ownedAt(index, personId, asOf.ms).sort((a, b) => (a.entityId < b.entityId ? -1 : 1));
    const out: OwnedReachModel[] = [];
    for (const link of owned) {
      const blastRadius = await this.reach.blastRadius(link.entityId, { maxDepth, asOf: asOf.iso });
      out.push({ entityId: link.entityId, role: link.role, since: link.since, asOf: asOf.iso, blastRadius });
    }
    return out;
  }

  async recertificationsDue(ownerId: string, before: string): Promise<DueRecertificationModel[]> {
    const beforeMs = parseInstant(before);
    if (beforeMs === null) throw badArgument('before', `must be ${INSTANT_FORMAT}, got ${JSON.stringify(before)}`);
    const index = await this.person('ownerId', ownerId);
    const now = Date.parse(this.now);
    const owned = this.ownedAt(index, ownerId, now).map((l) => index.node(l.entityId) as number);

    // The records of owned entities, each once (a record between two owned entities touches both).
    const edges = new Set<number>();
    for (const n of owned) for (const e of [...index.outEdges(n), ...index.inEdges(n)]) edges.add(e);
    const due: { e: number; id: string; dueAt: number }[] = [];
    for (const e of edges) {
      // isPresent also checks the viewer's scope; containment steps are no records.
      if (!index.isPresent(e, now)) continue;
      const record = index.record(e);
      if (record.id === null || !record.privileged) continue;
      const dueAt = recertificationDueAt(record.grantedAt, record.lastCertifiedAt, this.policy);
      if (dueAt <= beforeMs) due.push({ e, id: record.id, dueAt });
    }
    due.sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
    const paths = new PathsThrough(index, now, DEFAULT_MAX_DEPTH - 1);
    return due.map(({ e, id, dueAt }) => ({ accessId: id, dueAt: isoOf(dueAt), overdue: dueAt <= now, paths: paths.of(e, this.now), asOf: this.now }));
  }

  /**
   * The index, once `id` is known to name a Person the viewer may see.
   * Order of refusals: an OWNER asking about someone else (FORBIDDEN, before
   * any lookup), an id naming nothing visible (NOT_FOUND), another kind (BAD_USER_INPUT).
   */
  private async person(argument: string, id: string): Promise<ReachIndex> {
    if (typeof id !== 'string' || id.trim() === '') throw badArgument(argument, 'must be a non-empty id');
    if (this.viewer.role === 'OWNER' && id !== this.viewer.personId) {
      throw new GraphQLError(`${argument}: an OWNER may ask only about themselves (${JSON.stringify(this.viewer.personId ?? null)})`, {
        extensions: { code: ErrorCode.FORBIDDEN, argument },
      });
    }
    const index = await this.traverser.wholeGraph();
    const n = index.node(id);
    if (n === undefined) throw notFound(argument, id);
    const kind = KINDS[index.kindOf(n)];
    if (kind !== 'PERSON') throw badArgument(argument, `${JSON.stringify(id)} is a ${kind}, not a PERSON`);
    return index;
  }

  /**
   * The owner link from `personId` present at `at` to each entity the viewer
   * may see (not links through a team). A pair can have several links (a
   * removed one is kept when a new one is assigned); the earliest present one stands for it.
   */
  private ownedAt(index: ReachIndex, personId: string, at: number) {
    return index.ownedBy(personId).flatMap((entityId) => {
      const present = index.ownerLinks(entityId).filter((l) => l.ownerId === personId && linkPresent(l, at));
      return present.sort((a, b) => Date.parse(a.since) - Date.parse(b.since)).slice(0, 1);
    });
  }
}

/**
 * The paths shown for a due record: the record itself, then one path from the
 * nearest person through it to the nearest system, as the unaccountable-paths
 * report builds its examples (each half a shortest path within `depth`).
 * Searches are kept per entity, since an owner's records share their ends.
 */
class PathsThrough {
  private readonly up = new Map<number, ReturnType<ReachIndex['summary']>>();
  private readonly down = new Map<number, ReturnType<ReachIndex['summary']>>();

  constructor(
    private readonly index: ReachIndex,
    private readonly at: number,
    private readonly depth: number,
  ) {}

  of(e: number, asOf: string): PathModel[] {
    const index = this.index;
    const step = index.step(e);
    const paths = [pathOf([step], asOf)];
    const [from, to] = index.edgeEnds(e);
    // A disabled identity cannot act: no one reaches anything through its records.
    if (index.row(step.from)?.enabled === false) return paths;
    const up = this.search(this.up, from, 'in', PERSON);
    if (!up.witness) return paths;
    const down = this.search(this.down, to, 'out', SYSTEM);
    const through = [...up.witness, step, ...(down.witness ?? [])];
    if (through.length > 1) paths.push(pathOf(through, asOf));
    return paths;
  }

  private search(memo: Map<number, ReturnType<ReachIndex['summary']>>, n: number, direction: 'in' | 'out', kind: number) {
    let found = memo.get(n);
    if (!found) memo.set(n, (found = this.index.summary(n, direction, this.depth, this.at, (m) => this.index.kindOf(m) === kind)));
    return found;
  }
}
