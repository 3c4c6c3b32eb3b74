/**
 * The Prometheus text exposition format (version 0.0.4), read back strictly,
 * so the metrics tests compare what a Prometheus server would ingest, not
 * substrings. A line that is not a HELP, a TYPE, a blank or a sample of a
 * family declared before it fails the test, as do a bad name, a badly
 * escaped label, a duplicate series, and a histogram whose buckets do not
 * rise to its count. (parse-prometheus-text-format, the npm parser, drops
 * the labels of histogram series, which these tests need.)
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SUFFIXES: Record<Family['type'], string[]> = { counter: [''], gauge: [''], untyped: [''], histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };

export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  let current: Family | null = null;
  text.split('\n').forEach((line, i) => {
    const fail = (why: string): never => {
      throw new Error(`exposition line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!NAME.test(name)) fail('bad metric name');
      const family = families.get(name) ?? { name, type: 'untyped' as const, help: '', samples: [] };
      if (kind === 'HELP') family.help = rest;
      else if (!(rest in SUFFIXES)) fail('unknown type');
      else family.type = rest as Family['type'];
      families.set(name, family);
      current = family;
      return;
    }
    if (line.startsWith('#')) return;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/.exec(line) ?? fail('not a sample');
    const [, name, body = '', raw] = sample;
    const family = current as Family | null;
    if (!family || !SUFFIXES[family.type].some((s) => `${family.name}${s}` === name)) fail('sample outside its family');
    const labels = parseLabels(body, fail);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) fail('duplicate series');
    seen.add(key);
    // As Prometheus reads it (Go's ParseFloat): NaN and Inf in any case (prom-client writes "Nan").
    const special: Record<string, number> = { nan: NaN, '+inf': Infinity, inf: Infinity, '-inf': -Infinity };
    const value = raw.toLowerCase() in special ? special[raw.toLowerCase()] : Number(raw);
    if (Number.isNaN(value) && raw.toLowerCase() !== 'nan') fail('bad value');
    family!.samples.push({ name, labels, value });
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function parseLabels(body: string, fail: (why: string) => never): Record<string, string> {
  const labels: Record<string, string> = {};
  const pair = /\s*([^=\s]+)="((?:[^"\\]|\\["\\n])*)"\s*(,|$)/y;
  let at = 0;
  while (at < body.length) {
    pair.lastIndex = at;
    const m = pair.exec(body) ?? fail('bad labels');
    if (!LABEL.test(m[1]) || m[1] in labels) fail(`bad or repeated label ${m[1]}`);
    labels[m[1]] = m[2].replace(/\\(["\\n])/g, (_all, c: string) => (c === 'n' ? '\n' : c));
    at = pair.lastIndex;
  }
  return labels;
}

/** Each series' buckets are cumulative and end at +Inf equal to its _count. */
function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of family.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? series.set(key, { buckets: [] }).get(key)!;
    if (s.name.endsWith('_bucket')) entry.buckets.push([le === '+Inf' ? Infinity : Number(le), s.value]);
    if (s.name.endsWith('_count')) entry.count = s.value;
  }
  for (const [key, { buckets, count }] of series) {
    buckets.sort((a, b) => a[0] - b[0]);
    const rising = buckets.every(([, v], i) => i === 0 || v >= buckets[i - 1][1]);
    const last = buckets[buckets.length - 1];
    if (!rising || !last || last[0] !== Infinity || last[1] !== count) throw new Error(`histogram ${family.name} ${key}: buckets do not rise to its count`);
  }
}

/** The samples named `name` (a family's own name, or a histogram's name_bucket, _sum, _count). */
export function samples(families: Map<string, Family>, name: string): Sample[] {
  return [...families.values()].flatMap((f) => f.samples.filter((s) => s.name === name));
}

/** The one value of an unlabelled series, or undefined when it is absent. */
export function valueOf(families: Map<string, Family>, name: string): number | undefined {
  const found = samples(families, name);
  if (found.length > 1) throw new Error(`${name} has ${found.length} series`);
  return found[0]?.value;
}

/** Every sample name a scrape exposes (what a PromQL selector can name). */
export function sampleNames(families: Map<string, Family>): Set<string> {
  return new Set([...families.values()].flatMap((f) => SUFFIXES[f.type].map((s) => `${f.name}${s}`)));
}
