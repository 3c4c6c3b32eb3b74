/**
 * DateTime. Output: always an ISO string in UTC. Input: any string passes
 * the scalar and is checked where it is used (asOf arguments, ingest
 * fields), because there a bad value can be reported with the record and
 * field it belongs to, all at once, as BAD_USER_INPUT.
 */
import { GraphQLScalarType, Kind } from 'graphql';
import { isoOf, parseInstant } from '../time';

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, as an RFC 3339 date-time with a time zone.',
  serialize(value) {
    const ms = parseInstant(value);
    if (ms === null) throw new TypeError('DateTime cannot represent a non-instant value');
    return isoOf(ms);
  },
  parseValue(value) {
    if (typeof value !== 'string') throw new TypeError('DateTime must be a string, e.g. 2026-01-31T09:00:00Z');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime must be a string, e.g. 2026-01-31T09:00:00Z');
    return ast.value;
  },
});
