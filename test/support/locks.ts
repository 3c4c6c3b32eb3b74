/**
 * Making a PathWarden write wait, deterministically, inside its own
 * transaction: a test transaction takes a write lock the write needs (the
 * graph version node every write bumps, a key it revokes, an id it creates)
 * and holds it; `blockedWrite` then sees the write's transaction waiting in
 * SHOW TRANSACTIONS (tagged app: 'pathwarden' by the Executor). What the
 * write ran before that statement is in its open transaction, uncommitted.
 */
import type { Driver } from 'neo4j-driver';

const db = () => ({ database: process.env.NEO4J_DATABASE || undefined });

export interface HeldLock {
  /** Rolls the holding transaction back (it never writes anything). */
  release(): Promise<void>;
}

/** Runs `cypher` (which must write, so it takes the lock) in a transaction left open until `release`. */
export async function holdLock(driver: Driver, cypher: string, params: Record<string, unknown> = {}): Promise<HeldLock> {
  const session = driver.session(db());
  const tx = await session.beginTransaction();
  await tx.run(cypher, params);
  return {
    async release() {
      await tx.rollback();
      await session.close();
    },
  };
}

interface Transaction {
  status: string;
  query: string;
}

async function pathwardenTransactions(driver: Driver): Promise<Transaction[]> {
  const result = await driver.executeQuery(
    "SHOW TRANSACTIONS YIELD status, metaData, currentQuery WHERE metaData.app = 'pathwarden' RETURN status, currentQuery AS query",
    {},
    db(),
  );
  return result.records.map((r) => ({ status: r.get('status') as string, query: r.get('query') as string }));
}

/** Waits until a PathWarden transaction is blocked on a lock; the statement it waits in. */
export async function blockedWrite(driver: Driver, ms = 60_000): Promise<string> {
  let blocked: Transaction | undefined;
  const t0 = Date.now();
  for (;;) {
    blocked = (await pathwardenTransactions(driver)).find((t) => t.status.startsWith('Blocked'));
    if (blocked) return blocked.query;
    if (Date.now() - t0 > ms) throw new Error(`no PathWarden transaction blocked on a lock after ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until Neo4j has ended every PathWarden transaction (those of a killed client end when it notices the closed connection). */
export async function noPathwardenTransactions(driver: Driver, ms = 60_000): Promise<void> {
  let open: Transaction[] = [];
  const t0 = Date.now();
  for (;;) {
    open = await pathwardenTransactions(driver);
    if (open.length === 0) return;
    if (Date.now() - t0 > ms) throw new Error(`PathWarden transactions still open after ${ms / 1000} s: ${JSON.stringify(open)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
