/**
 * Findings asked without asOf share one report between requests for up to
 * PATHWARDEN_FINDINGS_CACHE_MS, per index view and graph version (a whole
 * report over a million records takes seconds); observedAt says when it was
 * computed. A write starts a new report at once, and an explicit asOf always
 * gets its own.
 */
import { grant, graph, identity, named, system } from './support/fixtures';
import { useHarness } from './support/harness';
import { useEnv } from './support/env';

const h = useHarness();
const T1 = '2026-06-01T00:00:00Z';
const T2 = '2026-06-01T00:00:30Z';
const T3 = '2026-06-01T00:02:00Z';
const SUMMARY = '{ findingSummary { observedAt total } }';
const FINDINGS = '{ findings(codes: ["STANDING_PRIVILEGED_ACCESS"]) { totalCount edges { node { id observedAt } } } }';

useEnv('PATHWARDEN_FINDINGS_CACHE_MS', '60000');
beforeAll(async () => {
  await h.resetTo(
    graph({
      people: [named('ann')],
      tenants: [named('t')],
      systems: [system('s', 't')],
      identities: [identity('adm')],
      access: [grant('u', 'USES', 'ann', 'adm'), grant('c', 'CAN_ACCESS', 'adm', 's', { privileged: true })],
    }),
    '2026-01-01T00:00:00Z',
  );
});
const iso = (s: string) => new Date(s).toISOString();

it('answers requests without asOf within the cache time from the report computed first, saying when', async () => {
  const first = await h.data(SUMMARY, {}, T1);
  const second = await h.data(SUMMARY, {}, T2);
  const page = await h.data(FINDINGS, {}, T2);
  expect({ first: first.findingSummary.observedAt, second: second.findingSummary.observedAt, page: page.findings.edges.map((e: any) => e.node) }).toEqual({
    first: iso(T1),
    second: iso(T1),
    page: [{ id: 'STANDING_PRIVILEGED_ACCESS:c', observedAt: iso(T1) }],
  });
});

it('computes a new report once the cache time has passed', async () => {
  const later = await h.data(SUMMARY, {}, T3);
  expect(later.findingSummary.observedAt).toBe(iso(T3));
});

it('computes a new report at once after a write', async () => {
  await h.load({ access: [grant('c2', 'CAN_ACCESS', 'adm', 't', { privileged: true })] }, T3);
  const after = await h.data(FINDINGS, {}, '2026-06-01T00:02:10Z');
  expect(after.findings.edges.map((e: any) => e.node)).toEqual([
    { id: 'STANDING_PRIVILEGED_ACCESS:c', observedAt: iso('2026-06-01T00:02:10Z') },
    { id: 'STANDING_PRIVILEGED_ACCESS:c2', observedAt: iso('2026-06-01T00:02:10Z') },
  ]);
});

it('answers an explicit asOf at exactly that instant, never from the shared report', async () => {
  const asked = await h.data('query($asOf: DateTime) { findingSummary(asOf: $asOf) { observedAt } }', { asOf: '2026-06-01T00:02:20Z' }, '2026-06-01T00:02:20Z');
  expect(asked.findingSummary.observedAt).toBe(iso('2026-06-01T00:02:20Z'));
});
