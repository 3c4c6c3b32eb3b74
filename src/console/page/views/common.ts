/** Pieces every view shares: its frame, the entity and as-of inputs, the numbers beside a picture. */
import { h } from '../dom';
import { go, param, patch, view, type ViewName } from '../state';

/** A view's heading, its controls row and its body. */
export function viewShell(root: HTMLElement, title: string, question: string): { controls: HTMLElement; body: HTMLElement } {
  const controls = h('div', { class: 'controls' });
  const body = h('div', { class: 'body' });
  root.replaceChildren(h('h1', {}, title), h('p', { class: 'question' }, question), controls, body);
  return { controls, body };
}

let inputs = 0;

/** A form for one entity id; submitting opens the view with it (keeping the parameters named in `keep`). */
export function entityForm(v: ViewName, name: string, label: string, value: string | null, keep: string[] = [], extra: Record<string, string | null> = {}): HTMLElement {
  const id = `input-${name}-${++inputs}`;
  const input = h('input', { id, name, type: 'text', value: value ?? '', placeholder: 'an id, e.g. tool:rmm', autocomplete: 'off', spellcheck: 'false', size: 28 });
  return h(
    'form',
    {
      class: 'inline',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const params: Record<string, string | null> = { ...Object.fromEntries(keep.map((k) => [k, param(k)])), ...extra, [name]: input.value.trim() || null };
        go(v, params);
      },
    },
    h('label', { for: id }, label),
    input,
    h('button', { type: 'submit' }, 'Show'),
  );
}

/** Two entity ids in one form (the path view). */
export function pairForm(v: ViewName, fields: [string, string][], keep: string[] = []): HTMLElement {
  const made = fields.map(([name, label]) => {
    const id = `input-${name}-${++inputs}`;
    return { name, label, id, input: h('input', { id, name, type: 'text', value: param(name) ?? '', autocomplete: 'off', spellcheck: 'false', size: 24 }) };
  });
  return h(
    'form',
    {
      class: 'inline',
      onsubmit: (event: Event) => {
        event.preventDefault();
        go(v, { ...Object.fromEntries(keep.map((k) => [k, param(k)])), ...Object.fromEntries(made.map((m) => [m.name, m.input.value.trim() || null])) });
      },
    },
    made.flatMap((m) => [h('label', { for: m.id }, m.label), m.input]),
    h('button', { type: 'submit' }, 'Show'),
  );
}

/** The "as of" date: the view re-opens for that day (end of day, UTC), or for now when cleared. */
export function asOfPicker(): HTMLElement {
  const id = `input-asof-${++inputs}`;
  const input = h('input', { id, type: 'date', value: param('asOf') ?? '', max: new Date().toISOString().slice(0, 10) });
  input.addEventListener('change', () => {
    patch({ asOf: input.value || null });
    go(view() ?? 'blast', Object.fromEntries(new URLSearchParams(location.search)));
  });
  return h('span', { class: 'asof' }, h('label', { for: id }, 'As of'), input, h('span', { class: 'muted' }, param('asOf') ? ' (end of day, UTC)' : ' (now)'));
}

/** The numbers beside a picture; each has a data-number attribute naming it. */
export function numbers(items: [string, number, string][]): HTMLElement {
  return h(
    'ul',
    { class: 'numbers', 'aria-label': 'Numbers' },
    items.map(([label, value, key]) => h('li', { 'data-number': key }, h('span', { class: 'value' }, value.toLocaleString('en')), h('span', { class: 'label' }, label))),
  );
}
