/**
 * Reading entities and the time-dependent facts about them (status, owners,
 * gaps, members) at the instant a row carries, through the request's loaders.
 */
import type { Executor } from '../db/executor';
import type { Viewer } from '../core/viewer';
import { departedAt, entityGaps, linkPresent } from '../accountability/gaps';
import { badArgument } from '../errors';
import type { EntityKind, GapReason, PersonStatus } from '../generated/graphql';
import { ENTITY_KINDS } from '../graph/vocabulary';
import { decodeCursor, encodeCursor, pageSize, type Connection } from '../pagination';
import type { Loaders } from './loaders';
import { luceneQuery } from './search';
import type { EntityRow, OwnerLinkRow } from '../core/rows';

export class EntityService {
  constructor(
    private readonly exec: Executor,
    private readonly viewer: Viewer,
    private readonly loaders: Loaders,
    private readonly now: string,
  ) {}

  /** A page of entities in id order; the cursor is the last id seen. */
  async list(kind: EntityKind | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<Connection<EntityRow>> {
    const size = pageSize(first);
    if (kind && !ENTITY_KINDS.includes(kind)) throw badArgument('kind', `unknown kind ${JSON.stringify(kind)}`);
    const afterKey = decodeCursor(after, 1);
    // Every id sorts after '', so the first page needs no separate query.
    const params = { kind: kind ?? null, after: afterKey ? String(afterKey[0]) : '', limit: size + 1 };
    const [rows, counted] = await Promise.all([
      this.exec.query(this.viewer, kind ? 'entities/list-of-kind' : 'entities/list', params),
      this.exec.query(this.viewer, kind ? 'entities/count-of-kind' : 'entities/count', { kind: kind ?? null }),
    ]);
    const page = rows.slice(0, size).map((r) => r.entity as EntityRow);
    const edges = page.map((node) => ({ cursor: encodeCursor([node.id]), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      totalCount: Number(counted[0]?.total ?? 0),
    };
  }

  /** Entities whose name or id contains every word of `text` (entities/search.ts), best match first; only what the viewer may see. */
  async search(text: string, kinds: readonly EntityKind[] | null | undefined, first: number | null | undefined): Promise<EntityRow[]> {
    const limit = pageSize(first ?? 20, 100);
    const query = luceneQuery(text);
    const unknown = (kinds ?? []).find((k) => !ENTITY_KINDS.includes(k));
    if (unknown) throw badArgument('kinds', `unknown kind ${JSON.stringify(unknown)}`);
    const rows = await this.exec.query(this.viewer, 'entities/search', { query, kinds: kinds && kinds.length > 0 ? [...kinds] : null, limit });
    return rows.map((r) => r.entity as EntityRow);
  }

  /** An entity as of an instant (for time-dependent fields); null when absent. */
  async at(id: string, asOf: string | undefined): Promise<EntityRow | null> {
    const row = await this.loaders.entity.load(id);
    return row && asOf ? { ...row, asOf } : row;
  }

  /**
   * Like `at`, for ids the graph itself refers to (they always exist: nothing
   * is deleted). Read from the request's reach index without a promise once
   * the request has resolved it (a page of a thousand reached systems then
   * resolves its `system` fields synchronously), else through the loader.
   */
  known(id: string, asOf: string | undefined): EntityRow | Promise<EntityRow> {
    const row = this.loaders.atHand()?.row(id);
    // At the request's own instant the row is served as it is: every time-dependent field reads `instant(row)`, which
    // falls back to that instant (a page of 1,000 reached systems at "now" made 1,000 copies for nothing).
    if (row) return asOf && asOf !== this.now ? { ...row, asOf } : row;
    return this.at(id, asOf).then((loaded) => {
      if (!loaded) throw new Error(`entity ${id} referenced by the graph is missing`);
      return loaded;
    });
  }

  instant(row: { asOf?: string }): string {
    return row.asOf ?? this.now;
  }

  status(row: EntityRow): PersonStatus {
    return departedAt(row, Date.parse(this.instant(row))) ? 'DEPARTED' : 'ACTIVE';
  }

  /** Owner links present at the row's instant (since <= asOf, not removed by then). */
  async owners(row: EntityRow): Promise<OwnerLinkRow[]> {
    const at = Date.parse(this.instant(row));
    const links = await this.loaders.owners.load(row.id);
    return links.filter((l) => linkPresent(l, at)).map((l) => ({ ...l, asOf: row.asOf }));
  }

  async gaps(row: EntityRow): Promise<GapReason[]> {
    return entityGaps(row.kind, await this.loaders.owners.load(row.id), Date.parse(this.instant(row)));
  }

  async gapsOf(id: string, asOf: string): Promise<GapReason[]> {
    return this.gaps(await this.known(id, asOf));
  }

  /** A team's present members of one kind: PERSON (Team.members) or IDENTITY (Team.memberIdentities). */
  async members(row: EntityRow, kind: 'PERSON' | 'IDENTITY' = 'PERSON'): Promise<EntityRow[]> {
    const members = await this.loaders.membersAt(this.instant(row)).load(row.id);
    return members.filter((m) => m.kind === kind).map((m) => ({ ...m, asOf: row.asOf }));
  }
}
