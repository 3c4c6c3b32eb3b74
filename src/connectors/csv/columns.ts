/**
 * The CSV format's files and columns (docs/ingest.md, "CSV files"): one file
 * per input list, its header the list's input fields exactly as the SDL
 * (src/ingest/ingest.graphql) declares them, read from the served schema so
 * a field added there is a column here without another edit. Every record
 * field is a scalar or an enum, so every cell holds one value: no cell is a
 * list or a nested object.
 */
import { getNamedType, getNullableType, isInputObjectType, isListType, isNonNullType, type GraphQLInputObjectType } from 'graphql';
import { INGEST_INPUT_TYPE } from '../../ingest/coerce';
import { typeSchema } from '../../schema/sdl';

/** Each file and the IngestInput list it holds, in the documented order. */
export const CSV_FILES: readonly { file: string; list: string }[] = [
  { file: 'people.csv', list: 'people' },
  { file: 'teams.csv', list: 'teams' },
  { file: 'identities.csv', list: 'identities' },
  { file: 'tools.csv', list: 'tools' },
  { file: 'roles.csv', list: 'roles' },
  { file: 'tenants.csv', list: 'tenants' },
  { file: 'systems.csv', list: 'systems' },
  { file: 'owners.csv', list: 'ownerships' },
  { file: 'access.csv', list: 'access' },
];

export interface Column {
  name: string;
  /** Non-null in the SDL: the column must be in the header, and every row must fill it. */
  required: boolean;
  /** Boolean in the SDL: the cell is true or false. */
  boolean: boolean;
}

/** The columns of a list, in SDL order. */
export function columnsOf(list: string): Column[] {
  const batch = typeSchema().getType(INGEST_INPUT_TYPE);
  if (!isInputObjectType(batch)) throw new Error(`the schema has no input type ${INGEST_INPUT_TYPE}`);
  const listType = getNullableType(batch.getFields()[list]?.type);
  if (!isListType(listType)) throw new Error(`${INGEST_INPUT_TYPE} has no list ${list}`);
  const record = getNamedType(listType) as GraphQLInputObjectType;
  return Object.values(record.getFields()).map((f) => ({
    name: f.name,
    required: isNonNullType(f.type),
    boolean: getNamedType(f.type).name === 'Boolean',
  }));
}
