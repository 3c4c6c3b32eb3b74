/**
 * A source format the importer reads: `npm run import -- --format NAME PATH...`
 * (issue 12). A connector only translates: it turns the files of its format
 * into documents of the native IngestInput shape, and says where each record
 * came from so that every later problem (coercion against the SDL, then the
 * ingest rules) can name the file, line and column a user must fix. Checking
 * and writing stay in src/ingest, shared with the `ingest` mutation.
 */

/** Where a record (or one of its fields) came from in the source files. */
export interface SourceLocation {
  file: string;
  /** 1-based line (CSV) or a JSON pointer-ish path (JSON sources), when known. */
  line?: number;
  /** The column (CSV header name) or the source field, when known. */
  column?: string;
}

/** A problem found while reading the files, before any ingest rule runs. */
export interface SourceProblem extends SourceLocation {
  reason: string;
}

/** One native document (IngestInput-shaped, not yet coerced) and the origin of its records. */
export interface SourceDocument {
  /** A name for messages (a file, or the set of files it was built from). */
  name: string;
  input: unknown;
  /** Where record `index` of list `list` (e.g. "systems", 3) came from, with `field` when a problem names one. */
  locate(list: string, index: number, field?: string): SourceLocation | undefined;
}

export interface Connector {
  /** The value of --format. */
  format: string;
  /** One line for the usage text. */
  describe: string;
  /**
   * Reads every path (files, or folders where the format says so) into
   * documents in load order, or returns every problem found, none written.
   */
  read(paths: readonly string[]): Promise<{ documents: SourceDocument[]; problems: SourceProblem[] }>;
}
