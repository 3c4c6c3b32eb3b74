/**
 * Who can reach: the people and identities that reach a system or tenant,
 * grouped by the tool or pooled account they come through
 * (Reacher.through), groups and members nearest first.
 */
import { graphql } from '../../../generated/console';
import { request } from '../api';
import { fill, h, message, plural } from '../dom';
import { asOfParam, link, param } from '../state';
import { asOfPicker, entityForm, numbers, viewShell } from './common';

const REACH = graphql(`
  query ConsoleReach($target: ID!, $asOf: DateTime) {
    whoCanReach(target: $target, asOf: $asOf) {
      target { id kind name }
      peopleCount
      identityCount
      people(first: 1000) { edges { node { entity { id kind name } distance through { id kind name } } } }
      identities(first: 1000) { edges { node { entity { id kind name } distance through { id kind name } } } }
    }
  }
`);

interface Reacher {
  entity: { id: string; kind: string; name: string };
  distance: number;
  through?: { id: string; kind: string; name: string } | null;
}

export async function reachView(root: HTMLElement): Promise<void> {
  const target = param('target');
  const asOf = asOfParam();
  const { controls, body } = viewShell(root, 'Who can reach', 'Which people and identities reach this system or tenant, and through which tool or pooled account?');
  controls.append(entityForm('reach', 'target', 'System or tenant', target, ['asOf']), asOfPicker());
  if (!target) return void body.append(message('Name a system or tenant (an id, or find one with Search).'));
  body.append(message('Loading…'));
  try {
    const { whoCanReach: w } = await request(REACH, { target, asOf });
    const reachers: Reacher[] = [...w.people.edges, ...w.identities.edges].map((e) => e.node);
    const groups = new Map<string, { through: Reacher['through']; members: Reacher[] }>();
    for (const r of reachers) {
      const key = r.through?.id ?? '';
      if (!groups.has(key)) groups.set(key, { through: r.through, members: [] });
      groups.get(key)!.members.push(r);
    }
    const ordered = [...groups.values()].sort((a, b) => Math.min(...a.members.map((m) => m.distance)) - Math.min(...b.members.map((m) => m.distance)));
    fill(body, 
      h('h2', {}, w.target.name),
      numbers([
        ['People', w.peopleCount, 'people'],
        ['Identities', w.identityCount, 'identities'],
        ['Tools and pooled accounts', [...groups.keys()].filter(Boolean).length, 'carriers'],
      ]),
      ordered.length === 0 ? message('Nobody reaches it.') : null,
      reachers.length < w.peopleCount + w.identityCount ? message(`The nearest ${reachers.length} are listed (1,000 people and 1,000 identities at most).`) : null,
      ...ordered.map((g) =>
        h(
          'section',
          { class: 'group', 'data-through': g.through?.id ?? '' },
          h('h3', {}, g.through ? `Through ${g.through.name} (${g.through.kind.toLowerCase()})` : 'Not through a tool or pooled account', h('span', { class: 'muted' }, ` · ${plural(g.members.length, 'reacher')}`)),
          h(
            'table',
            { class: 'list' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Who'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'Steps'), h('th', { scope: 'col' }, 'Paths'))),
            h(
              'tbody',
              {},
              g.members.map((m) =>
                h(
                  'tr',
                  { 'data-id': m.entity.id },
                  h('td', {}, m.entity.name),
                  h('td', {}, m.entity.kind.toLowerCase()),
                  h('td', { class: 'num' }, m.distance),
                  h('td', {}, link('show paths', 'path', { from: m.entity.id, to: target, asOf: param('asOf') })),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    body.replaceChildren(message((error as Error).message, 'error'));
  }
}
