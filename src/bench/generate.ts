/**
 * A synthetic MSP for benchmarks and tests: `generate(scale, seed)` returns an
 * IngestInput in the shape of a real managed service provider, the same for
 * the same (scale, seed) on every machine (a seeded PRNG, a fixed epoch: no
 * Math.random, no clock). It is valid for ingest by construction (ids unique
 * across every list, references point at records of the right kind, access
 * kinds only between the kinds domain.md allows, every System in a Tenant,
 * nothing revoked before it was granted); test/generate.test.ts proves it
 * against the real validation.
 *
 * The shape (counts per scale: SHAPES below; docs/generator.md):
 * - Tenants (a few % TERMINATED, some still reachable), each with 8..32
 *   systems: a domain controller, Microsoft 365, a firewall, file, backup, SQL
 *   and application servers, workstation pools, and staging/dev/test boxes
 *   (NON_PRODUCTION).
 * - Per-tenant roles: Global Administrator (privileged, GRANTS the tenant),
 *   Server Administrator (privileged, GRANTS every server), Helpdesk and
 *   Backup Operator (GRANTS a few systems).
 * - Technicians in pod teams inside departments, each acting through a named
 *   HUMAN_ACCOUNT (USES) that holds roles in the tenants the technician serves
 *   (its pod's portfolio plus escalations; tens of tenants, hundreds for a few
 *   project engineers). A few % departed: half cleanly offboarded (membership
 *   and USES revoked, account disabled, roles forgotten), half still holding
 *   everything.
 * - Pooled tools: an RMM with tenant-wide CAN_ACCESS to ~90% of tenants
 *   (reached by the few "RMM Super Admin"s), a remote-support tool (~half of
 *   the tenants), password vaults holding each tenant's SHARED_ADMIN and
 *   BREAK_GLASS credentials, a PSA holding API keys (one of them reaches the
 *   RMM itself), a backup console holding service accounts, an automation
 *   platform holding AUTOMATION patch runners that reach every server of a
 *   slice of tenants (PRODUCTION and NON_PRODUCTION alike).
 * - Service accounts and API keys reused across 2..8 tenants; a few used by a
 *   person directly; a vault-sync account the vault holds that can
 *   administer the vault (a cycle).
 * - Just-in-time CAN_ACCESS grants from technicians' accounts to systems,
 *   accumulated over three years: most revoked on time, some expired and
 *   never removed, a few still open. They fill the access list up to the
 *   scale's target, so each scale has its advertised number of access records.
 * - Ownership: most Identities, Tools and Roles owned by an active person;
 *   some unowned, some owned only by a team, some only by departed people.
 *   Record gaps: a few % without approver, a few % without justification,
 *   and a few self-approvals.
 *
 * Nested teams: MEMBER_OF joins a Person or an Identity to a Team, never a
 * Team, so a team cannot be a member of a team. Nesting is modelled as real directories flatten it: a
 * department team whose members are every member of its pods (each
 * technician is MEMBER_OF both its pod and its department), and which holds
 * its own shared identity and role; the pods hold theirs.
 *
 * Memory: records are plain objects whose repeated strings (ids, instants,
 * justifications) are shared, so the large scale (5 million access records)
 * takes about 2 GB of heap (npm run generate gives Node 8 GB).
 */
import type {
  AccessInput,
  AccessKind,
  Criticality,
  IdentityInput,
  IdentityKind,
  IngestInput,
  OwnerRole,
  OwnershipInput,
  PersonInput,
  RoleInput,
  SystemInput,
  TeamInput,
  TenantInput,
  ToolInput,
} from '../generated/graphql';

export type Scale = 'small' | 'medium' | 'large';
export const SCALES: readonly Scale[] = ['small', 'medium', 'large'];

/** The counts each scale starts from; the access list is filled up to `access` with just-in-time grants. */
export interface Shape {
  /** Access records in total (the advertised size). */
  access: number;
  tenants: number;
  technicians: number;
  /** Department teams; each holds `pods / departments` pod teams. */
  departments: number;
  pods: number;
  accountManagers: number;
  /** Identities holding "RMM Super Admin": they reach everything through the RMM. */
  superAdmins: number;
  /** Identities holding each tool's admin role (vault, PSA, remote, backup, automation). */
  toolAdmins: number;
  vaults: number;
  /** Service accounts and API keys, half each. */
  nhis: number;
  /** AUTOMATION identities (patch runners). */
  automations: number;
}

export const SHAPES: Readonly<Record<Scale, Shape>> = {
  small: { access: 10_000, tenants: 30, technicians: 30, departments: 2, pods: 4, accountManagers: 3, superAdmins: 2, toolAdmins: 1, vaults: 1, nhis: 12, automations: 3 },
  medium: { access: 1_000_000, tenants: 3_000, technicians: 1_500, departments: 10, pods: 50, accountManagers: 60, superAdmins: 10, toolAdmins: 5, vaults: 2, nhis: 300, automations: 40 },
  large: { access: 5_000_000, tenants: 15_000, technicians: 7_500, departments: 30, pods: 270, accountManagers: 300, superAdmins: 20, toolAdmins: 10, vaults: 4, nhis: 1_500, automations: 200 },
};

/** Every instant is placed relative to this one (the generated world is "as of" 2026-11-01). */
export const GENERATOR_EPOCH = '2026-11-01T00:00:00Z';
const EPOCH = Date.parse(GENERATOR_EPOCH);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Ids of the fixed tools, so tests and benchmarks can name them. */
export const TOOL_IDS = { rmm: 'tool-rmm', psa: 'tool-psa', remote: 'tool-remote', backup: 'tool-backup', automation: 'tool-auto', docs: 'tool-docs' } as const;

// ------------------------------------------------------------------ randomness

