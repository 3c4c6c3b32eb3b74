/**
 * PathWarden demo graph: "Northwind Managed Services" (an MSP) and twelve client
 * tenants, in the shape of the contract's `IngestInput`.
 *
 * The scenario, as of late November 2026:
 * - Northwind runs pooled tools across its clients: an RMM (`tool:rmm`) with
 *   tenant-wide agents on eleven of the twelve tenants; a shared credential vault
 *   (`tool:vault`) holding break-glass, pooled admin and service-account
 *   credentials; a PSA (`tool:psa`) whose stored integration keys reach the
 *   clients' Microsoft 365 tenants (`identity:api-psa-m365`) and the RMM
 *   itself (`identity:api-rmm-psa`); a remote-support tool, a backup console
 *   and an automation platform (runbooks, `identity:auto-patch-runner`).
 * - Technicians sit in the NOC, Service Desk, Projects and Security teams and
 *   act through named admin accounts (`identity:adm-<person>`), which hold
 *   roles such as "RMM Super Admin" and "Global Administrator in <tenant>".
 *   The Change Advisory Board (`team:cab`) is a committee of the managers.
 * - Each tenant has a domain controller (`system:<tenant>-dc01`, CRITICAL), a
 *   file server, a line-of-business app, its Microsoft 365 tenant and a
 *   staging box (NON_PRODUCTION); a few have an extra system.
 *
 * Accountability gaps, each on a present Person -> System path:
 * - NO_OWNER:         `identity:svc-sql-reporting` (forgotten legacy service
 *                     account kept in the vault), e.g. person:bob-okafor ->
 *                     adm-bob-okafor -> role:vault-user -> tool:vault ->
 *                     svc-sql-reporting -> system:litware-app01.
 * - OWNER_IS_TEAM:    `role:emergency-change` (owned only by team:cab), held by
 *                     team:projects, grants tool:automation and
 *                     system:woodgrove-fw01.
 * - OWNER_DEPARTED:   `identity:api-psa-m365` (PSA -> Microsoft Graph key, whose
 *                     only owner is the departed person:tom-baker), reached by
 *                     every PSA user.
 * - NO_APPROVAL:      `access:has-role:adm-kenji-sato:ga-woodgrove` (Global
 *                     Admin at Woodgrove, self-requested, never approved) and
 *                     `access:uses:noc:shared-nwadmin` (NOC team uses the
 *                     pooled local admin, never approved).
 * - NO_JUSTIFICATION: `access:uses:ivan-petrov:svc-backup` (an engineer logs in
 *                     as the backup service account) and
 *                     `access:can-access:shared-nwadmin:tailspin-fs01`.
 *
 * Notable situations:
 * - Departed technician still holding access: `person:tom-baker` (DEPARTED
 *   2026-08-14) with present `access:member-of:tom-baker:noc` and
 *   `access:uses:tom-baker:adm-tom-baker` (account still enabled, used after he
 *   left, holds RMM Super Admin and two Global Admin roles).
 * - Cleanly offboarded technician: `person:sara-lind` (DEPARTED 2025-10-31),
 *   membership and USES revoked; her account `identity:adm-sara-lind` is
 *   disabled (enabled: false) but its HAS_ROLE records were never revoked.
 * - Another disabled identity with access: `identity:api-legacy-monitoring`.
 * - Terminated tenant still reachable: `tenant:proseware` (TERMINATED
 *   2026-06-30), still under `access:can-access:rmm:proseware`, the backup
 *   service account and Tom's Global Admin role.
 * - Revoked records: `access:member-of:sara-lind:service-desk`,
 *   `access:uses:sara-lind:adm-sara-lind`,
 *   `access:has-role:adm-marco-rossi:rmm-technician`,
 *   `access:can-access:adm-kenji-sato:woodgrove-app01`,
 *   `access:can-access:remote:wingtip`.
 * - Expired but not removed: `access:has-role:adm-julia-romero:ga-contoso`
 *   (expired 2026-09-30), `access:member-of:chen-wei:projects` (expired
 *   2026-06-30), `access:has-role:adm-grace-obi:vault-user` (expired
 *   2026-10-31).
 * - Self-approval: `access:has-role:adm-oliver-grant:rmm-super-admin` was
 *   approved by Oliver Grant himself.
 * - Pooled admin accounts: `identity:shared-nwadmin` (NOC team + vault, four
 *   tenants); break-glass accounts for acme, contoso, fabrikam and woodgrove.
 * - Cross-tenant non-human identities: `identity:svc-backup`,
 *   `identity:auto-patch-runner` (also touches staging: environment mixing).
 *
 * Microsoft GDAP (src/demo/gdap/, read through the GDAP connector as a second
 * batch, source DEMO_GDAP_SOURCE): Northwind's partner tenant has delegated
 * admin relationships with two clients, Litware and Adatum;
 * `pathwarden-ids.json` maps the customers onto `tenant:litware` and
 * `tenant:adatum` and the partner users onto the technicians above, so each
 * technician also USES an `identity:entra:<user id>` that is a member of a
 * GDAP group (`team:entra:<group id>`), which holds Entra roles
 * (`role:gdap:<customer>:<role id>`) granting the client tenant:
 * - GDAP - Service Desk (Emma Silva, Farid Haddad, Ivan Petrov whose account is
 *   disabled): Helpdesk Administrator and Directory Readers at Litware (until
 *   2028-03-01T10:00:00Z), Helpdesk Administrator at Adatum (until
 *   2028-01-20T15:30:00Z);
 * - GDAP - Escalation Engineers (Alice Ng): User Administrator at Litware,
 *   Global Administrator and Exchange Administrator at Adatum;
 * - GDAP - Exchange Support (2025) (Hugo Martin): Exchange Administrator at
 *   Adatum through Northwind-Adatum-Exchange-2025, terminated 2026-05-15
 *   (revoked records: it reaches nothing).
 * The relationships, assignments, groups and the Service Desk's members are
 * saved in several pages, as Graph returns them. GDAP records have no
 * approver, so they carry NO_APPROVAL (UNAPPROVED_ACCESS findings).
 *
 * The graph itself is data: one CSV file per list in src/demo/csv/ (the
 * format of `npm run import -- --format csv`, docs/ingest.md "CSV files")
 * and a GDAP export in src/demo/gdap/ (`--format gdap`,
 * docs/connectors-gdap.md), read here through their connectors, so
 * `npm start` loads the demo through the importer (src/cli/start.ts, in the
 * order of DEMO_DATA) and the tests read the same records.
 * Deterministic: no randomness, no clock; all dates are fixed ISO strings.
 */
