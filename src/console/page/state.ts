/**
 * Every view's state lives in the URL's query string (?v=blast&from=tool:rmm&asOf=2026-05-01),
 * so a link can be shared and the back button works. Views read `param` and change it with `go`.
 */
export type ViewName = 'signin' | 'search' | 'blast' | 'reach' | 'path' | 'findings' | 'mine';

export function param(name: string): string | null {
  const value = new URLSearchParams(location.search).get(name);
  return value === null || value === '' ? null : value;
}

export function view(): ViewName | null {
  return param('v') as ViewName | null;
}

/** The query string for a view and its parameters (empty values left out). */
export function href(v: ViewName, params: Record<string, string | null | undefined> = {}): string {
  const q = new URLSearchParams({ v });
  for (const [k, value] of Object.entries(params)) if (value) q.set(k, value);
  return `/?${q.toString()}`;
}

let onChange: () => void = () => undefined;
export function onNavigate(render: () => void): void {
  onChange = render;
  window.addEventListener('popstate', () => onChange());
}

/** Opens a view (a new history entry) and renders it. */
export function go(v: ViewName, params: Record<string, string | null | undefined> = {}): void {
  history.pushState(null, '', href(v, params));
  onChange();
}

/** Changes parameters of the current view in place (replacing the history entry), without re-rendering. */
export function patch(params: Record<string, string | null | undefined>): void {
  const q = new URLSearchParams(location.search);
  for (const [k, value] of Object.entries(params)) {
    if (value) q.set(k, value);
    else q.delete(k);
  }
  history.replaceState(null, '', `/?${q.toString()}`);
}

/** An in-page link: a real href (open in a new tab works) that navigates without reloading. */
export function link(text: string, v: ViewName, params: Record<string, string | null | undefined> = {}, cls?: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href(v, params);
  a.textContent = text;
  if (cls) a.className = cls;
  a.addEventListener('click', (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    go(v, params);
  });
  return a;
}

/** The as-of date (YYYY-MM-DD) in the URL as the API's asOf: the end of that day, UTC; null for now. */
export function asOfParam(): string | null {
  const d = param('asOf');
  return d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T23:59:59Z` : null;
}
