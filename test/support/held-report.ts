/**
 * The check both sliced reports pass (findings, unaccountable paths): a
 * report asked for over `input`'s index gives way to other work (it is not
 * done after two turns of the event loop), a patch made meanwhile waits for
 * it (the reach index's gate), the report answers as if the patch had never
 * come, and once the patch lands a new report sees it, as one over an index
 * that had the change from the start would.
 */
import type { IngestInput } from '../../src/generated/graphql';
import { indexOf } from '../../src/bench/findings';
import type { ReachIndex } from '../../src/reach/index/reach-index';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function expectReportHeldAcrossPatch<T>(input: IngestInput, report: (index: ReachIndex) => Promise<T>, change: (index: ReachIndex) => void): Promise<void> {
  const index = indexOf(input);
  const before = await report(indexOf(input));
  let done = false;
  const running = report(index).then((answer) => ((done = true), answer));
  await turn();
  await turn();
  expect(done).toBe(false);
  let applied = false;
  const patch = index.gate.patch(() => {
    applied = true;
    change(index);
  });
  // Held back while the report runs, and the report answers as if it had never come.
  expect(applied).toBe(false);
  expect(await running).toEqual(before);
  await patch;
  expect(applied).toBe(true);
  const after = await report(index);
  expect(after).not.toEqual(before);
  const expected = indexOf(input);
  change(expected);
  expect(after).toEqual(await report(expected));
}
