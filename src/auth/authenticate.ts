/**
 * Who is calling: every request to /graphql needs `Authorization: Bearer
 * <credential>`, either a JWT (auth/tokens.ts) or an API key
 * (auth/api-keys.ts, recognised by its `pwk_` prefix). Anything else is
 * refused with 401 and code UNAUTHENTICATED before the body is read.
 * Reading the header (credentialOf) is kept apart from verifying what it
 * carries (verify): the per-address failure limit in server/app.ts treats
 * "no credential", "malformed" and "verified or not" differently.
 */
import type { SecurityConfig } from '../config';
import type { Executor } from '../db/executor';
import { ApiKeys, isApiKey, isWellFormedApiKey } from './api-keys';
import { AuthError, JwtVerifier } from './tokens';
import type { Principal } from '../core/viewer';

export const MISSING_CREDENTIAL = 'missing credential: send Authorization: Bearer <token or API key>';
/** A compact JWS: three base64url segments (the signature may not be empty for any algorithm we accept). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export class Authenticator {
  readonly jwt: JwtVerifier;
  readonly apiKeys: ApiKeys;

  constructor(exec: Executor, cfg: SecurityConfig) {
    this.jwt = new JwtVerifier(cfg.jwt);
    this.apiKeys = new ApiKeys(exec, cfg.apiKeyCacheMs);
  }

  /** The principal behind an Authorization header value; AuthError (safe to show) when there is none. */
  async authenticate(header: string | undefined): Promise<Principal> {
    const credential = this.credentialOf(header);
    if (credential === null) throw new AuthError(MISSING_CREDENTIAL);
    return this.verify(credential);
  }

  /** The credential an Authorization header value carries; null when there is no header; AuthError when it is not "Bearer <credential>". */
  credentialOf(header: string | undefined): string | null {
    if (!header) return null;
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!m) throw new AuthError('the Authorization header must be "Bearer <token or API key>"');
    if (m[1].length > 8192) throw new AuthError('credential is too long');
    return m[1];
  }

  /** Whether a credential has the shape of an API key or a JWT; a check of its text alone, costing no signature check or lookup. */
  wellFormed(credential: string): boolean {
    return isApiKey(credential) ? isWellFormedApiKey(credential) : JWT_SHAPE.test(credential);
  }

  /** The principal a credential stands for: a JWT's signature and claims, or an API key looked up; AuthError when it does not verify. */
  verify(credential: string): Promise<Principal> {
    return isApiKey(credential) ? this.apiKeys.verify(credential) : this.jwt.verify(credential);
  }
}
