/**
 * Validation of an ingest batch, before anything is written. Two stages:
 * `prepare` checks the batch on its own (instants, blanks, nulls, duplicates,
 * access kinds between kinds known in the batch) and lists every id it needs
 * from the store; `checkAgainstStore` finishes with what is stored (unknown
 * references, kinds, an id reused for another kind, fixed fields). Every
 * problem is collected, so one rejection lists every offending record.
 */
import { quoted, truncated, type InputProblem } from '../errors';
import type { AccessKind, EntityKind, IngestInput } from '../generated/graphql';
import { ACCESS_ENDPOINTS } from '../graph/vocabulary';
import { idProblem, nameProblem, shortTextProblem, textProblem } from '../limits';
import { INSTANT_FORMAT, isoOf, parseInstant } from '../time';
import { ACCESS_SPEC, ENTITY_SPECS, OWNERSHIP_SPEC, type RecordSpec, type Reference } from './records';

export type RecordKind = EntityKind | 'ACCESS' | 'OWNERSHIP';

export interface PreparedRecord {
  list: string;
  index: number;
  id: string;
  kind: RecordKind;
  /** Fields given in the input, under their stored names; instants as epoch ms; null clears. */
  props: Record<string, unknown>;
  defaults: Readonly<Record<string, unknown>>;
  instants: readonly string[];
  references: { ref: Reference; id: string }[];
  /** Fields given in the input but malformed: instants not parseable, ids over the limits (already a problem; later checks skip them). */
  malformed: string[];
  /** Access: its kind and endpoints. Ownership: owner and owned entity. */
  accessKind?: AccessKind;
  fromId?: string;
  toId?: string;
}

export interface Prepared {
  entities: PreparedRecord[];
  ownerships: PreparedRecord[];
  access: PreparedRecord[];
  problems: InputProblem[];
  /** Kinds declared by this batch, by id (one namespace for entities and access records). */
  declared: Map<string, RecordKind>;
  /** Every id to look up in the store: the batch's own and all it refers to. */
  lookup: Set<string>;
}

