/**
 * The first stage of ingest validation, shared by the `ingest` mutation and
 * `npm run import`: a batch is coerced against the served schema's
 * IngestInput type with graphql-js's own input coercion, the same function
 * that coerces the mutation's variables. So both paths refuse exactly what the
 * SDL refuses (an unknown field, a missing required field such as a new
 * Identity's identityKind, an enum value that does not exist, a string where
 * a Boolean belongs), and the SDL stays the one definition of the types: an
 * import file cannot store a value the API cannot read back.
 *
 * Each refusal becomes an InputProblem naming list, index, id and field, with
 * a reason that quotes the caller's value cut short (errors.ts `quoted`),
 * never graphql-js's message, which quotes it whole.
 */
import {
  coerceInputValue,
  getNamedType,
  getNullableType,
  GraphQLInputObjectType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  type GraphQLInputType,
  type GraphQLSchema,
  type TypeNode,
  type VariableDefinitionNode,
} from 'graphql';
import { quoted, truncated, type InputProblem } from '../errors';
import type { IngestInput } from '../generated/graphql';
import { typeSchema } from '../schema/sdl';
import { prepare, sortProblems } from './validate';

/** The schema's input type every batch is coerced against. */
export const INGEST_INPUT_TYPE = 'IngestInput';

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type));

/** Whether an operation's variable is an ingest batch (IngestInput, nullable or not). */
export const isIngestBatch = (definition: VariableDefinitionNode): boolean => namedType(definition.type) === INGEST_INPUT_TYPE;

export type Coerced = { input: IngestInput; problems: [] } | { input: null; problems: InputProblem[] };

/** `raw` (a parsed JSON file, or the mutation's variable) as an IngestInput, or every problem that stops it being one. */
export function coerceIngestInput(raw: unknown, schema: GraphQLSchema = typeSchema()): Coerced {
  const type = schema.getType(INGEST_INPUT_TYPE);
  if (!isInputObjectType(type)) throw new Error(`the schema has no input type ${INGEST_INPUT_TYPE}`);
  // graphql-js lets null through a nullable type; a batch must be an object (the mutation's variable is IngestInput!).
  if (!isRecord(raw)) return { input: null, problems: [{ list: 'input', index: -1, id: null, field: 'input', reason: `must be an object (${type.name}), got ${quoted(raw)}` }] };
  const problems = new Map<string, InputProblem>();
  const add = (p: InputProblem) => problems.set(problemKey(p), p);
  const coerced = coerceInputValue(raw, type, (path) => {
    for (const p of describe(raw, type, path)) add(p);
  });
  if (problems.size === 0) return { input: coerced as IngestInput, problems: [] };
  // The rules' problems too (validate.ts `prepare`: blanks, instants, limits, duplicates), so that a batch refused for
  // its types lists every problem at once, not the rules' only once the types are fixed. `coerced` holds what graphql-js
  // could coerce (a field it refused is left out); a field or record the types refused is not reported again.
  for (const p of ruleProblems(coerced, problems)) if (!problems.has(problemKey(p))) add(p);
  return { input: null, problems: sortProblems([...problems.values()]) };
}

const problemKey = (p: InputProblem) => `${p.list}\u0000${p.index}\u0000${p.field}`;

/** What `prepare` finds in a batch graphql-js coerced in part, less what `typed` (its problems, by key) already says. */
function ruleProblems(partial: unknown, typed: ReadonlyMap<string, InputProblem>): InputProblem[] {
  if (!isRecord(partial)) return [];
  // A record refused whole (not an object: its field is its list's name), or a whole list (the batch's field).
  const refused = new Set<string>();
  for (const p of typed.values()) {
    if (p.list === 'input') refused.add(p.field);
    else if (p.field === p.list) refused.add(`${p.list}[${p.index}]`);
  }
  const batch: Record<string, unknown> = {};
  const given = (r: unknown) => (isRecord(r) ? Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) : {});
  for (const [key, value] of Object.entries(partial)) if (value !== undefined) batch[key] = Array.isArray(value) ? value.map(given) : value;
  let found: InputProblem[];
  try {
    found = prepare(batch as IngestInput).problems;
  } catch {
    // A shape prepare never meets on its own path (it takes coerced batches): the types' problems stand alone.
    return [];
  }
  return found.filter((p) => !refused.has(p.list) && !refused.has(`${p.list}[${p.index}]`) && !typed.has(problemKey(p)));
}

