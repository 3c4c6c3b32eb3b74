/**
 * The reach core (src/reach/index/walk.ts) against the independent
 * reference, the level-by-level search in Neo4j (PATHWARDEN_REACH=neo4j), on
 * every entity of the synthetic MSP (small scale): blast radius (forward,
 * with the privileged flag) and exposure (reverse), each entity reached with
 * its distance, flag and witness path, compared whole. The demo's every
 * entity is compared through the GraphQL answers in test/reach-index.test.ts.
 * Also the core's visitor (ReachIndex.summary, behind the accountability and
 * owner reports) against the core's search: same count, nearest witness.
 */
import { SYSTEM_VIEWER } from '../src/core/viewer';
import { bulkLoad } from '../src/bench/bulk';
import { GENERATOR_EPOCH, generate } from '../src/bench/generate';
import { ReachIndexProvider } from '../src/reach/index/provider';
import { KINDS } from '../src/reach/index/reach-index';
import { createTraverser, type Reached } from '../src/reach/traverser';
import { useHarness } from './support/harness';

const h = useHarness();
const small = generate('small', 1);
const options = { maxDepth: 8, asOf: Date.parse(GENERATOR_EPOCH) };

const flat = (reached: Reached[]) => reached.map((r) => `${r.id} ${r.distance}${r.privileged ? ' privileged' : ''} ${r.witness().map((s) => `${s.from}>${s.to}:${s.accessId ?? 'contains'}`).join(' ')}`);

beforeAll(async () => {
  await h.reset();
  await bulkLoad(h.exec, SYSTEM_VIEWER, small, { now: '2026-11-27T12:00:00Z', batchSize: 3_000 });
}, 300_000);

it('answers blast radius and exposure exactly as the Neo4j reference, for every entity of the generated MSP', async () => {
  const core = createTraverser(h.exec, SYSTEM_VIEWER, 'index');
  const reference = createTraverser(h.exec, SYSTEM_VIEWER, 'neo4j');
  const ids = [small.people, small.teams, small.identities, small.tools, small.roles, small.tenants, small.systems].flatMap((list) => (list ?? []).map((x) => x.id));
  const differing: string[] = [];
  let reachedSomething = 0;
  for (const id of ids) {
    const [forward, forwardRef, reverse, reverseRef] = await Promise.all([core.forward(id, options), reference.forward(id, options), core.reverse([id], options), reference.reverse([id], options)]);
    if (JSON.stringify(flat(forward)) !== JSON.stringify(flat(forwardRef))) differing.push(`forward ${id}`);
    if (JSON.stringify(flat(reverse)) !== JSON.stringify(flat(reverseRef))) differing.push(`reverse ${id}`);
    if (forward.length + reverse.length > 0) reachedSomething++;
  }
  expect(differing).toEqual([]);
  // Not vacuous: every one of some 900 entities, nearly all of them reaching or reached.
  expect(ids.length).toBeGreaterThan(900);
  expect(reachedSomething).toBeGreaterThan(ids.length * 0.9);
}, 600_000);

it('counts with its visitor what its search reaches, and traces the nearest one', async () => {
  const index = await ReachIndexProvider.for(h.exec).current();
  const core = createTraverser(h.exec, SYSTEM_VIEWER, 'index');
  const isSystem = (n: number) => KINDS[index.kindOf(n)] === 'SYSTEM';
  for (const person of small.people!.slice(0, 40).map((p) => p.id)) {
    const systems = (await core.forward(person, options)).filter((r) => r.kind === 'SYSTEM');
    const summary = index.summary(index.node(person)!, 'out', options.maxDepth, options.asOf, isSystem);
    expect(summary.count).toBe(systems.length);
    if (systems.length === 0) expect(summary.witness).toBeNull();
    else expect(summary.witness!.map((s) => s.to).at(-1)).toBe(systems[0].id);
  }
});
