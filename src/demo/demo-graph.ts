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
 * Deterministic: no randomness, no clock; all dates are fixed ISO strings.
 */

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

// ---------------------------------------------------------------- helpers

const MSP = 'Northwind Managed Services';

/** Shift an ISO instant by whole days; output without milliseconds. */
function shift(isoDate: string, days: number): string {
  const d = new Date(isoDate);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "tool:rmm" -> "rmm" */
function bare(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

const KIND_SLUG: Record<AccessKind, string> = {
  MEMBER_OF: 'member-of',
  USES: 'uses',
  HAS_ROLE: 'has-role',
  GRANTS: 'grants',
  CAN_ACCESS: 'can-access',
};

/**
 * One access record, id `access:<kind>:<from>:<to>`. When an approver and a
 * grant date are given without an approval date, approval is the day before.
 */
function rec(kind: AccessKind, fromId: string, toId: string, gov: Governance): DemoAccess {
  const r: DemoAccess = {
    id: `access:${KIND_SLUG[kind]}:${bare(fromId)}:${bare(toId)}`,
    kind,
    fromId,
    toId,
    ...gov,
  };
  if (r.approvedById && r.grantedAt && !r.approvedAt) r.approvedAt = shift(r.grantedAt, -1);
  return r;
}

const P = (key: string): string => `person:${key}`;

// ---------------------------------------------------------------- tenants and systems

interface TenantDef {
  key: string;
  name: string;
  short: string;
  lob: string;
  lobCriticality: Criticality;
  terminatedAt?: string;
  extra?: { suffix: string; name: string; criticality: Criticality; environment: Environment }[];
}

const TENANTS: TenantDef[] = [
  {
    key: 'acme',
    name: 'Acme Manufacturing',
    short: 'ACME',
    lob: 'ERP (Epicor)',
    lobCriticality: 'CRITICAL',
    extra: [{ suffix: 'sql01', name: 'ACME SQL01 (ERP database)', criticality: 'HIGH', environment: 'PRODUCTION' }],
  },
  { key: 'contoso', name: 'Contoso Legal LLP', short: 'CONTOSO', lob: 'Case management', lobCriticality: 'HIGH' },
  {
    key: 'fabrikam',
    name: 'Fabrikam Health Clinics',
    short: 'FABRIKAM',
    lob: 'EHR integration gateway',
    lobCriticality: 'CRITICAL',
    extra: [{ suffix: 'pacs01', name: 'FABRIKAM PACS01 (imaging archive)', criticality: 'CRITICAL', environment: 'PRODUCTION' }],
  },
  { key: 'litware', name: 'Litware Logistics', short: 'LITWARE', lob: 'Warehouse management', lobCriticality: 'HIGH' },
  { key: 'tailspin', name: 'Tailspin Dental Group', short: 'TAILSPIN', lob: 'Practice management', lobCriticality: 'HIGH' },
  { key: 'adatum', name: 'Adatum Accounting', short: 'ADATUM', lob: 'Tax and ledger suite', lobCriticality: 'HIGH' },
  { key: 'wingtip', name: 'Wingtip Toys Retail', short: 'WINGTIP', lob: 'POS back office', lobCriticality: 'MEDIUM' },
  {
    key: 'woodgrove',
    name: 'Woodgrove Credit Union',
    short: 'WOODGROVE',
    lob: 'Core banking middleware',
    lobCriticality: 'CRITICAL',
    extra: [{ suffix: 'fw01', name: 'WOODGROVE FW01 (perimeter firewall)', criticality: 'CRITICAL', environment: 'PRODUCTION' }],
  },
  // Three small clients on the standard RMM package: with them the pooled RMM reaches more than ten tenants.
  { key: 'alpineski', name: 'Alpine Ski House', short: 'ALPINESKI', lob: 'Lift ticketing', lobCriticality: 'MEDIUM' },
  { key: 'fourthcoffee', name: 'Fourth Coffee', short: 'FOURTHCOFFEE', lob: 'Franchise POS hub', lobCriticality: 'MEDIUM' },
  { key: 'margies', name: "Margie's Travel", short: 'MARGIES', lob: 'Booking engine', lobCriticality: 'HIGH' },
  {
    key: 'proseware',
    name: 'Proseware Academy',
    short: 'PROSEWARE',
    lob: 'Student information system',
    lobCriticality: 'HIGH',
    terminatedAt: '2026-06-30T23:59:59Z',
  },
];

const tenants: DemoTenant[] = TENANTS.map((t) =>
  t.terminatedAt
    ? { id: `tenant:${t.key}`, name: t.name, contractStatus: 'TERMINATED', contractEndedAt: t.terminatedAt }
    : { id: `tenant:${t.key}`, name: t.name, contractStatus: 'ACTIVE' },
);

function systemsFor(t: TenantDef): DemoSystem[] {
  const tenantId = `tenant:${t.key}`;
  const list: DemoSystem[] = [
    { id: `system:${t.key}-dc01`, name: `${t.short} DC01 (domain controller)`, tenantId, criticality: 'CRITICAL', environment: 'PRODUCTION' },
    { id: `system:${t.key}-fs01`, name: `${t.short} FS01 (file server)`, tenantId, criticality: 'HIGH', environment: 'PRODUCTION' },
    { id: `system:${t.key}-app01`, name: `${t.short} APP01 (${t.lob})`, tenantId, criticality: t.lobCriticality, environment: 'PRODUCTION' },
    { id: `system:${t.key}-m365`, name: `${t.name} Microsoft 365 tenant`, tenantId, criticality: 'HIGH', environment: 'PRODUCTION' },
    { id: `system:${t.key}-stg01`, name: `${t.short} STG01 (staging / test)`, tenantId, criticality: 'LOW', environment: 'NON_PRODUCTION' },
  ];
  for (const x of t.extra ?? []) {
    list.push({ id: `system:${t.key}-${x.suffix}`, name: x.name, tenantId, criticality: x.criticality, environment: x.environment });
  }
  return list;
}

const systems: DemoSystem[] = TENANTS.flatMap(systemsFor);

// ---------------------------------------------------------------- people and teams

const teams: DemoTeam[] = [
  { id: 'team:noc', name: 'NOC (Network Operations Centre)' },
  { id: 'team:service-desk', name: 'Service Desk' },
  { id: 'team:projects', name: 'Projects & Engineering' },
  { id: 'team:security', name: 'Security Operations' },
  { id: 'team:cab', name: 'Change Advisory Board' },
];

type TeamKey = 'noc' | 'service-desk' | 'projects' | 'security';

/** Team lead who approves the team's day-to-day grants. */
const LEAD: Record<TeamKey, string> = {
  noc: P('oliver-grant'),
  'service-desk': P('nina-berg'),
  projects: P('raj-patel'),
  security: P('priya-shah'),
};

interface TechDef {
  key: string;
  name: string;
  team: TeamKey;
  joined: string;
  lastUsed: string;
  rotated: string;
  mfa?: boolean;
  departedAt?: string;
  /** when membership and USES were revoked at offboarding */
  offboardedAt?: string;
  /** account disabled */
  disabled?: boolean;
}

const TECHS: TechDef[] = [
  { key: 'alice-ng', name: 'Alice Ng', team: 'noc', joined: '2024-02-05T09:00:00Z', lastUsed: '2026-11-26T08:12:00Z', rotated: '2026-10-01T09:00:00Z' },
  { key: 'bob-okafor', name: 'Bob Okafor', team: 'noc', joined: '2024-03-11T09:00:00Z', lastUsed: '2026-11-25T22:40:00Z', rotated: '2026-09-14T09:00:00Z' },
  { key: 'chen-wei', name: 'Chen Wei', team: 'noc', joined: '2024-06-03T09:00:00Z', lastUsed: '2026-11-24T13:05:00Z', rotated: '2026-08-20T09:00:00Z' },
  { key: 'dana-kowalski', name: 'Dana Kowalski', team: 'noc', joined: '2025-01-13T09:00:00Z', lastUsed: '2026-11-26T02:30:00Z', rotated: '2026-11-02T09:00:00Z' },
  { key: 'yusuf-demir', name: 'Yusuf Demir', team: 'noc', joined: '2025-09-01T09:00:00Z', lastUsed: '2026-11-20T16:45:00Z', rotated: '2026-09-01T09:00:00Z' },
  {
    key: 'tom-baker',
    name: 'Tom Baker',
    team: 'noc',
    joined: '2024-01-15T09:00:00Z',
    lastUsed: '2026-10-02T03:17:00Z',
    rotated: '2026-03-01T09:00:00Z',
    mfa: false,
    departedAt: '2026-08-14T17:00:00Z',
  },
  { key: 'emma-silva', name: 'Emma Silva', team: 'service-desk', joined: '2024-04-08T09:00:00Z', lastUsed: '2026-11-26T10:20:00Z', rotated: '2026-10-12T09:00:00Z' },
  { key: 'farid-haddad', name: 'Farid Haddad', team: 'service-desk', joined: '2024-07-22T09:00:00Z', lastUsed: '2026-11-26T11:02:00Z', rotated: '2026-09-30T09:00:00Z' },
  { key: 'grace-obi', name: 'Grace Obi', team: 'service-desk', joined: '2025-02-17T09:00:00Z', lastUsed: '2026-11-25T15:48:00Z', rotated: '2026-07-15T09:00:00Z' },
  { key: 'hugo-martin', name: 'Hugo Martin', team: 'service-desk', joined: '2025-05-05T09:00:00Z', lastUsed: '2026-11-21T09:31:00Z', rotated: '2026-10-20T09:00:00Z' },
  {
    key: 'sara-lind',
    name: 'Sara Lind',
    team: 'service-desk',
    joined: '2024-02-19T09:00:00Z',
    lastUsed: '2025-10-30T16:10:00Z',
    rotated: '2025-07-01T09:00:00Z',
    departedAt: '2025-10-31T17:00:00Z',
    offboardedAt: '2025-10-31T18:00:00Z',
    disabled: true,
  },
  { key: 'ivan-petrov', name: 'Ivan Petrov', team: 'projects', joined: '2024-01-08T09:00:00Z', lastUsed: '2026-11-23T19:55:00Z', rotated: '2026-08-03T09:00:00Z' },
  { key: 'julia-romero', name: 'Julia Romero', team: 'projects', joined: '2024-09-16T09:00:00Z', lastUsed: '2026-11-18T14:00:00Z', rotated: '2026-09-22T09:00:00Z' },
  { key: 'kenji-sato', name: 'Kenji Sato', team: 'projects', joined: '2025-03-03T09:00:00Z', lastUsed: '2026-11-26T17:25:00Z', rotated: '2026-06-10T09:00:00Z', mfa: false },
  { key: 'lena-fischer', name: 'Lena Fischer', team: 'security', joined: '2024-05-13T09:00:00Z', lastUsed: '2026-11-26T07:50:00Z', rotated: '2026-11-01T09:00:00Z' },
  { key: 'marco-rossi', name: 'Marco Rossi', team: 'security', joined: '2025-06-16T09:00:00Z', lastUsed: '2026-11-19T12:10:00Z', rotated: '2026-09-05T09:00:00Z' },
];

function email(key: string, domain: string): string {
  return `${key.replace('-', '.')}@${domain}`;
}

const managers: DemoPerson[] = [
  { id: P('helen-moore'), name: 'Helen Moore', email: email('helen-moore', 'northwind-msp.example'), employer: MSP, status: 'ACTIVE' },
  { id: P('oliver-grant'), name: 'Oliver Grant', email: email('oliver-grant', 'northwind-msp.example'), employer: MSP, status: 'ACTIVE' },
  { id: P('priya-shah'), name: 'Priya Shah', email: email('priya-shah', 'northwind-msp.example'), employer: MSP, status: 'ACTIVE' },
  { id: P('nina-berg'), name: 'Nina Berg', email: email('nina-berg', 'northwind-msp.example'), employer: MSP, status: 'ACTIVE' },
  { id: P('raj-patel'), name: 'Raj Patel', email: email('raj-patel', 'northwind-msp.example'), employer: MSP, status: 'ACTIVE' },
];

const technicians: DemoPerson[] = TECHS.map((t) =>
  t.departedAt
    ? { id: P(t.key), name: t.name, email: email(t.key, 'northwind-msp.example'), employer: MSP, status: 'DEPARTED', departedAt: t.departedAt }
    : { id: P(t.key), name: t.name, email: email(t.key, 'northwind-msp.example'), employer: MSP, status: 'ACTIVE' },
);

const clientPeople: DemoPerson[] = [
  { id: P('karen-wu'), name: 'Karen Wu', email: email('karen-wu', 'acme-mfg.example'), employer: 'Acme Manufacturing', status: 'ACTIVE' },
  { id: P('david-lee'), name: 'David Lee', email: email('david-lee', 'fabrikam-health.example'), employer: 'Fabrikam Health Clinics', status: 'ACTIVE' },
  { id: P('maria-gonzalez'), name: 'Maria Gonzalez', email: email('maria-gonzalez', 'woodgrove-cu.example'), employer: 'Woodgrove Credit Union', status: 'ACTIVE' },
];

const people: DemoPerson[] = [...managers, ...technicians, ...clientPeople];

// ---------------------------------------------------------------- tools

const tools: DemoTool[] = [
  { id: 'tool:rmm', name: 'Northwind RMM', category: 'RMM', pooled: true },
  { id: 'tool:psa', name: 'Northwind PSA (ticketing & billing)', category: 'PSA', pooled: true },
  { id: 'tool:vault', name: 'Shared Credential Vault', category: 'VAULT', pooled: true },
  { id: 'tool:remote', name: 'Remote Support (screen sharing)', category: 'REMOTE_ACCESS', pooled: true },
  { id: 'tool:backup', name: 'Backup Console', category: 'BACKUP', pooled: true },
  { id: 'tool:automation', name: 'Automation Platform (runbooks)', category: 'AUTOMATION', pooled: true },
];

// ---------------------------------------------------------------- identities

const namedAccounts: DemoIdentity[] = [
  ...TECHS.map((t) => ({ key: t.key, lastUsed: t.lastUsed, rotated: t.rotated, mfa: t.mfa ?? true, enabled: !t.disabled })),
  { key: 'oliver-grant', lastUsed: '2026-11-12T10:00:00Z', rotated: '2026-08-01T09:00:00Z', mfa: true, enabled: true },
  { key: 'priya-shah', lastUsed: '2026-11-26T09:15:00Z', rotated: '2026-10-15T09:00:00Z', mfa: true, enabled: true },
].map((a) => ({
  id: `identity:adm-${a.key}`,
  name: `adm-${a.key.replace('-', '.')} (Northwind named admin)`,
  identityKind: 'HUMAN_ACCOUNT' as const,
  enabled: a.enabled,
  lastUsedAt: a.lastUsed,
  credentialRotatedAt: a.rotated,
  mfa: a.mfa,
}));

const BREAK_GLASS_TENANTS = ['acme', 'contoso', 'fabrikam', 'woodgrove'];

const breakGlass: DemoIdentity[] = [
  ...BREAK_GLASS_TENANTS.map(
    (k): DemoIdentity => ({
      id: `identity:bg-${k}`,
      name: `breakglass@${k}.onmicrosoft.com`,
      identityKind: 'BREAK_GLASS',
      enabled: true,
      tenantId: `tenant:${k}`,
      credentialRotatedAt: k === 'fabrikam' ? '2026-11-03T10:00:00Z' : '2026-06-01T09:00:00Z',
      mfa: true,
      ...(k === 'fabrikam' ? { lastUsedAt: '2026-11-02T23:40:00Z' } : {}),
    }),
  ),
  // Set up by the former security lead during an incident; nobody took it over when he left (BREAK_GLASS_NO_OWNER).
  {
    id: 'identity:bg-litware',
    name: 'breakglass@litware.onmicrosoft.com',
    identityKind: 'BREAK_GLASS',
    enabled: true,
    tenantId: 'tenant:litware',
    credentialRotatedAt: '2025-02-03T09:00:00Z',
    mfa: true,
  },
];

const otherIdentities: DemoIdentity[] = [
  {
    id: 'identity:acme-karen-wu',
    name: 'karen.wu@acme-mfg.example (Acme IT admin)',
    identityKind: 'HUMAN_ACCOUNT',
    enabled: true,
    tenantId: 'tenant:acme',
    lastUsedAt: '2026-11-25T08:30:00Z',
    credentialRotatedAt: '2026-09-01T09:00:00Z',
    mfa: true,
  },
  {
    id: 'identity:shared-nwadmin',
    name: 'nwadmin (pooled local administrator)',
    identityKind: 'SHARED_ADMIN',
    enabled: true,
    lastUsedAt: '2026-11-26T01:12:00Z',
    credentialRotatedAt: '2025-12-01T09:00:00Z',
    mfa: false,
  },
  {
    id: 'identity:acme-domain-admin',
    name: 'ACME\\Administrator (shared domain admin)',
    identityKind: 'SHARED_ADMIN',
    enabled: true,
    tenantId: 'tenant:acme',
    lastUsedAt: '2026-11-14T21:05:00Z',
    credentialRotatedAt: '2026-09-30T09:00:00Z',
    mfa: false,
  },
  {
    id: 'identity:svc-backup',
    name: 'svc_nwbackup (backup agent service account, all clients)',
    identityKind: 'SERVICE_ACCOUNT',
    enabled: true,
    lastUsedAt: '2026-11-27T02:00:00Z',
    credentialRotatedAt: '2025-04-10T09:00:00Z',
    mfa: false,
  },
  {
    id: 'identity:svc-sql-reporting',
    name: 'svc_sqlreport (legacy reporting service account)',
    identityKind: 'SERVICE_ACCOUNT',
    enabled: true,
    tenantId: 'tenant:litware',
    lastUsedAt: '2026-11-26T05:00:00Z',
    credentialRotatedAt: '2024-03-18T09:00:00Z',
    mfa: false,
  },
  {
    id: 'identity:svc-vuln-scanner',
    name: 'svc_vulnscan (authenticated vulnerability scanner)',
    identityKind: 'SERVICE_ACCOUNT',
    enabled: true,
    lastUsedAt: '2026-11-24T01:00:00Z',
    credentialRotatedAt: '2026-10-01T09:00:00Z',
    mfa: false,
  },
  {
    id: 'identity:api-psa-m365',
    name: 'PSA -> Microsoft Graph integration key',
    identityKind: 'API_KEY',
    enabled: true,
    lastUsedAt: '2026-11-27T06:00:00Z',
    credentialRotatedAt: '2025-05-12T09:00:00Z',
    credentialExpiresAt: '2027-05-12T09:00:00Z',
  },
  {
    id: 'identity:api-rmm-psa',
    name: 'RMM <-> PSA sync API key',
    identityKind: 'API_KEY',
    enabled: true,
    lastUsedAt: '2026-11-27T06:05:00Z',
    credentialRotatedAt: '2026-07-01T09:00:00Z',
    credentialExpiresAt: '2027-07-01T09:00:00Z',
  },
  {
    id: 'identity:api-legacy-monitoring',
    name: 'Legacy monitoring API key (decommissioned)',
    identityKind: 'API_KEY',
    enabled: false,
    lastUsedAt: '2025-11-30T23:00:00Z',
    credentialRotatedAt: '2024-06-01T09:00:00Z',
    credentialExpiresAt: '2026-06-01T09:00:00Z',
  },
  {
    id: 'identity:auto-patch-runner',
    name: 'patch-runner (automation platform runner)',
    identityKind: 'AUTOMATION',
    enabled: true,
    lastUsedAt: '2026-11-26T03:00:00Z',
    credentialRotatedAt: '2026-08-15T09:00:00Z',
  },
];

const identities: DemoIdentity[] = [...namedAccounts, ...breakGlass, ...otherIdentities];

// ---------------------------------------------------------------- roles

const roles: DemoRole[] = [
  { id: 'role:rmm-super-admin', name: 'RMM Super Admin', privileged: true },
  { id: 'role:rmm-technician', name: 'RMM Technician', privileged: false },
  { id: 'role:psa-user', name: 'PSA user', privileged: false },
  { id: 'role:psa-admin', name: 'PSA administrator', privileged: true },
  { id: 'role:vault-user', name: 'Vault user (shared folders)', privileged: false },
  { id: 'role:vault-admin', name: 'Vault administrator', privileged: true },
  { id: 'role:remote-support', name: 'Remote support operator', privileged: false },
  { id: 'role:backup-operator', name: 'Backup operator', privileged: false },
  { id: 'role:runbook-author', name: 'Runbook author', privileged: true },
  { id: 'role:emergency-change', name: 'Emergency Change Operator', privileged: true },
  ...TENANTS.map((t) => ({
    id: `role:ga-${t.key}`,
    name: `Global Administrator in ${t.name}`,
    privileged: true,
    tenantId: `tenant:${t.key}`,
  })),
  ...['contoso', 'tailspin', 'adatum', 'wingtip'].map((k) => ({
    id: `role:helpdesk-${k}`,
    name: `Helpdesk operator in ${TENANTS.find((t) => t.key === k)?.name ?? k}`,
    privileged: false,
    tenantId: `tenant:${k}`,
  })),
];

// ---------------------------------------------------------------- ownerships

const own = (owner: string, entityId: string, role: OwnerRole, since: string): DemoOwnership => ({
  ownerId: owner,
  entityId,
  role,
  since,
});

const ownerships: DemoOwnership[] = [
  // tools
  own(P('oliver-grant'), 'tool:rmm', 'PLATFORM_OWNER', '2024-01-02T09:00:00Z'),
  own(P('nina-berg'), 'tool:psa', 'PLATFORM_OWNER', '2024-01-02T09:00:00Z'),
  own(P('priya-shah'), 'tool:vault', 'PLATFORM_OWNER', '2024-01-02T09:00:00Z'),
  own(P('nina-berg'), 'tool:remote', 'PLATFORM_OWNER', '2024-02-01T09:00:00Z'),
  own(P('raj-patel'), 'tool:backup', 'PLATFORM_OWNER', '2024-01-02T09:00:00Z'),
  own(P('raj-patel'), 'tool:automation', 'PLATFORM_OWNER', '2024-06-01T09:00:00Z'),
  own('team:cab', 'tool:automation', 'SERVICE_OWNER', '2024-06-01T09:00:00Z'),
  // named admin accounts: owned by the team lead
  ...TECHS.map((t) => own(LEAD[t.team], `identity:adm-${t.key}`, 'SERVICE_OWNER', t.joined)),
  own(P('helen-moore'), 'identity:adm-oliver-grant', 'SERVICE_OWNER', '2024-01-02T09:00:00Z'),
  own(P('helen-moore'), 'identity:adm-priya-shah', 'SERVICE_OWNER', '2024-01-02T09:00:00Z'),
  own(P('karen-wu'), 'identity:acme-karen-wu', 'CLIENT_SERVICE_OWNER', '2024-03-01T09:00:00Z'),
  // break-glass: security lead, plus the client where they insisted
  ...BREAK_GLASS_TENANTS.map((k) => own(P('priya-shah'), `identity:bg-${k}`, 'SERVICE_OWNER', '2024-04-01T09:00:00Z')),
  own(P('karen-wu'), 'identity:bg-acme', 'CLIENT_SERVICE_OWNER', '2024-04-01T09:00:00Z'),
  own(P('maria-gonzalez'), 'identity:bg-woodgrove', 'CLIENT_SERVICE_OWNER', '2024-04-01T09:00:00Z'),
  own(P('tom-baker'), 'identity:bg-litware', 'SERVICE_OWNER', '2025-02-03T09:00:00Z'), // only owner departed
  // shared and non-human identities
  own(P('oliver-grant'), 'identity:shared-nwadmin', 'SERVICE_OWNER', '2024-01-15T09:00:00Z'),
  own(P('raj-patel'), 'identity:acme-domain-admin', 'SERVICE_OWNER', '2024-03-01T09:00:00Z'),
  own(P('karen-wu'), 'identity:acme-domain-admin', 'CLIENT_SERVICE_OWNER', '2024-03-01T09:00:00Z'),
  own(P('raj-patel'), 'identity:svc-backup', 'SERVICE_OWNER', '2024-02-01T09:00:00Z'),
  // identity:svc-sql-reporting: deliberately no owner (NO_OWNER)
  own(P('lena-fischer'), 'identity:svc-vuln-scanner', 'SERVICE_OWNER', '2024-07-01T09:00:00Z'),
  own(P('tom-baker'), 'identity:api-psa-m365', 'SERVICE_OWNER', '2024-05-10T09:00:00Z'), // only owner departed
  own(P('oliver-grant'), 'identity:api-rmm-psa', 'SERVICE_OWNER', '2024-02-15T09:00:00Z'),
  own(P('oliver-grant'), 'identity:api-legacy-monitoring', 'SERVICE_OWNER', '2024-06-01T09:00:00Z'),
  own(P('raj-patel'), 'identity:auto-patch-runner', 'SERVICE_OWNER', '2024-06-01T09:00:00Z'),
  own('team:cab', 'identity:auto-patch-runner', 'SERVICE_OWNER', '2024-06-01T09:00:00Z'),
  // roles
  own(P('oliver-grant'), 'role:rmm-super-admin', 'SERVICE_OWNER', '2024-01-02T09:00:00Z'),
  own(P('oliver-grant'), 'role:rmm-technician', 'SERVICE_OWNER', '2024-01-02T09:00:00Z'),
  own(P('nina-berg'), 'role:psa-user', 'SERVICE_OWNER', '2024-01-02T09:00:00Z'),
  own(P('nina-berg'), 'role:psa-admin', 'SERVICE_OWNER', '2024-01-02T09:00:00Z'),
  own(P('priya-shah'), 'role:vault-user', 'SERVICE_OWNER', '2024-01-02T09:00:00Z'),
  own(P('priya-shah'), 'role:vault-admin', 'SERVICE_OWNER', '2024-01-02T09:00:00Z'),
  own(P('nina-berg'), 'role:remote-support', 'SERVICE_OWNER', '2024-02-01T09:00:00Z'),
  own(P('raj-patel'), 'role:backup-operator', 'SERVICE_OWNER', '2024-01-02T09:00:00Z'),
  own(P('raj-patel'), 'role:runbook-author', 'SERVICE_OWNER', '2024-06-01T09:00:00Z'),
  own('team:cab', 'role:emergency-change', 'SERVICE_OWNER', '2024-09-01T09:00:00Z'), // committee only
  ...TENANTS.map((t) => own(P('raj-patel'), `role:ga-${t.key}`, 'SERVICE_OWNER', '2024-01-02T09:00:00Z')),
  own(P('karen-wu'), 'role:ga-acme', 'CLIENT_SERVICE_OWNER', '2024-03-01T09:00:00Z'),
  own(P('maria-gonzalez'), 'role:ga-woodgrove', 'CLIENT_SERVICE_OWNER', '2024-03-01T09:00:00Z'),
  ...['contoso', 'tailspin', 'adatum', 'wingtip'].map((k) =>
    own(P('nina-berg'), `role:helpdesk-${k}`, 'SERVICE_OWNER', '2024-02-01T09:00:00Z'),
  ),
];

// ---------------------------------------------------------------- access records

const access: DemoAccess[] = [];
const add = (...records: DemoAccess[]): void => {
  access.push(...records);
};

// Team membership and the technicians' own named accounts.
for (const t of TECHS) {
  const lead = LEAD[t.team];
  const revoked = t.offboardedAt ? { revokedAt: t.offboardedAt } : {};
  add(
    rec('MEMBER_OF', P(t.key), `team:${t.team}`, {
      justification: `Onboarding: ${t.team} technician`,
      requestedById: lead,
      approvedById: lead,
      grantedAt: t.joined,
      ...(t.departedAt ? {} : { lastCertifiedAt: '2026-10-01T09:00:00Z', certifiedById: lead }),
      ...revoked,
    }),
    rec('USES', P(t.key), `identity:adm-${t.key}`, {
      justification: `Named admin account for ${t.name}`,
      requestedById: lead,
      approvedById: lead,
      grantedAt: shift(t.joined, 1),
      lastUsedAt: t.lastUsed,
      ...revoked,
    }),
  );
}

add(
  rec('MEMBER_OF', P('chen-wei'), 'team:projects', {
    justification: 'Seconded to Projects for the Litware warehouse migration',
    requestedById: P('raj-patel'),
    approvedById: P('oliver-grant'),
    grantedAt: '2026-01-12T09:00:00Z',
    expiresAt: '2026-06-30T17:00:00Z', // expired, never removed
  }),
  rec('MEMBER_OF', P('priya-shah'), 'team:security', {
    justification: 'Security lead',
    approvedById: P('helen-moore'),
    grantedAt: '2024-01-02T09:00:00Z',
  }),
  ...['helen-moore', 'oliver-grant', 'priya-shah', 'nina-berg', 'raj-patel'].map((k) =>
    rec('MEMBER_OF', P(k), 'team:cab', {
      justification: 'Standing member of the Change Advisory Board',
      approvedById: P('helen-moore'),
      grantedAt: '2024-06-01T09:00:00Z',
    }),
  ),
  rec('USES', P('oliver-grant'), 'identity:adm-oliver-grant', {
    justification: 'Named admin account for Oliver Grant',
    approvedById: P('helen-moore'),
    grantedAt: '2024-01-03T09:00:00Z',
    lastUsedAt: '2026-11-12T10:00:00Z',
  }),
  rec('USES', P('priya-shah'), 'identity:adm-priya-shah', {
    justification: 'Named admin account for Priya Shah',
    approvedById: P('helen-moore'),
    grantedAt: '2024-01-03T09:00:00Z',
    lastUsedAt: '2026-11-26T09:15:00Z',
  }),
  rec('USES', P('karen-wu'), 'identity:acme-karen-wu', {
    justification: "Client's own IT administrator",
    approvedById: P('karen-wu'),
    grantedAt: '2024-03-01T09:00:00Z',
    lastUsedAt: '2026-11-25T08:30:00Z',
  }),
  // NO_APPROVAL: the NOC shares the pooled local admin, nobody approved it.
  rec('USES', 'team:noc', 'identity:shared-nwadmin', {
    privileged: true,
    justification: 'Out-of-hours break-fix on client servers',
    requestedById: P('tom-baker'),
    grantedAt: '2024-02-01T09:00:00Z',
    lastUsedAt: '2026-11-26T01:12:00Z',
  }),
  // NO_JUSTIFICATION: an engineer signs in as the backup service account.
  rec('USES', P('ivan-petrov'), 'identity:svc-backup', {
    privileged: true,
    requestedById: P('ivan-petrov'),
    approvedById: P('raj-patel'),
    grantedAt: '2025-03-20T09:00:00Z',
    lastUsedAt: '2026-11-10T20:30:00Z',
  }),
);

// Roles held by named accounts.
interface RoleGrant {
  who: string; // person key of the named account
  role: string; // role key
  gov?: Governance;
  /** requested, never approved */
  unapproved?: boolean;
}

const CERT_RECENT = { lastCertifiedAt: '2026-10-15T09:00:00Z', certifiedById: P('priya-shah') };
const CERT_OLD = { lastCertifiedAt: '2025-11-20T09:00:00Z', certifiedById: P('priya-shah') };

const ROLE_GRANTS: RoleGrant[] = [
  { who: 'alice-ng', role: 'rmm-super-admin', gov: { ...CERT_RECENT, expiresAt: '2027-02-28T17:00:00Z' } },
  { who: 'alice-ng', role: 'vault-user' },
  { who: 'alice-ng', role: 'ga-acme', gov: { ...CERT_RECENT, approvedById: P('karen-wu'), justification: 'Acme escalations (tier 3)' } },
  { who: 'bob-okafor', role: 'rmm-technician' },
  { who: 'bob-okafor', role: 'vault-user' },
  { who: 'bob-okafor', role: 'remote-support' },
  { who: 'chen-wei', role: 'rmm-technician' },
  { who: 'chen-wei', role: 'runbook-author', gov: { ...CERT_OLD } },
  { who: 'chen-wei', role: 'ga-litware', gov: { approvedById: P('raj-patel'), justification: 'Litware warehouse migration (CHG-2231)', expiresAt: '2027-01-31T17:00:00Z' } },
  { who: 'dana-kowalski', role: 'rmm-technician' },
  { who: 'dana-kowalski', role: 'backup-operator' },
  { who: 'yusuf-demir', role: 'rmm-technician' },
  { who: 'yusuf-demir', role: 'remote-support' },
  { who: 'yusuf-demir', role: 'psa-user' },
  { who: 'tom-baker', role: 'rmm-super-admin', gov: { ...CERT_OLD } },
  { who: 'tom-baker', role: 'vault-user' },
  { who: 'tom-baker', role: 'ga-proseware', gov: { approvedById: P('raj-patel'), justification: 'Proseware onboarding' } },
  { who: 'tom-baker', role: 'ga-tailspin', gov: { approvedById: P('raj-patel'), justification: 'Tailspin server refresh' } },
  { who: 'emma-silva', role: 'psa-user' },
  { who: 'emma-silva', role: 'remote-support' },
  { who: 'emma-silva', role: 'helpdesk-contoso' },
  { who: 'farid-haddad', role: 'psa-user' },
  { who: 'farid-haddad', role: 'remote-support' },
  { who: 'farid-haddad', role: 'helpdesk-tailspin' },
  { who: 'grace-obi', role: 'psa-user' },
  { who: 'grace-obi', role: 'helpdesk-adatum' },
  { who: 'grace-obi', role: 'vault-user', gov: { justification: 'Cover for NOC during summer holidays', expiresAt: '2026-10-31T17:00:00Z' } },
  { who: 'hugo-martin', role: 'psa-user' },
  { who: 'hugo-martin', role: 'remote-support' },
  { who: 'hugo-martin', role: 'helpdesk-wingtip' },
  // Sara's account is disabled, but its roles were never revoked.
  { who: 'sara-lind', role: 'psa-user' },
  { who: 'sara-lind', role: 'remote-support' },
  { who: 'sara-lind', role: 'ga-contoso', gov: { approvedById: P('raj-patel'), justification: 'Contoso M365 licensing project' } },
  { who: 'ivan-petrov', role: 'ga-acme', gov: { ...CERT_RECENT, approvedById: P('karen-wu'), justification: 'Acme ERP upgrade project' } },
  { who: 'ivan-petrov', role: 'ga-fabrikam', gov: { approvedById: P('raj-patel'), justification: 'Fabrikam clinic rollout', expiresAt: '2027-03-31T17:00:00Z' } },
  { who: 'ivan-petrov', role: 'backup-operator' },
  {
    who: 'julia-romero',
    role: 'ga-contoso',
    gov: { approvedById: P('raj-patel'), justification: 'Contoso tenant-to-tenant migration', expiresAt: '2026-09-30T17:00:00Z' }, // expired
  },
  { who: 'julia-romero', role: 'ga-wingtip', gov: { approvedById: P('raj-patel'), justification: 'Wingtip POS cloud migration', expiresAt: '2027-04-30T17:00:00Z' } },
  { who: 'julia-romero', role: 'runbook-author', gov: { ...CERT_RECENT } },
  // NO_APPROVAL: Kenji's Global Admin at Woodgrove was requested and never approved.
  {
    who: 'kenji-sato',
    role: 'ga-woodgrove',
    gov: { justification: 'Woodgrove core banking cut-over support' },
    unapproved: true,
  },
  { who: 'kenji-sato', role: 'ga-litware', gov: { approvedById: P('raj-patel'), justification: 'Litware warehouse migration (CHG-2231)', expiresAt: '2027-01-31T17:00:00Z' } },
  { who: 'lena-fischer', role: 'vault-admin', gov: { ...CERT_RECENT } },
  { who: 'lena-fischer', role: 'ga-fabrikam', gov: { ...CERT_RECENT, approvedById: P('david-lee'), justification: 'Fabrikam incident response retainer' } },
  { who: 'lena-fischer', role: 'psa-user' },
  { who: 'marco-rossi', role: 'vault-user' },
  { who: 'marco-rossi', role: 'rmm-technician', gov: { revokedAt: '2026-05-04T12:00:00Z' } },
  { who: 'marco-rossi', role: 'ga-woodgrove', gov: { ...CERT_RECENT, approvedById: P('maria-gonzalez'), justification: 'Woodgrove SOC monitoring' } },
  { who: 'priya-shah', role: 'vault-admin', gov: { ...CERT_RECENT, approvedById: P('helen-moore') } },
  { who: 'priya-shah', role: 'ga-woodgrove', gov: { ...CERT_RECENT, approvedById: P('maria-gonzalez'), justification: 'Woodgrove security lead contact' } },
  // Self-approved: Oliver approved his own RMM Super Admin.
  { who: 'oliver-grant', role: 'rmm-super-admin', gov: { approvedById: P('oliver-grant'), justification: 'RMM platform owner break-fix' } },
  { who: 'oliver-grant', role: 'psa-admin', gov: { approvedById: P('helen-moore'), justification: 'PSA escalation admin', ...CERT_OLD } },
];

const ROLE_PRIVILEGED = new Map(roles.map((r) => [r.id, r.privileged === true]));
const TECH_BY_KEY = new Map(TECHS.map((t) => [t.key, t]));

ROLE_GRANTS.forEach((g, i) => {
  const tech = TECH_BY_KEY.get(g.who);
  const lead = tech ? LEAD[tech.team] : P('helen-moore');
  const roleId = `role:${g.role}`;
  const grantedAt = shift(tech ? tech.joined : '2024-01-05T09:00:00Z', 3 + (i % 5) * 17);
  const base: Governance = {
    privileged: ROLE_PRIVILEGED.get(roleId) ?? false,
    justification: `Day-to-day ${g.role.replace(/-/g, ' ')} duties`,
    requestedById: P(g.who),
    approvedById: lead,
    grantedAt,
    lastUsedAt: shift('2026-11-26T09:00:00Z', -((i * 7) % 40)),
  };
  const gov: Governance = { ...base, ...(g.gov ?? {}) };
  if (g.unapproved) delete gov.approvedById;
  if (gov.revokedAt) delete gov.lastUsedAt;
  add(rec('HAS_ROLE', `identity:adm-${g.who}`, roleId, gov));
});

// Team-level roles.
add(
  rec('HAS_ROLE', 'team:noc', 'role:rmm-technician', {
    justification: 'All NOC staff monitor and patch through the RMM',
    approvedById: P('oliver-grant'),
    grantedAt: '2024-01-10T09:00:00Z',
  }),
  rec('HAS_ROLE', 'team:noc', 'role:vault-user', {
    justification: 'NOC needs the shared on-call credentials folder',
    approvedById: P('priya-shah'),
    grantedAt: '2024-01-10T09:00:00Z',
  }),
  rec('HAS_ROLE', 'team:service-desk', 'role:psa-user', {
    justification: 'Ticket handling',
    approvedById: P('nina-berg'),
    grantedAt: '2024-01-10T09:00:00Z',
  }),
  rec('HAS_ROLE', 'team:service-desk', 'role:remote-support', {
    justification: 'End-user remote support sessions',
    approvedById: P('nina-berg'),
    grantedAt: '2024-02-05T09:00:00Z',
  }),
  rec('HAS_ROLE', 'team:projects', 'role:emergency-change', {
    privileged: true,
    justification: 'CAB policy CAB-07: projects may run emergency changes',
    approvedById: P('helen-moore'),
    grantedAt: '2024-09-02T09:00:00Z',
  }),
  rec('HAS_ROLE', 'team:security', 'role:vault-user', {
    justification: 'Security reviews vault entries',
    approvedById: P('priya-shah'),
    grantedAt: '2024-05-20T09:00:00Z',
  }),
);

// What roles grant.
const grant = (roleKey: string, toId: string, approver: string, grantedAt: string, extra: Governance = {}): DemoAccess =>
  rec('GRANTS', `role:${roleKey}`, toId, {
    privileged: ROLE_PRIVILEGED.get(`role:${roleKey}`) ?? false,
    justification: `Role definition: ${roleKey.replace(/-/g, ' ')}`,
    approvedById: approver,
    grantedAt,
    ...extra,
  });

add(
  grant('rmm-super-admin', 'tool:rmm', P('oliver-grant'), '2024-01-05T09:00:00Z'),
  grant('rmm-technician', 'tool:rmm', P('oliver-grant'), '2024-01-05T09:00:00Z'),
  grant('psa-user', 'tool:psa', P('nina-berg'), '2024-01-05T09:00:00Z'),
  grant('psa-admin', 'tool:psa', P('nina-berg'), '2024-01-05T09:00:00Z'),
  grant('vault-user', 'tool:vault', P('priya-shah'), '2024-01-05T09:00:00Z'),
  grant('vault-admin', 'tool:vault', P('priya-shah'), '2024-01-05T09:00:00Z'),
  grant('remote-support', 'tool:remote', P('nina-berg'), '2024-02-01T09:00:00Z'),
  grant('backup-operator', 'tool:backup', P('raj-patel'), '2024-01-05T09:00:00Z'),
  grant('runbook-author', 'tool:automation', P('raj-patel'), '2024-06-01T09:00:00Z'),
  grant('emergency-change', 'tool:automation', P('helen-moore'), '2024-09-01T09:00:00Z'),
  grant('emergency-change', 'system:woodgrove-fw01', P('helen-moore'), '2024-09-01T09:00:00Z', {
    justification: 'Emergency firewall changes outside the change window',
  }),
  ...TENANTS.map((t) =>
    grant(`ga-${t.key}`, `tenant:${t.key}`, P('raj-patel'), '2024-01-05T09:00:00Z', {
      justification: `Delegated Global Administrator over ${t.name}`,
    }),
  ),
  ...['contoso', 'tailspin', 'adatum', 'wingtip'].map((k) =>
    grant(`helpdesk-${k}`, `system:${k}-m365`, P('nina-berg'), '2024-02-01T09:00:00Z', {
      justification: 'Password resets and mailbox changes',
    }),
  ),
);

// Pooled tools: RMM agents, remote support, vault entries, stored keys.
const RMM_TENANTS = ['acme', 'contoso', 'fabrikam', 'litware', 'tailspin', 'adatum', 'wingtip', 'proseware', 'alpineski', 'fourthcoffee', 'margies'];
RMM_TENANTS.forEach((k, i) => {
  add(
    rec('CAN_ACCESS', 'tool:rmm', `tenant:${k}`, {
      privileged: true,
      justification: `RMM agents (SYSTEM) on all ${k} endpoints per managed services contract`,
      approvedById: P('oliver-grant'),
      grantedAt: shift('2024-01-20T09:00:00Z', i * 23),
      lastUsedAt: '2026-11-27T04:00:00Z',
      ...(i % 2 === 0 ? CERT_RECENT : {}),
    }),
  );
});

const REMOTE_TENANTS = ['acme', 'contoso', 'tailspin', 'adatum', 'litware'];
REMOTE_TENANTS.forEach((k, i) => {
  add(
    rec('CAN_ACCESS', 'tool:remote', `tenant:${k}`, {
      justification: `Remote support agent deployed at ${k}`,
      approvedById: P('nina-berg'),
      grantedAt: shift('2024-02-10T09:00:00Z', i * 11),
      lastUsedAt: shift('2026-11-26T10:00:00Z', -i),
    }),
  );
});
add(
  rec('CAN_ACCESS', 'tool:remote', 'tenant:wingtip', {
    justification: 'Remote support agent deployed at wingtip',
    approvedById: P('nina-berg'),
    grantedAt: '2024-03-15T09:00:00Z',
    revokedAt: '2025-09-01T09:00:00Z', // Wingtip moved to in-store kiosks without agents
  }),
);

add(
  rec('CAN_ACCESS', 'identity:bg-litware', 'tenant:litware', {
    privileged: true,
    justification: 'Emergency access during the Litware federation outage (INC-4410)',
    approvedById: P('tom-baker'),
    grantedAt: '2025-02-03T09:00:00Z',
  }),
);

const VAULTED = [
  ...BREAK_GLASS_TENANTS.map((k) => `identity:bg-${k}`),
  'identity:bg-litware',
  'identity:shared-nwadmin',
  'identity:acme-domain-admin',
  'identity:svc-sql-reporting',
  'identity:svc-vuln-scanner',
];
VAULTED.forEach((id, i) => {
  add(
    rec('CAN_ACCESS', 'tool:vault', id, {
      privileged: true,
      justification: id.startsWith('identity:bg-')
        ? 'Break-glass credential escrowed in the vault (sealed entry)'
        : 'Credential stored in the shared vault',
      approvedById: P('priya-shah'),
      grantedAt: shift('2024-04-01T09:00:00Z', i * 9),
    }),
  );
});

add(
  rec('CAN_ACCESS', 'tool:psa', 'identity:api-psa-m365', {
    privileged: true,
    justification: 'PSA stores the Graph key to sync contacts and licences',
    approvedById: P('nina-berg'),
    grantedAt: '2024-05-12T09:00:00Z',
  }),
  rec('CAN_ACCESS', 'tool:psa', 'identity:api-rmm-psa', {
    privileged: true,
    justification: 'PSA stores the RMM sync key (tickets from alerts)',
    approvedById: P('oliver-grant'),
    grantedAt: '2024-02-15T09:00:00Z',
  }),
  rec('CAN_ACCESS', 'identity:api-rmm-psa', 'tool:rmm', {
    privileged: true,
    justification: 'Sync alerts and device inventory',
    approvedById: P('oliver-grant'),
    grantedAt: '2024-02-15T09:00:00Z',
    lastUsedAt: '2026-11-27T06:05:00Z',
  }),
  rec('CAN_ACCESS', 'tool:backup', 'identity:svc-backup', {
    privileged: true,
    justification: 'Backup console runs agents as the backup service account',
    approvedById: P('raj-patel'),
    grantedAt: '2024-02-01T09:00:00Z',
  }),
  rec('CAN_ACCESS', 'tool:automation', 'identity:auto-patch-runner', {
    privileged: true,
    justification: 'Runbooks execute as the patch runner',
    approvedById: P('raj-patel'),
    grantedAt: '2024-06-01T09:00:00Z',
  }),
);

// Identities reaching client tenants and systems.
BREAK_GLASS_TENANTS.forEach((k) => {
  add(
    rec('CAN_ACCESS', `identity:bg-${k}`, `tenant:${k}`, {
      privileged: true,
      justification: 'Emergency access when federation or MFA is down',
      approvedById: P('priya-shah'),
      grantedAt: '2024-04-01T09:00:00Z',
      ...CERT_RECENT,
      ...(k === 'fabrikam' ? { lastUsedAt: '2026-11-02T23:40:00Z' } : {}),
    }),
  );
});

const api = (fromId: string, toId: string, gov: Governance): DemoAccess => rec('CAN_ACCESS', fromId, toId, { privileged: true, ...gov });

add(
  ...['contoso', 'wingtip', 'adatum'].map((k, i) =>
    api('identity:api-psa-m365', `system:${k}-m365`, {
      justification: 'Microsoft Graph: read users and licences for billing',
      approvedById: P('tom-baker'),
      grantedAt: shift('2024-05-12T09:00:00Z', i * 30),
      lastUsedAt: '2026-11-27T06:00:00Z',
    }),
  ),
  api('identity:api-legacy-monitoring', 'tenant:litware', {
    justification: 'Legacy SNMP/WMI monitoring before the RMM',
    approvedById: P('oliver-grant'),
    grantedAt: '2024-01-20T09:00:00Z',
  }),
  api('identity:api-legacy-monitoring', 'system:fabrikam-app01', {
    justification: 'Legacy EHR gateway health checks',
    approvedById: P('oliver-grant'),
    grantedAt: '2024-01-20T09:00:00Z',
  }),
  api('identity:acme-karen-wu', 'tenant:acme', {
    justification: "Client's own administrator",
    approvedById: P('karen-wu'),
    grantedAt: '2024-03-01T09:00:00Z',
    lastUsedAt: '2026-11-25T08:30:00Z',
  }),
  api('identity:svc-vuln-scanner', 'tenant:fabrikam', {
    justification: 'Monthly authenticated vulnerability scan (HIPAA)',
    approvedById: P('david-lee'),
    grantedAt: '2024-07-01T09:00:00Z',
    lastUsedAt: '2026-11-24T01:00:00Z',
  }),
  api('identity:svc-vuln-scanner', 'tenant:woodgrove', {
    justification: 'Quarterly authenticated vulnerability scan (NCUA)',
    approvedById: P('maria-gonzalez'),
    grantedAt: '2024-07-01T09:00:00Z',
    lastUsedAt: '2026-10-05T01:00:00Z',
  }),
);

// Pooled local admin across four tenants.
const NWADMIN_TARGETS = ['tailspin-app01', 'adatum-fs01', 'adatum-app01', 'wingtip-app01', 'litware-fs01'];
NWADMIN_TARGETS.forEach((s, i) => {
  add(
    api('identity:shared-nwadmin', `system:${s}`, {
      justification: 'Local administrator for break-fix',
      approvedById: P('oliver-grant'),
      grantedAt: shift('2024-01-25T09:00:00Z', i * 14),
    }),
  );
});
// NO_JUSTIFICATION: nobody recorded why the pooled admin is on Tailspin's file server.
add(
  api('identity:shared-nwadmin', 'system:tailspin-fs01', {
    approvedById: P('oliver-grant'),
    grantedAt: '2025-02-03T09:00:00Z',
    lastUsedAt: '2026-11-26T01:12:00Z',
  }),
);

add(
  ...['dc01', 'fs01', 'sql01'].map((s) =>
    api('identity:acme-domain-admin', `system:acme-${s}`, {
      justification: 'Acme domain administrator',
      approvedById: P('karen-wu'),
      grantedAt: '2024-03-01T09:00:00Z',
      ...CERT_OLD,
    }),
  ),
  // The forgotten legacy service account (NO_OWNER).
  ...['app01', 'stg01'].map((s) =>
    api('identity:svc-sql-reporting', `system:litware-${s}`, {
      justification: 'Nightly warehouse reports (legacy)',
      approvedById: P('tom-baker'),
      grantedAt: '2024-03-18T09:00:00Z',
      lastUsedAt: '2026-11-26T05:00:00Z',
    }),
  ),
);

// Backup service account reused across tenants (including the terminated one).
const BACKUP_TARGETS = ['acme-fs01', 'acme-sql01', 'contoso-fs01', 'litware-fs01', 'tailspin-fs01', 'adatum-fs01', 'proseware-fs01'];
BACKUP_TARGETS.forEach((s, i) => {
  add(
    api('identity:svc-backup', `system:${s}`, {
      justification: 'Nightly image-level backup',
      approvedById: P('raj-patel'),
      grantedAt: shift('2024-02-05T09:00:00Z', i * 19),
      lastUsedAt: '2026-11-27T02:00:00Z',
    }),
  );
});

// Patch runner: production servers at five tenants, and two staging boxes.
const PATCH_TENANTS = ['acme', 'contoso', 'litware', 'tailspin', 'wingtip'];
PATCH_TENANTS.forEach((k, i) => {
  for (const s of ['dc01', 'fs01']) {
    add(
      api('identity:auto-patch-runner', `system:${k}-${s}`, {
        justification: 'Monthly patch window (CAB-approved standard change)',
        approvedById: P('raj-patel'),
        grantedAt: shift('2024-06-03T09:00:00Z', i * 7),
        lastUsedAt: '2026-11-26T03:00:00Z',
        ...(s === 'dc01' ? CERT_RECENT : {}),
      }),
    );
  }
});
add(
  ...['acme-stg01', 'litware-stg01'].map((s) =>
    api('identity:auto-patch-runner', `system:${s}`, {
      privileged: false,
      justification: 'Patch pilot ring',
      approvedById: P('raj-patel'),
      grantedAt: '2024-06-03T09:00:00Z',
      lastUsedAt: '2026-11-19T03:00:00Z',
    }),
  ),
);

// Direct grants on named accounts.
add(
  api('identity:adm-julia-romero', 'system:wingtip-stg01', {
    privileged: false,
    justification: 'Test POS cloud migration',
    approvedById: P('raj-patel'),
    grantedAt: '2026-03-02T09:00:00Z',
    expiresAt: '2027-03-31T17:00:00Z',
  }),
  api('identity:adm-ivan-petrov', 'system:fabrikam-pacs01', {
    justification: 'PACS storage expansion',
    requestedById: P('ivan-petrov'),
    approvedById: P('david-lee'),
    grantedAt: '2026-09-14T09:00:00Z',
    expiresAt: '2026-12-31T17:00:00Z',
  }),
  api('identity:adm-kenji-sato', 'system:woodgrove-app01', {
    justification: 'Core banking middleware upgrade',
    approvedById: P('maria-gonzalez'),
    grantedAt: '2025-04-07T09:00:00Z',
    revokedAt: '2025-06-30T17:00:00Z',
  }),
  api('identity:adm-chen-wei', 'system:litware-stg01', {
    privileged: false,
    justification: 'Migration rehearsal',
    approvedById: P('raj-patel'),
    grantedAt: '2026-01-14T09:00:00Z',
  }),
  api('identity:adm-lena-fischer', 'tool:vault', {
    justification: 'Vault audit log export',
    approvedById: P('priya-shah'),
    grantedAt: '2024-06-01T09:00:00Z',
    ...CERT_RECENT,
  }),
);

// ---------------------------------------------------------------- the export

export const demoGraph: DemoIngestInput = {
  source: 'demo:northwind-managed-services',
  people,
  teams,
  identities,
  tools,
  roles,
  tenants,
  systems,
  ownerships,
  access,
};

/** One caller per role for trying the demo (npm start prints a token for each). */
/** The demo's callers; `console` is the console view (query string) each one's printed link opens. */
export const demoCallers: { sub: string; role: 'ADMIN' | 'ANALYST' | 'OWNER' | 'TENANT_AUDITOR' | 'INGEST'; person?: string; tenant?: string; note: string; console?: string }[] = [
  { sub: 'demo-admin', role: 'ADMIN', note: 'everything, including ingest and API keys', console: '?v=blast&from=tool%3Armm' },
  { sub: 'demo-analyst', role: 'ANALYST', note: 'reads the whole graph', console: '?v=blast&from=tool%3Armm' },
  { sub: 'demo-owner-raj', role: 'OWNER', person: P('raj-patel'), note: 'Raj Patel: what his identities, tools and roles reach', console: '?v=mine' },
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
