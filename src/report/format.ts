/**
 * The evidence pack in three forms: Markdown that reads well printed (a
 * summary, one table of who reaches the tenant, then each path step by step
 * with its approval, justification, expiry and certification, then the
 * findings), CSV for spreadsheets (one row per path step, then one per
 * finding), and JSON (the collected pack as it is).
 */
import type { EvidencePack, PackReacher, PackStep } from './collect';

export type PackFormat = 'md' | 'csv' | 'json';
export const PACK_FORMATS: readonly PackFormat[] = ['md', 'csv', 'json'];

export function formatPack(pack: EvidencePack, format: PackFormat): string {
  if (format === 'json') return `${JSON.stringify(pack, null, 2)}\n`;
  return format === 'csv' ? csv(pack) : markdown(pack);
}

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

/*
 * Every value in the pack came from an ingest source, and the pack is opened
 * by a client's auditor in a Markdown viewer or a spreadsheet: a name, a
 * justification or an id must never become markup, a link, a heading or a
 * formula there. So every value is escaped, ids included.
 */

/** One line: a line break in a value would end the table row and start a heading or a list. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Markdown text: raw HTML and entities (`<`, `>`, `&`) become entities; the
 * characters that open links and images (`[`, `]`), emphasis (`*`, `~`, and
 * `_` except inside a word, where it never does, so SOME_CODE stays
 * readable), code spans and table cells are backslash-escaped (CommonMark
 * lets any ASCII punctuation be escaped so).
 */
