// The soak's pure judgements (src/bench/soak-report.ts): how answers are
// classified, the first and last tenth's percentiles, whether memory levels
// off, where the report goes in BENCHMARKS.md, and which addresses it refuses.
// The soak itself runs in .ci/run; nothing here times anything.
import { classify, codeCounts, loopbackProblem, memoryVerdict, replaceSection, sectionOf, tenths, type MemorySample, type Sample } from '../src/bench/soak-report';

const MiB = 2 ** 20;
const s = (op: string, startedMs: number, ms: number, outcome: Sample['outcome'] = 'ok', code = 'OK'): Sample => ({ op, startedMs, ms, outcome, code });

describe('classifying answers', () => {
  it('A success is ok, any error on an ordinary request is unexpected, and a provoked request is provoked only with exactly the expected code', () => {
    expect([
      classify(null, []),
      classify(null, ['INTERNAL_SERVER_ERROR']),
      classify('NOT_FOUND', ['NOT_FOUND']),
      classify('NOT_FOUND', ['NOT_FOUND', 'NOT_FOUND']),
      classify('NOT_FOUND', ['NOT_FOUND', 'INTERNAL_SERVER_ERROR']),
      classify('QUERY_TOO_COMPLEX', ['BAD_USER_INPUT']),
      classify('FORBIDDEN', []),
      classify(null, ['TRANSPORT']),
    ]).toEqual([
      { outcome: 'ok', code: 'OK' },
      { outcome: 'unexpected', code: 'INTERNAL_SERVER_ERROR' },
      { outcome: 'provoked', code: 'NOT_FOUND' },
      { outcome: 'provoked', code: 'NOT_FOUND' },
      { outcome: 'unexpected', code: 'INTERNAL_SERVER_ERROR' },
      { outcome: 'unexpected', code: 'BAD_USER_INPUT' },
      { outcome: 'unexpected', code: 'NOT_REFUSED (expected FORBIDDEN)' },
      { outcome: 'unexpected', code: 'TRANSPORT' },
    ]);
  });

  it('Errors are counted per code and outcome, most frequent first', () => {
    const samples = [s('a', 0, 1, 'provoked', 'NOT_FOUND'), s('a', 0, 1, 'provoked', 'FORBIDDEN'), s('a', 0, 1, 'provoked', 'NOT_FOUND'), s('b', 0, 1, 'unexpected', 'TRANSPORT'), s('b', 0, 1)];
    expect({ provoked: codeCounts(samples, 'provoked'), unexpected: codeCounts(samples, 'unexpected'), ok: codeCounts(samples, 'ok') }).toEqual({
      provoked: [
        ['NOT_FOUND', 2],
        ['FORBIDDEN', 1],
      ],
      unexpected: [['TRANSPORT', 1]],
      ok: [['OK', 1]],
    });
  });
});

describe('latency of the first and last tenth', () => {
  it('Each operation gets nearest-rank p50 and p95 over the requests started in the first and in the last tenth of the wall time, the middle left out', () => {
    // A 100 s run: requests every second; the middle ones are slow and must not count.
    const samples: Sample[] = [];
    for (let t = 0; t < 100; t++) samples.push(s('blastRadius', t * 1000, t < 10 ? t + 1 : t >= 90 ? 100 + t - 90 : 10_000));
    samples.push(s('grant', 500, 7), s('grant', 95_000, 9));
    expect(tenths(samples, 100_000)).toEqual([
      { op: 'blastRadius', first: { n: 10, p50: 5, p95: 10 }, last: { n: 10, p50: 104, p95: 109 } },
      { op: 'grant', first: { n: 1, p50: 7, p95: 7 }, last: { n: 1, p50: 9, p95: 9 } },
    ]);
  });

  it('An operation never asked in a tenth has no percentiles there', () => {
    expect(tenths([s('ingest', 50_000, 3)], 100_000)).toEqual([{ op: 'ingest', first: { n: 0, p50: NaN, p95: NaN }, last: { n: 0, p50: NaN, p95: NaN } }]);
  });
});

describe('memory levelling off', () => {
  const series = (rssMiB: (t: number) => number, n = 30): MemorySample[] => Array.from({ length: n }, (_, i) => ({ atMs: i * 10_000, rssBytes: rssMiB(i) * MiB }));

  it('Memory that climbs during warm-up and then swings around a plateau levels off', () => {
    const verdict = memoryVerdict(series((i) => (i < 8 ? 200 + i * 60 : 650 + (i % 3) * 40)));
    expect(verdict).toEqual({ verdict: 'levels off', middleMaxMiB: 730, lastMaxMiB: 730 });
  });

  it('Memory whose peak keeps rising from the middle to the last third grows', () => {
    expect(memoryVerdict(series((i) => 300 + i * 20)).verdict).toBe('grows');
  });

  it('A rise within 10% plus 32 MiB of the middle peak still levels off; a little more does not', () => {
    const step = (last: number) => series((i) => (i < 20 ? 500 : last));
    expect([memoryVerdict(step(582)).verdict, memoryVerdict(step(583)).verdict]).toEqual(['levels off', 'grows']);
  });

  it('Too few samples are not judged', () => {
    expect(memoryVerdict(series(() => 100, 5)).verdict).toBe('too few samples');
  });
});

describe('the Soak section of BENCHMARKS.md', () => {
  const doc = '# Benchmarks\n\nintro\n\n## Targets\n| a | b |\n\n## Soak\n\nold figures\n### detail\nmore\n\n## Later\nkept\n';

  it('Replacing the Soak section keeps every other section as it was', () => {
    expect(replaceSection(doc, '## Soak', '## Soak\n\nnew figures\n')).toBe('# Benchmarks\n\nintro\n\n## Targets\n| a | b |\n\n## Soak\n\nnew figures\n\n## Later\nkept\n');
  });

  it('A document without a Soak section gets one appended', () => {
    expect(replaceSection('# Benchmarks\n\nintro\n', '## Soak', '## Soak\n\nfigures\n')).toBe('# Benchmarks\n\nintro\n\n## Soak\n\nfigures\n');
  });

  it('The section read back is the one written, so the benchmark can carry it over', () => {
    expect([sectionOf(doc, '## Soak'), sectionOf('# none\n', '## Soak')]).toEqual(['## Soak\n\nold figures\n### detail\nmore\n', null]);
  });
});

describe('loopback only', () => {
  it('Loopback addresses pass and any other host is refused with a reason naming it', () => {
    const urls = ['http://127.0.0.1:4620/graphql', 'neo4j://localhost:7762', 'bolt://[::1]:7687', 'neo4j://127.8.0.1', 'neo4j+s://abc.databases.neo4j.io', 'http://10.0.0.5:4000/graphql', 'http://127.0.0.1.evil.example/graphql'];
    expect(urls.map((u) => loopbackProblem(u) === null)).toEqual([true, true, true, true, false, false, false]);
    expect(loopbackProblem('http://10.0.0.5:4000/graphql')).toMatch(/10\.0\.0\.5.*not a loopback address/);
  });
});
