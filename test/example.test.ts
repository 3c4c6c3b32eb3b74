/**
 * examples/msp-small.json, the file docs/ingest.md and the README's "Import
 * your own data" point a new user to: it shows every list of IngestInput,
 * every field of every record and every value of every enum the SDL lets a
 * record carry (a new enum value or field fails here until the example shows
 * it), and it loads, through `npm run import` and through the ingest
 * mutation alike, into exactly what it says.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { isNonNullType } from 'graphql';
import type { IngestInput } from '../src/generated/graphql';
import { useHarness } from './support/harness';
import { enumValuesIn, expectedReadBack, fieldsNeverGiven, ingestEnums, ingestLists, readBack } from './support/ingest-shape';
import { codeNames, fieldsShowingNothing, graphqlBlocks, tableRows } from './support/markdown';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'msp-small.json');
const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as IngestInput;
const run = promisify(execFile);
const INGEST_DOC = fs.readFileSync(path.join(ROOT, 'docs', 'ingest.md'), 'utf8');
const EXAMPLE_README = fs.readFileSync(path.join(ROOT, 'examples', 'README.md'), 'utf8');

const h = useHarness();
beforeEach(() => h.reset());

it('shows every value of every enum a record of IngestInput may carry', () => {
  expect(enumValuesIn(example)).toEqual(ingestEnums());
});

it('gives every field of every list of IngestInput at least once', () => {
  const lists = ingestLists().map((l) => l.list);
  expect(lists.sort()).toEqual(['access', 'identities', 'ownerships', 'people', 'roles', 'systems', 'teams', 'tenants', 'tools']);
  expect(fieldsNeverGiven(example)).toEqual(Object.fromEntries(lists.map((l) => [l, []])));
});

it("matches docs/ingest.md's tables: each list's required and optional fields, and each enum's values, as the SDL has them", () => {
  const documented = Object.fromEntries(tableRows(INGEST_DOC, 'list').map(([list, , required, optional]) => [codeNames(list)[0], { required: codeNames(required).sort(), optional: codeNames(optional).sort() }]));
  const sdl = Object.fromEntries(
    ingestLists().map(({ list, type }) => {
      const fields = Object.values(type.getFields());
      const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
      return [list, { required: required.sort(), optional: fields.map((f) => f.name).filter((f) => !required.includes(f)).sort() }];
    }),
  );
  expect(documented).toEqual(sdl);

  const enums = Object.fromEntries(tableRows(INGEST_DOC, 'enum').map(([name, , values]) => [codeNames(name)[0], codeNames(values).sort()]));
  expect(enums).toEqual(ingestEnums());
});

it('is stored exactly as written when imported with npm run import', async () => {
  const result = await run('npm', ['run', 'import', '--', EXAMPLE], { cwd: ROOT, env: process.env }).then(
    () => ({ code: 0 }),
    (e) => ({ code: e.code as number, stderr: e.stderr as string }),
  );

  expect(result).toEqual({ code: 0 });
  expect(await readBack(h, example)).toEqual(expectedReadBack(example));
});

it('is stored exactly as written when sent to the ingest mutation', async () => {
  await h.load(example);

  expect(await readBack(h, example)).toEqual(expectedReadBack(example));
});

it("answers reach questions about it: who reaches Bayside's domain controller, and which clients the pooled RMM reaches", async () => {
  await h.load(example);

  const data = await h.data(`{
    whoCanReach(target: "system:bayside-dc01") { people { edges { node { entity { id } } } } }
    blastRadius(from: "tool:rmm") { tenants { tenant { id contractStatus } } }
  }`);

  expect(data.whoCanReach.people.edges.map((e: any) => e.node.entity.id).sort()).toEqual(['person:ana-silva', 'person:ben-okafor']);
  expect(data.blastRadius.tenants.map((t: any) => [t.tenant.id, t.tenant.contractStatus]).sort()).toEqual([
    ['tenant:bayside-dental', 'ACTIVE'],
    ['tenant:northpoint-legal', 'ACTIVE'],
    ['tenant:old-mill-bakery', 'TERMINATED'],
  ]);
});

it.each(graphqlBlocks(EXAMPLE_README).map((b) => [b.line, b]))('answers the query at examples/README.md line %i as printed, with something in every field', async (_line, block) => {
  const { caller, query } = block as ReturnType<typeof graphqlBlocks>[number];
  if (!caller) throw new Error('the block names no caller ("# as ROLE [person:... | tenant:...]")');
  await h.load(example);

  const bound = caller.role === 'OWNER' ? { personId: caller.binding } : caller.role === 'TENANT_AUDITOR' ? { tenantId: caller.binding } : {};
  const result = await h.runAs({ id: `example-${caller.role.toLowerCase()}`, role: caller.role, credential: 'jwt', ...bound }, query);

  expect({ errors: result.errors ?? [], showingNothing: fieldsShowingNothing(result.data ?? null) }).toEqual({ errors: [], showingNothing: [] });
});
