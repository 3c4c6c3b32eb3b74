/**
 * The findings queries as the tests ask them: every finding as a compact
 * "CODE subject" pair (for whole-set comparisons), or as a whole object with
 * its evidence paths written "from -record-> to", one string per step.
 */
import type { Principal } from '../../src/core/viewer';
import type { Harness, Result } from './harness';

export const FINDING_FIELDS = `
  id code title severity
  entity { id } access { id } tenant { id } tenants { id }
  frameworks { framework control }
  evidence { length steps { from { id } to { id } access { id } } }
  records { id }
  detail observedAt since`;

export const FINDINGS = `query($codes: [String!], $severities: [Severity!], $tenantId: ID, $entityId: ID, $asOf: DateTime, $first: Int, $after: String) {
  findings(codes: $codes, severities: $severities, tenantId: $tenantId, entityId: $entityId, asOf: $asOf, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { ${FINDING_FIELDS} } }
  }
}`;

export const SUMMARY = `query($asOf: DateTime, $tenantId: ID) {
  findingSummary(asOf: $asOf, tenantId: $tenantId) {
    observedAt total
    byCode { code title severity count }
    bySeverity { severity count }
    byTenant { tenant { id } count bySeverity { severity count } }
  }
}`;

/** A finding as compared in tests: ids for entities and records, evidence as step strings. */
export interface Finding {
  id: string;
  code: string;
  title: string;
  severity: string;
  entity: string | null;
  access: string | null;
  tenant: string | null;
  tenants: string[];
  frameworks: { framework: string; control: string }[];
  evidence: string[][];
  records: string[];
  detail: string;
  observedAt: string;
  since: string | null;
}

export function compact(node: any): Finding {
  return {
    id: node.id,
    code: node.code,
    title: node.title,
    severity: node.severity,
    entity: node.entity?.id ?? null,
    access: node.access?.id ?? null,
    tenant: node.tenant?.id ?? null,
    tenants: node.tenants.map((t: any) => t.id),
    frameworks: node.frameworks,
    evidence: node.evidence.map((p: any) => {
      expect(p.length).toBe(p.steps.length);
      return p.steps.map((s: any) => `${s.from.id} -${s.access?.id ?? 'contains'}-> ${s.to.id}`);
    }),
    records: node.records.map((r: any) => r.id),
    detail: node.detail,
    observedAt: node.observedAt,
    since: node.since,
  };
}

/** Only what a whole-set comparison needs, so a page of 1000 stays within the cost limit. */
const PAIRS = `query($codes: [String!], $severities: [Severity!], $tenantId: ID, $entityId: ID, $asOf: DateTime) {
  findings(codes: $codes, severities: $severities, tenantId: $tenantId, entityId: $entityId, asOf: $asOf, first: 1000) {
    totalCount pageInfo { hasNextPage } edges { node { code entity { id } access { id } } }
  }
}`;

async function connection(h: Harness, query: string, variables: Record<string, unknown>, now?: string, as?: Principal): Promise<any> {
  const result: Result = as ? await h.runAs(as, query, variables, now) : await h.run(query, variables, now);
  if (result.errors) throw new Error(`unexpected errors: ${JSON.stringify(result.errors, null, 2)}`);
  const found = result.data.findings;
  // One page holds them all, and says so.
  expect({ hasNextPage: found.pageInfo.hasNextPage, totalCount: found.totalCount }).toEqual({ hasNextPage: false, totalCount: found.edges.length });
  return found;
}

/** Every finding of one page of up to 100 (the test fails if there are more), as whole objects. */
export async function findings(h: Harness, args: Record<string, unknown>, now?: string, as?: Principal): Promise<Finding[]> {
  return (await connection(h, FINDINGS, { first: 100, ...args }, now, as)).edges.map((e: any) => compact(e.node));
}

/** Every finding (up to 1000) as "CODE subject" (subject: the entity's or the access record's id), in report order. */
export async function pairs(h: Harness, args: Record<string, unknown>, now?: string, as?: Principal): Promise<string[]> {
  return (await connection(h, PAIRS, args, now, as)).edges.map(({ node }: any) => `${node.code} ${node.entity?.id ?? node.access?.id}`);
}
