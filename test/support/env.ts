/** Environment variables set for a test and put back after it (the API reads its configuration from them, src/config.ts). */

/** Sets `name` to `value` now; the function returned puts back what was there (or nothing). */
export function withEnv(name: string, value: string): () => void {
  const saved = process.env[name];
  process.env[name] = value;
  return () => {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  };
}

/** Sets `name` to `value` for the tests of the calling file or describe block (before its other beforeAll hooks declared after this call). */
export function useEnv(name: string, value: string): void {
  let restore: (() => void) | null = null;
  beforeAll(() => {
    restore = withEnv(name, value);
  });
  afterAll(() => restore?.());
}