import path from 'node:path';
import { readCsv } from '../connectors/csv/csv';
import { readGdap } from '../connectors/gdap';

type IdentityKind =
  | 'HUMAN_ACCOUNT'
  | 'SHARED_ADMIN'
  | 'SERVICE_ACCOUNT'
  | 'API_KEY'
  | 'AUTOMATION'
  | 'BREAK_GLASS';
type ToolCategory = 'RMM' | 'PSA' | 'VAULT' | 'REMOTE_ACCESS' | 'BACKUP' | 'AUTOMATION' | 'OTHER';
type Criticality = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
type Environment = 'PRODUCTION' | 'NON_PRODUCTION';
type OwnerRole = 'SERVICE_OWNER' | 'PLATFORM_OWNER' | 'CLIENT_SERVICE_OWNER';
type AccessKind = 'MEMBER_OF' | 'USES' | 'HAS_ROLE' | 'GRANTS' | 'CAN_ACCESS';

export interface DemoPerson {
  id: string;
  name: string;
  email?: string;
  employer?: string;
  status?: 'ACTIVE' | 'DEPARTED';
  departedAt?: string;
}
export interface DemoTeam {
  id: string;
  name: string;
}
export interface DemoIdentity {
  id: string;
  name: string;
  identityKind: IdentityKind;
  enabled?: boolean;
  tenantId?: string;
  lastUsedAt?: string;
  credentialRotatedAt?: string;
  credentialExpiresAt?: string;
  mfa?: boolean;
}
export interface DemoTool {
  id: string;
  name: string;
  category?: ToolCategory;
  pooled?: boolean;
}
export interface DemoRole {
  id: string;
  name: string;
  privileged?: boolean;
  tenantId?: string;
}
export interface DemoTenant {
  id: string;
  name: string;
  contractStatus?: 'ACTIVE' | 'TERMINATED';
  contractEndedAt?: string;
}
export interface DemoSystem {
  id: string;
  name: string;
  tenantId: string;
  criticality?: Criticality;
  environment?: Environment;
}
export interface DemoOwnership {
  ownerId: string;
  entityId: string;
  role?: OwnerRole;
  since?: string;
}
interface Governance {
  privileged?: boolean;
  justification?: string;
  requestedById?: string;
  approvedById?: string;
  approvedAt?: string;
  grantedAt?: string;
  expiresAt?: string;
  lastCertifiedAt?: string;
  certifiedById?: string;
  revokedAt?: string;
  lastUsedAt?: string;
}
export interface DemoAccess extends Governance {
  id: string;
  kind: AccessKind;
  fromId: string;
  toId: string;
}
export interface DemoIngestInput {
  source?: string;
  people: DemoPerson[];
  teams: DemoTeam[];
  identities: DemoIdentity[];
  tools: DemoTool[];
  roles: DemoRole[];
  tenants: DemoTenant[];
  systems: DemoSystem[];
  ownerships: DemoOwnership[];
  access: DemoAccess[];
}