type Path = readonly (string | number)[];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The problems graphql-js reported at `path`. Records are flat, so a path is
 * [] (the batch), [field] (a batch field, or a list given a lone record, which
 * graphql-js coerces as a list of one), [list, index] (a record) or
 * [list, index, field]. graphql-js reports each missing or unknown field of an
 * object at the object's path and names the field only in its message, so
 * those are found again here from the type.
 */
function describe(raw: unknown, batchType: GraphQLInputObjectType, path: Path): InputProblem[] {
  const [first, ...rest] = path;
  const batchField = typeof first === 'string' ? batchType.getFields()[first] : undefined;
  const listType = batchField ? getNullableType(batchField.type) : undefined;
  if (path.length === 0 || !isListType(listType)) {
    // The batch itself, or one of its own fields (source, sync, syncMaxRevocations).
    const problem = (field: string, reason: string): InputProblem => ({ list: 'input', index: -1, id: null, field, reason });
    if (path.length === 0) return objectProblems(raw, batchType, problem, 'input');
    return leafProblems(isRecord(raw) ? raw[first as string] : undefined, batchField?.type, problem, String(first));
  }
  const list = first as string;
  const items = isRecord(raw) ? raw[list] : undefined;
  const lone = !Array.isArray(items);
  // graphql-js takes a lone value for a list of one; one that is not even a record says the list is not a list.
  if (lone && items !== null && items !== undefined && !isRecord(items)) {
    return [{ list: 'input', index: -1, id: null, field: list, reason: `must be a list of ${getNamedType(listType).name} objects, got ${quoted(items)}` }];
  }
  const index = lone ? 0 : (rest.shift() as number);
  const record = lone ? items : (items as unknown[])[index];
  const recordType = getNamedType(listType) as GraphQLInputObjectType;
  const rawId = list === 'ownerships' || !isRecord(record) ? null : record.id;
  const id = typeof rawId === 'string' ? truncated(rawId) : typeof rawId === 'number' ? String(rawId) : null;
  const problem = (field: string, reason: string): InputProblem => ({ list, index, id, field, reason });
  if (rest.length === 0) return objectProblems(record, recordType, problem, list, (listType as { ofType: GraphQLInputType }).ofType);
  const field = String(rest[0]);
  return leafProblems(isRecord(record) ? record[field] : undefined, recordType.getFields()[field]?.type, problem, field);
}

type Problem = (field: string, reason: string) => InputProblem;

/** An object that is missing, not an object, or has missing required or unknown fields. */
function objectProblems(value: unknown, type: GraphQLInputObjectType, problem: Problem, self: string, declared: GraphQLInputType = type): InputProblem[] {
  if (value === null || value === undefined) return isNonNullType(declared) ? [problem(self, value === null ? 'may not be null' : 'is required')] : [];
  if (!isRecord(value)) return [problem(self, `must be an object (${type.name}), got ${quoted(value)}`)];
  const fields = type.getFields();
  const out: InputProblem[] = [];
  for (const f of Object.values(fields)) {
    if (value[f.name] === undefined && isNonNullType(f.type) && f.defaultValue === undefined) out.push(problem(f.name, 'is required'));
  }
  for (const key of Object.keys(value)) if (!fields[key]) out.push(problem(truncated(key), `is not a field of ${type.name}`));
  return out;
}

/** A scalar or enum field whose value its type refuses. */
function leafProblems(value: unknown, type: GraphQLInputType | undefined, problem: Problem, field: string): InputProblem[] {
  if (!type) return [problem(field, 'is not a field of this input')];
  if (value === null) return isNonNullType(type) ? [problem(field, 'may not be null')] : [];
  return [problem(field, `must be ${expected(type)}, got ${quoted(value)}`)];
}

/** What a leaf type accepts, in words: an enum's values, else the scalar's name. */
function expected(type: GraphQLInputType): string {
  const named = getNamedType(type);
  if (isEnumType(named)) return `one of ${named.getValues().map((v) => v.name).join(', ')}`;
  return `${/^[AEIOU]/.test(named.name) ? 'an' : 'a'} ${named.name}`;
}
