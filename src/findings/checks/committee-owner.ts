/**
 * COMMITTEE_OWNER: an Identity, Tool or Role owned only by teams. The risk:
 * a committee approves policy but no one person removes access on the day
 * it should disappear (domain.md, Accountability); ownership spread over a
 * group is ownership by nobody in particular.
 *
 * Raised for each visible Identity, Tool or Role whose accountability gap at
 * asOf is OWNER_IS_TEAM (owner links present at asOf, none from a Person).
 * The proof is its owner links (entity.owners): evidence is empty, and no
 * single instant dates the condition, so since is null.
 */
import { check } from '../catalog';
import { IDENTITY, ROLE, TOOL } from '../facts';

export default check(
  { code: 'COMMITTEE_OWNER', title: 'Owned only by a committee', severity: 'MEDIUM', maps: 'CSF GV.RR-02' },
  (facts, emit) => ({
    finish() {
      for (const kind of [IDENTITY, TOOL, ROLE]) {
        for (const v of facts.index.nodesOfKind(kind)) {
          if (facts.ownerGap(v) !== 'OWNER_IS_TEAM') continue;
          const teams = [...new Set(facts.index.ownerLinks(facts.id(v)).filter((l) => l.ownerKind === 'TEAM').map((l) => l.ownerId))].sort();
          emit({
            entity: v,
            tenants: facts.tenantsOf(v),
            detail: `Owned only by teams (${teams.join(', ')}); no person answers for it.`,
            evidence: () => [],
          });
        }
      }
    },
  }),
);
