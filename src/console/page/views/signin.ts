/** Sign in: paste a bearer token or API key; it is checked with the API (viewer) and kept in this tab's session storage only. */
import { graphql } from '../../../generated/console';
import { request, token } from '../api';
import { h, message } from '../dom';
import { session } from '../session';
import { go, param } from '../state';
import { viewShell } from './common';

export const VIEWER = graphql(`
  query ConsoleViewer { viewer { id role personId tenantId } }
`);

export async function signinView(root: HTMLElement, afterSignIn: () => void): Promise<void> {
  const { body } = viewShell(root, 'Sign in', 'Paste a bearer token or an API key. It stays in this browser tab only, until the tab closes or you sign out.');
  const field = h('textarea', { id: 'token', name: 'token', rows: 4, cols: 60, autocomplete: 'off', spellcheck: 'false', required: true });
  const status = h('div', { role: 'status' });
  body.append(
    h(
      'form',
      {
        class: 'signin',
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const credential = field.value.trim();
          try {
            const { viewer } = await request(VIEWER, {}, credential);
            token.set(credential);
            session.set({ id: viewer.id, role: viewer.role, personId: viewer.personId ?? null, tenantId: viewer.tenantId ?? null });
            afterSignIn();
            go((param('next') as 'search' | null) ?? 'search');
          } catch (error) {
            status.replaceChildren(message(`Not signed in: ${(error as Error).message}`, 'error'));
          }
        },
      },
      h('label', { for: 'token' }, 'Token or API key'),
      field,
      h('button', { type: 'submit' }, 'Sign in'),
      status,
    ),
  );
}
