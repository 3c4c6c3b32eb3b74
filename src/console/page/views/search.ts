/** Search: any entity the caller may see, by part of its name or id (searchEntities), with its kind and where to go next. */
import { graphql } from '../../../generated/console';
import type { EntityKind } from '../../../generated/console/graphql';
import { request } from '../api';
import { h, message } from '../dom';
import { go, link, param } from '../state';
import { viewShell } from './common';

const SEARCH = graphql(`
  query ConsoleSearch($text: String!, $kinds: [EntityKind!]) {
    searchEntities(text: $text, kinds: $kinds, first: 50) { id kind name }
  }
`);

const KINDS: EntityKind[] = ['PERSON', 'TEAM', 'IDENTITY', 'TOOL', 'ROLE', 'TENANT', 'SYSTEM'];

export async function searchView(root: HTMLElement): Promise<void> {
  const text = param('q');
  const kind = param('kind') as EntityKind | null;
  const { controls, body } = viewShell(root, 'Search', 'Find an entity by part of its name or id.');
  const input = h('input', { id: 'search-text', type: 'search', name: 'q', value: text ?? '', autocomplete: 'off', spellcheck: 'false', size: 32 });
  const select = h('select', { id: 'search-kind', name: 'kind' }, h('option', { value: '' }, 'any kind'), KINDS.map((k) => h('option', { value: k, selected: k === kind }, k.toLowerCase())));
  controls.append(
    h(
      'form',
      {
        class: 'inline',
        role: 'search',
        onsubmit: (event: Event) => {
          event.preventDefault();
          go('search', { q: input.value.trim() || null, kind: select.value || null });
        },
      },
      h('label', { for: 'search-text' }, 'Name or id'),
      input,
      h('label', { for: 'search-kind' }, 'Kind'),
      select,
      h('button', { type: 'submit' }, 'Search'),
    ),
  );
  if (!text) return;
  body.append(message('Searching…'));
  try {
    const { searchEntities } = await request(SEARCH, { text, kinds: kind ? [kind] : null });
    if (searchEntities.length === 0) return void body.replaceChildren(message(`Nothing you may see matches “${text}”.`));
    body.replaceChildren(
      h(
        'table',
        { class: 'list', 'aria-label': 'Search results' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'Id'), h('th', { scope: 'col' }, 'Open'))),
        h(
          'tbody',
          {},
          searchEntities.map((e) =>
            h(
              'tr',
              { 'data-id': e.id },
              h('td', {}, e.name),
              h('td', {}, e.kind.toLowerCase()),
              h('td', { class: 'mono' }, e.id),
              h('td', { class: 'actions' }, link('blast radius', 'blast', { from: e.id }), link('who can reach', 'reach', { target: e.id }), link('paths to', 'path', { to: e.id })),
            ),
          ),
        ),
      ),
    );
  } catch (error) {
    body.replaceChildren(message((error as Error).message, 'error'));
  }
}
