/**
 * The side panel: what is known of a clicked entity or access record, with
 * links to the other views about it. The picture stays as it was.
 */
import { graphql } from '../../generated/console';
import { request } from './api';
import { fill, day, facts, gapBadges, h, message, when } from './dom';
import { session } from './session';
import { link } from './state';

const ENTITY = graphql(`
  query ConsoleEntity($id: ID!, $asOf: DateTime) {
    entity(id: $id) {
      id
      kind
      name
      ... on Person { email employer status departedAt }
      ... on Identity { identityKind enabled lastUsedAt credentialRotatedAt mfa tenant { id name } owners { owner { id name } role } gaps }
      ... on Tool { category pooled owners { owner { id name } role } gaps }
      ... on Role { privileged tenant { id name } owners { owner { id name } role } gaps }
      ... on Tenant { contractStatus contractEndedAt }
      ... on System { criticality environment systemTenant: tenant { id name } }
    }
    blastRadius(from: $id, asOf: $asOf, maxDepth: 8) { systemCount tenantCount }
  }
`);

const ACCESS = graphql(`
  query ConsoleAccess($id: ID!) {
    access(id: $id) {
      ...AccessRecord
      from { id kind name }
      to { id kind name }
      grantedAt
      revokedAt
      lastUsedAt
      source
      certificationNote
    }
  }
`);

export const ACCESS_RECORD = graphql(`
  fragment AccessRecord on Access {
    id
    kind
    privileged
    justification
    requestedBy { id name }
    approvedBy { id name }
    approvedAt
    expiresAt
    lastCertifiedAt
    certifiedBy { id name }
    gaps
  }
`);

const TRAIL = graphql(`
  query ConsoleTrail($accessId: ID, $entityId: ID) {
    auditTrail(accessId: $accessId, entityId: $entityId, first: 20) {
      totalCount
      edges { node { id kind at actorId actorRole details } }
    }
  }
`);

type Record = {
  id: string;
  kind: string;
  privileged: boolean;
  justification?: string | null;
  requestedBy?: { name: string } | null;
  approvedBy?: { name: string } | null;
  approvedAt?: string | null;
  expiresAt?: string | null;
  lastCertifiedAt?: string | null;
  certifiedBy?: { name: string } | null;
  gaps: string[];
};

/** An access record's governance facts: the rows every hop of a path shows. */
export function recordFacts(a: Record): HTMLElement {
  const expired = a.expiresAt && Date.parse(a.expiresAt) < Date.now();
  return facts([
    ['Record', `${a.kind}${a.privileged ? ' (privileged)' : ''} · ${a.id}`],
    ['Requested by', a.requestedBy?.name ?? '—'],
    ['Approved by', a.approvedBy ? `${a.approvedBy.name}, ${when(a.approvedAt)}` : h('span', { class: 'badge gap' }, 'no approver')],
    ['Justification', a.justification?.trim() ? a.justification : h('span', { class: 'badge gap' }, 'none given')],
    ['Expires', a.expiresAt ? h('span', { class: expired ? 'badge gap' : '' }, `${day(a.expiresAt)}${expired ? ' (passed)' : ''}`) : 'standing (no expiry)'],
    ['Last certified', a.lastCertifiedAt ? `${day(a.lastCertifiedAt)}${a.certifiedBy ? ` by ${a.certifiedBy.name}` : ''}` : 'never'],
    ['Gaps', gapBadges(a.gaps)],
  ]);
}

async function trail(params: { accessId?: string; entityId?: string }): Promise<HTMLElement | null> {
  if (!session.readsAudit()) return null;
  const { auditTrail } = await request(TRAIL, params);
  return h(
    'section',
    { class: 'trail' },
    h('h3', {}, `Audit trail (${auditTrail.totalCount})`),
    auditTrail.edges.length === 0
      ? message('No events recorded.')
      : h('ol', { class: 'events' }, auditTrail.edges.map(({ node }) => h('li', { 'data-kind': node.kind }, h('strong', {}, node.kind), ` ${when(node.at)} by ${node.actorId} (${node.actorRole})`))),
  );
}

