/**
 * The demo's audit history: a few weeks of late 2026 run through the
 * lifecycle itself (src/lifecycle/), so every event in the demo's audit trail
 * was written the way a real change writes it. Each step runs at its own
 * instant, as the administrator who made it:
 * - a privileged grant, requested by the technician and approved by the
 *   projects lead, with an expiry (REQUESTED, APPROVED, GRANTED), then its
 *   first use (USED);
 * - the RMM owner certifying the RMM's tenant-wide access at Acme (CERTIFIED);
 * - the access review revoking an expired migration grant (REVOKED);
 * - a second owner for the automation platform (OWNER_ASSIGNED);
 * - a break-glass use at Acme during a federation outage, reviewed the same
 *   morning (BREAK_GLASS_USED, BREAK_GLASS_REVIEWED), and one at Fabrikam
 *   that nobody has reviewed (BREAK_GLASS_USED only: a finding).
 */
import { ALL_SCOPE, type Viewer } from '../core/viewer';
import type { Executor } from '../db/executor';
import { LifecycleService } from '../lifecycle/service';

const admin = (email: string): Viewer => ({ id: email, role: 'ADMIN', credential: 'jwt', scope: ALL_SCOPE });
const RAJ = admin('raj.patel@northwind-msp.example');
const OLIVER = admin('oliver.grant@northwind-msp.example');
const PRIYA = admin('priya.shah@northwind-msp.example');
const HELEN = admin('helen.moore@northwind-msp.example');

export async function loadDemoHistory(exec: Executor): Promise<void> {
  const at = (viewer: Viewer, now: string) => new LifecycleService(exec, viewer, now);

  await at(RAJ, '2026-10-06T09:30:00Z').grantAccess({
    id: 'access:has-role:adm-chen-wei:ga-acme',
    kind: 'HAS_ROLE',
    fromId: 'identity:adm-chen-wei',
    toId: 'role:ga-acme',
    privileged: true,
    justification: 'Acme ERP upgrade weekend (CHG-2301)',
    requestedById: 'person:chen-wei',
    approvedById: 'person:raj-patel',
    expiresAt: '2026-12-31T17:00:00Z',
  });
  await at(RAJ, '2026-10-10T22:05:00Z').recordAccessUse('access:has-role:adm-chen-wei:ga-acme', '2026-10-10T22:00:00Z');
  await at(OLIVER, '2026-10-20T14:00:00Z').certifyAccess({
    id: 'access:can-access:rmm:acme',
    certifiedById: 'person:oliver-grant',
    note: 'Quarterly review: agents still required under the managed services contract',
  });
  await at(PRIYA, '2026-11-03T08:00:00Z').recordBreakGlassUse(
    'identity:bg-fabrikam',
    'person:marco-rossi',
    '2026-11-02T23:40:00Z',
    'EHR gateway certificate expired overnight; clinics offline',
  );
  await at(RAJ, '2026-11-05T16:00:00Z').revokeAccess(
    'access:has-role:adm-julia-romero:ga-contoso',
    'Access review: the Contoso migration finished on 30 September; the grant had expired but was never removed',
  );
  await at(HELEN, '2026-11-06T10:00:00Z').assignOwner('person:helen-moore', 'tool:automation', 'SERVICE_OWNER');
  const acme = await at(PRIYA, '2026-11-10T02:30:00Z').recordBreakGlassUse(
    'identity:bg-acme',
    'person:lena-fischer',
    '2026-11-10T02:15:00Z',
    'Entra ID federation outage: named admin accounts could not sign in to Acme',
  );
  await at(PRIYA, '2026-11-10T09:00:00Z').reviewBreakGlassUse(acme.use.id, 'person:priya-shah', 'Use matched INC-5120; credential rotated and resealed in the vault');
}
