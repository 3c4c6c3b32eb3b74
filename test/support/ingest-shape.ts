/**
 * The shape of an ingest file as the served SDL defines it (IngestInput's
 * lists, their record types, fields and enums), and how a file's records read
 * back through the API: what examples/ must show, and how to check that an
 * import stored it as given.
 */
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLInputObjectType } from 'graphql';
import type { IngestInput } from '../../src/generated/graphql';
import { typeDefs } from '../../src/schema/sdl';
import type { Harness } from './harness';

type Row = Record<string, unknown>;

/** The lists of IngestInput (people, ..., access), each with its record type, read from the SDL the server serves. */
export function ingestLists(): { list: string; type: GraphQLInputObjectType }[] {
  const schema = buildSchema(typeDefs().join('\n'));
  const input = schema.getType('IngestInput');
  if (!isInputObjectType(input)) throw new Error('the SDL has no input IngestInput');
  return Object.values(input.getFields()).flatMap((f) => {
    const listed = isNonNullType(f.type) ? f.type.ofType : f.type;
    const record = getNamedType(f.type);
    return isListType(listed) && isInputObjectType(record) ? [{ list: f.name, type: record }] : [];
  });
}

const rows = (file: IngestInput, list: string): Row[] => ((file as Record<string, unknown>)[list] as Row[] | undefined) ?? [];

/** Every enum a record of IngestInput may carry, with all its values, by enum name. */
export function ingestEnums(): Record<string, string[]> {
  const enums: Record<string, string[]> = {};
  for (const { type } of ingestLists()) {
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isEnumType(named)) enums[named.name] = named.getValues().map((v) => v.name).sort();
    }
  }
  return enums;
}

/** The enum values `file` uses, by enum name, in the shape of ingestEnums(). */
export function enumValuesIn(file: IngestInput): Record<string, string[]> {
  const used: Record<string, Set<string>> = {};
  for (const { list, type } of ingestLists()) {
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isEnumType(named)) continue;
      used[named.name] ??= new Set();
      for (const row of rows(file, list)) if (typeof row[field.name] === 'string') used[named.name].add(row[field.name] as string);
    }
  }
  return Object.fromEntries(Object.entries(used).map(([name, values]) => [name, [...values].sort()]));
}

/** The fields of each list that no record of `file` gives, by list (a list `file` leaves out or empty has all of them). */
export function fieldsNeverGiven(file: IngestInput): Record<string, string[]> {
  return Object.fromEntries(
    ingestLists().map(({ list, type }) => [list, Object.keys(type.getFields()).filter((field) => !rows(file, list).some((row) => field in row))]),
  );
}

// ---- reading a file back through the API

const ENTITY_FIELDS = `id kind name
  ... on Person { email employer status departedAt }
  ... on Identity { identityKind enabled tenant { id } lastUsedAt credentialRotatedAt credentialExpiresAt mfa owners { owner { id } role since } }
  ... on Tool { category pooled owners { owner { id } role since } }
  ... on Role { privileged tenant { id } owners { owner { id } role since } }
  ... on Tenant { contractStatus contractEndedAt }
  ... on System { systemTenant: tenant { id } criticality environment }`;
const ACCESS_FIELDS = `id kind from { id } to { id } privileged justification requestedBy { id } approvedBy { id } approvedAt grantedAt
  expiresAt lastCertifiedAt certifiedBy { id } revokedAt lastUsedAt source`;

/** An input field as the API answers it: `tenantId: "t"` is `tenant: { id: "t" }`, an instant is in UTC with milliseconds. */
function asAnswered(row: Row, dateFields: Set<string>): Row {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => {
      if (key !== 'id' && key.endsWith('Id') && typeof value === 'string') return [key.slice(0, -2), { id: value }];
      if (dateFields.has(key) && typeof value === 'string') return [key, new Date(value).toISOString()];
      return [key, value];
    }),
  );
}

/** The fields of `answer` that `expected` names, so a read-back compares what the file gave and nothing it left to defaults. */
const pick = (answer: Row | undefined, expected: Row): Row | undefined => answer && Object.fromEntries(Object.keys(expected).map((k) => [k, answer[k]]));

/**
 * What the API answers about every record of `file` (entities, their owner
 * links, access records), each cut to the fields the file gives: equal to
 * expectedReadBack(file) when everything was stored as given.
 */
export async function readBack(h: Harness, file: IngestInput) {
  const access = rows(file, 'access');
  const query = `{
    entities(first: 1000) { totalCount edges { node { ${ENTITY_FIELDS} } } }
    ${access.map((a, i) => `a${i}: access(id: ${JSON.stringify(a.id)}) { ${ACCESS_FIELDS} }`).join('\n')}
  }`;
  const data = await h.data(query);
  // A System's tenant is non-null where an Identity's or Role's is not, so one selection set cannot name all three `tenant`.
  const answered = ({ systemTenant, ...node }: Row): Row => (systemTenant ? { ...node, tenant: systemTenant } : node);
  const byId = new Map<string, Row>(data.entities.edges.map((e: { node: Row }) => [e.node.id as string, answered(e.node)]));
  const expected = expectedReadBack(file);
  return {
    entityIds: [...byId.keys()].sort(),
    entities: Object.fromEntries(Object.entries(expected.entities).map(([list, records]) => [list, records.map((r) => pick(byId.get(r.id as string), r))])),
    ownerships: expected.ownerships.map(({ entity, owner }) => {
      const links = (byId.get(entity)?.owners as { owner: { id: string } }[] | undefined) ?? [];
      return { entity, owner: pick(links.find((l) => l.owner.id === (owner.owner as { id: string }).id), owner) };
    }),
    access: access.map((_, i) => pick(data[`a${i}`] ?? undefined, expected.access[i])),
  };
}

/** readBack's answer when every record of `file` was stored exactly as the file gives it. */
export function expectedReadBack(file: IngestInput) {
  const lists = ingestLists();
  const dates = (list: string) =>
    new Set(Object.values(lists.find((l) => l.list === list)!.type.getFields()).filter((f) => getNamedType(f.type).name === 'DateTime').map((f) => f.name));
  const entityLists = lists.map((l) => l.list).filter((l) => l !== 'ownerships' && l !== 'access');
  const entities = Object.fromEntries(entityLists.map((list) => [list, rows(file, list).map((r) => asAnswered(r, dates(list)))]));
  return {
    entityIds: entityLists.flatMap((list) => rows(file, list).map((r) => r.id as string)).sort(),
    entities,
    ownerships: rows(file, 'ownerships').map(({ entityId, ...owner }) => ({ entity: entityId as string, owner: asAnswered(owner, dates('ownerships')) })),
    access: rows(file, 'access').map((r) => asAnswered({ ...r, source: file.source ?? null }, dates('access'))),
  };
}
