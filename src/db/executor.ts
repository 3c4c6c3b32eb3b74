/**
 * The only module that touches neo4j-driver. It owns the driver, opens one
 * session per unit of work, sends reads through executeRead and writes
 * through executeWrite (so a routed cluster serves reads from followers and
 * transient failures are retried), passes the viewer's scope to every query
 * as $scope, tags transactions with metadata, and turns driver values into
 * plain JavaScript (DateTime -> ISO string, Integer -> number). A write
 * stopped at the transaction time limit becomes DATABASE_TIMEOUT here.
 *
 * Failing fast (the API's executor, `unavailableMs` set): the executor does
 * the retrying instead of the driver, and sends explicit transactions, which
 * the driver does not retry (`once`). A unit whose connection died under it
 * is tried once more at once (a cluster's routing may have moved on); when no
 * server answers at all, or the second try fails too, the circuit opens. Each
 * later unit waits for one shared probe (at most one per PROBE_INTERVAL_MS: a
 * connectivity check bounded by the connection timeout, then one real query,
 * PROBE_QUERY) and is refused with DATABASE_UNAVAILABLE if it fails or has
 * not answered within half the bound. The probe's query matters after a
 * restart: a Neo4j just started compiles its first query in one to two
 * seconds (a cold JVM), which every first request after an outage would
 * otherwise wait; the probe pays it once, and it is the query nearly every request
 * starts with, so its plan is cached when they come. Other transient
 * failures (a deadlock) are retried with backoff as the driver would. The
 * probe's success, or any unit's, closes the circuit, so recovery needs no
 * restart. Command-line tools leave `unavailableMs` unset and keep the
 * driver's managed transactions and long retries: a batch import would
 * rather wait out a blip.
 */
import neo4j, { type Driver, type ManagedTransaction, type Record as NeoRecord, type Session, isDateTime } from 'neo4j-driver';
import { cypherScope, SYSTEM_VIEWER, type Viewer } from '../core/viewer';
import type { Config } from '../config';
import { databaseUnavailable, isRetryable, isTimeout, isUnreachable, writeOutcomeUnknown, writeTimedOut } from '../errors';
import { appliesScope, cypher, statements } from './cypher';

export type Row = Record<string, unknown>;

/** While the database is unreachable, how often one request may try it again (the others are refused at once). */
const PROBE_INTERVAL_MS = 250;
/**
 * What the outage probe runs once the database accepts connections again: the
 * reach index's freshness check (reach/index-version), which nearly every
 * request runs first, so a restarted Neo4j has compiled it before they come.
 */
const PROBE_QUERY = 'reach/index-version';
/** A probe that has not answered by then is given up (a database that hangs rather than refuses), so a later one may start. */
const PROBE_GIVE_UP_MS = 15_000;
/** How long a fail-fast executor keeps retrying a transient failure that is not an outage (a deadlock). */
const TRANSIENT_RETRY_MS = 5_000;

/**
 * What the executor tells its observers (the API's /metrics): each named
 * query's time (from sending it to its last row converted; for a streamed
 * read, `each` or `eachFields`, the consumer's work on the rows included),
 * and each write's commit (from its
 * work's end to the database's acknowledgement: the transaction log, the
 * index updates, the constraints' checks).
 */
export type DatabaseTiming = { kind: 'query'; query: string; ms: number } | { kind: 'commit'; ms: number };

/** A transaction as the data layer sees it: named queries in, plain rows out. */
export interface Tx {
  run(query: string, params?: Record<string, unknown>): Promise<Row[]>;
  /** Streams the rows to `onRow` as they arrive, without holding them all (large reads). */
  each(query: string, params: Record<string, unknown>, onRow: (row: Row) => void): Promise<void>;
  /**
   * Streams each row as positional fields, in the order of the query's
   * RETURN, with no object made per row and no conversion: for the largest
   * reads (a million access records), of queries that return only numbers,
   * strings, booleans and nulls.
   */
  eachFields(query: string, params: Record<string, unknown>, onFields: (fields: Fields) => void): Promise<void>;
}

