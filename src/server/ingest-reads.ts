/**
 * What the INGEST role may read back from the mutations it may call: ids and
 * counts, nothing else. INGEST writes anywhere, and its credential lives in a
 * pipeline (a cron job, a connector), far from the people the graph is about.
 * The entities and access records that its mutation results point at carry
 * other clients' names, emails, justifications and approvers; an ingest
 * credential that could select them would read the whole graph through
 * `recordAccessUse(...) { access { approvedBy { email } } }`. So the
 * operation guard (server/guard.ts) refuses, before anything executes, any
 * field of an INGEST operation that is not listed here (FORBIDDEN, naming
 * the field). The list is closed: a field added to a result type later is
 * not readable by INGEST until someone adds it here.
 */
import { getNamedType, GraphQLError, isObjectType, isInterfaceType, Kind, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { ErrorCode } from '../errors';

/** Per type, the fields INGEST may select (root fields are decided by @allow; __typename is always allowed). */
export const INGEST_READABLE: Readonly<Record<string, readonly string[]>> = {
  ViewerInfo: ['id', 'role', 'personId', 'tenantId'],
  IngestResult: ['entities', 'ownerships', 'access', 'sync'],
  IngestCounts: ['created', 'updated'],
  SyncResult: ['source', 'revoked', 'removedOwnerships'],
  OwnerLinkRef: ['ownerId', 'entityId'],
  AccessChange: ['access', 'eventIds'],
  Access: ['id'],
  BreakGlassUseChange: ['use', 'eventIds'],
  BreakGlassUse: ['id'],
};

/** Refuses (FORBIDDEN) the first field an INGEST operation selects beyond INGEST_READABLE, fragments included. */
export function checkIngestReads(schema: GraphQLSchema, rootType: string, set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): void {
  const walk = (typeName: string, selections: SelectionSetNode, root: boolean, seen: Set<string>) => {
    const type = schema.getType(typeName);
    const fields = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : {};
    for (const s of selections.selections) {
      if (s.kind === Kind.FIELD) {
        const name = s.name.value;
        if (name === '__typename' || (root && name.startsWith('__'))) continue;
        if (!root && !INGEST_READABLE[typeName]?.includes(name)) throw forbidden(`${typeName}.${name}`);
        const field = fields[name];
        if (s.selectionSet && field) walk(getNamedType(field.type).name, s.selectionSet, false, seen);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.typeCondition?.name.value ?? typeName, s.selectionSet, root, seen);
      } else if (!seen.has(`${typeName} ${s.name.value}`)) {
        seen.add(`${typeName} ${s.name.value}`);
        const f = fragments.get(s.name.value);
        if (f) walk(f.typeCondition.name.value, f.selectionSet, root, seen);
      }
    }
  };
  walk(rootType, set, true, new Set());
}

function forbidden(field: string): GraphQLError {
  return new GraphQLError(`role INGEST reads back only ids and counts: ${field} is not readable`, {
    extensions: { code: ErrorCode.FORBIDDEN, field, http: { status: 403 } },
  });
}
