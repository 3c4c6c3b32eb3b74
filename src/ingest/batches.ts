/**
 * Splitting a large ingest file into batches that can be written one after
 * another: records are taken in dependency order (what others refer to
 * first, as ingest itself writes them), so every reference of a batch points
 * into the same batch or an earlier, already written one.
 */
import type { IngestInput } from '../generated/graphql';

const ORDER = ['tenants', 'people', 'teams', 'tools', 'roles', 'identities', 'systems', 'ownerships', 'access'] as const;

export function* batches(input: IngestInput, size: number): Generator<IngestInput> {
  let batch: IngestInput = { source: input.source };
  let count = 0;
  for (const list of ORDER) {
    for (const record of (input[list] ?? []) as unknown[]) {
      ((batch[list] ??= []) as unknown[]).push(record);
      if (++count === size) {
        yield batch;
        batch = { source: input.source };
        count = 0;
      }
    }
  }
  if (count > 0) yield batch;
}
