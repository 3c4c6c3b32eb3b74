/**
 * Authentication over real HTTP (server/app.ts, auth/authenticate.ts,
 * auth/tokens.ts, auth/api-keys.ts): every refused credential is a 401 with
 * one UNAUTHENTICATED error naming why and a WWW-Authenticate header; JWTs
 * signed with the shared secret or by a key a JWKS publishes; API keys
 * created, used, revoked and expired through the API, stored without their
 * secret and audited; and the per-address limit on failed authentications.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { createApi, type Api } from '../src/server/app';
import type { SecurityConfig } from '../src/config';
import { graph, named } from './support/fixtures';
import { useHarness } from './support/harness';
import { TEST_SECRET, testSecurity, tokenFor } from './support/security';

const h = useHarness();

// tenant:acme, person:ann (and the fixtures' approver): enough to bind keys to.
const GRAPH = graph({ tenants: [named('tenant:acme')], people: [named('person:ann')] });

const ROLES = 'ADMIN, ANALYST, OWNER, TENANT_AUDITOR, INGEST, METRICS';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const VIEWER = '{ viewer { id role personId tenantId } }';

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

interface Served {
  base: string;
  api: Api;
}

const servers: Api[] = [];

/** An API with `security` (auth failures allowed generously unless the test says otherwise), listening on a random port. */
async function serve(security: SecurityConfig = open()): Promise<Served> {
  const api = await createApi(h.exec, { security });
  servers.push(api);
  await new Promise<void>((resolve) => api.httpServer.listen(0, '127.0.0.1', resolve));
  return { api, base: `http://127.0.0.1:${(api.httpServer.address() as AddressInfo).port}` };
}

/** The test security settings with a failure limit no test here reaches by accident. */
function open(overrides: Parameters<typeof testSecurity>[0] = {}): SecurityConfig {
  return testSecurity({ ...overrides, limits: { authFailuresPerMinute: 1_000, ...overrides.limits } });
}

