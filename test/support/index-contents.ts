/**
 * Everything a reach index holds, by id, to compare two indexes whole (node
 * numbers differ between two indexes built in different orders): each
 * entity's row and owner links, each access record with its ends by id.
 */
import type { ReachIndex } from '../../src/reach/index/reach-index';

export function contents(index: ReachIndex) {
  const id = (n: number) => (n < 0 ? null : index.ids[n]);
  return {
    nodes: [...index.ids].sort().map((x) => ({ id: x, row: index.row(x), owners: index.ownerLinks(x) })),
    records: index
      .records()
      .map(({ edge: _edge, from, to, approver, ...rest }) => ({ ...rest, from: id(from), to: id(to), approver: id(approver) }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}
