/**
 * The evidence pack of one tenant (issue 5, "Evidence pack"): everything is
 * read through the GraphQL schema in process, as that tenant's auditor would
 * read it, so the pack can be handed to the client as it is: it holds what
 * their auditor may see and nothing of any other client (docs/security.md).
 *
 * For every person and identity that can reach the tenant: one shortest path
 * into it (to the tenant itself, which is tenant-wide access, or to the
 * nearest of its systems when that is as near), each step
 * with its record's approval, justification, expiry and certification. Then
 * the tenant's findings with their framework controls.
 */
import type { ApolloServer } from '@apollo/server';
import { resolveViewer } from '../auth/scope';
import type { Principal } from '../core/viewer';
import type { Executor } from '../db/executor';
import { notFound } from '../errors';
import { createContext, type RequestContext } from '../server/context';

export interface PackStep {
  from: { id: string; name: string; kind: string };
  to: { id: string; name: string; kind: string };
  access: null | {
    id: string;
    kind: string;
    privileged: boolean;
    justification: string | null;
    approvedBy: { id: string; name: string } | null;
    approvedAt: string | null;
    grantedAt: string;
    expiresAt: string | null;
    lastCertifiedAt: string | null;
    certifiedBy: { id: string; name: string } | null;
  };
  gaps: string[];
}

export interface PackReacher {
  entity: { id: string; name: string; kind: string };
  distance: number;
  /** The system (or the tenant) the path ends at. */
  target: { id: string; name: string };
  path: PackStep[];
}

export interface PackFinding {
  id: string;
  code: string;
  title: string;
  severity: string;
  subject: string;
  frameworks: { framework: string; control: string }[];
}

export interface EvidencePack {
  tenant: { id: string; name: string; contractStatus: string };
  asOf: string;
  generatedAt: string;
  maxDepth: number;
  people: PackReacher[];
  identities: PackReacher[];
  findings: PackFinding[];
}

const STEP = `steps {
  from { id name kind } to { id name kind } gaps
  access { id kind privileged justification approvedAt grantedAt expiresAt lastCertifiedAt
           approvedBy { id name } certifiedBy { id name } }
}`;

const EXPOSURE = `query($t: ID!, $asOf: DateTime, $d: Int, $after: String, $people: Boolean!) {
  entity(id: $t) { id name ... on Tenant { contractStatus } }
  whoCanReach(target: $t, asOf: $asOf, maxDepth: $d) {
    people(first: 1000, after: $after) @include(if: $people) { pageInfo { hasNextPage endCursor } edges { node { distance entity { id name kind } } } }
    identities(first: 1000, after: $after) @skip(if: $people) { pageInfo { hasNextPage endCursor } edges { node { distance entity { id name kind } } } }
  }
}`;

const NEAREST_SYSTEM = `query($from: ID!, $asOf: DateTime, $d: Int) {
  blastRadius(from: $from, asOf: $asOf, maxDepth: $d) { systems(first: 1) { edges { node { system { id name } path { ${STEP} } } } } }
}`;

const TO_TENANT = `query($from: ID!, $t: ID!, $asOf: DateTime, $d: Int) {
  accessPaths(from: $from, to: $t, first: 1, asOf: $asOf, maxDepth: $d) { length ${STEP} }
}`;

const FINDINGS = `query($t: ID!, $asOf: DateTime, $after: String) {
  findings(tenantId: $t, asOf: $asOf, first: 1000, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id code title severity entity { id name } access { id } frameworks { framework control } } }
  }
}`;

export async function collectPack(
  exec: Executor,
  apollo: ApolloServer<RequestContext>,
  options: { tenantId: string; asOf?: string; maxDepth?: number; now?: string },
): Promise<EvidencePack> {
  const now = options.now ?? new Date().toISOString();
  const asOf = options.asOf ?? now;
  const maxDepth = options.maxDepth ?? 8;
  const principal: Principal = { id: `evidence-pack:${options.tenantId}`, role: 'TENANT_AUDITOR', tenantId: options.tenantId, credential: 'system' };
  const viewer = await resolveViewer(exec, principal);
  const ask = async (query: string, variables: Record<string, unknown>) => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(exec, viewer, now) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      const [e] = errors;
      if (e.extensions?.code === 'NOT_FOUND') throw notFound('tenant', options.tenantId);
      throw Object.assign(new Error(e.message), { extensions: e.extensions });
    }
    return data as Record<string, any>;
  };

  const reachers = async (people: boolean) => {
    const found: { entity: PackReacher['entity']; distance: number }[] = [];
    let after: string | null = null;
    let tenant: EvidencePack['tenant'] | null = null;
    do {
      const data = await ask(EXPOSURE, { t: options.tenantId, asOf, d: maxDepth, after, people });
      if (!data.entity || data.entity.contractStatus === undefined) throw notFound('tenant', options.tenantId);
      tenant = data.entity;
      const page = people ? data.whoCanReach.people : data.whoCanReach.identities;
      found.push(...page.edges.map((e: { node: { entity: PackReacher['entity']; distance: number } }) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return { tenant: tenant as EvidencePack['tenant'], found };
  };

  const withPath = async (r: { entity: PackReacher['entity']; distance: number }): Promise<PackReacher> => {
    const vars = { from: r.entity.id, t: options.tenantId, asOf, d: maxDepth };
    // As the auditor sees it, the only systems reached are the tenant's: the first is the nearest.
    const system = (await ask(NEAREST_SYSTEM, vars)).blastRadius.systems.edges[0]?.node;
    // r.distance is to the nearest of the tenant and its systems: when the nearest system is that near, it is the path.
    if (system && system.path.steps.length <= r.distance) return { entity: r.entity, distance: r.distance, target: system.system, path: system.path.steps };
    const direct = (await ask(TO_TENANT, vars)).accessPaths[0];
    return { entity: r.entity, distance: r.distance, target: { id: options.tenantId, name: 'the whole tenant' }, path: direct?.steps ?? [] };
  };

  const people = await reachers(true);
  const identities = await reachers(false);
  const findings: PackFinding[] = [];
  let after: string | null = null;
  do {
    const page: any = (await ask(FINDINGS, { t: options.tenantId, asOf, after })).findings;
    for (const { node } of page.edges) {
      findings.push({ id: node.id, code: node.code, title: node.title, severity: node.severity, subject: node.entity ? `${node.entity.name} (${node.entity.id})` : (node.access?.id ?? ''), frameworks: node.frameworks });
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);

  const paths = async (list: typeof people.found) => {
    const out: PackReacher[] = [];
    for (const r of list) out.push(await withPath(r));
    return out;
  };
  return {
    tenant: people.tenant,
    asOf,
    generatedAt: now,
    maxDepth,
    people: await paths(people.found),
    identities: await paths(identities.found),
    findings,
  };
}