/** POSTs one GraphQL operation with `authorization` as the header (none when undefined). */
async function call(server: Served, authorization: string | undefined, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  const res = await fetch(`${server.base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const bearer = (server: Served, token: string, query: string, variables?: Record<string, unknown>) => call(server, `Bearer ${token}`, query, variables);

/** What a refused credential must look like: status, the one error, and the challenge header. */
const refusal = (answer: Answer) => ({ status: answer.status, challenge: answer.headers.get('www-authenticate'), body: answer.body });
const unauthenticated = (message: string) => ({
  status: 401,
  challenge: 'Bearer',
  body: { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] },
});

/** An HS256-or-other token with exactly `payload` (no defaults but those given), signed with `secret`. */
function hmac(payload: JWTPayload, { secret = TEST_SECRET, alg = 'HS256' }: { secret?: string; alg?: string } = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
/** The claims tokenFor would set, for tokens built by hand. */
const claims = (extra: JWTPayload = {}): JWTPayload => ({ sub: 'test-analyst', role: 'ANALYST', aud: 'pathwarden', iat: Math.floor(Date.now() / 1000), exp: inAnHour(), ...extra });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

let main: Served;
let adminToken: string;

beforeAll(async () => {
  await h.resetTo(GRAPH);
  main = await serve();
  adminToken = await tokenFor('ADMIN');
});
afterAll(async () => {
  for (const api of servers) await api.apollo.stop();
});

describe('JWTs signed with the shared secret', () => {
  it('accepts a valid token and takes the caller from its claims', async () => {
    const analyst = await bearer(main, await tokenFor('ANALYST'), VIEWER);
    const owner = await bearer(main, await tokenFor('OWNER', { person: 'person:ann', sub: 'ann' }), VIEWER);
    const auditor = await bearer(main, await tokenFor('TENANT_AUDITOR', { tenant: 'tenant:acme', sub: 'aud' }), VIEWER);
    expect([analyst, owner, auditor].map((a) => ({ status: a.status, body: a.body }))).toEqual([
      { status: 200, body: { data: { viewer: { id: 'test-analyst', role: 'ANALYST', personId: null, tenantId: null } } } },
      { status: 200, body: { data: { viewer: { id: 'ann', role: 'OWNER', personId: 'person:ann', tenantId: null } } } },
      { status: 200, body: { data: { viewer: { id: 'aud', role: 'TENANT_AUDITOR', personId: null, tenantId: 'tenant:acme' } } } },
    ]);
  });

  it('accepts the bearer scheme in any case and with extra spaces', async () => {
    const token = await tokenFor('ANALYST');
    const answers = [await call(main, `bearer ${token}`, VIEWER), await call(main, `BEARER   ${token}`, VIEWER)];
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
  });

  it('refuses a request without an Authorization header', async () => {
    expect(refusal(await call(main, undefined, VIEWER))).toEqual(unauthenticated('missing credential: send Authorization: Bearer <token or API key>'));
  });

  it('refuses an Authorization header that is not "Bearer <credential>"', async () => {
    const token = await tokenFor('ANALYST');
    const message = 'the Authorization header must be "Bearer <token or API key>"';
    const answers = [
      await call(main, 'Basic dXNlcjpwYXNz', VIEWER),
      await call(main, token, VIEWER),
      await call(main, 'Bearer', VIEWER),
      await call(main, `Bearer ${token} extra`, VIEWER),
    ];
    expect(answers.map(refusal)).toEqual([1, 2, 3, 4].map(() => unauthenticated(message)));
  });

  it('refuses a credential longer than 8192 characters', async () => {
    expect(refusal(await call(main, `Bearer ${'a'.repeat(8193)}`, VIEWER))).toEqual(unauthenticated('credential is too long'));
  });

  it('refuses a token that is not a JWT at all', async () => {
    expect(refusal(await call(main, 'Bearer not-a-token', VIEWER))).toEqual(unauthenticated('token is malformed or cannot be verified'));
  });

  it('refuses an expired token', async () => {
    const expired = await tokenFor('ANALYST', {}, Math.floor(Date.now() / 1000) - 60);
    expect(refusal(await bearer(main, expired, VIEWER))).toEqual(unauthenticated('token expired'));
  });

  it('does not trust a token it verified before past its expiry (verified tokens are kept, never past exp)', async () => {
    const soon = await tokenFor('ANALYST', {}, Math.floor(Date.now() / 1000) + 2);
    expect((await bearer(main, soon, VIEWER)).body).toEqual({ data: { viewer: { id: 'test-analyst', role: 'ANALYST', personId: null, tenantId: null } } });
    expect((await bearer(main, soon, VIEWER)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(refusal(await bearer(main, soon, VIEWER))).toEqual(unauthenticated('token expired'));
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await hmac(claims({ role: 'ADMIN' }), { secret: 'another-secret-another-secret-another-secret' });
    expect(refusal(await bearer(main, forged, VIEWER))).toEqual(unauthenticated('token signature is invalid'));
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = (await hmac(claims())).split('.');
    const tampered = [header, b64(claims({ role: 'ADMIN' })), signature].join('.');
    expect(refusal(await bearer(main, tampered, VIEWER))).toEqual(unauthenticated('token signature is invalid'));
  });

  it('refuses a token for another audience, or for none', async () => {
    const other = await hmac(claims({ aud: 'another-api' }));
    const none = await hmac(claims({ aud: undefined }));
    expect([refusal(await bearer(main, other, VIEWER)), refusal(await bearer(main, none, VIEWER))]).toEqual([
      unauthenticated('token claim "aud" is invalid (check_failed)'),
      unauthenticated('token claim "aud" is invalid (missing)'),
    ]);
  });

  it('refuses a token without exp, or without sub', async () => {
    const noExp = await hmac(claims({ exp: undefined }));
    const noSub = await hmac(claims({ sub: undefined }));
    expect([refusal(await bearer(main, noExp, VIEWER)), refusal(await bearer(main, noSub, VIEWER))]).toEqual([
      unauthenticated('token claim "exp" is invalid (missing)'),
      unauthenticated('token claim "sub" is invalid (missing)'),
    ]);
  });

  it('refuses a token whose subject is empty or not a string (logs, audit and the rate limit are keyed on it)', async () => {
    const empty = await hmac(claims({ sub: '' }));
    const blank = await hmac(claims({ sub: '   ' }));
    const numeric = await hmac(claims({ sub: 123 as unknown as string }));
    const refusals = [refusal(await bearer(main, empty, VIEWER)), refusal(await bearer(main, blank, VIEWER)), refusal(await bearer(main, numeric, VIEWER))];
    expect(refusals).toEqual([
      unauthenticated('token subject (sub) must be a non-empty string'),
      unauthenticated('token subject (sub) must be a non-empty string'),
      unauthenticated('token subject (sub) must be a non-empty string'),
    ]);
  });

  it('refuses a token that is not valid yet', async () => {
    const early = await hmac(claims({ nbf: inAnHour() - 60 }));
    expect(refusal(await bearer(main, early, VIEWER))).toEqual(unauthenticated('token claim "nbf" is invalid (check_failed)'));
  });

  it('refuses a token issued in the future beyond the clock skew, and one living longer than the maximum lifetime, with or without iat', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokens = {
      issuedLater: await hmac(claims({ iat: now + 120, exp: now + 3600 })),
      withinSkew: await hmac(claims({ iat: now + 30, exp: now + 3600 })),
      twoDays: await hmac(claims({ iat: now, exp: now + 2 * 86_400 })),
      aDayExactly: await hmac(claims({ iat: now, exp: now + 86_400 })),
      twoDaysNoIat: await hmac(claims({ iat: undefined, exp: now + 2 * 86_400 })),
    };
    const answers: Record<string, unknown> = {};
    for (const [name, token] of Object.entries(tokens)) {
      const answer = refusal(await bearer(main, token, VIEWER));
      answers[name] = answer.status === 200 ? 'accepted' : answer.body;
    }
    expect(answers).toEqual({
      issuedLater: unauthenticated('token claim "iat" is in the future (beyond 60 s of clock skew)').body,
      withinSkew: 'accepted',
      twoDays: unauthenticated('token lifetime (exp - iat) is 172800 s, over the limit of 86400 s').body,
      aDayExactly: 'accepted',
      // Measured from now, a second or so after the token was made.
      twoDaysNoIat: { errors: [{ message: expect.stringMatching(/^token lifetime \(exp - iat\) is 17(2799|2800) s, over the limit of 86400 s$/), extensions: { code: 'UNAUTHENTICATED' } }] },
    });
  });

  it('refuses a token with an unknown role, or with no role', async () => {
    const unknown = await hmac(claims({ role: 'SUPERUSER' }));
    const missing = await hmac(claims({ role: undefined }));
    expect([refusal(await bearer(main, unknown, VIEWER)), refusal(await bearer(main, missing, VIEWER))]).toEqual([
      unauthenticated(`token role "SUPERUSER" is not one of ${ROLES}`),
      unauthenticated(`token role null is not one of ${ROLES}`),
    ]);
  });

  it('refuses a narrowed role without its binding, and a binding on a role that has none', async () => {
    const answers = [
      await bearer(main, await hmac(claims({ role: 'OWNER' })), VIEWER),
      await bearer(main, await hmac(claims({ role: 'TENANT_AUDITOR' })), VIEWER),
      await bearer(main, await hmac(claims({ role: 'ADMIN', person: 'person:ann' })), VIEWER),
      await bearer(main, await hmac(claims({ role: 'OWNER', person: 'person:ann', tenant: 'tenant:acme' })), VIEWER),
    ];
    expect(answers.map(refusal)).toEqual([
      unauthenticated('role OWNER needs a person (the Person id it is bound to)'),
      unauthenticated('role TENANT_AUDITOR needs a tenant (the Tenant id it is bound to)'),
      unauthenticated('only role OWNER is bound to a person, not ADMIN'),
      unauthenticated('only role TENANT_AUDITOR is bound to a tenant, not OWNER'),
    ]);
  });

  it('refuses alg none and any algorithm other than HS256 for the shared secret', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims({ role: 'ADMIN' }))}.`;
    const hs512 = await hmac(claims(), { alg: 'HS512' });
    const hs384 = await hmac(claims(), { alg: 'HS384' });
    const answers = [await bearer(main, unsigned, VIEWER), await bearer(main, hs512, VIEWER), await bearer(main, hs384, VIEWER)];
    expect(answers.map(refusal)).toEqual([1, 2, 3].map(() => unauthenticated('token algorithm is not accepted')));
  });

  it('refuses every JWT when neither a secret nor a JWKS is configured', async () => {
    const noJwt = await serve(open({ jwt: { secret: undefined, jwksUrl: undefined, issuer: undefined, audience: 'pathwarden', maxLifetimeSeconds: 86_400, clockSkewSeconds: 60, cacheMs: 60_000 } }));
    expect(refusal(await bearer(noJwt, await tokenFor('ADMIN'), VIEWER))).toEqual(
      unauthenticated('JWTs are not accepted by this server (no PATHWARDEN_JWT_SECRET or PATHWARDEN_JWKS_URL)'),
    );
  });
});

