/**
 * One lifecycle change, the way ingest writes (ingest/service.ts): a single
 * write transaction that checks, writes, appends its audit events and bumps
 * the graph version (reading back what the reach index needs), then, once
 * committed, patches this process's reach index. A refusal thrown anywhere
 * inside rolls the whole transaction back: nothing is written, not even an
 * event.
 */
import { recordEvents, type AuditKind } from '../audit/events';
import { ALL_SCOPE, type Viewer } from '../core/viewer';
import type { Executor, Tx } from '../db/executor';
import { takeWriteLock } from '../graph/write-lock';
import { ReachIndexProvider, recordWrite } from '../reach/index/provider';

/** Who asks, and the request's fixed instant and id: every event carries them. */
export interface Caller {
  exec: Executor;
  viewer: Viewer;
  /** The request's now (ISO): the time of every event and the default instant of every change. */
  now: string;
  requestId: string | null;
}

/** The transaction a change runs in, with what it has touched so far. */
export class Change {
  readonly eventIds: string[] = [];
  readonly entities = new Set<string>();
  readonly access = new Set<string>();
  /** Owned entities whose owner links changed. */
  readonly owned = new Set<string>();

  constructor(
    readonly tx: Tx,
    readonly caller: Caller,
  ) {}

  get nowMs(): number {
    return Date.parse(this.caller.now);
  }

  /** Appends one audit event, as the caller, at the request's now, in this transaction. */
  event(kind: AuditKind, subjectIds: string[], details: Record<string, unknown>): Promise<void> {
    return this.events([{ kind, subjectIds, details }]);
  }

  /** Appends several events in one round trip (an offboarding can revoke hundreds of records), in order. */
  async events(list: { kind: AuditKind; subjectIds: string[]; details: Record<string, unknown> }[]): Promise<void> {
    if (list.length === 0) return;
    const { viewer, now, requestId } = this.caller;
    const ids = await recordEvents(
      this.tx,
      list.map((e) => ({ kind: e.kind, actor: viewer, at: now, subjectIds: [...new Set(e.subjectIds)], details: e.details, requestId })),
    );
    this.eventIds.push(...ids);
  }

  touch(what: { entities?: string[]; access?: string[]; owned?: string[] }): void {
    for (const id of what.entities ?? []) this.entities.add(id);
    for (const id of what.access ?? []) this.access.add(id);
    for (const id of what.owned ?? []) this.owned.add(id);
  }
}

/**
 * Runs `work` as one change. Lifecycle queries read and write the whole store,
 * so the transaction runs with the whole-graph scope; for a narrowed caller
 * (an OWNER certifying) that is allowed only once `scopeChecked` says the
 * caller's own scope was checked first (lifecycle/certify-check, run as the
 * caller). Events still name the caller and their role.
 */
export async function commit<T>(caller: Caller, work: (change: Change) => Promise<T>, scopeChecked = false): Promise<T & { eventIds: string[] }> {
  const { exec, viewer } = caller;
  if (viewer.scope.kind !== 'ALL' && !scopeChecked) throw new Error(`lifecycle: a ${viewer.role} change must check the caller's scope first`);
  const txViewer: Viewer = viewer.scope.kind === 'ALL' ? viewer : { ...viewer, scope: ALL_SCOPE };
  // Committed: this process's reach index takes the change as the write returns, without a reload.
  const { result, eventIds } = await ReachIndexProvider.for(exec).committing(() => exec.write(txViewer, async (tx) => {
    // Checks and writes of one change see no other write commit in between, and a staging sync refuses it (graph/write-lock.ts).
    await takeWriteLock(tx);
    const change = new Change(tx, caller);
    const result = await work(change);
    const delta = await recordWrite(tx, [...change.entities], [...change.access], [...change.owned]);
    return { result, eventIds: change.eventIds, delta };
  }));
  return { ...result, eventIds };
}