/** Fills `panel` with an entity's details. */
export async function showEntity(panel: HTMLElement, id: string, asOf: string | null): Promise<void> {
  panel.replaceChildren(message('Loading…'));
  try {
    const { entity, blastRadius } = await request(ENTITY, { id, asOf });
    if (!entity) return void panel.replaceChildren(message(`No entity ${id} is visible to you.`, 'error'));
    const rows: [string, Node | string][] = [
      ['Kind', entity.kind],
      ['Id', entity.id],
    ];
    const e = entity as typeof entity & { [k: string]: unknown };
    const add = (label: string, value: unknown) => {
      if (value !== undefined && value !== null) rows.push([label, typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)]);
    };
    add('Status', e.status);
    add('Departed', e.departedAt ? when(e.departedAt as string) : undefined);
    add('Employer', e.employer);
    add('Identity kind', e.identityKind);
    add('Enabled', e.enabled);
    add('MFA', e.mfa);
    add('Last used', e.lastUsedAt ? when(e.lastUsedAt as string) : undefined);
    add('Category', e.category);
    add('Pooled', e.pooled);
    add('Privileged', e.privileged);
    add('Contract', e.contractStatus);
    add('Contract ended', e.contractEndedAt ? day(e.contractEndedAt as string) : undefined);
    add('Criticality', e.criticality);
    add('Environment', e.environment);
    const tenant = (e.tenant ?? e.systemTenant) as { id: string; name: string } | null | undefined;
    if (tenant) rows.push(['Tenant', tenant.name]);
    const owners = e.owners as { owner: { name: string }; role: string }[] | undefined;
    if (owners) rows.push(['Owners', owners.length ? owners.map((o) => `${o.owner.name} (${o.role.replace(/_/g, ' ').toLowerCase()})`).join(', ') : 'none']);
    const gaps = e.gaps as string[] | undefined;
    panel.replaceChildren(
      h('h2', {}, entity.name),
      facts(gaps ? [...rows, ['Gaps', gapBadges(gaps)]] : rows),
      h('p', { class: 'muted' }, `Its own blast radius: ${blastRadius.systemCount} systems in ${blastRadius.tenantCount} tenants.`),
      h(
        'p',
        { class: 'actions' },
        link('Blast radius from here', 'blast', { from: id }),
        link('Who can reach this', 'reach', { target: id }),
        link('Paths to this', 'path', { to: id }),
      ),
    );
    const events = await trail({ entityId: id });
    if (events) panel.append(events);
  } catch (error) {
    panel.replaceChildren(message((error as Error).message, 'error'));
  }
}

/** Fills `panel` with an access record's governance facts and its audit trail. */
export async function showAccess(panel: HTMLElement, id: string, note?: string): Promise<void> {
  panel.replaceChildren(message('Loading…'));
  try {
    const { access } = await request(ACCESS, { id });
    if (!access) return void panel.replaceChildren(message(`No access record ${id} is visible to you.`, 'error'));
    fill(panel, 
      h('h2', {}, `${access.from.name} → ${access.to.name}`),
      note ? h('p', { class: 'muted' }, note) : null,
      recordFacts(access),
      facts([
        ['Granted', when(access.grantedAt)],
        ['Revoked', when(access.revokedAt)],
        ['Last used', when(access.lastUsedAt)],
        ['Certification note', access.certificationNote ?? '—'],
      ]),
      h('p', { class: 'actions' }, link('Paths through the same ends', 'path', { from: access.from.id, to: access.to.id })),
    );
    const events = await trail({ accessId: id });
    if (events) panel.append(events);
  } catch (error) {
    panel.replaceChildren(message((error as Error).message, 'error'));
  }
}
