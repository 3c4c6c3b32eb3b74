/**
 * API keys for machine clients (an ingest job, a dashboard). A key is
 * `pwk_<id>.<secret>`: the id finds the stored key, and only the SHA-256 of
 * the secret is stored (the secret is 256 random bits, so a fast hash is
 * enough, as for GitHub's tokens). Keys carry a name, a role (and a person or
 * tenant for the narrowed roles) and an optional expiry; revoking one keeps
 * it, with who revoked it and when. Created and revoked by an administrator,
 * through `npm run apikey` or the createApiKey / revokeApiKey mutations; each
 * change is an audit event in the same transaction.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { recordEvent } from '../audit/events';
import type { Executor, Row } from '../db/executor';
import { badArgument, notFound } from '../errors';
import { parseInstant, toNeo } from '../time';
import { AuthError, bindingProblem, bound } from './tokens';
import { SYSTEM_VIEWER, VIEWER_ROLES, type Principal, type Viewer, type ViewerRole } from '../core/viewer';

export interface ApiKeyRow {
  id: string;
  name: string;
  role: ViewerRole;
  personId: string | null;
  tenantId: string | null;
  /** INGEST: the sources it may write; null: any. */
  sources: string[] | null;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface NewApiKey {
  name: string;
  role: ViewerRole;
  personId?: string | null;
  tenantId?: string | null;
  sources?: string[] | null;
  expiresAt?: string | null;
}

/** What the caller calls each input: the mutation's arguments by default; the CLI passes its flags, so an error names what the user typed. */
export interface KeyArgumentNames {
  name: string;
  role: string;
  personId: string;
  tenantId: string;
  sources: string;
  expiresAt: string;
  id: string;
}
export const MUTATION_ARGUMENTS: KeyArgumentNames = { name: 'name', role: 'role', personId: 'personId', tenantId: 'tenantId', sources: 'sources', expiresAt: 'expiresAt', id: 'id' };

