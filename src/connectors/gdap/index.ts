/**
 * `--format gdap`: Microsoft GDAP (granular delegated admin privileges) as
 * Microsoft Graph returns it, saved into one folder per partner tenant
 * (docs/connectors-gdap.md). Each folder becomes one native document; any
 * problem in any file (a file or JSON path named) means no document at all,
 * so nothing is written.
 */
import fs from 'node:fs';
import type { Connector, SourceDocument, SourceProblem } from '../connector';
import { readAssignment, readGroup, readRelationship, readUser, type Assignment, type Group, type Relationship, type User } from './graph-objects';
import { mapExport, type IdMap } from './map';
import { IDS_FILE, readFolder, type Listed } from './pages';

/** pathwarden-ids.json: { "tenants": { "<customer tenant id>": "<Tenant id>" }, "people": { "<user id>": "<Person id>" } }. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function readIdMap(folder: string, raw: unknown, problems: SourceProblem[]): IdMap {
  const file = `${folder}/${IDS_FILE}`;
  const maps = { tenants: new Map<string, string>(), people: new Map<string, string>() };
  if (raw === undefined) return maps;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ file, reason: 'must be an object with "tenants" and/or "people" maps' });
    return maps;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'tenants' && key !== 'people') {
      problems.push({ file, column: key, reason: 'is not a map this file may hold: expected "tenants" or "people"' });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ file, column: key, reason: 'must be an object mapping Entra ids to PathWarden ids' });
      continue;
    }
    for (const [entraId, id] of Object.entries(value)) {
      if (typeof id === 'string' && id.trim() !== '') maps[key].set(entraId.toLowerCase(), id.trim());
      else problems.push({ file, column: `${key}.${entraId}`, reason: 'must be a non-blank PathWarden id' });
    }
  }
  return maps;
}

/** Items of every list of one kind read into objects, each id once. */
function objects<T extends { id: string; f: { problem(field: string, reason: string): undefined } }>(
  lists: Listed[],
  read: (item: Listed['items'][number], problems: SourceProblem[]) => T | undefined,
  problems: SourceProblem[],
): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    for (const item of list.items) {
      const o = read(item, problems);
      if (!o) continue;
      if (seen.has(o.id)) o.f.problem('id', `${o.id} is listed twice`);
      else {
        seen.add(o.id);
        out.push(o);
      }
    }
  }
  return out;
}

/** The ids (as `key` gives them) of every item of `lists` that has a non-blank string id, whatever else is wrong with it. */
function listedIds(lists: Listed[], key: (id: string) => string): Set<string> {
  const ids = new Set<string>();
  for (const list of lists) {
    for (const item of list.items) {
      const id = typeof item.value === 'object' && item.value !== null ? (item.value as { id?: unknown }).id : undefined;
      if (typeof id === 'string' && id.trim() !== '') ids.add(key(id.trim()));
    }
  }
  return ids;
}

function readExport(folder: string, problems: SourceProblem[]): SourceDocument | null {
  const { lists, ids: rawIds } = readFolder(folder, problems);
  const of = (kind: Listed['kind']) => lists.filter((l) => l.kind === kind);
  const relationshipLists = of('relationships');
  const groupLists = of('groups');
  if (relationshipLists.length === 0) problems.push({ file: folder, reason: 'holds no relationships.json (GET /tenantRelationships/delegatedAdminRelationships)' });
  const relationships: Relationship[] = objects(relationshipLists, readRelationship, problems);
  const groups = new Map<string, Group>(objects(groupLists, readGroup, problems).map((g) => [g.id, g]));
  // A file named for a relationship (group) the export does not list is a problem, but only when the export's list of
  // them is whole: with a page missing or unreadable (already a problem) it could be on that page. Every item with an id
  // counts, its own problems or not: those are reported once, on it.
  const byId = listedIds(relationshipLists, (id) => id);
  const relationshipsWhole = relationshipLists.length > 0 && relationshipLists.every((l) => l.complete);
  const groupIds = listedIds(groupLists, (id) => id.toLowerCase());
  const groupsWhole = groupLists.every((l) => l.complete);
  const groupMayBeListed = (groupId: string) => !groupsWhole || groupIds.has(groupId);
  const assignments = new Map<string, Assignment[]>();
  for (const list of of('assignments')) {
    if (relationshipsWhole && !byId.has(list.key)) problems.push({ file: list.files[0], reason: `is named for relationship ${list.key}, which is not in relationships*.json` });
    assignments.set(list.key, objects([list], readAssignment, problems));
  }
  const members = new Map<string, User[]>();
  for (const list of of('members')) {
    const groupId = list.key.toLowerCase();
    if (!groupMayBeListed(groupId)) problems.push({ file: list.files[0], reason: `is named for group ${list.key}, which is not in groups*.json` });
    members.set(groupId, objects([list], readUser, problems));
  }
  const idMap = readIdMap(folder, rawIds, problems);
  const before = problems.length;
  const built = mapExport({ relationships, assignments, groups, members, groupMayBeListed }, idMap, problems);
  if (problems.length > before) return null;
  return { name: folder, input: built.input, locate: (list, index, field) => built.locate(list, index, field) };
}

/** Every export folder read: one document per folder, or, when any file has a problem, no document and every problem. */
export function readGdap(paths: readonly string[]): { documents: SourceDocument[]; problems: SourceProblem[] } {
  const problems: SourceProblem[] = [];
  const documents: SourceDocument[] = [];
  for (const folder of paths) {
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
      problems.push({ file: folder, reason: 'is not a folder: --format gdap reads export folders (relationships.json, assignments-<id>.json, groups.json, members-<id>.json)' });
      continue;
    }
    const doc = readExport(folder, problems);
    if (doc) documents.push(doc);
  }
  // By file, then JSON path: a user fixes one file at a time.
  const order = (a: SourceProblem, b: SourceProblem) => cmp(a.file, b.file) || cmp(a.column ?? '', b.column ?? '');
  return problems.length > 0 ? { documents: [], problems: problems.sort(order) } : { documents, problems };
}

export const gdapConnector: Connector = {
  format: 'gdap',
  describe: 'Microsoft GDAP as saved from Microsoft Graph: one folder per partner tenant (docs/connectors-gdap.md)',
  async read(paths) {
    return readGdap(paths);
  },
};