/** mulberry32: a tiny seeded PRNG (32-bit state), uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    // Mix the seed so that neighbouring seeds start far apart.
    this.next = mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }
  /** `k` distinct integers of [0, n), in the order drawn. */
  distinct(n: number, k: number): number[] {
    k = Math.min(k, n);
    if (k > n / 2) {
      const all = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(this.next() * (n - i));
        [all[i], all[j]] = [all[j], all[i]];
      }
      return all.slice(0, k);
    }
    const seen = new Set<number>();
    const out: number[] = [];
    while (out.length < k) {
      const x = Math.floor(this.next() * n);
      if (!seen.has(x)) {
        seen.add(x);
        out.push(x);
      }
    }
    return out;
  }
}

// ------------------------------------------------------------------ instants

/**
 * Instants at whole hours, as RFC 3339 strings without milliseconds. One
 * string per hour is kept and shared by every record that uses it: millions
 * of records then cost no memory for their dates.
 */
const instants = new Map<number, string>();
function at(ms: number): string {
  const hour = Math.floor(ms / HOUR);
  let s = instants.get(hour);
  if (s === undefined) {
    s = new Date(hour * HOUR).toISOString().replace('.000Z', 'Z');
    instants.set(hour, s);
  }
  return s;
}

// ------------------------------------------------------------------ words

const FIRST = ['Alice', 'Bob', 'Chen', 'Dana', 'Emma', 'Farid', 'Grace', 'Hugo', 'Ivan', 'Julia', 'Kenji', 'Lena', 'Marco', 'Nina', 'Oliver', 'Priya', 'Raj', 'Sara', 'Tom', 'Uma', 'Victor', 'Wen', 'Xavier', 'Yusuf', 'Zara', 'Amir', 'Beatriz', 'Carlos', 'Deepa', 'Erik', 'Fatima', 'Gustav', 'Hana', 'Igor', 'Jonas', 'Keiko', 'Luis', 'Maya', 'Noah', 'Olga'];
const LAST = ['Ng', 'Okafor', 'Wei', 'Kowalski', 'Silva', 'Haddad', 'Obi', 'Martin', 'Petrov', 'Romero', 'Sato', 'Fischer', 'Rossi', 'Berg', 'Grant', 'Shah', 'Patel', 'Lind', 'Baker', 'Demir', 'Moore', 'Nakamura', 'Dubois', 'Jensen', 'Kaur', 'Lopez', 'Murphy', 'Novak', 'Olsen', 'Park', 'Quinn', 'Reyes', 'Schmidt', 'Tanaka', 'Ueda', 'Varga', 'Walsh', 'Yilmaz', 'Zhang', 'Costa'];
const ADJ = ['Blue', 'Northern', 'Summit', 'Harbor', 'Cedar', 'Granite', 'Silver', 'Golden', 'Prairie', 'Coastal', 'Evergreen', 'Red', 'Iron', 'Maple', 'Riverside', 'Lakeside', 'Highland', 'Pioneer', 'Union', 'Liberty', 'Atlas', 'Beacon', 'Crescent', 'Falcon', 'Oak', 'Pine', 'Sterling', 'Valley', 'Westgate', 'Keystone'];
const NOUN = ['Dental', 'Legal', 'Logistics', 'Health', 'Accounting', 'Manufacturing', 'Realty', 'Insurance', 'Engineering', 'Foods', 'Clinic', 'Credit Union', 'Architects', 'Pharmacy', 'Motors', 'Freight', 'Academy', 'Hotels', 'Printing', 'Labs', 'Energy', 'Retail', 'Veterinary', 'Construction', 'Media', 'Farms', 'Outfitters', 'Capital', 'Surveying', 'Textiles'];
const SUFFIX = ['Group', 'LLP', 'Inc.', 'Ltd', 'Partners', 'Co.', 'Associates', 'Holdings', 'Services', 'Cooperative'];
const DEPARTMENTS = ['Service Desk', 'NOC', 'Projects', 'Cloud', 'Security', 'Network', 'Field Services', 'Onboarding', 'Escalations', 'Compliance'];
const REGIONS = ['East', 'West', 'North', 'South', 'Central'];
const MSP = 'Northwind Managed Services';
const MSP_DOMAIN = 'northwind-msp.example';

/** A pool of justifications, shared by every record that cites one. */
const TICKET_REASONS = ['patch failure', 'server rebuild', 'user onboarding', 'mailbox migration', 'backup restore', 'firewall change', 'password reset', 'incident response', 'license cleanup', 'printer outage', 'VPN issue', 'certificate renewal', 'disk expansion', 'SQL maintenance', 'endpoint isolation', 'vendor escalation'];
const JUSTIFICATIONS: string[] = [];
for (let i = 0; i < 400; i++) JUSTIFICATIONS.push(`Ticket ${41_000 + i * 37}: ${TICKET_REASONS[i % TICKET_REASONS.length]}`);

// ------------------------------------------------------------------ systems of a tenant

