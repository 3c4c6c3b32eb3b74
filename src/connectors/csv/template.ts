/**
 * `npm run import -- --template DIR`: the CSV files (columns.ts) with their
 * header and two example rows each, describing one small MSP that imports
 * cleanly as written (test/csv.test.ts imports them). Its ids are none of the
 * demo's, so trying it on the demo database adds records rather than
 * renaming the demo's (test/csv.test.ts checks). Refuses to overwrite a
 * file that is already there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { columnsOf, CSV_FILES } from './columns';
import { SourceFileError } from '../native';

type Row = Record<string, string | boolean>;

/** Two rows per list; together they are one valid import (references point within them). */
export const TEMPLATE_EXAMPLES: Readonly<Record<string, readonly Row[]>> = {
  people: [
    { id: 'person:alice', name: 'Alice Ng', email: 'alice@msp.example', employer: 'MSP', status: 'ACTIVE' },
    { id: 'person:bob', name: 'Bob Ortiz', email: 'bob@msp.example', employer: 'MSP', status: 'DEPARTED', departedAt: '2026-03-31T17:00:00Z' },
  ],
  teams: [
    { id: 'team:helpdesk', name: 'Helpdesk' },
    { id: 'team:migrations', name: 'Migrations, projects' },
  ],
  identities: [
    { id: 'identity:alice-adm', name: 'alice.adm@harbor.example', identityKind: 'HUMAN_ACCOUNT', enabled: true, tenantId: 'tenant:harbor', lastUsedAt: '2026-05-02T08:15:00Z', mfa: true },
    { id: 'identity:rmm-agent', name: 'svc-rmm-agent', identityKind: 'SERVICE_ACCOUNT', enabled: true, credentialRotatedAt: '2026-01-15T00:00:00Z', credentialExpiresAt: '2027-01-15T00:00:00Z', mfa: false },
  ],
  tools: [
    { id: 'tool:rmm-console', name: 'RMM console', category: 'RMM', pooled: true },
    { id: 'tool:password-vault', name: 'Password vault', category: 'VAULT', pooled: false },
  ],
  roles: [
    { id: 'role:harbor-domain-admin', name: 'Harbor domain admin', privileged: true, tenantId: 'tenant:harbor' },
    { id: 'role:rmm-operator', name: 'RMM operator', privileged: false },
  ],
  tenants: [
    { id: 'tenant:harbor', name: 'Harbor Dental', contractStatus: 'ACTIVE' },
    { id: 'tenant:globex', name: 'Globex Law', contractStatus: 'TERMINATED', contractEndedAt: '2026-04-30T00:00:00Z' },
  ],
  systems: [
    { id: 'system:harbor-dc01', name: 'HARBOR-DC01', tenantId: 'tenant:harbor', criticality: 'CRITICAL', environment: 'PRODUCTION' },
    { id: 'system:harbor-test01', name: 'HARBOR-TEST01', tenantId: 'tenant:harbor', criticality: 'LOW', environment: 'NON_PRODUCTION' },
  ],
  ownerships: [
    { ownerId: 'person:alice', entityId: 'tool:rmm-console', role: 'PLATFORM_OWNER', since: '2025-09-01T00:00:00Z' },
    { ownerId: 'team:helpdesk', entityId: 'identity:rmm-agent', role: 'SERVICE_OWNER' },
  ],
  access: [
    {
      id: 'access:alice-helpdesk',
      kind: 'MEMBER_OF',
      fromId: 'person:alice',
      toId: 'team:helpdesk',
      justification: 'Helpdesk rota, first line',
      approvedById: 'person:alice',
      approvedAt: '2025-09-01T09:00:00Z',
      grantedAt: '2025-09-01T09:00:00Z',
    },
    {
      id: 'access:alice-adm-harbor-dc01',
      kind: 'CAN_ACCESS',
      fromId: 'identity:alice-adm',
      toId: 'system:harbor-dc01',
      privileged: true,
      justification: 'Domain controller patching\n(change CHG-1042, "quarterly")',
      requestedById: 'person:alice',
      approvedById: 'person:bob',
      approvedAt: '2026-01-10T10:00:00Z',
      grantedAt: '2026-01-10T10:30:00Z',
      expiresAt: '2026-12-31T00:00:00Z',
      lastCertifiedAt: '2026-02-01T00:00:00Z',
      certifiedById: 'person:bob',
    },
  ],
};

/** The CSV text of one list's template: header, then its examples (empty cells where an example leaves a field out). */
export function templateCsv(list: string): string {
  const names = columnsOf(list).map((c) => c.name);
  const rows = (TEMPLATE_EXAMPLES[list] ?? []).map((ex) => names.map((n) => (ex[n] === undefined ? '' : String(ex[n]))));
  return stringify([names, ...rows], { record_delimiter: '\r\n' });
}

/** Writes every template file into `dir` (created if needed); returns the files written. */
export function writeTemplate(dir: string): string[] {
  const targets = CSV_FILES.map((f) => ({ ...f, target: path.join(dir, f.file) }));
  const present = targets.filter((t) => fs.existsSync(t.target)).map((t) => t.target);
  if (present.length > 0) throw new SourceFileError(`will not overwrite ${present.join(', ')}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const t of targets) fs.writeFileSync(t.target, templateCsv(t.list));
  return targets.map((t) => t.target);
}
