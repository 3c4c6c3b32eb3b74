/**
 * A write through this process waits to be patched into the reach index
 * while a findings report reads it in slices (reach/index/gate.ts). Until
 * it is patched in it has not returned to its caller, so a read meanwhile
 * is answered from the index as it is, without waiting for the report:
 * answering before an unacknowledged write is answering as if it came
 * later. Once the report lets go, the write is patched in, returns, and
 * every later read sees it.
 */
import { ReachIndexProvider } from '../src/reach/index/provider';
import { grant, graph, identity, named, system } from './support/fixtures';
import { useHarness } from './support/harness';
import { useEnv } from './support/env';

const h = useHarness();
const NOW = '2026-06-01T00:00:00Z';
const REACHERS = '{ whoCanReach(target: "s2") { identities { edges { node { entity { id } } } } } }';
const reachers = async () => (await h.data(REACHERS, {}, NOW)).whoCanReach.identities.edges.map((e: any) => e.node.entity.id);

// Every request reads the stored version, so the read below does see the write committed.
useEnv('PATHWARDEN_INDEX_STALENESS_MS', '0');
beforeAll(async () => {
  await h.resetTo(
    graph({
      people: [named('ann')],
      tenants: [named('t')],
      systems: [system('s', 't'), system('s2', 't')],
      identities: [identity('adm')],
      access: [grant('u', 'USES', 'ann', 'adm'), grant('c', 'CAN_ACCESS', 'adm', 's')],
    }),
    '2026-01-01T00:00:00Z',
  );
});
it('answers a read from the index while a committed write waits behind a report, and sees the write once it returns', async () => {
  expect(await reachers()).toEqual([]);
  const index = await ReachIndexProvider.for(h.exec).current();
  let release!: () => void;
  const report = index.gate.hold(() => new Promise<void>((resolve) => (release = resolve)));

  let returned = false;
  const write = h.load({ access: [grant('c2', 'CAN_ACCESS', 'adm', 's2')] }, NOW).then(() => (returned = true));
  let committed = false;
  const poll = setInterval(() => void h.count("MATCH ()-[r:ACCESS {id: 'c2'}]->() RETURN count(r)").then((n) => (committed = n === 1)), 50);
  try {
    await new Promise<void>((resolve, reject) => {
      const t0 = Date.now();
      const check = setInterval(() => {
        if (committed) resolve();
        else if (Date.now() - t0 > 10_000) reject(new Error('the write did not commit within 10 s'));
        else return;
        clearInterval(check);
      }, 20);
    });
  } finally {
    clearInterval(poll);
  }

  // Committed, not patched in, not returned: a read is answered at once, without it.
  expect(await reachers()).toEqual([]);
  expect(returned).toBe(false);

  release();
  await report;
  await write;
  expect(await reachers()).toEqual(['adm']);
});
