/**
 * The README's examples run as printed: each ```graphql block names, in a
 * `# as ROLE [binding]` line, a caller npm start prints a token for, and
 * answers on the demo as that caller without errors and with something in
 * every field it asks for (an example that answers nothing teaches nothing).
 * The docs' ```graphql blocks are held to the same rule when they are
 * operations; the others there are signatures (`auditTrail(...): ...`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { demoCallers } from '../src/demo/demo-graph';
import { resetToDemo } from './support/demo';
import { useHarness } from './support/harness';
import { fieldsShowingNothing, graphqlBlocks } from './support/markdown';

const ROOT = path.resolve(__dirname, '..');
const read = (page: string) => fs.readFileSync(path.join(ROOT, page), 'utf8');
const isOperation = (query: string) => {
  try {
    parse(query);
    return true;
  } catch {
    return false;
  }
};
const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
const blocks = [
  ...graphqlBlocks(read('README.md')).map((b) => ({ ...b, page: 'README.md' })),
  ...docs.flatMap((page) => graphqlBlocks(read(page)).filter((b) => isOperation(b.query)).map((b) => ({ ...b, page }))),
];
type Example = (typeof blocks)[number];

const h = useHarness();
beforeAll(async () => {
  // As npm start loads it: the CSV batch, the GDAP batch, then its audit history through the lifecycle.
  await resetToDemo(h);
});

/** The demo caller a block names: the one with its role and, for OWNER and TENANT_AUDITOR, its person or tenant. */
const callerOf = (block: Example) =>
  demoCallers.find((c) => c.role === block.caller?.role && (c.person ?? c.tenant ?? null) === block.caller?.binding) ?? null;

it('has GraphQL examples in the README, each naming a caller npm start prints a token for', () => {
  expect(blocks.filter((b) => b.page === 'README.md').length).toBeGreaterThan(0);
  const unnamed = blocks.filter((b) => callerOf(b) === null).map((b) => ({ page: b.page, line: b.line, caller: b.caller }));
  expect(unnamed).toEqual([]);
});

it.each(blocks.map((b) => [`${b.page}:${b.line}`, b.caller ? `${b.caller.role}${b.caller.binding ? ` ${b.caller.binding}` : ''}` : 'nobody', b]))(
  'answers the example at %s as %s without errors, with something in every field it asks for',
  async (at, _caller, block) => {
    const caller = callerOf(block as Example);
    if (!caller) throw new Error(`${at}: the block names no caller npm start prints a token for ("# as ROLE [person:... | tenant:...]")`);
    const principal = { id: caller.sub, role: caller.role, personId: caller.person ?? null, tenantId: caller.tenant ?? null, credential: 'jwt' as const };

    const result = await h.runAs(principal, (block as Example).query);

    expect({ at, errors: result.errors ?? [], showingNothing: fieldsShowingNothing(result.data ?? null) }).toEqual({ at, errors: [], showingNothing: [] });
    expect(Object.keys(result.data ?? {}).length).toBeGreaterThan(0);
  },
);

it('counts a field as showing nothing when it is null or an empty list wherever it occurs', () => {
  const answer = {
    auditTrail: { totalCount: 0, edges: [] },
    paths: [{ gaps: [], note: null, to: { id: 'a' } }, { gaps: ['NO_OWNER'], note: null, to: null }],
  };
  expect(fieldsShowingNothing(answer).sort()).toEqual(['auditTrail.edges', 'paths.note']);
});
