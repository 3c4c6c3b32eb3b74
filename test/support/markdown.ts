/**
 * The GraphQL examples of a Markdown page, as a reader copies them, and what
 * it takes for an answer to show the reader something.
 */
import { VIEWER_ROLES, type ViewerRole } from '../../src/core/viewer';

/** One ```graphql block: where it starts, the caller its `# as ROLE [binding]` line names (null: none), and its text. */
export interface GraphqlBlock {
  line: number;
  caller: { role: ViewerRole; binding: string | null } | null;
  query: string;
}

const ROLE_LINE = /^\s*#\s*as\s+(\S+)(?:\s+(\S+))?\s*$/;

/** Every ```graphql block of `markdown`, in order; a role line naming no role of the API counts as none. */
export function graphqlBlocks(markdown: string): GraphqlBlock[] {
  const blocks: GraphqlBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```graphql') continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1].trim() !== '```') i++;
    const body = lines.slice(start, i + 1);
    const named = body.map((l) => ROLE_LINE.exec(l)).find((m) => m !== null);
    const role = named?.[1] as ViewerRole | undefined;
    blocks.push({
      line: start,
      caller: role && VIEWER_ROLES.includes(role) ? { role, binding: named?.[2] ?? null } : null,
      query: body.join('\n'),
    });
    i++;
  }
  return blocks;
}

/**
 * The fields of an answer that show nothing anywhere: paths (list indices
 * left out, e.g. `auditTrail.edges.node.kind`) whose value is null, or an
 * empty list, in every place they occur. A path shown once is enough: a
 * `gaps` list may be empty on most steps, as long as some step has one.
 */
export function fieldsShowingNothing(data: unknown): string[] {
  const shown = new Map<string, boolean>();
  const visit = (value: unknown, at: string) => {
    const here = value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
    if (at) shown.set(at, (shown.get(at) ?? false) || here);
    if (Array.isArray(value)) for (const item of value) visit(item, at);
    else if (here && typeof value === 'object') for (const [key, inner] of Object.entries(value as object)) visit(inner, at ? `${at}.${key}` : key);
  };
  visit(data, '');
  return [...shown].filter(([, s]) => !s).map(([path]) => path);
}

/** The body rows of the Markdown table whose header row starts with the cell `first`, each as its trimmed cells. */
export function tableRows(markdown: string, first: string): string[][] {
  const lines = markdown.split('\n');
  const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
  const header = lines.findIndex((l) => l.trim().startsWith('|') && cells(l)[0] === first);
  if (header < 0) throw new Error(`no table whose header starts with "${first}"`);
  const rows: string[][] = [];
  for (let i = header + 2; i < lines.length && lines[i].trim().startsWith('|'); i++) rows.push(cells(lines[i]));
  return rows;
}

/** The `code` names of a table cell, leaving out those in parentheses (defaults, remarks). */
export const codeNames = (cell: string): string[] => [...cell.replace(/\([^)]*\)/g, '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);