type Env = 'PRODUCTION' | 'NON_PRODUCTION';
interface SystemKind {
  suffix: string;
  label: string;
  criticality: Criticality;
  environment: Env;
  server: boolean;
  helpdesk: boolean;
  backup: boolean;
}
const sys = (suffix: string, label: string, criticality: Criticality, environment: Env, flags: Partial<Pick<SystemKind, 'server' | 'helpdesk' | 'backup'>>): SystemKind => ({
  suffix,
  label,
  criticality,
  environment,
  server: flags.server ?? false,
  helpdesk: flags.helpdesk ?? false,
  backup: flags.backup ?? false,
});
/** Every tenant has these, in this order (index 0 is its domain controller). */
const CORE_SYSTEMS: SystemKind[] = [
  sys('DC01', 'domain controller', 'CRITICAL', 'PRODUCTION', { server: true }),
  sys('M365', 'Microsoft 365 tenant', 'CRITICAL', 'PRODUCTION', { helpdesk: true }),
  sys('FW01', 'perimeter firewall', 'HIGH', 'PRODUCTION', {}),
  sys('FS01', 'file server', 'HIGH', 'PRODUCTION', { server: true, helpdesk: true, backup: true }),
  sys('BKP01', 'backup server', 'HIGH', 'PRODUCTION', { server: true, backup: true }),
  sys('STG01', 'staging server', 'LOW', 'NON_PRODUCTION', { server: true }),
];
/** Drawn to fill each tenant up to its size. */
const EXTRA_SYSTEMS: { kind: SystemKind; weight: number }[] = [
  { kind: sys('APP', 'line-of-business app server', 'HIGH', 'PRODUCTION', { server: true }), weight: 5 },
  { kind: sys('SQL', 'SQL server', 'HIGH', 'PRODUCTION', { server: true, backup: true }), weight: 3 },
  { kind: sys('RDS', 'remote desktop host', 'MEDIUM', 'PRODUCTION', { server: true, helpdesk: true }), weight: 2 },
  { kind: sys('WS', 'workstation pool', 'LOW', 'PRODUCTION', { helpdesk: true }), weight: 4 },
  { kind: sys('PRN', 'print server', 'LOW', 'PRODUCTION', { server: true, helpdesk: true }), weight: 1 },
  { kind: sys('DC', 'domain controller', 'CRITICAL', 'PRODUCTION', { server: true }), weight: 1 },
  { kind: sys('DEV', 'development server', 'LOW', 'NON_PRODUCTION', { server: true }), weight: 2 },
  { kind: sys('TEST', 'test server', 'MEDIUM', 'NON_PRODUCTION', { server: true }), weight: 2 },
];
const EXTRA_WEIGHT = EXTRA_SYSTEMS.reduce((n, e) => n + e.weight, 0);

// ------------------------------------------------------------------ the generator

interface Gov {
  privileged?: boolean;
  grantedAt: number;
  requestedBy?: string;
  approver?: string;
  expiresAt?: number;
  revokedAt?: number;
  certifiedAt?: number;
  certifier?: string;
  lastUsedAt?: number;
  /** A justification from the pool unless given. */
  justification?: string;
}

interface Tech {
  id: string;
  name: string;
  account: string;
  pod: number;
  hiredAt: number;
  /** departedAt, or EPOCH for those still employed. */
  until: number;
  departed: boolean;
  /** Departed and cleanly offboarded (membership and USES revoked, account disabled). */
  offboarded: boolean;
  senior: boolean;
  engineer: boolean;
  served: number[];
}

interface TenantInfo {
  id: string;
  name: string;
  code: string;
  onboardedAt: number;
  endedAt: number | null;
  pod: number;
  accountManager: string;
  contact: string;
  /** Index of its first system in the flat system list, and how many it has. */
  firstSystem: number;
  systemCount: number;
}

