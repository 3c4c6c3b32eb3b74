/**
 * JSON Web Tokens, verified with jose: an HS256 shared secret for small
 * installs, or RS256/ES256 keys published by an identity provider at a JWKS
 * URL (fetched and cached by jose). Either or both may be configured; a
 * token's `alg` header picks the key, and no other algorithm is accepted.
 *
 * Claims PathWarden reads: `sub` (the caller), `role` (one of ViewerRole),
 * `person` (OWNER: the Person id) and `tenant` (TENANT_AUDITOR: the Tenant
 * id), `sources` (INGEST, optional: the ingest sources it may write). `exp` is required: a token that never expires is refused. `aud` must
 * match PATHWARDEN_JWT_AUDIENCE, and `iss` PATHWARDEN_JWT_ISSUER when set.
 */
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import type { SecurityConfig } from '../config';
import { VIEWER_ROLES, type Principal, type ViewerRole } from '../core/viewer';

/** A credential was refused; the message is safe to show the caller. */
export class AuthError extends Error {}

const ASYMMETRIC = ['RS256', 'ES256'];
/** Most verified tokens kept (a dashboard, a pipeline and a few dozen analysts each send one token for many requests). */
const VERIFIED_TOKENS = 10_000;

export class JwtVerifier {
  private readonly secret: Uint8Array | undefined;
  private readonly jwks: JWTVerifyGetKey | undefined;
  private readonly algorithms: string[];
  /**
   * Tokens that verified, with their principal, each until the earlier of its
   * `exp` and `cacheMs` from its verification: a client sends the same token
   * with every request, and checking its signature again each time was a
   * fixed cost of every request (docs/security.md). A token that failed is
   * never kept, so each wrong one still counts against its address.
   */
  private readonly verified: LRUCache<string, { principal: Principal; until: number }> | null;

  constructor(private readonly cfg: SecurityConfig['jwt']) {
    this.secret = cfg.secret ? new TextEncoder().encode(cfg.secret) : undefined;
    this.jwks = cfg.jwksUrl ? createRemoteJWKSet(new URL(cfg.jwksUrl)) : undefined;
    this.algorithms = [...(this.secret ? ['HS256'] : []), ...(this.jwks ? ASYMMETRIC : [])];
    this.verified = (cfg.cacheMs ?? 0) > 0 ? new LRUCache({ max: VERIFIED_TOKENS }) : null;
  }

  get enabled(): boolean {
    return this.algorithms.length > 0;
  }

  async verify(token: string): Promise<Principal> {
    const now = Date.now();
    const kept = this.verified?.get(token);
    if (kept && now < kept.until) return kept.principal;
    const { principal, expiresAt } = await this.check(token);
    this.verified?.set(token, { principal, until: Math.min(now + this.cfg.cacheMs, expiresAt) });
    return principal;
  }

  /** The token's signature and claims checked: its principal, and when it expires (ms). */
  private async check(token: string): Promise<{ principal: Principal; expiresAt: number }> {
    if (!this.enabled) throw new AuthError('JWTs are not accepted by this server (no PATHWARDEN_JWT_SECRET or PATHWARDEN_JWKS_URL)');
    const key: JWTVerifyGetKey = async (header, input) => {
      if (header.alg === 'HS256' && this.secret) return this.secret;
      if (this.jwks && ASYMMETRIC.includes(header.alg)) return this.jwks(header, input);
      throw new AuthError(`token algorithm ${JSON.stringify(header.alg)} is not accepted`);
    };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: this.algorithms,
        audience: this.cfg.audience,
        issuer: this.cfg.issuer,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new AuthError(reasonOf(error));
    }
    lifetimeProblem(payload, this.cfg);
    return { principal: principalOf(payload), expiresAt: (payload.exp as number) * 1000 };
  }
}

/**
 * Refuses a token issued in the future (beyond the clock skew allowed) or
 * living longer than the configured maximum: exp - iat, or exp - now when
 * there is no iat (so leaving iat out does not lift the limit). A token
 * minted for a year is a password that cannot be revoked.
 */
function lifetimeProblem(payload: JWTPayload, cfg: SecurityConfig['jwt'], nowS = Math.floor(Date.now() / 1000)): void {
  const iat = payload.iat;
  if (iat !== undefined && iat > nowS + cfg.clockSkewSeconds) throw new AuthError(`token claim "iat" is in the future (beyond ${cfg.clockSkewSeconds} s of clock skew)`);
  const lifetime = (payload.exp as number) - (iat ?? nowS);
  if (lifetime > cfg.maxLifetimeSeconds) throw new AuthError(`token lifetime (exp - iat) is ${lifetime} s, over the limit of ${cfg.maxLifetimeSeconds} s`);
}