/** One streamed row: its column names (the RETURN's order) and its values by position (the driver's record). */
export interface Fields {
  readonly keys: readonly PropertyKey[];
  get(index: number): unknown;
}

export class Executor {
  /** Queries sent so far (each is one round trip); tests use it to prove DataLoader batching. */
  queriesRun = 0;

  private constructor(
    private readonly driver: Driver,
    private readonly database: string | undefined,
    private readonly txTimeoutMs: number,
    private readonly failFastMs?: number,
  ) {}

  private readonly observers: ((timing: DatabaseTiming) => void)[] = [];

  /** Set while the database is known to be unreachable: since when, and the probe in flight (shared by every waiting unit). */
  private outage: { since: number; probe: Promise<boolean> | null; probedAt: number } | null = null;

  static connect(uri: string, cfg: Pick<Config['neo4j'], 'username' | 'password' | 'database' | 'txTimeoutMs'> & { retryMs?: number; unavailableMs?: number }): Executor {
    const failFast = cfg.unavailableMs && cfg.unavailableMs > 0 ? cfg.unavailableMs : undefined;
    const driver = neo4j.driver(uri, neo4j.auth.basic(cfg.username, cfg.password), {
      disableLosslessIntegers: true,
      // Transient failures (a leader change, a restart) are retried for this long before the client sees DATABASE_UNAVAILABLE.
      // The fail-fast executor sends explicit transactions, which the driver does not retry (`once`), and retries by itself.
      maxTransactionRetryTime: cfg.retryMs ?? (failFast ? 0 : 15_000),
      // An unreachable host (no refusal, only silence) must not hold a request past the fail-fast bound either.
      ...(failFast ? { connectionTimeout: Math.max(1_000, Math.floor(failFast / 2)) } : {}),
      userAgent: 'pathwarden/0.1',
    });
    return new Executor(driver, cfg.database, cfg.txTimeoutMs, failFast);
  }

  /** Calls `observer` with the time of every query and commit from now on; returns what stops it. */
  onTiming(observer: (timing: DatabaseTiming) => void): () => void {
    this.observers.push(observer);
    return () => {
      const at = this.observers.indexOf(observer);
      if (at >= 0) this.observers.splice(at, 1);
    };
  }

  private readonly timed = (timing: DatabaseTiming): void => {
    for (const observe of this.observers) observe(timing);
  };

  /** Whether the database is known to be unreachable, and since when (ISO instant); null while it answers. */
  unavailableSince(): string | null {
    return this.outage ? new Date(this.outage.since).toISOString() : null;
  }

  /**
   * Runs `work` in one read transaction (a consistent view for multi-step traversals).
   * `timeoutMs` replaces the per-query time limit for this one unit (0: none).
   */
  read<T>(viewer: Viewer, work: (tx: Tx) => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
    return this.unit(viewer, neo4j.session.READ, work, options.timeoutMs);
  }

  /** Runs `work` in one write transaction: all of it commits, or none. */
  write<T>(viewer: Viewer, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.unit(viewer, neo4j.session.WRITE, work);
  }

  /** One named read query in its own transaction. */
  query(viewer: Viewer, name: string, params: Record<string, unknown> = {}): Promise<Row[]> {
    return this.read(viewer, (tx) => tx.run(name, params));
  }

  /** Creates the constraints and indexes of cypher/schema (idempotent: IF NOT EXISTS). */
  async applySchema(): Promise<void> {
    const session = this.driver.session({ database: this.database });
    try {
      for (const statement of statements('schema/constraints')) await session.run(statement);
      await session.run('CALL db.awaitIndexes(300)');
    } finally {
      await session.close();
    }
  }

