/**
 * Security settings and credentials for tests that go through HTTP: a fixed
 * HS256 secret, tokens signed with it, and limits a test may tighten.
 */
import { DEFAULT_JWT_CLOCK_SKEW_SECONDS, DEFAULT_JWT_MAX_LIFETIME_SECONDS, DEFAULT_LIMITS, type Limits, type SecurityConfig } from '../../src/config';
import { signToken } from '../../src/auth/tokens';
import type { ViewerRole } from '../../src/core/viewer';

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export function testSecurity(overrides: Partial<Omit<SecurityConfig, 'limits'>> & { limits?: Partial<Limits> } = {}): SecurityConfig {
  const { limits, ...rest } = overrides;
  return {
    production: false,
    jwt: { secret: TEST_SECRET, jwksUrl: undefined, issuer: undefined, audience: 'pathwarden', maxLifetimeSeconds: DEFAULT_JWT_MAX_LIFETIME_SECONDS, clockSkewSeconds: DEFAULT_JWT_CLOCK_SKEW_SECONDS, cacheMs: 60_000 },
    apiKeyCacheMs: 0,
    introspection: true,
    ide: true,
    console: true,
    trustProxy: false,
    ...rest,
    limits: { ...DEFAULT_LIMITS, ...limits },
  };
}

/** A bearer token for a role (and its binding), valid for an hour unless told otherwise. */
export function tokenFor(role: ViewerRole, binding: { person?: string; tenant?: string; sub?: string } = {}, expiresIn: string | number = '1h'): Promise<string> {
  return signToken(testSecurity().jwt, { sub: binding.sub ?? `test-${role.toLowerCase()}`, role, person: binding.person, tenant: binding.tenant }, expiresIn);
}
