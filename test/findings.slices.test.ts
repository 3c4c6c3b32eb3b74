/**
 * A findings report over a large graph runs in slices, answering other
 * requests in between (findings/report.ts), and the reach index's gate
 * (reach/index/gate.ts) holds patches back until it is done: every slice
 * sees the state the first one saw, and a patch that waits goes before any
 * report started after it. Here on the generator's small graph, in
 * process, with a slice of 0 ms (give way at every step).
 */
import { PatchGate } from '../src/reach/index/gate';
import { indexOf } from '../src/bench/findings';
import { generate, GENERATOR_EPOCH } from '../src/bench/generate';
import { DEFAULT_POLICY } from '../src/governance/policy';
import { CHECKS } from '../src/findings/checks';
import { Report } from '../src/findings/report';
import { findingId } from '../src/findings/model';
import type { ReachIndex } from '../src/reach/index/reach-index';
import { useEnv } from './support/env';
import { expectReportHeldAcrossPatch } from './support/held-report';

const input = generate('small', 1);
const asOf = { ms: Date.parse(GENERATOR_EPOCH), iso: new Date(GENERATOR_EPOCH).toISOString() };
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const ids = async (index: ReachIndex) => (await new Report(index, asOf, DEFAULT_POLICY).findings(CHECKS)).map(findingId);

useEnv('PATHWARDEN_REPORT_SLICE_MS', '0');

/** Every privileged record present at asOf, revoked a day before it: a patch that changes many findings. */
function revokePrivileged(index: ReachIndex): void {
  const revoked = index
    .records()
    .filter((r) => r.privileged && index.isPresent(r.edge, asOf.ms))
    .map((r) => ({ id: r.id, from: index.ids[r.from], to: index.ids[r.to], grantedAt: r.grantedAt, revokedAt: asOf.ms - 86_400_000, flags: 1, kind: r.kind }));
  expect(revoked.length).toBeGreaterThan(10);
  index.upsertEdges(revoked);
}

describe('PatchGate', () => {
  it('applies a patch at once when nothing holds, after the last holder otherwise, and makes a later hold wait for it', async () => {
    const gate = new PatchGate();
    const order: string[] = [];
    expect(await gate.patch(() => (order.push('free patch'), 1))).toBe(1);
    let release!: () => void;
    const first = gate.hold(async () => {
      order.push('hold 1 starts');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('hold 1 ends');
    });
    await turn();
    const patched = gate.patch(() => order.push('patch'));
    const second = gate.hold(async () => void order.push('hold 2'));
    await turn();
    expect(order).toEqual(['free patch', 'hold 1 starts']);
    release();
    await Promise.all([first, patched, second]);
    expect(order).toEqual(['free patch', 'hold 1 starts', 'hold 1 ends', 'patch', 'hold 2']);
  });

  it('rejects the waiting patch that throws, and still lets the others through', async () => {
    const gate = new PatchGate();
    let release!: () => void;
    const held = gate.hold(() => new Promise<void>((resolve) => (release = resolve)));
    await turn();
    const bad = gate.patch(() => {
      throw new Error('refused');
    });
    const good = gate.patch(() => 'applied');
    release();
    await held;
    await expect(bad).rejects.toThrow('refused');
    await expect(good).resolves.toBe('applied');
  });
});

describe('a report in slices', () => {
  it('gives way to other work, and answers from the state it started on while a patch waits for it', async () => {
    await expectReportHeldAcrossPatch(input, ids, revokePrivileged);
  });

  it('starts after a patch that was waiting when it was asked for', async () => {
    const index = indexOf(input);
    const before = await ids(indexOf(input));
    const first = new Report(index, asOf, DEFAULT_POLICY).findings(CHECKS).then((found) => found.map(findingId));
    await turn();
    const patch = index.gate.patch(() => revokePrivileged(index));
    const second = new Report(index, asOf, DEFAULT_POLICY).findings(CHECKS).then((found) => found.map(findingId));
    const expected = indexOf(input);
    revokePrivileged(expected);
    expect(await first).toEqual(before);
    await patch;
    expect(await second).toEqual(await ids(expected));
  });
});
