/**
 * OWNER_DEPARTED: an Identity, Tool or Role whose person owners have all
 * left. The risk: the owner is who removes access on the day it should go
 * and who answers for what the entity does; when the last one leaves,
 * nobody does, and nobody notices until an incident.
 *
 * Raised for each visible Identity, Tool or Role whose accountability gap at
 * asOf is OWNER_DEPARTED (accountability/gaps.ts: owner links present at
 * asOf, person owners among them, all departed; team owners do not count).
 * The proof is its owner links (entity.owners at the finding's observedAt),
 * not an access path: evidence is empty; since is the last dated departure.
 */
import { check } from '../catalog';
import { at } from '../describe';
import { IDENTITY, ROLE, TOOL } from '../facts';

export default check(
  { code: 'OWNER_DEPARTED', title: 'Every owner has departed', severity: 'HIGH', maps: 'OWASP NHI1; CSF GV.RR-04' },
  (facts, emit) => ({
    *finish() {
      for (const kind of [IDENTITY, TOOL, ROLE]) {
        for (const v of facts.index.nodesOfKind(kind)) {
          yield;
          if (facts.ownerGap(v) !== 'OWNER_DEPARTED') continue;
          const last = facts.lastOwnerDeparture(v);
          emit({
            entity: v,
            tenants: facts.tenantsOf(v),
            since: last,
            detail: `Every person who owns it has departed${last === null ? '' : `, the last on ${at(last)}`}; team owners, if any, do not count.`,
            evidence: () => [],
          });
        }
      }
    },
  }),
);