describe('JWTs when an issuer is configured', () => {
  const ISSUER = 'https://idp.pathwarden.test/';
  let server: Served;

  beforeAll(async () => {
    server = await serve(open({ jwt: { secret: TEST_SECRET, jwksUrl: undefined, issuer: ISSUER, audience: 'pathwarden', maxLifetimeSeconds: 86_400, clockSkewSeconds: 60, cacheMs: 60_000 } }));
  });

  it('accepts a token from that issuer', async () => {
    const answer = await bearer(server, await hmac(claims({ iss: ISSUER })), VIEWER);
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: { data: { viewer: { id: 'test-analyst', role: 'ANALYST', personId: null, tenantId: null } } },
    });
  });

  it('refuses a token from another issuer, or from none', async () => {
    const other = await hmac(claims({ iss: 'https://evil.example/' }));
    const none = await hmac(claims());
    expect([refusal(await bearer(server, other, VIEWER)), refusal(await bearer(server, none, VIEWER))]).toEqual([
      unauthenticated('token claim "iss" is invalid (check_failed)'),
      unauthenticated('token claim "iss" is invalid (missing)'),
    ]);
  });
});

describe('JWTs signed by keys an identity provider publishes (JWKS)', () => {
  let jwks: http.Server;
  let server: Served;
  let rsa: { privateKey: KeyLike; publicKey: KeyLike };
  let ec: { privateKey: KeyLike; publicKey: KeyLike };
  let stranger: { privateKey: KeyLike; publicKey: KeyLike };
  let fetches = 0;

  const signed = (key: KeyLike, alg: string, kid: string | undefined, payload: JWTPayload = claims()) =>
    new SignJWT(payload).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).sign(key);

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    stranger = await generateKeyPair('RS256');
    const body = JSON.stringify({
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      ],
    });
    jwks = http.createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
    server = await serve(open({ jwt: { secret: undefined, jwksUrl, issuer: undefined, audience: 'pathwarden', maxLifetimeSeconds: 86_400, clockSkewSeconds: 60, cacheMs: 60_000 } }));
  });
  afterAll(async () => {
    await new Promise((resolve) => jwks.close(resolve));
  });

  it('accepts an RS256 token and an ES256 token signed by published keys', async () => {
    const viaRsa = await bearer(server, await signed(rsa.privateKey, 'RS256', 'rsa-1', claims({ sub: 'idp-user', role: 'ADMIN' })), VIEWER);
    const viaEc = await bearer(server, await signed(ec.privateKey, 'ES256', 'ec-1'), VIEWER);
    expect([viaRsa, viaEc].map((a) => ({ status: a.status, body: a.body }))).toEqual([
      { status: 200, body: { data: { viewer: { id: 'idp-user', role: 'ADMIN', personId: null, tenantId: null } } } },
      { status: 200, body: { data: { viewer: { id: 'test-analyst', role: 'ANALYST', personId: null, tenantId: null } } } },
    ]);
    expect(fetches).toBeGreaterThan(0);
  });

  it('refuses a token signed by another key pair that claims a published key id', async () => {
    const forged = await signed(stranger.privateKey, 'RS256', 'rsa-1', claims({ role: 'ADMIN' }));
    expect(refusal(await bearer(server, forged, VIEWER))).toEqual(unauthenticated('token signature is invalid'));
  });

  it('refuses a token signed by a key the identity provider does not publish', async () => {
    const foreign = await signed(stranger.privateKey, 'RS256', 'stranger-1', claims({ role: 'ADMIN' }));
    expect(refusal(await bearer(server, foreign, VIEWER))).toEqual(unauthenticated('token signed by a key the identity provider does not publish'));
  });

  it('refuses a published key used with an algorithm it is not for', async () => {
    const wrongAlg = await signed(rsa.privateKey, 'RS512', 'rsa-1');
    expect(refusal(await bearer(server, wrongAlg, VIEWER))).toEqual(unauthenticated('token algorithm is not accepted'));
  });

  it('refuses HS256 tokens when no shared secret is configured', async () => {
    expect(refusal(await bearer(server, await tokenFor('ADMIN'), VIEWER))).toEqual(unauthenticated('token algorithm is not accepted'));
  });

  it('refuses an expired token even when its signature is good', async () => {
    const expired = await signed(rsa.privateKey, 'RS256', 'rsa-1', claims({ exp: Math.floor(Date.now() / 1000) - 60 }));
    expect(refusal(await bearer(server, expired, VIEWER))).toEqual(unauthenticated('token expired'));
  });
});