export function generate(scale: Scale, seed: number): IngestInput {
  const shape = SHAPES[scale];
  if (!shape) throw new Error(`unknown scale ${JSON.stringify(scale)}; expected one of ${SCALES.join(', ')}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const rnd = new Random(seed);

  const tenants: TenantInput[] = [];
  const people: PersonInput[] = [];
  const teams: TeamInput[] = [];
  const tools: ToolInput[] = [];
  const roles: RoleInput[] = [];
  const identities: IdentityInput[] = [];
  const systems: SystemInput[] = [];
  const ownerships: OwnershipInput[] = [];
  const access: AccessInput[] = [];

  // ---- people: ids p1, p2, ... across every kind of person
  let personSeq = 0;
  const person = (status: { departedAt?: number } = {}, employer = MSP, domain = MSP_DOMAIN): string => {
    const id = `p${++personSeq}`;
    const first = rnd.pick(FIRST);
    const last = rnd.pick(LAST);
    const p: PersonInput = { id, name: `${first} ${last}`, email: `${first}.${last}${personSeq}@${domain}`.toLowerCase(), employer };
    if (status.departedAt !== undefined) {
      p.status = 'DEPARTED';
      p.departedAt = at(status.departedAt);
    }
    people.push(p);
    return id;
  };

  // ---- access records: ids a1, a2, ...; record gaps are injected here, uniformly
  let accessSeq = 0;
  const grant = (kind: AccessKind, fromId: string, toId: string, g: Gov): void => {
    const r: AccessInput = { id: `a${++accessSeq}`, kind, fromId, toId };
    if (g.privileged) r.privileged = true;
    const gap = rnd.float();
    // ~3% without justification (one in six of them blank rather than missing), ~3% without approver.
    if (gap >= 0.03) r.justification = g.justification ?? JUSTIFICATIONS[accessSeq % JUSTIFICATIONS.length];
    else if (gap < 0.005) r.justification = '';
    if (g.requestedBy) r.requestedById = g.requestedBy;
    if (g.approver && !(gap >= 0.02 && gap < 0.05)) {
      r.approvedById = g.approver;
      r.approvedAt = at(g.grantedAt - rnd.int(0, 48) * HOUR);
    }
    r.grantedAt = at(g.grantedAt);
    if (g.expiresAt !== undefined) r.expiresAt = at(g.expiresAt);
    if (g.certifiedAt !== undefined && g.certifier) {
      r.lastCertifiedAt = at(g.certifiedAt);
      r.certifiedById = g.certifier;
    }
    if (g.revokedAt !== undefined) r.revokedAt = at(Math.max(g.revokedAt, g.grantedAt));
    if (g.lastUsedAt !== undefined) r.lastUsedAt = at(g.lastUsedAt);
    access.push(r);
  };
  const own = (ownerId: string, entityId: string, since: number, role?: OwnerRole): void => {
    const o: OwnershipInput = { ownerId, entityId, since: at(since) };
    if (role && role !== 'SERVICE_OWNER') o.role = role;
    ownerships.push(o);
  };
  const daysAgo = (lo: number, hi: number) => EPOCH - rnd.int(lo * 24, hi * 24) * HOUR;
  const between = (from: number, to: number) => from + Math.floor(rnd.float() * Math.max(0, to - from));

  // ---- leadership: department heads, security managers (approve privileged access), platform owners
  const departments = Array.from({ length: shape.departments }, (_, d) => ({
    id: `g${d + 1}`,
    name: shape.departments > DEPARTMENTS.length ? `${DEPARTMENTS[d % DEPARTMENTS.length]} ${REGIONS[Math.floor(d / DEPARTMENTS.length) % REGIONS.length]}` : DEPARTMENTS[d],
    head: person(),
  }));
  const securityManagers = Array.from({ length: Math.max(2, Math.round(shape.technicians / 500)) }, () => person());
  // One account manager answers for each tenant; one has left (~3% of the tenants were theirs), and
  // the roles of those tenants are owned by nobody else.
  const accountManagers = Array.from({ length: shape.accountManagers }, () => person());
  const formerAccountManager = person({ departedAt: daysAgo(20, 400) });

  // ---- teams: departments, then their pods, then the Change Advisory Board (a committee)
  for (const d of departments) teams.push({ id: d.id, name: d.name });
  const pods = Array.from({ length: shape.pods }, (_, k) => {
    const dept = k % shape.departments;
    const id = `g${shape.departments + k + 1}`;
    teams.push({ id, name: `${departments[dept].name} / Pod ${Math.floor(k / shape.departments) + 1}` });
    return { id, dept, lead: '', tenants: [] as number[] };
  });
  const cab = `g${shape.departments + shape.pods + 1}`;
  teams.push({ id: cab, name: 'Change Advisory Board' });

  // ---- tenants and their systems
  const tenantInfo: TenantInfo[] = [];
  const systemIds: string[] = [];
  const systemKinds: SystemKind[] = [];
  const usedNames = new Set<string>();
  for (let k = 1; k <= shape.tenants; k++) {
    let name = '';
    for (let tries = 0; tries < 6 && (name === '' || usedNames.has(name)); tries++) name = `${rnd.pick(ADJ)} ${rnd.pick(NOUN)} ${rnd.pick(SUFFIX)}`;
    if (usedNames.has(name)) name = `${name} (${k})`;
    usedNames.add(name);
    const id = `t${k}`;
    const onboardedAt = daysAgo(400, 1500);
    const terminated = k === 2 || rnd.chance(0.03);
    const endedAt = terminated ? between(onboardedAt + 90 * DAY, EPOCH - 5 * DAY) : null;
    const t: TenantInput = { id, name };
    if (terminated) {
      t.contractStatus = 'TERMINATED';
      t.contractEndedAt = at(endedAt!);
    }
    tenants.push(t);
    const code = `${name.split(' ')[0].slice(0, 3).toUpperCase()}${k}`;
    const pod = Math.floor(((k - 1) * shape.pods) / shape.tenants);
    pods[pod].tenants.push(k - 1);
    const contactDomain = `${name.split(' ')[0].toLowerCase()}${k}.example`;
    const contact = rnd.chance(0.03) ? person({ departedAt: daysAgo(10, 300) }, name, contactDomain) : person({}, name, contactDomain);
    const info: TenantInfo = { id, name, code, onboardedAt, endedAt, pod, accountManager: k === 4 || rnd.chance(0.03) ? formerAccountManager : accountManagers[(k - 1) % accountManagers.length], contact, firstSystem: systemIds.length, systemCount: 0 };
    const size = rnd.int(8, 32);
    const kinds = [...CORE_SYSTEMS];
    while (kinds.length < size) {
      let w = rnd.float() * EXTRA_WEIGHT;
      const e = EXTRA_SYSTEMS.find((x) => (w -= x.weight) < 0) ?? EXTRA_SYSTEMS[0];
      kinds.push(e.kind);
    }
    const numbered = new Map<string, number>();
    kinds.forEach((kind, j) => {
      const n = (numbered.get(kind.suffix) ?? 0) + 1;
      numbered.set(kind.suffix, n);
      const label = j < CORE_SYSTEMS.length ? kind.suffix : `${kind.suffix}${String(n + (kind.suffix === 'DC' ? 1 : 0)).padStart(2, '0')}`;
      const s: SystemInput = { id: `s${k}-${j + 1}`, name: `${code}-${label} (${kind.label})`, tenantId: id };
      // MEDIUM and PRODUCTION are the defaults: left out, as a real feed would.
      if (kind.criticality !== 'MEDIUM') s.criticality = kind.criticality;
      if (kind.environment !== 'PRODUCTION') s.environment = kind.environment;
      systems.push(s);
      systemIds.push(s.id);
      systemKinds.push(kind);
    });
    info.systemCount = kinds.length;
    tenantInfo.push(info);
  }
  const systemsOf = (t: TenantInfo, test: (k: SystemKind) => boolean): string[] => {
    const out: string[] = [];
    for (let j = 0; j < t.systemCount; j++) if (test(systemKinds[t.firstSystem + j])) out.push(systemIds[t.firstSystem + j]);
    return out;
  };

  // ---- technicians, each in a pod (and, through it, a department) with a named admin account
  const techs: Tech[] = [];
  for (let n = 0; n < shape.technicians; n++) {
    const pod = n % shape.pods;
    const isLead = n < shape.pods;
    const hiredAt = daysAgo(60, 1500);
    // Pod leads stay; ~8% of the others have left, the first two of them always (one clean, one not).
    const departed = !isLead && (n === shape.pods || n === shape.pods + 1 || rnd.chance(0.08));
    const departedAt = departed ? between(hiredAt + 30 * DAY, EPOCH - DAY) : EPOCH;
    const id = person(departed ? { departedAt } : {});
    const tech: Tech = {
      id,
      name: people[people.length - 1].name,
      account: `ih${n + 1}`,
      pod,
      hiredAt,
      until: departedAt,
      departed,
      offboarded: departed && (n === shape.pods || (n !== shape.pods + 1 && rnd.chance(0.5))),
      senior: isLead || rnd.chance(0.25),
      engineer: rnd.chance(0.4),
      served: [],
    };
    if (isLead) pods[pod].lead = id;
    techs.push(tech);
  }

  // ---- tools: pooled across clients, owned by a department head (the docs wiki by a committee only)
  const vaultIds = Array.from({ length: shape.vaults }, (_, v) => `tool-vault${v + 1}`);
  const toolDefs: { id: string; name: string; category?: ToolInput['category']; pooled?: boolean }[] = [
    { id: TOOL_IDS.rmm, name: 'Northwind RMM', category: 'RMM', pooled: true },
    { id: TOOL_IDS.psa, name: 'Northwind PSA (ticketing & billing)', category: 'PSA', pooled: true },
    ...vaultIds.map((id, v) => ({ id, name: `Credential Vault ${REGIONS[v % REGIONS.length]}`, category: 'VAULT' as const, pooled: true })),
    { id: TOOL_IDS.remote, name: 'Remote Support', category: 'REMOTE_ACCESS', pooled: true },
    { id: TOOL_IDS.backup, name: 'Backup Console', category: 'BACKUP', pooled: true },
    { id: TOOL_IDS.automation, name: 'Automation Platform (runbooks)', category: 'AUTOMATION', pooled: true },
    // Category OTHER and pooled false are the defaults: left out.
    { id: TOOL_IDS.docs, name: 'IT Documentation Wiki' },
  ];
  for (const t of toolDefs) {
    const tool: ToolInput = { id: t.id, name: t.name };
    if (t.category) tool.category = t.category;
    if (t.pooled) tool.pooled = true;
    tools.push(tool);
    if (t.id === TOOL_IDS.docs) own(cab, t.id, daysAgo(400, 900), 'PLATFORM_OWNER');
    else own(departments[tools.length % departments.length].head, t.id, daysAgo(400, 1500), 'PLATFORM_OWNER');
  }

  // ---- global roles: each grants one tool (the vault admin role grants every vault)
  const globalRoles: { id: string; name: string; privileged: boolean; grants: string[] }[] = [
    { id: 'r-rmm-sa', name: 'RMM Super Admin', privileged: true, grants: [TOOL_IDS.rmm] },
    { id: 'r-vault-admin', name: 'Vault Administrator', privileged: true, grants: vaultIds },
    { id: 'r-psa-admin', name: 'PSA Administrator', privileged: true, grants: [TOOL_IDS.psa] },
    { id: 'r-remote-admin', name: 'Remote Support Administrator', privileged: true, grants: [TOOL_IDS.remote] },
    { id: 'r-backup-admin', name: 'Backup Administrator', privileged: true, grants: [TOOL_IDS.backup] },
    { id: 'r-auto-eng', name: 'Automation Engineer', privileged: true, grants: [TOOL_IDS.automation] },
    { id: 'r-docs', name: 'Documentation Editor', privileged: false, grants: [TOOL_IDS.docs] },
  ];
  const setupAt = EPOCH - 1500 * DAY;
  for (const r of globalRoles) {
    const role: RoleInput = { id: r.id, name: r.name };
    if (r.privileged) role.privileged = true;
    roles.push(role);
    // The documentation role has no owner at all (nobody answers for it).
    if (r.id !== 'r-docs') own(securityManagers[0], r.id, setupAt);
    for (const toolId of r.grants) grant('GRANTS', r.id, toolId, { privileged: r.privileged, grantedAt: setupAt + DAY, approver: securityManagers[0], justification: 'Role definition' });
  }

  // ---- per-tenant roles and what they grant
  const ROLE_KINDS = [
    { key: 'ga', name: 'Global Administrator', privileged: true },
    { key: 'sa', name: 'Server Administrator', privileged: true },
    { key: 'hd', name: 'Helpdesk', privileged: false },
    { key: 'bk', name: 'Backup Operator', privileged: false },
  ] as const;
  const roleId = (t: number, key: string) => `r${t + 1}-${key}`;
  tenantInfo.forEach((t, ti) => {
    const podTeam = pods[t.pod].id;
    const ownership = rnd.float();
    for (const rk of ROLE_KINDS) {
      const id = roleId(ti, rk.key);
      const role: RoleInput = { id, name: `${rk.name} in ${t.name}`, tenantId: t.id };
      if (rk.privileged) role.privileged = true;
      roles.push(role);
      // Most tenants' roles answer to the account manager (some of whom have left); a few % only to
      // the pod team or the CAB; a few % to nobody.
      const r = rnd.float();
      if (ownership < 0.03 || r < 0.02) {
        // unowned
      } else if (r < 0.04) {
        own(rnd.chance(0.5) ? podTeam : cab, id, t.onboardedAt);
      } else {
        own(t.accountManager, id, t.onboardedAt, 'CLIENT_SERVICE_OWNER');
        if (rnd.chance(0.3)) own(pods[t.pod].lead, id, t.onboardedAt + 30 * DAY);
      }
    }
    const defined = t.onboardedAt + DAY;
    const g = (role: string, to: string, privileged: boolean) =>
      grant('GRANTS', role, to, { privileged, grantedAt: defined, approver: rnd.pick(securityManagers), justification: 'Role definition' });
    g(roleId(ti, 'ga'), t.id, true);
    for (const s of systemsOf(t, (k) => k.server)) g(roleId(ti, 'sa'), s, true);
    for (const s of systemsOf(t, (k) => k.helpdesk)) g(roleId(ti, 'hd'), s, false);
    for (const s of systemsOf(t, (k) => k.backup)) g(roleId(ti, 'bk'), s, false);
  });

  // ---- the tenants each technician serves: the pod's portfolio plus escalations; a few project engineers serve hundreds
  for (const tech of techs) {
    const portfolio = pods[tech.pod].tenants;
    const extra = rnd.chance(0.05) ? rnd.int(150, 400) : rnd.int(0, Math.ceil(portfolio.length / 2));
    const set = new Set(portfolio);
    for (const t of rnd.distinct(shape.tenants, extra)) set.add(t);
    tech.served = [...set];
  }

  // ---- identities
  const ident = (i: IdentityInput): string => {
    identities.push(i);
    return i.id;
  };
  // Named admin accounts, one per technician, owned by the technician.
  for (const tech of techs) {
    const i: IdentityInput = { id: tech.account, name: `adm-${tech.name.toLowerCase().replace(' ', '.')}`, identityKind: 'HUMAN_ACCOUNT' };
    if (tech.offboarded || (!tech.departed && rnd.chance(0.01))) i.enabled = false;
    i.mfa = !rnd.chance(0.04);
    i.lastUsedAt = at(tech.departed && !tech.offboarded && rnd.chance(0.5) ? between(tech.until, EPOCH) : tech.until - rnd.int(0, 30 * 24) * HOUR);
    i.credentialRotatedAt = at(tech.until - rnd.int(0, 200) * DAY);
    ident(i);
    own(tech.id, tech.account, tech.hiredAt);
  }
  // Per tenant: a pooled admin account and a break-glass account, both in a vault, both tenant-wide.
  tenantInfo.forEach((t) => {
    const k = t.id.slice(1);
    const disabled = rnd.chance(0.02) || (t.endedAt !== null && rnd.chance(0.5));
    const shared: IdentityInput = { id: `ia${k}`, name: `nw-admin@${t.code.toLowerCase()}`, identityKind: 'SHARED_ADMIN', tenantId: t.id, mfa: false };
    if (disabled) shared.enabled = false;
    shared.credentialRotatedAt = at(daysAgo(1, 500));
    shared.lastUsedAt = at(daysAgo(0, 60));
    ident(shared);
    const bg: IdentityInput = { id: `ib${k}`, name: `breakglass@${t.code.toLowerCase()}`, identityKind: 'BREAK_GLASS', tenantId: t.id, mfa: true };
    if (rnd.chance(0.02)) bg.enabled = false;
    bg.credentialRotatedAt = at(daysAgo(1, 400));
    if (rnd.chance(0.2)) bg.lastUsedAt = at(daysAgo(0, 300));
    ident(bg);
    // The client's contact owns both; the pod lead co-owns the pooled account; ~4% of break-glass accounts have no owner.
    own(t.contact, shared.id, t.onboardedAt, 'CLIENT_SERVICE_OWNER');
    if (rnd.chance(0.5)) own(pods[t.pod].lead, shared.id, t.onboardedAt);
    if (!rnd.chance(0.04)) own(t.contact, bg.id, t.onboardedAt, 'CLIENT_SERVICE_OWNER');
  });
  // A pooled admin account per department, used by the whole (nested) department team.
  const deptAdmins = departments.map((d, i) => {
    const id = ident({ id: `id${i + 1}`, name: `nw-${d.name.toLowerCase().replace(/[^a-z]+/g, '-')}-admin`, identityKind: 'SHARED_ADMIN', mfa: false, credentialRotatedAt: at(daysAgo(30, 700)) });
    if (rnd.chance(0.2)) own(cab, id, setupAt);
    else own(d.head, id, setupAt);
    return id;
  });
  // Non-human identities: service accounts (backup console) and API keys (PSA); owners are
  // engineers, a few departed, a few a team, a few nobody.
  const engineers = techs.filter((t) => t.engineer);
  const ownNhi = (id: string, since: number) => {
    const r = rnd.float();
    if (r < 0.05) return;
    if (r < 0.08) own(rnd.pick(pods).id, id, since);
    else {
      const candidates = r < 0.13 ? techs.filter((t) => t.departed) : engineers.filter((t) => !t.departed);
      own((candidates.length > 0 ? rnd.pick(candidates) : techs[0]).id, id, since);
    }
  };
  const nhis: { id: string; kind: IdentityKind }[] = [];
  for (let n = 1; n <= shape.nhis; n++) {
    const kind: IdentityKind = n % 2 === 1 ? 'SERVICE_ACCOUNT' : 'API_KEY';
    const id = kind === 'SERVICE_ACCOUNT' ? `is${n}` : `ik${n}`;
    const i: IdentityInput = { id, name: kind === 'SERVICE_ACCOUNT' ? `svc-backup-${n}` : `api-m365-graph-${n}`, identityKind: kind };
    if (rnd.chance(0.03)) i.enabled = false;
    i.credentialRotatedAt = at(daysAgo(1, 900));
    if (kind === 'API_KEY') i.credentialExpiresAt = at(daysAgo(-365, 200));
    i.lastUsedAt = at(daysAgo(0, 120));
    ident(i);
    ownNhi(id, setupAt + n * HOUR);
    nhis.push({ id, kind });
  }
  const runners: string[] = [];
  for (let n = 1; n <= shape.automations; n++) {
    const i: IdentityInput = { id: `iu${n}`, name: `patch-runner-${String(n).padStart(2, '0')}`, identityKind: 'AUTOMATION' };
    if (rnd.chance(0.03)) i.enabled = false;
    i.credentialRotatedAt = at(daysAgo(1, 400));
    i.lastUsedAt = at(daysAgo(0, 3));
    ident(i);
    ownNhi(i.id, setupAt + n * HOUR);
    runners.push(i.id);
  }
  // Integration key the PSA holds for the RMM, and the vault's own sync account (which can administer the vault).
  const psaRmmKey = ident({ id: 'ik-psa-rmm', name: 'api-psa-to-rmm', identityKind: 'API_KEY', credentialRotatedAt: at(daysAgo(300, 600)) });
  own(departments[0].head, psaRmmKey, setupAt);
  const vaultSync = ident({ id: 'is-vault-sync', name: 'svc-vault-sync', identityKind: 'SERVICE_ACCOUNT', credentialRotatedAt: at(daysAgo(100, 400)) });
  own(cab, vaultSync, setupAt);

  // ---- membership: pod and department (the nesting); managers on the CAB
  // Who approves a technician's day-to-day access: the pod lead, or for the lead, the department head.
  const leadOf = (tech: Tech) => (pods[tech.pod].lead && pods[tech.pod].lead !== tech.id ? pods[tech.pod].lead : departments[pods[tech.pod].dept].head);
  for (const tech of techs) {
    const end = tech.offboarded ? { revokedAt: tech.until + rnd.int(0, 48) * HOUR } : {};
    grant('MEMBER_OF', tech.id, pods[tech.pod].id, { grantedAt: tech.hiredAt, approver: departments[pods[tech.pod].dept].head, ...end });
    grant('MEMBER_OF', tech.id, departments[pods[tech.pod].dept].id, { grantedAt: tech.hiredAt, approver: departments[pods[tech.pod].dept].head, ...end });
    grant('USES', tech.id, tech.account, { grantedAt: tech.hiredAt, approver: leadOf(tech), ...end });
  }
  for (const d of departments) grant('MEMBER_OF', d.head, d.id, { grantedAt: setupAt, approver: securityManagers[0] });
  for (const m of [...departments.map((d) => d.head), ...securityManagers]) grant('MEMBER_OF', m, cab, { grantedAt: setupAt, approver: securityManagers[0] });
  // A few people log in as a service account themselves.
  for (const tech of techs) {
    if (tech.departed || !rnd.chance(0.02) || nhis.length === 0) continue;
    grant('USES', tech.id, rnd.pick(nhis).id, { grantedAt: between(tech.hiredAt, EPOCH), approver: leadOf(tech), privileged: true });
  }

  // ---- roles of the served tenants, on each technician's account
  for (const tech of techs) {
    for (const ti of tech.served) {
      const t = tenantInfo[ti];
      const start = Math.max(tech.hiredAt, t.onboardedAt);
      if (start >= tech.until) continue;
      const keys: string[] = ['hd'];
      if (rnd.chance(tech.senior ? 0.3 : 0.05)) keys.push('ga');
      if (tech.engineer && rnd.chance(0.5)) keys.push('sa');
      if (rnd.chance(0.1)) keys.push('bk');
      for (const key of keys) {
        const privileged = key === 'ga' || key === 'sa';
        const grantedAt = between(start, tech.until);
        const g: Gov = { grantedAt, requestedBy: tech.id, approver: key === 'ga' ? t.contact : privileged ? rnd.pick(securityManagers) : leadOf(tech), privileged };
        if (privileged && rnd.chance(0.3)) g.expiresAt = grantedAt + rnd.int(90, 365) * DAY;
        if (rnd.chance(0.1)) g.revokedAt = between(grantedAt, tech.until);
        else if (t.endedAt !== null && t.endedAt > grantedAt && rnd.chance(0.5)) g.revokedAt = t.endedAt + rnd.int(0, 14) * DAY;
        if (privileged && rnd.chance(0.7)) {
          g.certifiedAt = between(grantedAt, EPOCH);
          g.certifier = rnd.pick(securityManagers);
        }
        if (g.revokedAt !== undefined && g.revokedAt > EPOCH) delete g.revokedAt;
        grant('HAS_ROLE', tech.account, roleId(ti, key), g);
      }
    }
  }
  // Tool administrators and RMM super admins: senior, active technicians (and, for the super admins, a departed one still holding it).
  const seniors = techs.filter((t) => t.senior && !t.departed);
  const admins = (n: number) => rnd.distinct(seniors.length, n).map((i) => seniors[i]);
  const holders = admins(shape.superAdmins);
  const stillHolding = techs.find((t) => t.departed && !t.offboarded);
  if (stillHolding) holders.push(stillHolding);
  for (const tech of holders) {
    const grantedAt = between(tech.hiredAt, tech.until);
    grant('HAS_ROLE', tech.account, 'r-rmm-sa', { grantedAt, requestedBy: tech.id, approver: rnd.chance(0.1) ? tech.id : securityManagers[0], privileged: true, certifiedAt: rnd.chance(0.5) ? between(grantedAt, EPOCH) : undefined, certifier: securityManagers[0] });
  }
  for (const r of globalRoles.slice(1)) {
    for (const tech of admins(shape.toolAdmins)) grant('HAS_ROLE', tech.account, r.id, { grantedAt: between(tech.hiredAt, EPOCH), requestedBy: tech.id, approver: securityManagers[0], privileged: r.privileged });
  }
  grant('HAS_ROLE', vaultSync, 'r-vault-admin', { grantedAt: setupAt + 2 * DAY, approver: securityManagers[0], privileged: true });

  // ---- teams: pods hold the helpdesk role and the pooled admin account of their portfolio; departments their pooled account and the docs role
  pods.forEach((pod) => {
    for (const ti of pod.tenants) {
      const t = tenantInfo[ti];
      const approver = departments[pod.dept].head;
      const ended = t.endedAt !== null && rnd.chance(0.6) ? { revokedAt: t.endedAt + rnd.int(0, 20) * DAY } : {};
      grant('HAS_ROLE', pod.id, roleId(ti, 'hd'), { grantedAt: t.onboardedAt + 2 * DAY, approver, ...ended });
      grant('USES', pod.id, `ia${t.id.slice(1)}`, { grantedAt: t.onboardedAt + 2 * DAY, approver, privileged: true, ...ended });
    }
  });
  departments.forEach((d, i) => {
    grant('USES', d.id, deptAdmins[i], { grantedAt: setupAt + DAY, approver: securityManagers[0], privileged: true });
    grant('HAS_ROLE', d.id, 'r-docs', { grantedAt: setupAt + DAY, approver: d.head });
    for (const ti of rnd.distinct(shape.tenants, rnd.int(2, 10))) {
      const t = tenantInfo[ti];
      grant('CAN_ACCESS', deptAdmins[i], t.id, { grantedAt: t.onboardedAt + DAY, approver: securityManagers[0], privileged: true });
    }
  });

  // ---- pooled tools into the tenants
  tenantInfo.forEach((t, ti) => {
    const k = t.id.slice(1);
    const ended = () => (t.endedAt !== null && rnd.chance(0.6) ? { revokedAt: t.endedAt + rnd.int(0, 30) * DAY } : {});
    const agentAt = t.onboardedAt + 3 * DAY;
    // The RMM agent is on ~90% of tenants; a terminated tenant's agent is often left behind.
    if (ti === 1 || rnd.chance(0.9)) grant('CAN_ACCESS', TOOL_IDS.rmm, t.id, { grantedAt: agentAt, approver: t.accountManager, privileged: true, lastUsedAt: EPOCH - rnd.int(0, 72) * HOUR, ...ended() });
    if (rnd.chance(0.5)) grant('CAN_ACCESS', TOOL_IDS.remote, t.id, { grantedAt: agentAt, approver: t.accountManager, ...ended() });
    const vault = vaultIds[ti % vaultIds.length];
    grant('CAN_ACCESS', vault, `ia${k}`, { grantedAt: agentAt, approver: t.contact });
    grant('CAN_ACCESS', vault, `ib${k}`, { grantedAt: agentAt, approver: t.contact });
    grant('CAN_ACCESS', `ia${k}`, t.id, { grantedAt: agentAt, approver: t.contact, privileged: true, ...ended() });
    grant('CAN_ACCESS', `ib${k}`, t.id, { grantedAt: agentAt, approver: t.contact, privileged: true });
  });
  grant('CAN_ACCESS', vaultIds[0], vaultSync, { grantedAt: setupAt + 2 * DAY, approver: securityManagers[0] });
  grant('CAN_ACCESS', TOOL_IDS.psa, psaRmmKey, { grantedAt: setupAt + 3 * DAY, approver: departments[0].head });
  grant('CAN_ACCESS', psaRmmKey, TOOL_IDS.rmm, { grantedAt: setupAt + 3 * DAY, approver: departments[0].head, privileged: true });

  // ---- non-human identities across tenants
  for (const nhi of nhis) {
    grant('CAN_ACCESS', nhi.kind === 'API_KEY' ? TOOL_IDS.psa : TOOL_IDS.backup, nhi.id, { grantedAt: setupAt + 5 * DAY, approver: securityManagers[0] });
    // Most are reused across 2..8 tenants; a fifth serve a single tenant.
    const reach = rnd.chance(0.2) ? 1 : rnd.int(2, 8);
    for (const ti of rnd.distinct(shape.tenants, reach)) {
      const t = tenantInfo[ti];
      const targets = nhi.kind === 'API_KEY' ? systemsOf(t, (k) => k.suffix === 'M365') : systemsOf(t, (k) => k.backup);
      for (const s of targets.slice(0, rnd.int(1, 3))) {
        grant('CAN_ACCESS', nhi.id, s, { grantedAt: t.onboardedAt + 4 * DAY, approver: t.accountManager, privileged: true, lastUsedAt: daysAgo(0, 90) });
      }
    }
  }
  runners.forEach((runner, r) => {
    grant('CAN_ACCESS', TOOL_IDS.automation, runner, { grantedAt: setupAt + 6 * DAY, approver: securityManagers[0] });
    // Each runner patches every server (production and not) of its slice of the tenants.
    const from = Math.floor((r * shape.tenants) / runners.length);
    const to = Math.floor(((r + 1) * shape.tenants) / runners.length);
    for (let ti = from; ti < to; ti++) {
      const t = tenantInfo[ti];
      for (const s of systemsOf(t, (k) => k.server)) {
        grant('CAN_ACCESS', runner, s, { grantedAt: t.onboardedAt + 5 * DAY, approver: t.accountManager, privileged: true, lastUsedAt: daysAgo(0, 7) });
      }
    }
  });

  // ---- just-in-time grants: the rest of the access list, spread over technicians by tenure
  const jit = shape.access - access.length;
  const weights: number[] = [];
  let sum = 0;
  for (const tech of techs) weights.push((sum += tech.until - tech.hiredAt));
  for (let n = 0; n < jit; n++) {
    const x = rnd.float() * sum;
    let lo = 0;
    let hi = weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (weights[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    const tech = techs[lo];
    const ti = tech.served.length > 0 && !rnd.chance(0.05) ? rnd.pick(tech.served) : rnd.int(0, shape.tenants - 1);
    const t = tenantInfo[ti];
    const j = rnd.int(0, t.systemCount - 1);
    const system = systemIds[t.firstSystem + j];
    const kind = systemKinds[t.firstSystem + j];
    const grantedAt = between(Math.max(tech.hiredAt, t.onboardedAt), tech.until);
    const expiresAt = grantedAt + rnd.int(4, 30 * 24) * HOUR;
    const g: Gov = { grantedAt, requestedBy: tech.id, approver: rnd.chance(0.005) ? tech.id : leadOf(tech), expiresAt, privileged: kind.criticality === 'CRITICAL' || kind.criticality === 'HIGH' };
    if (expiresAt <= EPOCH) {
      // Past its end: mostly revoked on time (or when its holder left), some late, ~5% expired and never removed.
      const r = rnd.float();
      if (r < 0.9) g.revokedAt = Math.min(expiresAt, tech.until) - rnd.int(0, 2) * HOUR;
      else if (r < 0.95) g.revokedAt = expiresAt + rnd.int(1, 20) * DAY;
      if (g.revokedAt !== undefined && g.revokedAt > EPOCH) delete g.revokedAt;
      g.lastUsedAt = between(grantedAt, g.revokedAt ?? expiresAt);
    } else {
      g.lastUsedAt = between(grantedAt, EPOCH);
    }
    grant('CAN_ACCESS', tech.account, system, g);
  }

  return { source: `synthetic:${scale}:seed-${seed}`, tenants, people, teams, tools, roles, identities, systems, ownerships, access };
}
