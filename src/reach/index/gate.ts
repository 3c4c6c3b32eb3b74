import { reportSliceMs } from '../../config';

/**
 * Lets long work read one reach index across awaits while patches wait.
 *
 * The index is patched in place (a write through this process, a catch-up
 * from the change feed). Most readers finish within one turn of the event
 * loop, so a patch can never land in the middle of their answer. A findings
 * report over a million records takes seconds; it runs in slices, yielding
 * to other requests between them (findings/report.ts), and must see one
 * state from its first slice to its last. So:
 * - `hold(work)` runs work that spans awaits; any number may hold at once;
 * - `patch(apply)` applies a change at once when nothing holds, else when
 *   the last holder lets go;
 * - while a patch waits, a new `hold` waits behind it, so a stream of
 *   reports cannot keep a write from being applied (and answered) forever.
 * A reload makes a new index with a gate of its own: holders of the old one
 * finish on the old state.
 */
export class PatchGate {
  private holders = 0;
  /** Patches waiting for the holders to let go, in arrival order. */
  private readonly patches: (() => void)[] = [];
  /** Holds waiting for the patches to be applied. */
  private readonly holds: (() => void)[] = [];

  async hold<T>(work: () => Promise<T>): Promise<T> {
    if (this.patches.length > 0) await new Promise<void>((resolve) => this.holds.push(resolve));
    this.holders++;
    try {
      return await work();
    } finally {
      this.holders--;
      if (this.holders === 0) this.drain();
    }
  }

  /** `hold`, for work that gives way between slices of PATHWARDEN_REPORT_SLICE_MS (a findings or unaccountable-paths report). */
  holdInSlices<T>(work: (slice: Slicer) => Promise<T>): Promise<T> {
    return this.hold(() => work(new Slicer(reportSliceMs())));
  }

  /** Applies `apply` (synchronous) once nothing holds the index; resolves with its result after it ran. */
  patch<T>(apply: () => T): Promise<T> {
    if (this.holders === 0 && this.patches.length === 0) {
      try {
        return Promise.resolve(apply());
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return new Promise<T>((resolve, reject) =>
      this.patches.push(() => {
        try {
          resolve(apply());
        } catch (e) {
          reject(e);
        }
      }),
    );
  }

  private drain(): void {
    for (const apply of this.patches.splice(0)) apply();
    for (const resume of this.holds.splice(0)) resume();
  }
}

/**
 * For work that holds the gate: yields to the event loop (setImmediate:
 * pending I/O first) once `ms` have passed since the last time, so other
 * requests are answered between its slices.
 */
export class Slicer {
  private since = performance.now();
  constructor(private readonly ms: number) {}

  async next(): Promise<void> {
    if (performance.now() - this.since < this.ms) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
}
