/**
 * DORMANT_PRIVILEGED_ACCESS: privileged access nobody uses. The risk: unused
 * privilege is pure exposure (it serves no one and is rarely watched), and a
 * dormant privileged account is a favourite foothold because its owner will
 * not notice it being used.
 *
 * Two subjects, both at asOf, with PATHWARDEN_DORMANCY_DAYS as the limit:
 * - a present privileged access record whose last use is longer ago than
 *   the limit; a record never used counts from its grant (a fresh grant is
 *   not dormant yet);
 * - an enabled Identity holding (as `from`) at least one present privileged
 *   record whose own lastUsedAt is longer ago than the limit; never used
 *   counts from its oldest such grant. A disabled identity cannot act, so
 *   its dormancy is already contained (its records are still checked).
 * A lastUsedAt later than asOf is not known at asOf (as if never used).
 * Evidence: the record; for an identity, its privileged records.
 */
import { DAY_MS } from '../../governance/policy';
import { check } from '../catalog';
import { at, count } from '../describe';
import { IDENTITY } from '../facts';

const usedBy = (lastUsedAt: number | null, asOf: number) => (lastUsedAt !== null && lastUsedAt <= asOf ? lastUsedAt : null);

export default check(
  { code: 'DORMANT_PRIVILEGED_ACCESS', title: 'Dormant privileged access', severity: 'MEDIUM', maps: '800-53 AC-2(3)(d); CIS 5.3' },
  (facts, emit) => {
    const limit = facts.policy.dormancyDays * DAY_MS;
    const held = new Map<number, { edges: number[]; oldestGrant: number }>();
    return {
      record(r) {
        if (!r.privileged) return;
        const since = (usedBy(r.lastUsedAt, facts.asOf) ?? r.grantedAt) + limit;
        if (facts.asOf > since) emit({ edge: r.edge, accessId: r.id, tenants: facts.tenantsOf(r.to), since });
        if (facts.kind[r.from] === IDENTITY && !facts.disabled[r.from]) {
          const h = held.get(r.from);
          if (!h) held.set(r.from, { edges: [r.edge], oldestGrant: r.grantedAt });
          else {
            h.edges.push(r.edge);
            if (r.grantedAt < h.oldestGrant) h.oldestGrant = r.grantedAt;
          }
        }
      },
      finish() {
        for (const [identity, h] of held) {
          const lastUsed = usedBy(facts.instant(identity, 'lastUsedAt'), facts.asOf);
          const since = (lastUsed ?? h.oldestGrant) + limit;
          if (facts.asOf <= since) continue;
          const records = count(h.edges.length, 'privileged access record', 'privileged access records');
          emit({
            entity: identity,
            tenants: facts.tenantsOf(identity),
            records: h.edges,
            since,
            detail: lastUsed === null ? `Identity never used, holding ${records} since ${at(h.oldestGrant)}.` : `Identity last used ${at(lastUsed)}, holding ${records}.`,
          });
        }
      },
    };
  },
  (f) => {
    const r = f.scope.index.record(f.edge);
    const used = usedBy(r.lastUsedAt, f.scope.asOf);
    return used === null ? `Privileged access never used since its grant on ${at(r.grantedAt)}.` : `Privileged access last used ${at(used)}.`;
  },
);
