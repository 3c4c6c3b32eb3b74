/**
 * auditTrail: reading the append-only audit trail (audit/events.ts writes
 * it). Filters combine with AND; the order is newest first, then by id, and
 * pages are keyset pages on (at, id), so a page never repeats or skips an
 * event while new ones are appended.
 *
 * Only whole-graph roles (ADMIN, ANALYST) may read it (docs/audit.md): an
 * event's `details` are free text written by whichever change recorded it
 * and may name ids outside a narrowed viewer's scope, so filtering subjects
 * by scope would still leak through details and counts. The queries carry
 * no $scope, so the Executor also refuses them for a narrowed viewer.
 */
import { GraphQLError } from 'graphql';
import type { Viewer, ViewerRole } from '../core/viewer';
import type { Executor } from '../db/executor';
import type { Loaders } from '../entities/loaders';
import type { AccessRow, EntityRow } from '../core/rows';
import { badArgument, ErrorCode, quoted, truncated } from '../errors';
import { decodeCursor, encodeCursor, pageSize, type Connection } from '../pagination';
import { INSTANT_FORMAT, parseInstant, toNeo } from '../time';
import { AUDIT_KINDS } from './events';

/** One stored event, as the resolvers receive it (instants as ISO strings). */
export interface AuditEventRow {
  id: string;
  kind: string;
  at: string;
  actorId: string;
  actorRole: ViewerRole;
  requestId: string | null;
  subjectIds: string[];
  details: string;
}

export interface AuditTrailArgs {
  entityId?: string | null;
  accessId?: string | null;
  actorId?: string | null;
  from?: string | null;
  to?: string | null;
  kinds?: readonly string[] | null;
  first?: number | null;
  after?: string | null;
}

// The open ends of the time range: the range is always bounded so the `at` index serves it.
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

export class AuditTrailService {
  constructor(
    private readonly exec: Executor,
    private readonly viewer: Viewer,
    private readonly loaders: Loaders,
  ) {}

  async trail(args: AuditTrailArgs): Promise<Connection<AuditEventRow>> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after, 2);
    if (after && (typeof after[0] !== 'number' || typeof after[1] !== 'string')) throw badArgument('after', 'not a cursor from this list (use a pageInfo.endCursor or edges.cursor value)');
    const from = instantArg('from', args.from) ?? EARLIEST;
    const to = instantArg('to', args.to) ?? LATEST;
    if (from > to) throw badArgument('to', `must not be earlier than from (${args.from}), got ${args.to}`);
    const kinds = kindsArg(args.kinds);
    const entityId = idArg('entityId', args.entityId);
    const accessId = idArg('accessId', args.accessId);
    const actorId = idArg('actorId', args.actorId);
    // A filter on an id that names nothing would answer "no events", which reads like "nobody touched it": refuse it instead.
    if (entityId !== null && !(await this.loaders.entity.load(entityId))) throw missing('entityId', 'entity', entityId);
    if (accessId !== null && !(await this.loaders.access.load(accessId))) throw missing('accessId', 'access record', accessId);

    const filters = { from: toNeo(from), to: toNeo(to), entityId, accessId, actorId, kinds };
    const { rows, total } = await this.exec.read(this.viewer, async (tx) => ({
      rows: await tx.run('audit/trail', {
        ...filters,
        afterAt: after ? toNeo(after[0] as number) : null,
        afterId: after ? (after[1] as string) : null,
        limit: limit + 1,
      }),
      total: await tx.run('audit/trail-count', filters),
    }));
    const page = rows.slice(0, limit).map((r) => r.event as AuditEventRow);
    const edges = page.map((node) => ({ cursor: encodeCursor([Date.parse(node.at), node.id]), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      totalCount: Number(total[0]?.total ?? 0),
    };
  }

  /** The event's subjects that are entities, in subjectIds order (batched with every other event of the response). */
  async entities(event: AuditEventRow): Promise<EntityRow[]> {
    const rows = await this.loaders.entity.loadMany(event.subjectIds);
    return rows.filter((r): r is EntityRow => r !== null && !(r instanceof Error));
  }

  /** The event's subjects that are access records, in subjectIds order. */
  async accessRecords(event: AuditEventRow): Promise<AccessRow[]> {
    // Entity ids are not access ids (one namespace), so only the other subjects are looked up as records.
    const entities = new Set((await this.entities(event)).map((e) => e.id));
    const rows = await this.loaders.access.loadMany(event.subjectIds.filter((id) => !entities.has(id)));
    return rows.filter((r): r is AccessRow => r !== null && !(r instanceof Error));
  }
}

function instantArg(argument: string, value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const ms = parseInstant(value);
  if (ms === null) throw badArgument(argument, `must be ${INSTANT_FORMAT}, got ${quoted(value)}`);
  return ms;
}

function idArg(argument: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value.trim() === '') throw badArgument(argument, 'must be a non-empty id (leave it out to not filter on it)');
  return value;
}

function kindsArg(kinds: readonly string[] | null | undefined): string[] | null {
  if (kinds === null || kinds === undefined) return null;
  // An empty list would silently match nothing; leaving the argument out is how to ask for every kind.
  if (kinds.length === 0) throw badArgument('kinds', 'must name at least one kind (leave it out for every kind)');
  const unknown = kinds.filter((k) => !(AUDIT_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw badArgument('kinds', `unknown kind ${unknown.map((k) => JSON.stringify(k)).join(', ')}; known: ${AUDIT_KINDS.join(', ')}`);
  return [...new Set(kinds)];
}

function missing(argument: string, what: string, id: string): GraphQLError {
  return new GraphQLError(`${argument}: no ${what} with id ${quoted(id)}`, { extensions: { code: ErrorCode.NOT_FOUND, argument, id: truncated(id) } });
}