const text = (s: string) =>
  oneLine(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*[\]|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`);

/** Table cells: text, or a dash when empty. */
const cell = (s: string | null | undefined) => text(s ?? '') || '—';

/**
 * An id as a code span: nothing inside one is markup, so the only ways out are
 * a backtick run as long as the fence (the fence is made longer than any run
 * inside) and, in a table, a pipe (escaped, as GFM tables require).
 */
function code(id: string): string {
  const s = oneLine(id).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}
const route = (r: PackReacher) => (r.path.length ? [r.path[0].from.name, ...r.path.map((s) => s.to.name)].join(' → ') : '—');

function markdown(pack: EvidencePack): string {
  const { tenant } = pack;
  const out: string[] = [];
  out.push(`# Access evidence: ${cell(tenant.name)}`, '');
  out.push(`| | |`, `| --- | --- |`);
  out.push(`| Tenant | ${cell(tenant.name)} (${code(tenant.id)}), contract ${cell(tenant.contractStatus)} |`);
  out.push(`| Evidence as of | ${pack.asOf} |`);
  out.push(`| Generated | ${pack.generatedAt} by PathWarden |`);
  out.push(`| Paths considered | up to ${pack.maxDepth} steps |`);
  out.push(`| People who can reach it | ${pack.people.length} |`);
  out.push(`| Identities that can reach it | ${pack.identities.length} |`);
  out.push(`| Findings | ${pack.findings.length} |`, '');
  out.push('This pack shows what the tenant\'s own auditor may see in PathWarden: the MSP people, identities, tools and roles on paths into this tenant, and nothing of any other client.', '');
  for (const [title, list] of [
    ['People who can reach the tenant', pack.people],
    ['Identities that can reach the tenant', pack.identities],
  ] as const) {
    out.push(`## ${title}`, '');
    if (list.length === 0) {
      out.push('None.', '');
      continue;
    }
    out.push('| Who | Steps | Reaches | Path |', '| --- | --- | --- | --- |');
    for (const r of list) out.push(`| ${cell(r.entity.name)} (${code(r.entity.id)}) | ${r.distance} | ${cell(r.target.name)} | ${cell(route(r))} |`);
    out.push('');
  }
  out.push('## Each path, step by step', '');
  out.push('For every step: the access record that allows it, who approved it and when, why (justification), when it was granted, when it expires, and when it was last certified. "Gaps" are accountability gaps (no approver, no justification, no accountable owner).', '');
  for (const r of [...pack.people, ...pack.identities]) {
    out.push(`### ${cell(r.entity.name)} (${code(r.entity.id)}) → ${cell(r.target.name)}`, '');
    out.push('| # | Step | Record | Approved by | Justification | Granted | Expires | Last certified | Gaps |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    r.path.forEach((s, i) => out.push(stepRow(i + 1, s)));
    out.push('');
  }
  out.push('## Findings', '');
  if (pack.findings.length === 0) out.push('None.', '');
  else {
    out.push('| Severity | Code | Subject | Finding | Controls |', '| --- | --- | --- | --- | --- |');
    for (const f of pack.findings) {
      const controls = f.frameworks.map((x) => `${x.framework} ${x.control}`).join('; ');
      out.push(`| ${cell(f.severity)} | ${cell(f.code)} | ${cell(f.subject)} | ${cell(f.title)} | ${cell(controls)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function stepRow(n: number, s: PackStep): string {
  const step = `${cell(s.from.name)} → ${cell(s.to.name)}`;
  if (!s.access) return `| ${n} | ${step} | containment (the tenant's own system) | — | — | — | — | — | — |`;
  const a = s.access;
  const record = `${cell(a.kind)}${a.privileged ? ' (privileged)' : ''} ${code(a.id)}`;
  const approved = a.approvedBy ? `${cell(a.approvedBy.name)}, ${day(a.approvedAt)}` : '**none**';
  const certified = a.lastCertifiedAt ? `${day(a.lastCertifiedAt)}${a.certifiedBy ? ` by ${cell(a.certifiedBy.name)}` : ''}` : 'never';
  return `| ${n} | ${step} | ${record} | ${approved} | ${cell(a.justification)} | ${day(a.grantedAt)} | ${a.expiresAt ? day(a.expiresAt) : 'standing'} | ${certified} | ${cell(s.gaps.join(', '))} |`;
}

/**
 * A spreadsheet runs a cell that starts with one of these as a formula
 * (`=HYPERLINK(...)` exfiltrates, `=cmd|...` runs a program on older Excel).
 * OWASP's rule (CSV injection): prefix such a cell with a single quote, which
 * makes it text, and quote the cell. Values are the source's own strings, so
 * this applies to every text cell; our own numbers never start so.
 */
const FORMULA = /^[=+\-@\t\r]/;

const CSV_COLUMNS = [
  'row', 'reacher_kind', 'reacher_id', 'reacher_name', 'distance', 'target_id', 'step', 'from_id', 'to_id', 'access_id', 'access_kind', 'privileged',
  'approved_by', 'approved_at', 'justification', 'granted_at', 'expires_at', 'last_certified_at', 'certified_by', 'gaps',
  'finding_id', 'finding_code', 'severity', 'subject', 'title', 'controls', 'evidence_as_of',
];

function csv(pack: EvidencePack): string {
  const q = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return typeof v === 'string' && FORMULA.test(s) ? `"'${s.replace(/"/g, '""')}"` : /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows: Record<string, unknown>[] = [];
  for (const r of [...pack.people, ...pack.identities]) {
    r.path.forEach((s, i) =>
      rows.push({
        row: 'path_step',
        reacher_kind: r.entity.kind,
        reacher_id: r.entity.id,
        reacher_name: r.entity.name,
        distance: r.distance,
        target_id: r.target.id,
        step: i + 1,
        from_id: s.from.id,
        to_id: s.to.id,
        access_id: s.access?.id,
        access_kind: s.access ? s.access.kind : 'CONTAINS',
        privileged: s.access?.privileged,
        approved_by: s.access?.approvedBy?.id,
        approved_at: s.access?.approvedAt,
        justification: s.access?.justification,
        granted_at: s.access?.grantedAt,
        expires_at: s.access?.expiresAt,
        last_certified_at: s.access?.lastCertifiedAt,
        certified_by: s.access?.certifiedBy?.id,
        gaps: s.gaps.join(' '),
        evidence_as_of: pack.asOf,
      }),
    );
  }
  for (const f of pack.findings) {
    rows.push({ row: 'finding', finding_id: f.id, finding_code: f.code, severity: f.severity, subject: f.subject, title: f.title, controls: f.frameworks.map((x) => `${x.framework} ${x.control}`).join('; '), evidence_as_of: pack.asOf });
  }
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => q(r[c])).join(','))].join('\n') + '\n';
}
