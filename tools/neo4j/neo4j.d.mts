// Types for neo4j.mjs, so TypeScript callers (npm start) can use it.
export interface LocalConfig {
  port: number;
  dir: string;
  uri: string;
  heap: string;
  pageCacheMb: number;
  /** All transactions' memory together, MiB (dbms.memory.transaction.total.max); 0: Neo4j's default, 70% of the heap. */
  txMemoryMb: number;
  pidFile: string;
  /** The launcher's output: start-up failures and its two markers. */
  logFile: string;
  /** Neo4j's own log (why it stopped, its recovery after a crash). */
  debugLog: string;
}
export interface Overrides {
  port?: number;
  dir?: string;
  heap?: string;
  pageCacheMb?: number;
  txMemoryMb?: number;
}
export function localConfig(overrides?: Overrides): LocalConfig;
export function ensureBuilt(): void;
export function start(overrides?: Overrides, options?: { fresh?: boolean; timeoutMs?: number }): Promise<{ uri: string; pid: number; startedHere: boolean }>;
export function stop(overrides?: Overrides, options?: { timeoutMs?: number }): Promise<boolean>;
export const MARKER: string;
export function envFor(cfg: LocalConfig): string;
export function isDatabaseFolder(dir: string): boolean;
export function hasDatabase(overrides?: Overrides): boolean;
export function runningPid(overrides?: Overrides): number | null;
export function inspectDump(file: string, overrides?: Overrides): { format: string | null; files: number; bytes: number };
export function dump(file: string, overrides?: Overrides, options?: { overwrite?: boolean }): { file: string; bytes: number };
export function load(file: string, overrides?: Overrides, options?: { overwrite?: boolean }): void;
export interface ImportGroups {
  nodes: { labels: string[]; files: string[] }[];
  relationships?: { type: string; files: string[] }[];
  multiline?: boolean;
  reportFile?: string;
}
export function importCsv(groups: ImportGroups, overrides?: Overrides, options?: { overwrite?: boolean; maxOffHeap?: string }): string;