/** What the store holds under an id. */
export interface StoredRecord {
  kind: EntityKind | null;
  tenantId: string | null;
  /** For an access record: its fixed kind and endpoints, and its instants (epoch ms) to check a partial update against. */
  access: { kind: AccessKind; fromId: string; toId: string; grantedAt: number | null; revokedAt: number | null } | null;
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The free-text fields of the input and the limit each is held to (limits.ts); null clears the optional ones. */
const TEXT_RULES: Record<string, (value: string) => string | null> = {
  name: nameProblem,
  email: shortTextProblem,
  employer: shortTextProblem,
  justification: textProblem,
};
const ownershipId = (ownerId: string, entityId: string) => `${ownerId} -> ${entityId}`;

export function prepare(input: IngestInput): Prepared {
  const out: Prepared = { entities: [], ownerships: [], access: [], problems: [], declared: new Map(), lookup: new Set() };
  // An owner link has no id of its own: its (owner, entity) pair is only this
  // module's key for it, so problems name it by list and index, with id null
  // (as checkAgainstStore does), never by a made-up id the caller never sent.
  const problem = (r: { list: string; index: number; id: string | null; kind?: RecordKind }, field: string, reason: string) =>
    out.problems.push({ list: r.list, index: r.index, id: r.kind === 'OWNERSHIP' || r.id === null ? null : truncated(r.id), field, reason });
  // Indexed like an id (access_source), so held to the same limits; blank is sync's rule (sync.ts).
  if (typeof input.source === 'string' && input.source.trim() !== '') {
    const bad = idProblem(input.source);
    if (bad) problem({ list: 'input', index: -1, id: null }, 'source', bad);
  }
  const firstSeen = new Map<string, string>();
  // Owner-link pairs are tracked apart from ids: they are not in the id
  // namespace, so an entity whose id happens to read "a -> b" is no duplicate
  // of the owner link from a to b.
  const firstPair = new Map<string, string>();

  // `id` null: the record's id is itself a problem (badId); its other fields are still checked, so that every problem of
  // the batch is listed at once, but the record is neither claimed nor written.
  const common = (spec: RecordSpec, raw: Record<string, unknown>, index: number, id: string | null, kind: RecordKind, skip: string[]): PreparedRecord => {
    const rec: PreparedRecord = { list: spec.list, index, id: id as string, kind, props: {}, defaults: spec.defaults, instants: spec.instants, references: [], malformed: [] };
    const refFields = new Set(spec.references.map((r) => r.field));
    for (const [field, value] of Object.entries(raw)) {
      if (field === 'id' || skip.includes(field) || refFields.has(field)) continue;
      const textProblemOf = typeof value === 'string' ? (TEXT_RULES[field]?.(value) ?? null) : null;
      if (value === null && spec.notNull.includes(field)) {
        problem(rec, field, 'may not be null (leave it out to keep the stored value)');
      } else if (spec.instants.includes(field) && value !== null) {
        const ms = parseInstant(value);
        if (ms === null) {
          problem(rec, field, `must be ${INSTANT_FORMAT}, got ${quoted(value)}`);
          rec.malformed.push(field);
        } else rec.props[field] = ms;
      } else if (textProblemOf) {
        problem(rec, field, textProblemOf);
      } else {
        rec.props[field] = value;
      }
    }
    for (const ref of spec.references) {
      if (!has(raw, ref.field)) continue;
      const value = raw[ref.field];
      if (value === null || (typeof value === 'string' && value.trim() === '')) {
        if (ref.required || spec.notNull.includes(ref.field)) problem(rec, ref.field, 'is required');
        else rec.props[ref.property] = null;
        continue;
      }
      const bad = idProblem(value as string);
      if (bad) {
        problem(rec, ref.field, bad);
        rec.malformed.push(ref.field);
        continue;
      }
      rec.props[ref.property] = value;
      rec.references.push({ ref, id: value as string });
      out.lookup.add(value as string);
    }
    return rec;
  };

  const claim = (rec: PreparedRecord) => {
    const where = `${rec.list}[${rec.index}]`;
    const seen = rec.kind === 'OWNERSHIP' ? firstPair : firstSeen;
    const earlier = seen.get(rec.id);
    if (earlier) problem(rec, 'id', `duplicate within the batch: ${quoted(rec.id)} is also ${earlier}`);
    else seen.set(rec.id, where);
    if (rec.kind !== 'OWNERSHIP') {
      if (!out.declared.has(rec.id)) out.declared.set(rec.id, rec.kind);
      out.lookup.add(rec.id);
    }
  };

  // A blank id names no record (id null in the problem); an id over the limits is quoted cut short.
  const shownId = (id: unknown): string | null => (typeof id === 'string' && id.trim() !== '' ? id : null);
  const badId = (list: string, index: number, id: unknown): boolean => {
    const bad = typeof id === 'string' ? idProblem(id) : 'must not be blank';
    if (bad) problem({ list, index, id: shownId(id) }, 'id', bad);
    return bad !== null;
  };

  for (const spec of ENTITY_SPECS) {
    const list = (input[spec.list as keyof IngestInput] ?? []) as Record<string, unknown>[];
    list.forEach((raw, index) => {
      const id = raw.id as string;
      if (badId(spec.list, index, id)) {
        common(spec, raw, index, shownId(id), spec.kind, []);
        return;
      }
      const rec = common(spec, raw, index, id, spec.kind, []);
      claim(rec);
      out.entities.push(rec);
    });
  }

  (input.ownerships ?? []).forEach((raw, index) => {
    const r = raw as unknown as Record<string, unknown>;
    const id = ownershipId(String(r.ownerId), String(r.entityId));
    const rec = common(OWNERSHIP_SPEC, r, index, id, 'OWNERSHIP', []);
    rec.fromId = r.ownerId as string;
    rec.toId = r.entityId as string;
    claim(rec);
    out.ownerships.push(rec);
  });

  (input.access ?? []).forEach((raw, index) => {
    const r = raw as unknown as Record<string, unknown>;
    const id = r.id as string;
    const idBad = badId('access', index, id);
    const rec = common(ACCESS_SPEC, r, index, idBad ? shownId(id) : id, 'ACCESS', ['kind', 'fromId', 'toId']);
    rec.accessKind = r.kind as AccessKind;
    rec.fromId = r.fromId as string;
    rec.toId = r.toId as string;
    if (rec.fromId === rec.toId) problem(rec, 'toId', 'an access record cannot lead from an entity to itself');
    // revokedAt against grantedAt needs the stored record and the ingest time: checkAgainstStore.
    // An end over the id limits is not looked up: it names nothing, and the lookup would carry it whole.
    for (const end of ['fromId', 'toId'] as const) {
      const bad = idProblem(rec[end] as string);
      if (bad) {
        problem(rec, end, bad);
        rec.malformed.push(end);
      } else out.lookup.add(rec[end] as string);
    }
    if (idBad) return;
    claim(rec);
    out.access.push(rec);
  });
  return out;
}

/** Problems that need the store: unknown references, wrong kinds, ids reused for another kind, fixed fields. */
export function checkAgainstStore(prep: Prepared, stored: ReadonlyMap<string, StoredRecord>, nowMs: number): InputProblem[] {
  const problems: InputProblem[] = [];
  const problem = (r: PreparedRecord, field: string, reason: string) => problems.push({ list: r.list, index: r.index, id: r.kind === 'OWNERSHIP' ? null : r.id, field, reason });
  /** The entity kind of an id, from this batch or the store; null when it names no entity. */
  const kindOf = (id: string): EntityKind | null => {
    const declared = prep.declared.get(id);
    if (declared) return declared === 'ACCESS' || declared === 'OWNERSHIP' ? null : declared;
    return stored.get(id)?.kind ?? null;
  };
  const expectKind = (r: PreparedRecord, field: string, id: string, kinds: readonly EntityKind[]) => {
    const kind = kindOf(id);
    if (kind === null) {
      const what = prep.declared.get(id) === 'ACCESS' || stored.get(id)?.access ? 'is an access record, not an entity' : 'refers to no entity in this batch or the store';
      problem(r, field, `${quoted(id)} ${what}`);
    } else if (!kinds.includes(kind)) {
      problem(r, field, `${quoted(id)} is a ${kind}; expected ${kinds.join(' or ')}`);
    }
    return kind;
  };

  for (const r of [...prep.entities, ...prep.access]) {
    const s = stored.get(r.id);
    if (!s) continue;
    if (r.kind === 'ACCESS' && s.kind) problem(r, 'id', `${quoted(r.id)} is already used by a ${s.kind}`);
    if (r.kind !== 'ACCESS' && s.access) problem(r, 'id', `${quoted(r.id)} is already used by an access record`);
    if (r.kind !== 'ACCESS' && s.kind && s.kind !== r.kind) problem(r, 'id', `${quoted(r.id)} is already used by a ${s.kind}`);
  }

  for (const r of [...prep.entities, ...prep.ownerships, ...prep.access]) {
    for (const { ref, id } of r.references) {
      expectKind(r, ref.field, id, ref.kinds);
      const before = stored.get(r.id);
      if (ref.fixed && before?.kind && before.tenantId && before.tenantId !== id) {
        problem(r, ref.field, `is fixed once recorded (stored: ${quoted(before.tenantId)})`);
      }
    }
  }

  for (const r of prep.access) {
    const rule = ACCESS_ENDPOINTS[r.accessKind as AccessKind];
    if (!r.malformed.includes('fromId')) expectKind(r, 'fromId', r.fromId as string, rule.from);
    if (!r.malformed.includes('toId')) expectKind(r, 'toId', r.toId as string, rule.to);
    const before = stored.get(r.id)?.access;
    if (before) {
      for (const [field, was, now] of [
        ['kind', before.kind, r.accessKind],
        ['fromId', before.fromId, r.fromId],
        ['toId', before.toId, r.toId],
      ] as const) {
        if (was !== now) problem(r, field, `is fixed once recorded (stored: ${quoted(was)}); record a new access and revoke this one`);
      }
    }
    // A record may not be revoked before it was granted. Both instants are
    // checked as they will be stored: each is the input's value, else the
    // stored one, else (grantedAt of a new record) the ingest time, so a
    // partial update or a defaulted grantedAt cannot slip an impossible
    // record past the check. A malformed instant is already a problem.
    if (r.malformed.includes('grantedAt') || r.malformed.includes('revokedAt')) continue;
    const givenGranted = has(r.props, 'grantedAt');
    const givenRevoked = has(r.props, 'revokedAt');
    const granted = givenGranted ? (r.props.grantedAt as number) : (before?.grantedAt ?? nowMs);
    const revoked = givenRevoked ? (r.props.revokedAt as number | null) : (before?.revokedAt ?? null);
    if (revoked === null || revoked >= granted) continue;
    const grantedFrom = givenGranted ? '' : before ? ' (stored)' : ' (the ingest time, its default)';
    if (givenRevoked) problem(r, 'revokedAt', `is before grantedAt${grantedFrom}: ${isoOf(revoked)} < ${isoOf(granted)}`);
    else problem(r, 'grantedAt', `is after the stored revokedAt: ${isoOf(granted)} > ${isoOf(revoked)}`);
  }
  return problems;
}

/**
 * What the store will hold under each id a valid batch declares once it is
 * written on top of `stored` at `nowMs`: the kind and tenant of each entity;
 * the kind, endpoints and instants of each access record (the input's
 * values, else the stored ones, else the defaults). Validating the next file
 * of an import against this (see `validate`'s `earlier`) checks it as if this
 * batch were already written, without writing it.
 */
/** What the store holds under an access record's id. */
export function storedAccess(kind: AccessKind, fromId: string, toId: string, grantedAt: number | null, revokedAt: number | null): StoredRecord {
  return { kind: null, tenantId: null, access: { kind, fromId, toId, grantedAt, revokedAt } };
}

export function storedAfter(prep: Prepared, stored: ReadonlyMap<string, StoredRecord>, nowMs: number): Map<string, StoredRecord> {
  const out = new Map<string, StoredRecord>();
  for (const r of prep.entities) {
    const before = stored.get(r.id);
    const tenantId = has(r.props, 'tenantId') ? ((r.props.tenantId as string | null) ?? null) : (before?.tenantId ?? null);
    out.set(r.id, { kind: r.kind as EntityKind, tenantId, access: null });
  }
  for (const r of prep.access) {
    const before = stored.get(r.id)?.access;
    const instant = (field: 'grantedAt' | 'revokedAt', fallback: number | null) =>
      has(r.props, field) ? ((r.props[field] as number | null) ?? null) : fallback;
    out.set(r.id, storedAccess(r.accessKind as AccessKind, r.fromId as string, r.toId as string, instant('grantedAt', before?.grantedAt ?? nowMs), instant('revokedAt', before?.revokedAt ?? null)));
  }
  return out;
}

/** The order problems are listed in: the batch's own fields, then the lists in write order, then index, then field. */
const LIST_ORDER = new Map(['input', 'tenants', 'people', 'teams', 'tools', 'roles', 'identities', 'systems', 'ownerships', 'access'].map((l, i) => [l, i]));

export function sortProblems(problems: InputProblem[]): InputProblem[] {
  const rank = (p: InputProblem) => LIST_ORDER.get(p.list) ?? LIST_ORDER.size;
  return problems.sort((a, b) => rank(a) - rank(b) || a.index - b.index || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

export { ownershipId };
