/**
 * The planner's plan of a query (EXPLAIN: planned, never run) and the scans
 * in it, for test/query-plans.test.ts.
 */
import type { Driver } from 'neo4j-driver';

export interface PlanNode {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanNode[];
}

/** One operator that reads a whole label, all nodes, a whole relationship type or a whole index. */
export interface Scan {
  operator: string;
  details: string;
}

/**
 * Operators that read everything of a kind rather than seeking: the
 * label/type/all-nodes scans and full index scans (an index read end to end
 * is still the whole label). Seeks (NodeUniqueIndexSeek, NodeIndexSeek,
 * ...SeekByRange, relationship index seeks) are what a lookup by id should be.
 */
const SCAN = /^(AllNodesScan|NodeByLabelScan|(Union|Intersection|Subtraction)NodeByLabelsScan|(Directed|Undirected)(RelationshipTypeScan|AllRelationshipsScan|UnionRelationshipTypesScan|RelationshipIndexScan)|NodeIndexScan)$/;

export async function planOf(driver: Driver, statement: string, params: Record<string, unknown>): Promise<PlanNode> {
  const session = driver.session();
  try {
    const result = await session.run(`EXPLAIN ${statement}`, params);
    const plan = result.summary.plan;
    if (!plan) throw new Error('EXPLAIN returned no plan');
    return plan as unknown as PlanNode;
  } finally {
    await session.close();
  }
}

export function scansIn(plan: PlanNode): Scan[] {
  const out: Scan[] = [];
  const walk = (node: PlanNode) => {
    const operator = node.operatorType.replace(/@.*$/, '');
    if (SCAN.test(operator)) out.push({ operator, details: String(node.arguments?.Details ?? '') });
    node.children.forEach(walk);
  };
  walk(plan);
  return out;
}
