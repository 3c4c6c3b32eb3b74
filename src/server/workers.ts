/**
 * Several API processes on one port (PATHWARDEN_WORKERS > 1; docs/performance.md
 * "Every core busy"): Node.js's cluster module forks them from `npm start`,
 * the operating system spreads connections over them, and each holds its own
 * reach index, kept current with Neo4j as any replica's is (the version
 * check, and the change feed where there is one).
 *
 * One thing more than replicas behind a load balancer: read-your-writes.
 * A client's write and its next request may land on different processes, so
 * a write through one process is not answered until every sibling has
 * marked its index stale (its next request reads the stored version,
 * whatever PATHWARDEN_INDEX_STALENESS_MS says). The primary relays:
 *   writer --committed--> primary --stale--> each sibling --ack--> primary --told--> writer
 * A sibling that does not answer within TOLD_WITHIN_MS (it is busy, or
 * dying) does not hold the write up longer: it is then within the staleness
 * bound, as a replica on another machine would be.
 * A worker that dies unexpectedly is replaced; one that stops cleanly (the
 * primary's shutdown, or its own signal) is not.
 */
import cluster, { type Worker } from 'node:cluster';
import type { ReachIndexProvider } from '../reach/index/provider';

/** How long a write waits for its siblings to mark their indexes stale. */
export const TOLD_WITHIN_MS = 250;

type Message = { pw: 'committed'; n: number } | { pw: 'stale'; n: number } | { pw: 'ack'; n: number } | { pw: 'told'; n: number } | { pw: 'listening'; port: number };

const isMessage = (m: unknown): m is Message => typeof m === 'object' && m !== null && typeof (m as { pw?: unknown }).pw === 'string';

/** In a worker: tell the siblings of every write through this process, and mark the index stale when a sibling writes. */
export function linkSiblings(provider: ReachIndexProvider): void {
  let next = 0;
  const waiting = new Map<number, () => void>();
  process.on('message', (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.pw === 'stale') {
      provider.markStale();
      process.send?.({ pw: 'ack', n: m.n });
    } else if (m.pw === 'told') {
      waiting.get(m.n)?.();
    }
  });
  provider.afterCommit = () =>
    new Promise<void>((resolve) => {
      const n = next++;
      const done = () => {
        clearTimeout(timer);
        waiting.delete(n);
        resolve();
      };
      const timer = setTimeout(done, TOLD_WITHIN_MS);
      waiting.set(n, done);
      if (!process.send?.({ pw: 'committed', n })) done();
    });
}

/** In a worker: say the API listens (the primary's start() waits for every worker's). */
export function announceListening(port: number): void {
  process.send?.({ pw: 'listening', port });
}

/** In the primary: the workers, the relay between them, and their replacement when one dies. */
export class WorkerPool {
  private readonly workers = new Set<Worker>();
  private readonly acks = new Map<number, () => void>();
  private nextRelay = 0;
  private stopping = false;

  constructor(
    private readonly count: number,
    /** Environment each worker gets on top of the primary's (the database it uses, the signing secret). */
    private readonly env: Record<string, string>,
    private readonly say: (line: string) => void,
  ) {}

  /** Forks every worker and waits until each listens; the port they share. */
  async start(): Promise<number> {
    const ports = await Promise.all(Array.from({ length: this.count }, () => this.fork()));
    return ports[0];
  }

  get size(): number {
    return this.workers.size;
  }

  private fork(): Promise<number> {
    const worker = cluster.fork(this.env);
    this.workers.add(worker);
    worker.on('message', (m: unknown) => this.receive(worker, m));
    return new Promise<number>((resolve, reject) => {
      let listening = false;
      worker.on('message', (m: unknown) => {
        if (isMessage(m) && m.pw === 'listening') (listening = true), resolve(m.port);
      });
      worker.on('exit', (code, signal) => {
        this.workers.delete(worker);
        if (!listening) return reject(new Error(`an API worker exited before it listened (${signal ?? `exit code ${code}`})`));
        if (this.stopping || code === 0) return;
        this.say(`an API worker (pid ${worker.process.pid}) stopped unexpectedly (${signal ?? `exit code ${code}`}); starting another`);
        this.fork().then(
          () => this.say('its replacement serves'),
          (err: Error) => this.say(`could not replace it: ${err.message}`),
        );
      });
    });
  }

  private receive(from: Worker, m: unknown): void {
    if (!isMessage(m)) return;
    if (m.pw === 'ack') return this.acks.get(m.n)?.();
    if (m.pw !== 'committed') return;
    const others = [...this.workers].filter((w) => w !== from && w.isConnected());
    const told = () => from.isConnected() && from.send({ pw: 'told', n: m.n });
    if (others.length === 0) return void told();
    const relay = this.nextRelay++;
    let left = others.length;
    const timer = setTimeout(() => this.acks.delete(relay), TOLD_WITHIN_MS);
    this.acks.set(relay, () => {
      if (--left > 0) return;
      clearTimeout(timer);
      this.acks.delete(relay);
      told();
    });
    for (const w of others) w.send({ pw: 'stale', n: relay });
  }

  /** Asks every worker to drain and stop (SIGTERM), and kills any still running after the grace period and 5 s more. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const exits = [...this.workers].map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.isDead()) return resolve();
          const timer = setTimeout(() => w.process.kill('SIGKILL'), graceMs + 5_000);
          w.once('exit', () => (clearTimeout(timer), resolve()));
          w.process.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
  }
}