  /** Round trip to the database; used by /health. */
  async ping(): Promise<{ version: string; edition: string }> {
    const [row] = await this.query(SYSTEM_VIEWER, 'health/components');
    return { version: String(row?.version ?? ''), edition: String(row?.edition ?? '') };
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private async unit<T>(viewer: Viewer, mode: 'READ' | 'WRITE', work: (tx: Tx) => Promise<T>, timeoutMs = this.txTimeoutMs): Promise<T> {
    if (!this.failFastMs) return this.send(viewer, mode, work, timeoutMs);
    // Half the bound for the probe, the rest for the unit's own work.
    if (this.outage && !(await this.probe(this.failFastMs / 2))) throw databaseUnavailable();
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.send(viewer, mode, work, timeoutMs);
        this.outage = null;
        return result;
      } catch (error) {
        if (error instanceof CommitInDoubt) {
          // Not tried again: the first try may be in the graph. The circuit opens, as for any broken connection.
          this.outage ??= { since: Date.now(), probe: null, probedAt: Date.now() };
          throw writeOutcomeUnknown();
        }
        if (isUnreachable(error)) {
          // A connection that died under a transaction may have a live replacement (a cluster's routing moved on): once more.
          // No server answering discovery (ServiceUnavailable, after about a second of the driver's own trying) is an outage.
          if (attempt === 0 && (error as { code?: string }).code === 'SessionExpired') continue;
          this.outage ??= { since: Date.now(), probe: null, probedAt: Date.now() };
          throw error;
        }
        if (!isRetryable(error) || Date.now() - started > TRANSIENT_RETRY_MS) throw error;
        await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** attempt) * (0.8 + Math.random() * 0.4)));
      }
    }
  }

  /**
   * While the circuit is open: whether the database answers again within
   * `waitMs`. One probe per interval, shared by every caller; a probe that
   * answers after its callers gave up still closes the circuit.
   */
  private probe(waitMs: number): Promise<boolean> {
    const outage = this.outage!;
    if (!outage.probe) {
      if (Date.now() - outage.probedAt < PROBE_INTERVAL_MS) return Promise.resolve(false);
      outage.probedAt = Date.now();
      const probe = this.driver
        .verifyConnectivity({ database: this.database })
        .then(() => this.send(SYSTEM_VIEWER, neo4j.session.READ, (tx) => tx.run(PROBE_QUERY), PROBE_GIVE_UP_MS));
      outage.probe = within(probe, PROBE_GIVE_UP_MS)
        .then(
          (rows) => {
            if (rows !== false && this.outage === outage) this.outage = null;
            return rows !== false;
          },
          () => false,
        )
        .finally(() => {
          outage.probe = null;
        });
    }
    return within(outage.probe, waitMs).then((answered) => answered === true);
  }

  private async send<T>(viewer: Viewer, mode: 'READ' | 'WRITE', work: (tx: Tx) => Promise<T>, timeoutMs: number): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: mode });
    const config = { timeout: timeoutMs || undefined, metadata: { app: 'pathwarden', viewer: viewer.id, role: viewer.role } };
    let workDone = 0;
    const body = async (mtx: Runner) => {
      const result = await work(wrap(mtx, viewer, () => this.queriesRun++, this.timed));
      workDone = performance.now();
      return result;
    };
    try {
      if (this.failFastMs) return await this.once(session, mode, body, config);
      if (mode === neo4j.session.READ) return await session.executeRead(body, config);
      const result = await session.executeWrite(body, config);
      this.timed({ kind: 'commit', ms: performance.now() - workDone });
      return result;
    } catch (error) {
      // A stopped write was rolled back whole: say so with its own code (a read's timeout stays the driver's, see errors.ts).
      if (mode === neo4j.session.WRITE && isTimeout(error)) throw writeTimedOut();
      throw error;
    } finally {
      await session.close();
    }
  }

  /**
   * One attempt, in an explicit transaction: the fail-fast executor retries
   * by itself (unit). The driver's managed transactions cannot be told not to
   * retry: with a retry time of 0 they still retry once, a second later,
   * since they measure the time from the first failure (neo4j-driver 6.3's
   * TransactionExecutor), so a query in flight when the database dies would
   * fail a second or more later than it need.
   */
  private async once<T>(session: Session, mode: 'READ' | 'WRITE', body: (tx: Runner) => Promise<T>, config: Parameters<Session['beginTransaction']>[0]): Promise<T> {
    const tx = session.beginTransaction(config);
    let result: T;
    try {
      result = await body(tx);
    } catch (error) {
      await tx.rollback().catch(() => undefined);
      throw error;
    }
    const t0 = performance.now();
    try {
      await tx.commit();
    } catch (error) {
      if (mode === neo4j.session.WRITE && isUnreachable(error)) throw new CommitInDoubt(error);
      throw error;
    }
    if (mode === neo4j.session.WRITE) this.timed({ kind: 'commit', ms: performance.now() - t0 });
    return result;
  }
}

