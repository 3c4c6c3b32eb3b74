/**
 * npm run apikey -- create --name NAME --role ROLE [--person ID] [--tenant ID] [--source NAME ...] [--expires INSTANT]
 * npm run apikey -- revoke --id KEY_ID [--reason TEXT]
 * npm run apikey -- list [--all]
 *
 * The administrator's command for API keys (the same as the createApiKey /
 * revokeApiKey mutations, for when no admin token exists yet). `create`
 * prints the token once; only its hash is stored. Changes are audit events
 * whose actor is `cli:<operating-system user>`. Uses NEO4J_URI, or the
 * project's local Neo4j (started if needed, and stopped again if this
 * started it).
 */
import os from 'node:os';
import { ApiKeys, type KeyArgumentNames } from '../auth/api-keys';
import { SYSTEM_VIEWER, VIEWER_ROLES, type Viewer, type ViewerRole } from '../core/viewer';
import { cli, usageError } from './args';
import { withDatabase } from './database';

const USAGE = `usage:
  npm run apikey -- create --name NAME --role ${VIEWER_ROLES.join('|')} [--person ID] [--tenant ID] [--source NAME (INGEST, repeatable)] [--expires 2027-01-01T00:00:00Z]
  npm run apikey -- revoke --id KEY_ID [--reason TEXT]
  npm run apikey -- list [--all]`;

/** Errors name the flags the user typed, not the mutation's arguments. */
const FLAGS: KeyArgumentNames = { name: '--name', role: '--role', personId: '--person', tenantId: '--tenant', sources: '--source', expiresAt: '--expires', id: '--id' };

function fail(message: string): never {
  return usageError(USAGE, message);
}

async function main(): Promise<void> {
  const { values, positionals } = cli(USAGE, {
    name: { type: 'string' },
    role: { type: 'string' },
    person: { type: 'string' },
    tenant: { type: 'string' },
    source: { type: 'string', multiple: true },
    expires: { type: 'string' },
    id: { type: 'string' },
    reason: { type: 'string' },
    all: { type: 'boolean' },
  });
  const [command] = positionals;
  const actor: Viewer = { ...SYSTEM_VIEWER, id: `cli:${os.userInfo().username}` };
  await withDatabase(async (exec) => {
    const keys = new ApiKeys(exec, 0);
    if (command === 'create') {
      if (!values.name || !values.role) fail('create needs --name and --role');
      const { key, token } = await keys.create(actor, {
        name: values.name,
        role: values.role as ViewerRole,
        personId: values.person ?? null,
        tenantId: values.tenant ?? null,
        sources: values.source ?? null,
        expiresAt: values.expires ?? null,
      }, undefined, null, FLAGS);
      console.log(`Created API key ${key.id} (${key.role}${key.personId ? ` of ${key.personId}` : ''}${key.tenantId ? ` of ${key.tenantId}` : ''}${key.sources ? ` for sources ${key.sources.join(', ')}` : ''}).`);
      console.log('Its token, shown this once (send it as Authorization: Bearer <token>):');
      console.log(token);
    } else if (command === 'revoke') {
      if (!values.id) fail('revoke needs --id');
      const key = await keys.revoke(actor, values.id, values.reason ?? null, undefined, null, FLAGS);
      console.log(`Revoked API key ${key.id} (${key.name}) at ${key.revokedAt}.`);
    } else if (command === 'list') {
      const list = await keys.list(actor, values.all ?? false);
      for (const k of list) {
        const binding = k.personId ?? k.tenantId ?? (k.sources ? `sources ${k.sources.join(',')}` : '');
        console.log([k.id, k.role, binding, k.name, `created ${k.createdAt} by ${k.createdBy}`, k.expiresAt ? `expires ${k.expiresAt}` : '', k.revokedAt ? `REVOKED ${k.revokedAt} by ${k.revokedBy}` : ''].filter(Boolean).join('  '));
      }
      if (list.length === 0) console.log('No API keys.');
    } else {
      fail(command ? `unknown command ${command}` : 'missing command');
    }
  });
}

main().catch((err: Error & { extensions?: { code?: string } }) => {
  // Input errors (BAD_USER_INPUT, NOT_FOUND) carry a message meant for the user.
  console.error(err.extensions?.code ? `${err.extensions.code}: ${err.message}` : `apikey failed: ${err.message}`);
  process.exit(1);
});