const CREATE = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { key { id name role personId tenantId createdAt createdBy expiresAt revokedAt revokedBy } token }
}`;
const REVOKE = `mutation($id: ID!, $reason: String) {
  revokeApiKey(id: $id, reason: $reason) { id name role revokedAt revokedBy }
}`;
const TOKEN = /^pwk_(k[0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;
const db = () => ({ database: process.env.NEO4J_DATABASE || undefined });

/** Creates a key through the API as ADMIN on `server`; fails the test on any error. */
async function createKey(server: Served, input: Record<string, unknown>): Promise<{ id: string; token: string; secret: string }> {
  const answer = await bearer(server, adminToken, CREATE, { input });
  expect(answer.body.errors).toBeUndefined();
  const { key, token } = answer.body.data.createApiKey;
  const [, id, secret] = TOKEN.exec(token) ?? [];
  expect(id).toBe(key.id);
  return { id, token, secret };
}

/** The stored ApiKey node's properties, temporal values as strings; null when there is no node. */
async function storedKey(id: string): Promise<Record<string, unknown> | null> {
  const result = await h.driver.executeQuery('MATCH (k:ApiKey {id: $id}) RETURN properties(k) AS props', { id }, db());
  if (result.records.length === 0) return null;
  const props = result.records[0].get('props') as Record<string, unknown>;
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v !== null && typeof v === 'object' ? String(v) : v]));
}

describe('API keys', () => {
  it('creates a key as ADMIN, shows its token once, and authenticates with it', async () => {
    const answer = await bearer(main, adminToken, CREATE, { input: { name: '  nightly ingest  ', role: 'INGEST' } });
    const created = answer.body.data.createApiKey;
    expect(answer.body).toEqual({
      data: {
        createApiKey: {
          key: {
            id: expect.stringMatching(/^k[0-9a-f]{16}$/),
            name: 'nightly ingest',
            role: 'INGEST',
            personId: null,
            tenantId: null,
            createdAt: expect.stringMatching(ISO),
            createdBy: 'test-admin',
            expiresAt: null,
            revokedAt: null,
            revokedBy: null,
          },
          token: expect.stringMatching(TOKEN),
        },
      },
    });
    expect(created.token.startsWith(`pwk_${created.key.id}.`)).toBe(true);
    const viewer = await bearer(main, created.token, VIEWER);
    expect({ status: viewer.status, body: viewer.body }).toEqual({
      status: 200,
      body: { data: { viewer: { id: `apikey:${created.key.id}`, role: 'INGEST', personId: null, tenantId: null } } },
    });
  });

  it('binds a key for a narrowed role to its person or tenant', async () => {
    const owner = await createKey(main, { name: 'ann dashboard', role: 'OWNER', personId: 'person:ann' });
    const auditor = await createKey(main, { name: 'acme audit', role: 'TENANT_AUDITOR', tenantId: 'tenant:acme' });
    const answers = [await bearer(main, owner.token, VIEWER), await bearer(main, auditor.token, VIEWER)];
    expect(answers.map((a) => a.body)).toEqual([
      { data: { viewer: { id: `apikey:${owner.id}`, role: 'OWNER', personId: 'person:ann', tenantId: null } } },
      { data: { viewer: { id: `apikey:${auditor.id}`, role: 'TENANT_AUDITOR', personId: null, tenantId: 'tenant:acme' } } },
    ]);
  });

  it('stores only the SHA-256 of the secret, never the secret or the token', async () => {
    const { id, token, secret } = await createKey(main, { name: 'stored', role: 'ANALYST' });
    const props = (await storedKey(id)) as Record<string, unknown>;
    expect(props).toEqual({
      id,
      name: 'stored',
      role: 'ANALYST',
      hash: createHash('sha256').update(secret).digest('hex'),
      createdAt: expect.any(String),
      createdBy: 'test-admin',
    });
    // No property of any node (the key, its audit event, anything else) holds the secret.
    const everything = await h.driver.executeQuery('MATCH (n) RETURN labels(n) AS labels, properties(n) AS props', {}, db());
    const leaks = everything.records
      .filter((r) => Object.values(r.get('props') as Record<string, unknown>).some((v) => String(v).includes(secret)))
      .map((r) => r.get('labels'));
    expect(leaks).toEqual([]);
    expect(token).toContain(secret);
  });

  it('refuses a key once it is revoked, keeps the revoked key, and audits both changes', async () => {
    const { id, token } = await createKey(main, { name: 'to revoke', role: 'ANALYST' });
    expect((await bearer(main, token, VIEWER)).status).toBe(200);
    const revoked = await bearer(main, adminToken, REVOKE, { id, reason: 'rotated' });
    expect(revoked.body).toEqual({
      data: { revokeApiKey: { id, name: 'to revoke', role: 'ANALYST', revokedAt: expect.stringMatching(ISO), revokedBy: 'test-admin' } },
    });
    expect(refusal(await bearer(main, token, VIEWER))).toEqual(unauthenticated('API key has been revoked'));

    expect(await storedKey(id)).toEqual({
      id,
      name: 'to revoke',
      role: 'ANALYST',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdAt: expect.any(String),
      createdBy: 'test-admin',
      revokedAt: expect.any(String),
      revokedBy: 'test-admin',
    });
    const events = await h.driver.executeQuery(
      `MATCH (e:AuditEvent) WHERE $id IN e.subjectIds
       RETURN e {.kind, .actorId, .actorRole, .subjectIds, .details, hasRequestId: e.requestId IS NOT NULL} AS event ORDER BY e.at, e.kind`,
      { id },
      db(),
    );
    expect(events.records.map((r) => r.get('event'))).toEqual([
      { kind: 'API_KEY_CREATED', actorId: 'test-admin', actorRole: 'ADMIN', subjectIds: [id], details: JSON.stringify({ name: 'to revoke', role: 'ANALYST' }), hasRequestId: true },
      { kind: 'API_KEY_REVOKED', actorId: 'test-admin', actorRole: 'ADMIN', subjectIds: [id], details: JSON.stringify({ reason: 'rotated' }), hasRequestId: true },
    ]);
  });

  it('lists revoked keys only when asked', async () => {
    const { id } = await createKey(main, { name: 'listed then revoked', role: 'ANALYST' });
    await bearer(main, adminToken, REVOKE, { id });
    const list = async (includeRevoked: boolean) =>
      (await bearer(main, adminToken, 'query($r: Boolean) { apiKeys(includeRevoked: $r) { id revokedAt } }', { r: includeRevoked })).body.data.apiKeys.map(
        (k: { id: string }) => k.id,
      );
    expect({ active: (await list(false)).includes(id), all: (await list(true)).includes(id) }).toEqual({ active: false, all: true });
  });

  it('ends a cached key at once when it is revoked through the same server', async () => {
    const cached = await serve(open({ apiKeyCacheMs: 60_000 }));
    const { id, token } = await createKey(cached, { name: 'cached', role: 'ANALYST' });
    expect((await bearer(cached, token, VIEWER)).status).toBe(200);
    // Within the cache window the key is not looked up again: a revocation written behind the server's back is not seen yet...
    await h.driver.executeQuery("MATCH (k:ApiKey {id: $id}) SET k.revokedAt = datetime(), k.revokedBy = 'out-of-band'", { id }, db());
    expect((await bearer(cached, token, VIEWER)).status).toBe(200);
    // ...but a revocation through this server ends it at once.
    expect((await bearer(cached, adminToken, REVOKE, { id })).body.errors).toBeUndefined();
    expect(refusal(await bearer(cached, token, VIEWER))).toEqual(unauthenticated('API key has been revoked'));
  });

  it('refuses a key whose expiry has passed', async () => {
    const { id, token } = await createKey(main, { name: 'short-lived', role: 'ANALYST', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await bearer(main, token, VIEWER)).status).toBe(200);
    await h.driver.executeQuery("MATCH (k:ApiKey {id: $id}) SET k.expiresAt = datetime() - duration('PT1M')", { id }, db());
    expect(refusal(await bearer(main, token, VIEWER))).toEqual(unauthenticated('API key has expired'));
  });

  it('does not trust a cached key past its expiry', async () => {
    const cached = await serve(open({ apiKeyCacheMs: 60_000 }));
    const { token } = await createKey(cached, { name: 'expires soon', role: 'ANALYST', expiresAt: new Date(Date.now() + 2_000).toISOString() });
    expect((await bearer(cached, token, VIEWER)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(refusal(await bearer(cached, token, VIEWER))).toEqual(unauthenticated('API key has expired'));
  });

  it('refuses a tampered secret exactly as an unknown key id, and a malformed key', async () => {
    const { id, secret } = await createKey(main, { name: 'tampered', role: 'ANALYST' });
    const other = secret[0] === 'A' ? 'B' : 'A';
    const tampered = `pwk_${id}.${other}${secret.slice(1)}`;
    const unknown = `pwk_k0000000000000000.${secret}`;
    const answers = [await bearer(main, tampered, VIEWER), await bearer(main, unknown, VIEWER), await bearer(main, `pwk_${id}.short`, VIEWER)];
    expect(answers.map(refusal)).toEqual([
      unauthenticated('API key is not valid'),
      unauthenticated('API key is not valid'),
      unauthenticated('API key is malformed'),
    ]);
  });

  it('revokes an unknown key id with NOT_FOUND', async () => {
    const answer = await bearer(main, adminToken, REVOKE, { id: 'k0000000000000000' });
    expect({ data: answer.body.data, codes: answer.body.errors.map((e: any) => e.extensions) }).toEqual({
      data: null,
      codes: [{ code: 'NOT_FOUND', argument: 'id', id: 'k0000000000000000' }],
    });
  });
});

describe('createApiKey refusals', () => {
  /** The whole answer to a refused createApiKey, each error as message and extensions; and whether it wrote anything. */
  async function refused(input: Record<string, unknown>) {
    const before = await h.count('MATCH (n) WHERE n:ApiKey OR n:AuditEvent RETURN count(n)');
    const answer = await bearer(main, adminToken, CREATE, { input });
    const after = await h.count('MATCH (n) WHERE n:ApiKey OR n:AuditEvent RETURN count(n)');
    return {
      status: answer.status,
      data: answer.body.data,
      errors: answer.body.errors?.map((e: any) => ({ message: e.message, extensions: e.extensions })),
      written: after - before,
    };
  }
  const badArgument = (field: string, reason: string) => ({
    status: 200,
    data: null,
    errors: [{ message: `${field}: ${reason}`, extensions: { code: 'BAD_USER_INPUT', problems: [{ list: 'arguments', index: -1, id: null, field, reason }] } }],
    written: 0,
  });

  it('refuses OWNER without a personId, naming personId', async () => {
    expect(await refused({ name: 'x', role: 'OWNER' })).toEqual(badArgument('personId', 'role OWNER needs a person (the Person id it is bound to)'));
  });

  it('refuses TENANT_AUDITOR without a tenantId, naming tenantId', async () => {
    expect(await refused({ name: 'x', role: 'TENANT_AUDITOR' })).toEqual(
      badArgument('tenantId', 'role TENANT_AUDITOR needs a tenant (the Tenant id it is bound to)'),
    );
  });

  it('refuses TENANT_AUDITOR with a personId, naming personId', async () => {
    expect(await refused({ name: 'x', role: 'TENANT_AUDITOR', tenantId: 'tenant:acme', personId: 'person:ann' })).toEqual(
      badArgument('personId', 'only role OWNER is bound to a person, not TENANT_AUDITOR'),
    );
  });

  it('refuses a personId that names a Tenant, and a tenantId that names a Person', async () => {
    expect([
      await refused({ name: 'x', role: 'OWNER', personId: 'tenant:acme' }),
      await refused({ name: 'x', role: 'TENANT_AUDITOR', tenantId: 'person:ann' }),
    ]).toEqual([badArgument('personId', 'must name a Person'), badArgument('tenantId', 'must name a Tenant')]);
  });

  it('refuses an unknown personId with NOT_FOUND', async () => {
    expect(await refused({ name: 'x', role: 'OWNER', personId: 'person:nobody' })).toEqual({
      status: 200,
      data: null,
      errors: [{ message: 'personId: no entity with id "person:nobody"', extensions: { code: 'NOT_FOUND', argument: 'personId', id: 'person:nobody' } }],
      written: 0,
    });
  });

  it('refuses an expiresAt in the past, or that is not an instant', async () => {
    expect([
      await refused({ name: 'x', role: 'ANALYST', expiresAt: '2020-01-01T00:00:00Z' }),
      await refused({ name: 'x', role: 'ANALYST', expiresAt: 'tomorrow' }),
    ]).toEqual([badArgument('expiresAt', 'must be in the future'), badArgument('expiresAt', 'must be an RFC 3339 date-time with a time zone')]);
  });

  it('refuses an empty name', async () => {
    expect(await refused({ name: '   ', role: 'ANALYST' })).toEqual(badArgument('name', 'must be 1 to 100 characters'));
  });
});

describe('failed authentications from one address', () => {
  it('are refused with 429 after the limit, while a valid credential and /health still answer', async () => {
    const limited = await serve(testSecurity({ limits: { authFailuresPerMinute: 3 } }));
    const failures = [];
    for (let i = 0; i < 3; i++) failures.push((await call(limited, 'Bearer wrong', VIEWER)).status);
    expect(failures).toEqual([401, 401, 401]);

    const blocked = await call(limited, 'Bearer wrong', VIEWER);
    const valid = await bearer(limited, adminToken, VIEWER);
    expect([blocked, valid].map((a) => ({ status: a.status, body: a.body }))).toEqual([
      { status: 429, body: { errors: [{ message: 'too many failed authentications from this address; wait and retry', extensions: { code: 'RATE_LIMITED' } }] } },
      { status: 200, body: { data: { viewer: { id: 'test-admin', role: 'ADMIN', personId: null, tenantId: null } } } },
    ]);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);

    const health = await fetch(`${limited.base}/health`);
    expect(health.status).toBe(200);
    // Another server (another limiter) is unaffected.
    expect((await call(main, 'Bearer wrong', VIEWER)).status).toBe(401);
  });

  it('are not counted for requests that authenticate', async () => {
    const limited = await serve(testSecurity({ limits: { authFailuresPerMinute: 3 } }));
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await bearer(limited, adminToken, VIEWER)).status);
    statuses.push((await call(limited, 'Bearer wrong', VIEWER)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 401]);
  });
});
