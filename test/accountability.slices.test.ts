/**
 * The unaccountable-paths report runs in slices like a findings report
 * (accountability/service.ts): other work is done between its searches,
 * and the reach index's gate holds patches back until it is done, so the
 * report answers from the state it started on. On the generator's small
 * graph, in process, with a slice of 0 ms (give way at every subject).
 */
import { AccountabilityService } from '../src/accountability/service';
import { indexOf } from '../src/bench/findings';
import { generate, GENERATOR_EPOCH } from '../src/bench/generate';
import { NO_APPROVAL, NO_JUSTIFICATION, PRIVILEGED, type ReachIndex } from '../src/reach/index/reach-index';
import type { Traverser } from '../src/reach/traverser';
import { useEnv } from './support/env';
import { expectReportHeldAcrossPatch } from './support/held-report';

const input = generate('small', 1);
const asOf = { ms: Date.parse(GENERATOR_EPOCH), iso: new Date(GENERATOR_EPOCH).toISOString() };

useEnv('PATHWARDEN_REPORT_SLICE_MS', '0');

/** The report over `index` (the whole graph, as an ADMIN sees it), one line per gap. */
async function gaps(index: ReachIndex): Promise<string[]> {
  const traverser = { wholeGraph: async () => index } as unknown as Traverser;
  const found = await new AccountabilityService(traverser, asOf.iso).allGaps({ asOf: asOf.iso });
  return found.map((g) => `${g.reason} ${g.entityId ?? g.accessId} people ${g.peopleExposed} systems ${g.systemsExposed}`);
}

/** Every record present at asOf with no approval, revoked a day before it: a patch that removes many gaps. */
function revokeUnapproved(index: ReachIndex): void {
  const revoked = index
    .records()
    .filter((r) => !r.approved && index.isPresent(r.edge, asOf.ms))
    .map((r) => ({
      id: r.id,
      from: index.ids[r.from],
      to: index.ids[r.to],
      grantedAt: r.grantedAt,
      revokedAt: asOf.ms - 86_400_000,
      flags: (r.privileged ? PRIVILEGED : 0) | NO_APPROVAL | (r.justified ? 0 : NO_JUSTIFICATION),
      kind: r.kind,
    }));
  expect(revoked.length).toBeGreaterThan(10);
  index.upsertEdges(revoked);
}

it('gives way to other work, and answers from the state it started on while a patch waits for it', async () => {
  expect((await gaps(indexOf(input))).filter((g) => g.startsWith('NO_APPROVAL')).length).toBeGreaterThan(10);
  await expectReportHeldAcrossPatch(input, gaps, revokeUnapproved);
});
