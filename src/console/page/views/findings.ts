/**
 * Findings and gaps: counts by severity and by code, the tenants with the
 * most findings, unaccountable paths by reason. Every number opens the list
 * behind it (?sev=, ?code=, ?tenant=, ?reason=), and each finding its
 * evidence paths (?finding=).
 */
import { graphql } from '../../../generated/console';
import type { GapReason, Severity } from '../../../generated/console/graphql';
import { request } from '../api';
import { fill, h, message, plural } from '../dom';
import { link, param } from '../state';
import { hops } from './path';
import { viewShell } from './common';

const SUMMARY = graphql(`
  query ConsoleFindingSummary {
    findingSummary {
      total
      bySeverity { severity count }
      byCode { code title severity count }
      byTenant { tenant { id name } count }
    }
    unaccountablePaths(first: 1000) {
      totalCount
      edges { node { reason peopleExposed systemsExposed entity { id kind name } access { id from { name } to { name } } } }
    }
  }
`);

const LIST = graphql(`
  query ConsoleFindings($codes: [String!], $severities: [Severity!], $tenantId: ID) {
    findings(codes: $codes, severities: $severities, tenantId: $tenantId, first: 200) {
      totalCount
      edges { node { id code title severity entity { id kind name } access { id from { id name } } tenant { id name } } }
    }
  }
`);

const EVIDENCE = graphql(`
  query ConsoleEvidence($codes: [String!], $entityId: ID) {
    findings(codes: $codes, entityId: $entityId, first: 20) {
      edges {
        node {
          id code title severity
          frameworks { framework control }
          evidence { length steps { from { id kind name } to { id kind name } gaps access { ...AccessRecord } } }
        }
      }
    }
  }
`);

const SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

export async function findingsView(root: HTMLElement): Promise<void> {
  const { body } = viewShell(root, 'Findings and gaps', 'What breaks the access policy, how badly, where, and why each path is unaccountable.');
  body.append(message('Loading…'));
  try {
    const { findingSummary: s, unaccountablePaths: u } = await request(SUMMARY, {});
    const reasons = new Map<GapReason, number>();
    for (const { node } of u.edges) reasons.set(node.reason, (reasons.get(node.reason) ?? 0) + 1);
    const detail = h('div', { class: 'detail' });
    body.replaceChildren(
      h(
        'div',
        { class: 'cards' },
        card('By severity', s.bySeverity.map((b) => [b.severity, b.count, link(String(b.count), 'findings', { sev: b.severity }, `count sev-${b.severity}`)])),
        card(
          'By code',
          s.byCode.filter((c) => c.count > 0).map((c) => [`${c.title} (${c.code})`, c.count, link(String(c.count), 'findings', { code: c.code }, `count sev-${c.severity}`)]),
        ),
        card('Tenants with most findings', s.byTenant.slice(0, 10).map((t) => [t.tenant.name, t.count, link(String(t.count), 'findings', { tenant: t.tenant.id }, 'count')])),
        card(
          `Unaccountable paths by reason${u.totalCount > u.edges.length ? ` (first ${u.edges.length} of ${u.totalCount} gaps)` : ''}`,
          [...reasons].map(([reason, n]) => [reason.replace(/_/g, ' ').toLowerCase(), n, link(String(n), 'findings', { reason }, 'count')]),
        ),
      ),
      h('p', { class: 'muted' }, `${plural(s.total, 'finding')} in all.`),
      detail,
    );
    const reason = param('reason') as GapReason | null;
    if (reason) return void showGaps(detail, reason, u.edges.map((e) => e.node));
    if (param('finding')) return await showEvidence(detail);
    if (param('sev') || param('code') || param('tenant')) await showList(detail);
  } catch (error) {
    body.replaceChildren(message((error as Error).message, 'error'));
  }
}

function card(title: string, rows: [string, number, HTMLElement][]): HTMLElement {
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, title),
    rows.length === 0 ? message('None.') : h('table', { class: 'counts' }, h('tbody', {}, rows.map(([label, , count]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, count))))),
  );
}

