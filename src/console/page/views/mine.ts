/**
 * My access (OWNER): what the identities, tools and roles I own reach, and
 * which privileged records on them are due for recertification, with a
 * certify action (certifyAccess) that asks for a note.
 */
import { graphql } from '../../../generated/console';
import { request } from '../api';
import { day, gapBadges, h, message, plural } from '../dom';
import { session } from '../session';
import { link } from '../state';
import { numbers, viewShell } from './common';

const MINE = graphql(`
  query ConsoleMine($personId: ID!, $before: DateTime!) {
    ownerReach(personId: $personId) {
      entity { id kind name }
      role
      gaps
      blastRadius { systemCount tenantCount privilegedSystemCount }
    }
    recertificationsDue(ownerId: $personId, before: $before) {
      dueAt
      overdue
      access { id kind privileged from { id name } to { id name } lastCertifiedAt expiresAt }
    }
  }
`);

const CERTIFY = graphql(`
  mutation ConsoleCertify($id: ID!, $by: ID!, $note: String!) {
    certifyAccess(id: $id, certifiedById: $by, note: $note) { access { id lastCertifiedAt } eventIds }
  }
`);

/** How far ahead "due" looks: what falls due within the next 30 days. */
const HORIZON_DAYS = 30;

export async function mineView(root: HTMLElement): Promise<void> {
  const { body } = viewShell(root, 'My access', 'What do the identities, tools and roles I own reach, and what must I recertify?');
  const me = session.get();
  if (!me?.personId) return void body.append(message('This view is for an OWNER credential (one bound to a person).'));
  body.append(message('Loading…'));
  try {
    const before = new Date(Date.now() + HORIZON_DAYS * 86_400_000).toISOString();
    const { ownerReach, recertificationsDue } = await request(MINE, { personId: me.personId, before });
    const overdue = recertificationsDue.filter((d) => d.overdue).length;
    body.replaceChildren(
      numbers([
        ['Owned', ownerReach.length, 'owned'],
        ['Due within 30 days', recertificationsDue.length, 'due'],
        ['Overdue', overdue, 'overdue'],
      ]),
      h('h2', {}, 'What I own reaches'),
      h(
        'table',
        { class: 'list', 'aria-label': 'Owned entities' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Entity'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'Systems'), h('th', { scope: 'col' }, 'Tenants'), h('th', { scope: 'col' }, 'Privileged'), h('th', { scope: 'col' }, 'Gaps'))),
        h(
          'tbody',
          {},
          ownerReach.map((o) =>
            h(
              'tr',
              { 'data-id': o.entity.id },
              h('td', {}, link(o.entity.name, 'blast', { from: o.entity.id })),
              h('td', {}, o.entity.kind.toLowerCase()),
              h('td', { class: 'num' }, o.blastRadius.systemCount),
              h('td', { class: 'num' }, o.blastRadius.tenantCount),
              h('td', { class: 'num' }, o.blastRadius.privilegedSystemCount),
              h('td', {}, gapBadges(o.gaps)),
            ),
          ),
        ),
      ),
      h('h2', {}, `Due for recertification (${plural(recertificationsDue.length, 'record')})`),
      recertificationsDue.length === 0
        ? message('Nothing falls due in the next 30 days.')
        : h(
            'table',
            { class: 'list', 'aria-label': 'Due for recertification' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Record'), h('th', { scope: 'col' }, 'Due'), h('th', { scope: 'col' }, 'Last certified'), h('th', { scope: 'col' }, 'Expires'), h('th', { scope: 'col' }, 'Certify'))),
            h('tbody', {}, recertificationsDue.map((d) => dueRow(d, me.personId!, () => void mineView(root)))),
          ),
    );
  } catch (error) {
    body.replaceChildren(message((error as Error).message, 'error'));
  }
}

type Due = { dueAt: string; overdue: boolean; access: { id: string; kind: string; from: { name: string }; to: { name: string }; lastCertifiedAt?: string | null; expiresAt?: string | null } };

function dueRow(d: Due, personId: string, done: () => void): HTMLElement {
  const noteId = `note-${d.access.id}`;
  const note = h('input', { id: noteId, type: 'text', required: true, minlength: 3, size: 24, placeholder: 'why it is still needed' });
  const status = h('span', { role: 'status' });
  const form = h(
    'form',
    {
      class: 'inline certify',
      'data-access': d.access.id,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        status.textContent = 'Certifying…';
        try {
          await request(CERTIFY, { id: d.access.id, by: personId, note: note.value.trim() });
          status.textContent = 'Certified.';
          done();
        } catch (error) {
          status.textContent = (error as Error).message;
        }
      },
    },
    h('label', { for: noteId }, 'Note'),
    note,
    h('button', { type: 'submit' }, 'Certify'),
    status,
  );
  return h(
    'tr',
    { 'data-access': d.access.id, class: d.overdue ? 'overdue' : '' },
    h('td', {}, `${d.access.from.name} → ${d.access.to.name} (${d.access.kind})`),
    h('td', { class: d.overdue ? 'bad' : '' }, `${day(d.dueAt)}${d.overdue ? ' (overdue)' : ''}`),
    h('td', {}, day(d.access.lastCertifiedAt)),
    h('td', {}, day(d.access.expiresAt)),
    h('td', {}, form),
  );
}
