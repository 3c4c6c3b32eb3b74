/**
 * Strict reading of the fields of one Microsoft Graph object: each reader
 * returns the value, or records a problem naming the file and the JSON path
 * of the field (e.g. `value[2].accessContainer.accessContainerId`) and
 * returns undefined. Field names are Graph's (camelCase), as the REST API
 * returns them.
 */
import { parseInstant } from '../../time';
import type { SourceProblem } from '../connector';
import type { Item } from './pages';

export class Fields {
  constructor(
    private readonly item: Item,
    private readonly problems: SourceProblem[],
  ) {}

  /** The JSON path of `field` (dotted) in its file. */
  at(field: string): string {
    return field ? `${this.item.at}.${field}` : this.item.at;
  }

  get file(): string {
    return this.item.file;
  }

  problem(field: string, reason: string): undefined {
    this.problems.push({ file: this.item.file, column: this.at(field), reason });
    return undefined;
  }

  /** The raw value under a dotted path; undefined when any step is missing. */
  raw(field: string): unknown {
    let v: unknown = this.item.value;
    for (const part of field.split('.')) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
      v = (v as Record<string, unknown>)[part];
    }
    return v;
  }

  /** An object item at all; otherwise one problem for the item. */
  isObject(): boolean {
    const v = this.item.value;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return true;
    this.problem('', 'must be a JSON object');
    return false;
  }

  /** A non-blank string. */
  text(field: string, hint = ''): string | undefined {
    const v = this.raw(field);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    return this.problem(field, `${v === undefined || v === null ? 'is missing' : `must be a non-blank string, got ${JSON.stringify(v)}`}${hint}`);
  }

  /** One of `values`. */
  oneOf<T extends string>(field: string, values: readonly T[]): T | undefined {
    const v = this.text(field);
    if (v === undefined) return undefined;
    if ((values as readonly string[]).includes(v)) return v as T;
    return this.problem(field, `must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
  }

  boolean(field: string, hint = ''): boolean | undefined {
    const v = this.raw(field);
    if (typeof v === 'boolean') return v;
    return this.problem(field, `${v === undefined || v === null ? 'is missing' : `must be true or false, got ${JSON.stringify(v)}`}${hint}`);
  }

  /** An instant (epoch ms); `optional` allows a missing or null field. */
  instant(field: string, optional = false): number | undefined {
    const v = this.raw(field);
    if ((v === undefined || v === null) && optional) return undefined;
    const ms = parseInstant(v);
    if (ms !== null) return ms;
    return this.problem(field, v === undefined || v === null ? 'is missing' : `must be an ISO 8601 date-time with a time zone, got ${JSON.stringify(v)}`);
  }

  /** accessDetails.unifiedRoles: the role definition ids, each with its path; at least one. */
  roleIds(field: string): { id: string; at: string }[] | undefined {
    const v = this.raw(field);
    if (!Array.isArray(v) || v.length === 0) return this.problem(field, Array.isArray(v) ? 'lists no role' : 'is missing: expected an array of { "roleDefinitionId": ... }');
    const out: { id: string; at: string }[] = [];
    v.forEach((r, i) => {
      const id = typeof r === 'object' && r !== null ? (r as { roleDefinitionId?: unknown }).roleDefinitionId : undefined;
      if (typeof id === 'string' && id.trim() !== '') out.push({ id: id.trim().toLowerCase(), at: this.at(`${field}[${i}].roleDefinitionId`) });
      else this.problem(`${field}[${i}].roleDefinitionId`, 'is missing: each role must give its roleDefinitionId');
    });
    return out.length === v.length ? out : undefined;
  }
}
