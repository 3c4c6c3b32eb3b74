/**
 * The console's only data path: POST /graphql on this origin with the
 * caller's bearer token, the same request any client makes. The token lives
 * in this tab's session storage only (never local storage, never a cookie):
 * closing the tab forgets it, and no other site can send it.
 */
import type { TypedDocumentString } from '../../generated/console/graphql';

const TOKEN_KEY = 'pathwarden.token';

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (value: string) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/**
 * A link printed by `npm start` carries the token in the URL fragment
 * (#token=...), which browsers never send to a server. It moves into session
 * storage and leaves the address bar and history at once.
 */
export function adoptTokenFromFragment(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return;
  token.set(decodeURIComponent(match[1]));
  history.replaceState(history.state, '', location.pathname + location.search);
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** One typed operation; an error answer (or an HTTP refusal) becomes an ApiError with the API's own message and code. */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V, credential: string | null = token.get()): Promise<R> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(credential ? { authorization: `Bearer ${credential}` } : {}) },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  let body: { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`the API answered ${response.status} without a GraphQL body`, null);
  }
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new ApiError(first.message, first.extensions?.code ?? null);
  }
  if (!body.data) throw new ApiError(`the API answered ${response.status} without data`, null);
  return body.data;
}