/** The source the demo's records carry. */
export const DEMO_SOURCE = 'demo:northwind-managed-services';

/** The folder of the demo's CSV files. */
export const DEMO_CSV_DIR = path.join(__dirname, 'csv');

/** The source the demo's GDAP records carry. */
export const DEMO_GDAP_SOURCE = 'demo:northwind-gdap';

/** The folder of the demo's GDAP export (Northwind's partner tenant). */
export const DEMO_GDAP_DIR = path.join(__dirname, 'gdap');

/** The demo's data, in load order (the GDAP ids map onto tenants and people of the CSV files): one batch each. */
export const DEMO_DATA: readonly { format: 'csv' | 'gdap'; dir: string; source: string }[] = [
  { format: 'csv', dir: DEMO_CSV_DIR, source: DEMO_SOURCE },
  { format: 'gdap', dir: DEMO_GDAP_DIR, source: DEMO_GDAP_SOURCE },
];

/** One batch read by a connector, every list present (records in file order), carrying `source`. */
function batch(read: { documents: { input: unknown }[]; problems: unknown[] }, what: string, source: string): DemoIngestInput {
  const { documents, problems } = read;
  if (problems.length > 0 || documents.length !== 1) throw new Error(`the demo's ${what} does not read: ${JSON.stringify(problems.slice(0, 3))}`);
  const lists = documents[0].input as Partial<DemoIngestInput>;
  return {
    source,
    people: lists.people ?? [],
    teams: lists.teams ?? [],
    identities: lists.identities ?? [],
    tools: lists.tools ?? [],
    roles: lists.roles ?? [],
    tenants: lists.tenants ?? [],
    systems: lists.systems ?? [],
    ownerships: lists.ownerships ?? [],
    access: lists.access ?? [],
  };
}

// ---------------------------------------------------------------- the export

/** The demo's CSV batch (the MSP, its clients and its tools). */
export const demoGraph: DemoIngestInput = batch(readCsv([DEMO_CSV_DIR]), 'CSV files', DEMO_SOURCE);

/** The demo's GDAP batch, loaded after demoGraph: the records of DEMO_DATA's second entry. */
export const demoGdap: DemoIngestInput = batch(readGdap([DEMO_GDAP_DIR]), 'GDAP export', DEMO_GDAP_SOURCE);

/** One caller per role for trying the demo (npm start prints a token for each). */
/** The demo's callers; `console` is the console view (query string) each one's printed link opens. */
export const demoCallers: { sub: string; role: 'ADMIN' | 'ANALYST' | 'OWNER' | 'TENANT_AUDITOR' | 'INGEST'; person?: string; tenant?: string; note: string; console?: string }[] = [
  { sub: 'demo-admin', role: 'ADMIN', note: 'everything, including ingest and API keys', console: '?v=blast&from=tool%3Armm' },
  { sub: 'demo-analyst', role: 'ANALYST', note: 'reads the whole graph', console: '?v=blast&from=tool%3Armm' },
  { sub: 'demo-owner-raj', role: 'OWNER', person: 'person:raj-patel', note: 'Raj Patel: what his identities, tools and roles reach', console: '?v=mine' },
  { sub: 'demo-auditor-acme', role: 'TENANT_AUDITOR', tenant: 'tenant:acme', note: "Acme's auditor: who reaches Acme, and nothing of other clients", console: '?v=reach&target=tenant%3Aacme' },
  { sub: 'demo-ingest', role: 'INGEST', note: 'the ingest mutation only' },
];

export const demoExamples: { title: string; query: string }[] = [
  {
    title: 'Blast radius of the pooled RMM: which clients fall if it is compromised?',
    query: `{
  blastRadius(from: "tool:rmm") {
    systemCount
    tenantCount
    tenants { tenant { id name contractStatus } systemCount }
    systems(first: 5) {
      totalCount
      edges { node { system { id name } distance privileged } }
    }
  }
}`,
  },
  {
    title: "Who can reach Acme's domain controller?",
    query: `{
  whoCanReach(target: "system:acme-dc01") {
    peopleCount
    identityCount
    people(first: 50) {
      edges { node { entity { id name } distance } }
    }
  }
}`,
  },
  {
    title: 'Unaccountable paths: gaps between people and client systems',
    query: `{
  unaccountablePaths(first: 20) {
    totalCount
    edges {
      node {
        reason
        peopleExposed
        systemsExposed
        entity { id name }
        access { id }
      }
    }
  }
}`,
  },
];