/** A write's commit was sent and its connection broke before the answer came: it may have been committed. */
class CommitInDoubt extends Error {
  constructor(override readonly cause: unknown) {
    super('the connection broke while a write was being committed');
  }
}

/** What a query is sent through: a managed transaction (the driver's retries) or an explicit one (the fail-fast executor's). */
type Runner = Pick<ManagedTransaction, 'run'>;

/** `promise`'s value if it settles within `ms`, false otherwise (it keeps running); a rejection passes through. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | false> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  return Promise.race([promise.then((value) => value), late]).finally(() => clearTimeout(timer));
}

function wrap(mtx: Runner, viewer: Viewer, counted: () => void, timed: (timing: DatabaseTiming) => void): Tx {
  // Every query gets the viewer's scope: authorization narrows it where the data is read.
  const scope = cypherScope(viewer.scope);
  const send = (name: string, params: Record<string, unknown>) => {
    // Fail closed: a narrowed viewer may only run queries that apply $scope (whole-graph
    // system queries such as the index load run as SYSTEM_VIEWER; test/scope.test.ts lists them).
    if (!scope.all && !appliesScope(name)) throw new Error(`cypher/${name}.cypher does not apply $scope; it may not run for a narrowed viewer`);
    return mtx.run(cypher(name), toDriver({ ...params, scope }) as Row);
  };
  // Pushed to a synchronous observer as they arrive (the driver keeps pulling): an async iterator would cost a
  // few promises per row, a fifth of a million-row load's time.
  const stream = (name: string, params: Record<string, unknown>, onRecord: (record: NeoRecord) => void) =>
    new Promise<void>((resolve, reject) => {
      counted();
      const t0 = performance.now();
      let failed = false;
      send(name, params).subscribe({
        onNext: (record) => {
          if (failed) return;
          try {
            onRecord(record);
          } catch (error) {
            failed = true;
            reject(error);
          }
        },
        onCompleted: () => {
          timed({ kind: 'query', query: name, ms: performance.now() - t0 });
          if (!failed) resolve();
        },
        onError: reject,
      });
    });
  return {
    async run(name, params = {}) {
      counted();
      const t0 = performance.now();
      const result = await send(name, params);
      const rows = result.records.map((record) => plain(record.toObject()) as Row);
      timed({ kind: 'query', query: name, ms: performance.now() - t0 });
      return rows;
    },
    async each(name, params, onRow) {
      await stream(name, params, (record) => onRow(plain(record.toObject()) as Row));
    },
    async eachFields(name, params, onFields) {
      await stream(name, params, onFields);
    },
  };
}

/**
 * Plain JavaScript to driver values. JavaScript integers go as Neo4j
 * integers: sent as floats, `LIMIT $limit` and integer comparisons would fail.
 * Driver objects (DateTime...) pass untouched.
 */
function toDriver(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? neo4j.int(value) : value;
  if (value === null || typeof value !== 'object') return value;
  // Loops, not map/entries: an ingest batch sends tens of thousands of small maps.
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = toDriver(value[i]);
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Row = {};
  for (const k in value as Row) out[k] = toDriver((value as Row)[k]);
  return out;
}

/**
 * Driver values to plain JavaScript: temporal values become ISO strings in
 * UTC. Lists and maps are converted in place: the driver makes a fresh one
 * for every record (Record.toObject, its unpacker), so no copy is needed, and
 * streaming a million rows (the reach index's load) makes no second object
 * per row.
 */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (isDateTime(value)) return value.toStandardDate().toISOString();
  // Bolt bytes (a change-feed entry's change): as the driver gives them.
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = plain(value[i]);
    return value;
  }
  const map = value as Row;
  for (const k in map) {
    const v = map[k];
    if (v === null || v === undefined) map[k] = null;
    else if (typeof v === 'object') map[k] = plain(v);
  }
  return map;
}