async function showList(detail: HTMLElement): Promise<void> {
  const sev = param('sev') as Severity | null;
  const code = param('code');
  const tenantId = param('tenant');
  detail.replaceChildren(message('Loading…'));
  const { findings } = await request(LIST, { severities: sev && SEVERITIES.includes(sev) ? [sev] : null, codes: code ? [code] : null, tenantId });
  fill(detail, 
    h('h2', {}, `${plural(findings.totalCount, 'finding')}${sev ? ` of severity ${sev}` : ''}${code ? ` with code ${code}` : ''}${tenantId ? ' concerning this tenant' : ''}`),
    findings.totalCount > findings.edges.length ? h('p', { class: 'muted' }, `The first ${findings.edges.length} are listed.`) : null,
    h(
      'table',
      { class: 'list', 'aria-label': 'Findings' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Severity'), h('th', { scope: 'col' }, 'Finding'), h('th', { scope: 'col' }, 'Subject'), h('th', { scope: 'col' }, 'Tenant'), h('th', { scope: 'col' }, 'Evidence'))),
      h(
        'tbody',
        {},
        findings.edges.map(({ node: f }) => {
          const subject = f.entity?.id ?? f.access?.from.id ?? null;
          return h(
            'tr',
            { 'data-finding': f.id },
            h('td', {}, h('span', { class: `badge sev-${f.severity}` }, f.severity)),
            h('td', {}, f.title),
            h('td', {}, f.entity?.name ?? (f.access ? `record ${f.access.id}` : '—')),
            h('td', {}, f.tenant?.name ?? '—'),
            h('td', {}, link('evidence', 'findings', { finding: f.id, fcode: f.code, subject })),
          );
        }),
      ),
    ),
  );
}

async function showEvidence(detail: HTMLElement): Promise<void> {
  const id = param('finding')!;
  detail.replaceChildren(message('Loading…'));
  // No query names one finding: the evidence is asked for among the few with its code and subject.
  const { findings } = await request(EVIDENCE, { codes: param('fcode') ? [param('fcode')!] : null, entityId: param('subject') });
  const f = findings.edges.map((e) => e.node).find((n) => n.id === id);
  if (!f) return void detail.replaceChildren(message(`Finding ${id} is not (or no longer) among your findings.`, 'error'));
  fill(detail, 
    h('h2', {}, h('span', { class: `badge sev-${f.severity}` }, f.severity), ` ${f.title}`),
    h('p', { class: 'muted' }, `${f.code} · ${f.frameworks.map((r) => `${r.framework} ${r.control}`).join('; ')}`),
    f.evidence.length === 0 ? message('This finding is about records, not a path: see its subject.') : null,
    ...f.evidence.map((p, i) => {
      const first = p.steps[0];
      const last = p.steps[p.steps.length - 1];
      return h(
        'section',
        { class: 'path' },
        h('h3', {}, `Evidence path ${i + 1}: ${p.length} steps `, first && last ? link('open in Path', 'path', { from: first.from.id, to: last.to.id }) : null),
        hops(p),
      );
    }),
  );
}

type GapRow = { reason: GapReason; peopleExposed: number; systemsExposed: number; entity?: { id: string; kind: string; name: string } | null; access?: { id: string; from: { name: string }; to: { name: string } } | null };

function showGaps(detail: HTMLElement, reason: GapReason, gaps: GapRow[]): void {
  const rows = gaps.filter((g) => g.reason === reason);
  detail.replaceChildren(
    h('h2', {}, `${plural(rows.length, 'gap')}: ${reason.replace(/_/g, ' ').toLowerCase()}`),
    h(
      'table',
      { class: 'list', 'aria-label': 'Gaps' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'On'), h('th', { scope: 'col' }, 'People who reach it'), h('th', { scope: 'col' }, 'Systems it leads to'), h('th', { scope: 'col' }, 'Open'))),
      h(
        'tbody',
        {},
        rows.map((g) =>
          h(
            'tr',
            {},
            h('td', {}, g.entity ? `${g.entity.name} (${g.entity.kind.toLowerCase()})` : g.access ? `record ${g.access.from.name} → ${g.access.to.name}` : '—'),
            h('td', { class: 'num' }, g.peopleExposed),
            h('td', { class: 'num' }, g.systemsExposed),
            h('td', {}, g.entity ? link('blast radius', 'blast', { from: g.entity.id }) : '—'),
          ),
        ),
      ),
    ),
  );
}
