/**
 * The bulk importer's CSV files (src/bulk/csv-files.ts), read back as text:
 * the importer's dialect (strings quoted with quotes doubled, null and absent
 * values empty and unquoted, defaults filled in, instants in UTC with
 * milliseconds), the multi-line flag raised only by a line break, and a field
 * the SDL does not have refused by name rather than dropped. What Neo4j then
 * stores from them is compared with ingest's in bulk-import.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IngestInput } from '../src/generated/graphql';
import { ImportFileWriter } from '../src/bulk/csv-files';

const NOW = Date.parse('2026-12-01T10:00:00Z');
let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pathwarden-bulk-files-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Each file group's header and data lines, by file name. */
function written(input: IngestInput): { files: Record<string, { header: string[]; lines: string[] }>; multiline: boolean } {
  const w = new ImportFileWriter(dir, NOW);
  w.add(input);
  const set = w.close();
  const files: Record<string, { header: string[]; lines: string[] }> = {};
  for (const g of [...set.nodes, ...set.relationships]) {
    const [head, data] = g.files;
    files[path.basename(data, '.csv')] = {
      header: fs.readFileSync(head, 'utf8').trim().split(','),
      lines: fs.readFileSync(data, 'utf8').split('\n').slice(0, -1),
    };
  }
  return { files, multiline: set.multiline };
}

/** One data line as column -> field text; it has as many fields as its header. */
const row = (f: { header: string[]; lines: string[] }, i: number) => {
  const fields = f.lines[i].match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((x) => x.replace(/,$/, ''));
  if (fields[fields.length - 1] === '' && !f.lines[i].endsWith(',')) fields.pop();
  expect(fields).toHaveLength(f.header.length);
  return Object.fromEntries(f.header.map((h, j) => [h, fields[j]]));
};

it('writes strings quoted, null and absent values empty, defaults and the load time filled in, instants in UTC', () => {
  const { files, multiline } = written({
    source: 'psa',
    tenants: [{ id: 't1', name: 'Acme, "Inc."' }],
    systems: [{ id: 's1', name: 'DC01', tenantId: 't1', criticality: 'CRITICAL' }],
    access: [{ id: 'a1', kind: 'CAN_ACCESS', fromId: 't1', toId: 's1', justification: '', approvedAt: '2026-02-02T10:00:00+10:00', expiresAt: null }],
  });
  expect(multiline).toBe(false);
  expect(row(files.tenants, 0)).toMatchObject({ 'id:ID': '"t1"', 'name:string': '"Acme, ""Inc."""', 'contractStatus:string': '"ACTIVE"', 'kind:string': '"TENANT"', 'source:string': '"psa"', 'createdAt:datetime': '"2026-12-01T10:00:00.000Z"', 'contractEndedAt:datetime': '' });
  expect(row(files.systems, 0)).toMatchObject({ 'id:ID': '"s1"', 'tenantId:string': '"t1"', 'criticality:string': '"CRITICAL"', 'environment:string': '"PRODUCTION"' });
  expect(files.containment.lines).toEqual(['"t1","s1"']);
  const a = row(files.access, 0);
  expect(a).toMatchObject({ ':START_ID': '"t1"', ':END_ID': '"s1"', 'id:string': '"a1"', 'justification:string': '""', 'approvedAt:datetime': '"2026-02-02T00:00:00.000Z"', 'expiresAt:datetime': '', 'grantedAt:datetime': '"2026-12-01T10:00:00.000Z"', 'privileged:boolean': 'false' });
});

it('raises the multi-line flag for a line break in any string, and only then', () => {
  expect(written({ tenants: [{ id: 't1', name: 'one\nline' }] }).multiline).toBe(true);
  expect(written({ tenants: [{ id: 't1', name: 'one\rline' }] }).multiline).toBe(true);
  expect(written({ tenants: [{ id: 't1', name: 'one line' }] }).multiline).toBe(false);
});

it('refuses a field the SDL does not have, by name, and takes an explicitly undefined one as absent', () => {
  expect(() => written({ tenants: [{ id: 't1', name: 'Acme', colour: 'blue' } as never] })).toThrow('tenants: colour has no column');
  expect(() => written({ access: [{ id: 'a1', kind: 'MEMBER_OF', fromId: 'p', toId: 'g', bogus: 1 } as never] })).toThrow('access: bogus has no column');
  expect(row(written({ tenants: [{ id: 't1', name: 'Acme', contractEndedAt: undefined }] }).files.tenants, 0)['contractEndedAt:datetime']).toBe('');
});

it('writes every instant in UTC with milliseconds, copying one already in that form and parsing any other', () => {
  const at = (approvedAt: string) => row(written({ access: [{ id: 'a1', kind: 'MEMBER_OF', fromId: 'p', toId: 'g', approvedAt }] }).files.access, 0)['approvedAt:datetime'];
  expect(at('2026-02-02T10:00:00Z')).toBe('"2026-02-02T10:00:00.000Z"');
  expect(at('2026-02-02T10:00:00.123Z')).toBe('"2026-02-02T10:00:00.123Z"');
  expect(at('2024-02-29T23:59:59Z')).toBe('"2024-02-29T23:59:59.000Z"');
  expect(at('2026-02-02t10:00:00z')).toBe('"2026-02-02T10:00:00.000Z"');
  expect(at('2026-02-02T10:00:00.5+01:00')).toBe('"2026-02-02T09:00:00.500Z"');
  expect(at('2026-02-02T10:00Z')).toBe('"2026-02-02T10:00:00.000Z"');
  // In the copied form but naming no moment: refused as any other text that is not an instant.
  for (const wrong of ['2023-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-02-02T24:00:00Z', '2026-02-02T10:00:0xZ']) expect(() => at(wrong)).toThrow('not an RFC 3339 date-time');
});

it('encodes text beyond ASCII as UTF-8, quotes doubled wherever they fall', () => {
  const { files } = written({ source: 'Zürich "PSA"', tenants: [{ id: 't1', name: 'Müller "GmbH" 東京 😀' }] });
  const t = row(files.tenants, 0);
  expect(t['name:string']).toBe('"Müller ""GmbH"" 東京 😀"');
  expect(t['source:string']).toBe('"Zürich ""PSA"""');
});