function reasonOf(error: unknown): string {
  if (error instanceof AuthError) return error.message;
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim ${JSON.stringify(error.claim)} is invalid (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm is not accepted';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token signed by a key the identity provider does not publish';
  // Malformed tokens and unreachable key sets: nothing more specific is safe or useful to say.
  return 'token is malformed or cannot be verified';
}

/** The principal a verified payload names; refuses a role it does not know or a narrowed role without its binding. */
export function principalOf(payload: JWTPayload): Principal {
  const role = payload.role as ViewerRole;
  if (!VIEWER_ROLES.includes(role)) throw new AuthError(`token role ${JSON.stringify(payload.role ?? null)} is not one of ${VIEWER_ROLES.join(', ')}`);
  // Logs, audit events and the rate limit are keyed on the subject: it must name someone.
  if (typeof payload.sub !== 'string' || payload.sub.trim() === '') throw new AuthError('token subject (sub) must be a non-empty string');
  return bound({ id: payload.sub, role, personId: str(payload.person), tenantId: str(payload.tenant), sources: (payload.sources as string[] | undefined) ?? null, credential: 'jwt' });
}

/** Most sources one INGEST credential may be bound to, and the longest source name. */
export const MAX_SOURCES = 50;
export const MAX_SOURCE_LENGTH = 200;

/** What is wrong with a role's binding, naming the field at fault; null when OWNER names a person, TENANT_AUDITOR a tenant, INGEST any sources, and other roles none. */
export function bindingProblem(p: Pick<Principal, 'role' | 'personId' | 'tenantId' | 'sources'>): { field: 'personId' | 'tenantId' | 'sources'; reason: string } | null {
  if (p.sources != null) {
    if (p.role !== 'INGEST') return { field: 'sources', reason: `only role INGEST is bound to sources, not ${p.role}` };
    if (!Array.isArray(p.sources) || p.sources.length === 0 || p.sources.length > MAX_SOURCES) return { field: 'sources', reason: `must list 1 to ${MAX_SOURCES} sources (leave it out for any source)` };
    const bad = p.sources.find((s) => typeof s !== 'string' || s.trim() === '' || s.length > MAX_SOURCE_LENGTH);
    if (bad !== undefined) return { field: 'sources', reason: `each source must be a non-blank string of at most ${MAX_SOURCE_LENGTH} characters, got ${JSON.stringify(bad).slice(0, 80)}` };
  }
  if (p.role === 'OWNER' && !p.personId) return { field: 'personId', reason: 'role OWNER needs a person (the Person id it is bound to)' };
  if (p.role === 'TENANT_AUDITOR' && !p.tenantId) return { field: 'tenantId', reason: 'role TENANT_AUDITOR needs a tenant (the Tenant id it is bound to)' };
  if (p.role !== 'OWNER' && p.personId) return { field: 'personId', reason: `only role OWNER is bound to a person, not ${p.role}` };
  if (p.role !== 'TENANT_AUDITOR' && p.tenantId) return { field: 'tenantId', reason: `only role TENANT_AUDITOR is bound to a tenant, not ${p.role}` };
  return null;
}

/** The principal with its binding checked (AuthError otherwise). */
export function bound(p: Principal): Principal {
  const problem = bindingProblem(p);
  if (problem) throw new AuthError(problem.reason);
  return { ...p, personId: p.personId ?? null, tenantId: p.tenantId ?? null, sources: p.sources ?? null };
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Signs an HS256 token (npm start's demo tokens, tests). */
export function signToken(
  cfg: Pick<SecurityConfig['jwt'], 'secret' | 'audience' | 'issuer' | 'jwksUrl'>,
  claims: { sub: string; role: ViewerRole; person?: string; tenant?: string; sources?: string[] },
  expiresIn: string | number = '12h',
): Promise<string> {
  if (!cfg.secret) throw new Error('signing needs PATHWARDEN_JWT_SECRET');
  let jwt = new SignJWT({
    role: claims.role,
    ...(claims.person ? { person: claims.person } : {}),
    ...(claims.tenant ? { tenant: claims.tenant } : {}),
    ...(claims.sources ? { sources: claims.sources } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setAudience(cfg.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (cfg.issuer) jwt = jwt.setIssuer(cfg.issuer);
  return jwt.sign(new TextEncoder().encode(cfg.secret));
}
