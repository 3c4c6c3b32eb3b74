/**
 * Who is calling: every request to /graphql needs `Authorization: Bearer
 * <credential>`, either a JWT (auth/tokens.ts) or an API key
 * (auth/api-keys.ts, recognised by its `pwk_` prefix). Anything else is
 * refused with 401 and code UNAUTHENTICATED before the body is read.
 */
import type { SecurityConfig } from '../config';
import type { Executor } from '../db/executor';
import { ApiKeys, isApiKey } from './api-keys';
import { AuthError, JwtVerifier } from './tokens';
import type { Principal } from './viewer';

export class Authenticator {
  readonly jwt: JwtVerifier;
  readonly apiKeys: ApiKeys;

  constructor(exec: Executor, cfg: SecurityConfig) {
    this.jwt = new JwtVerifier(cfg.jwt);
    this.apiKeys = new ApiKeys(exec, cfg.apiKeyCacheMs);
  }

  /** The principal behind an Authorization header value; AuthError (safe to show) when there is none. */
  async authenticate(header: string | undefined): Promise<Principal> {
    if (!header) throw new AuthError('missing credential: send Authorization: Bearer <token or API key>');
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!m) throw new AuthError('the Authorization header must be "Bearer <token or API key>"');
    const credential = m[1];
    if (credential.length > 8192) throw new AuthError('credential is too long');
    return isApiKey(credential) ? this.apiKeys.verify(credential) : this.jwt.verify(credential);
  }
}
