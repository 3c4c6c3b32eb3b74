/**
 * Thin resolvers: the service computes, the finding model carries node and
 * edge numbers, and entities, records and paths are resolved (and evidence
 * traced) only for the fields a client asks for.
 */
import type { Resolvers } from '../generated/graphql';
import { HOUR_MS } from '../governance/policy';
import { pathOf } from '../reach/model';
import type { RequestContext } from '../server/context';
import { isoOf } from '../time';
import { recordPaths } from './evidence';
import { detailOf, findingId, recordsOf, type FindingModel } from './model';

const iso = (ms: number | null) => (ms === null ? null : isoOf(ms));

/** An entity the report found through the caller's view, as of the finding's observedAt. */
const known = (id: string, f: { scope: { asOfIso: string } }, ctx: RequestContext) => ctx.services.entities.known(id, f.scope.asOfIso);
const person = (id: string | null, asOf: string, ctx: RequestContext) => (id ? ctx.services.entities.at(id, asOf) : null);

/** Tenant ids of a finding, in id order. */
const tenantIds = (f: FindingModel) => f.tenants.map((t) => f.scope.index.ids[t]).sort();

export const findingResolvers: Resolvers = {
  Query: {
    findings: (_root, args, ctx) => ctx.services.findings.findings(args),
    findingSummary: (_root, args, ctx) => ctx.services.findings.summary(args),
  },
  Finding: {
    id: (f) => findingId(f),
    code: (f) => f.check.code,
    title: (f) => f.check.title,
    severity: (f) => f.check.severity,
    frameworks: (f) => f.check.frameworks,
    entity: (f, _args, ctx) => (f.entity >= 0 ? known(f.subjectId, f, ctx) : null),
    access: (f) => (f.edge >= 0 ? { id: f.subjectId, asOf: f.scope.asOfIso } : null),
    tenant: (f, _args, ctx) => (f.tenants.length === 1 ? known(f.scope.index.ids[f.tenants[0]], f, ctx) : null),
    tenants: (f, _args, ctx) => Promise.all(tenantIds(f).map((id) => known(id, f, ctx))),
    // Traced only now, for the findings of this page that ask for it.
    evidence: (f) => (f.evidence ? f.evidence() : recordPaths(f.scope, recordsOf(f))).map((steps) => pathOf(steps, f.scope.asOfIso)),
    records: (f) => recordsOf(f).map((e) => ({ id: f.scope.index.step(e).accessId as string, asOf: f.scope.asOfIso })),
    detail: (f) => detailOf(f),
    observedAt: (f) => f.scope.asOfIso,
    since: (f) => iso(f.since),
    breakGlassUse: (f) => (f.breakGlassUse ? { ...f.breakGlassUse, scope: f.scope } : null),
  },
  BreakGlassUseEvidence: {
    person: (u, _args, ctx) => person(u.personId, u.scope.asOfIso, ctx),
    reviewedBy: (u, _args, ctx) => person(u.reviewedBy, u.scope.asOfIso, ctx),
    reviewDueAt: (u) => isoOf(Date.parse(u.at) + u.scope.policy.breakGlassReviewHours * HOUR_MS),
  },
  FindingCodeCount: {
    code: (c) => c.check.code,
    title: (c) => c.check.title,
    severity: (c) => c.check.severity,
  },
  FindingTenantCount: {
    tenant: (t, _args, ctx) => ctx.services.entities.known(t.tenantId, t.asOf),
  },
};