const PREFIX = 'pwk_';
const TOKEN = /^pwk_(k[0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;

export function isApiKey(token: string): boolean {
  return token.startsWith(PREFIX);
}

/** Whether a token has the shape of a key (a check of the text alone, before any lookup). */
export function isWellFormedApiKey(token: string): boolean {
  return TOKEN.test(token);
}

const digest = (secret: string) => createHash('sha256').update(secret).digest();

export class ApiKeys {
  /** Verified tokens (by digest of the whole token) and until when they are trusted without a lookup. */
  private readonly verified = new Map<string, { principal: Principal; until: number; keyId: string }>();

  constructor(
    private readonly exec: Executor,
    private readonly cacheMs: number,
  ) {}

  /** The principal a presented key stands for; AuthError when it is unknown, wrong, revoked or expired. */
  async verify(token: string, nowMs = Date.now()): Promise<Principal> {
    const cacheKey = digest(token).toString('hex');
    const hit = this.verified.get(cacheKey);
    if (hit && hit.until > nowMs) return hit.principal;
    const m = TOKEN.exec(token);
    if (!m) throw new AuthError('API key is malformed');
    const [row] = await this.exec.query(SYSTEM_VIEWER, 'auth/api-key-by-id', { id: m[1] });
    const key = row?.key as (ApiKeyRow & { hash: string }) | undefined;
    // Unknown id and wrong secret read the same, so the answer does not tell which ids exist.
    if (!key || !timingSafeEqual(Buffer.from(key.hash, 'hex'), digest(m[2]))) throw new AuthError('API key is not valid');
    if (key.revokedAt) throw new AuthError('API key has been revoked');
    const expires = key.expiresAt ? Date.parse(key.expiresAt) : Infinity;
    if (expires <= nowMs) throw new AuthError('API key has expired');
    const principal = bound({ id: `apikey:${key.id}`, role: key.role, personId: key.personId, tenantId: key.tenantId, sources: key.sources ?? null, credential: 'api-key' });
    this.verified.set(cacheKey, { principal, until: Math.min(nowMs + this.cacheMs, expires), keyId: key.id });
    return principal;
  }

  /** Creates a key; the token is returned here and never again. */
  async create(
    actor: Viewer,
    input: NewApiKey,
    now = new Date().toISOString(),
    requestId?: string | null,
    names: KeyArgumentNames = MUTATION_ARGUMENTS,
  ): Promise<{ key: ApiKeyRow; token: string }> {
    const name = (input.name ?? '').trim();
    if (name === '' || name.length > 100) throw badArgument(names.name, 'must be 1 to 100 characters');
    if (!VIEWER_ROLES.includes(input.role)) throw badArgument(names.role, `must be one of ${VIEWER_ROLES.join(', ')}`);
    let expiresAt: number | null = null;
    if (input.expiresAt != null) {
      expiresAt = parseInstant(input.expiresAt);
      if (expiresAt === null) throw badArgument(names.expiresAt, 'must be an RFC 3339 date-time with a time zone');
      if (expiresAt <= Date.parse(now)) throw badArgument(names.expiresAt, 'must be in the future');
    }
    const problem = bindingProblem(input);
    if (problem) throw badArgument(names[problem.field], problem.reason);
    const id = `k${randomBytes(8).toString('hex')}`;
    const secret = randomBytes(32).toString('base64url');
    const key = await this.exec.write(actor, async (tx) => {
      const binding = input.personId ?? input.tenantId;
      if (binding) {
        const [found] = await tx.run('entities/by-ids', { ids: [binding] });
        const want = input.role === 'OWNER' ? 'PERSON' : 'TENANT';
        const argument = input.role === 'OWNER' ? names.personId : names.tenantId;
        if (!found) throw notFound(argument, binding);
        if ((found.entity as Row).kind !== want) throw badArgument(argument, `must name a ${want === 'PERSON' ? 'Person' : 'Tenant'}`);
      }
      const [row] = await tx.run('auth/api-key-create', {
        id,
        name,
        role: input.role,
        personId: input.personId ?? null,
        tenantId: input.tenantId ?? null,
        sources: input.sources ?? null,
        hash: digest(secret).toString('hex'),
        createdAt: toNeo(Date.parse(now)),
        createdBy: actor.id,
        expiresAt: expiresAt === null ? null : toNeo(expiresAt),
      });
      await recordEvent(tx, { kind: 'API_KEY_CREATED', actor, at: now, subjectIds: [id], details: { name, role: input.role, ...(input.sources ? { sources: input.sources } : {}) }, requestId });
      return row.key as ApiKeyRow;
    });
    return { key, token: `${PREFIX}${id}.${secret}` };
  }

  /** Revokes a key (kept, never deleted); its cached verifications in this process end at once. */
  async revoke(
    actor: Viewer,
    id: string,
    reason: string | null = null,
    now = new Date().toISOString(),
    requestId?: string | null,
    names: KeyArgumentNames = MUTATION_ARGUMENTS,
  ): Promise<ApiKeyRow> {
    const key = await this.exec.write(actor, async (tx) => {
      const [row] = await tx.run('auth/api-key-revoke', { id, at: toNeo(Date.parse(now)), by: actor.id });
      if (!row) throw notFound(names.id, id, 'API key');
      await recordEvent(tx, { kind: 'API_KEY_REVOKED', actor, at: now, subjectIds: [id], details: { reason }, requestId });
      return row.key as ApiKeyRow;
    });
    this.forget([id]);
    return key;
  }

  /** Ends this process's cached verifications of keys revoked elsewhere (offboarding, contract termination). */
  forget(ids: Iterable<string>): void {
    const gone = new Set(ids);
    for (const [k, v] of this.verified) if (gone.has(v.keyId)) this.verified.delete(k);
  }

  async list(actor: Viewer, includeRevoked: boolean): Promise<ApiKeyRow[]> {
    return (await this.exec.query(actor, 'auth/api-key-list', { includeRevoked })).map((r) => r.key as ApiKeyRow);
  }
}
