/**
 * Security configuration from the environment: production turns
 * introspection and the IDE off unless asked for, and bad values are refused
 * at start-up with the variable's name.
 */
import { DEFAULT_LIMITS, loadLogConfig, loadSecurityConfig } from '../src/config';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function withEnv(env: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return loadSecurityConfig();
}

const CLEAN = { NODE_ENV: undefined, PATHWARDEN_INTROSPECTION: undefined, PATHWARDEN_IDE: undefined, PATHWARDEN_JWT_SECRET: undefined };

it('turns introspection and the IDE off by default in production', () => {
  const cfg = withEnv({ ...CLEAN, NODE_ENV: 'production' });
  expect({ production: cfg.production, introspection: cfg.introspection, ide: cfg.ide }).toEqual({ production: true, introspection: false, ide: false });
});

it('keeps introspection and the IDE on by default outside production', () => {
  const cfg = withEnv({ ...CLEAN, NODE_ENV: 'development' });
  expect({ production: cfg.production, introspection: cfg.introspection, ide: cfg.ide }).toEqual({ production: false, introspection: true, ide: true });
});

it('lets production switch introspection and the IDE back on explicitly', () => {
  const cfg = withEnv({ ...CLEAN, NODE_ENV: 'production', PATHWARDEN_INTROSPECTION: 'true', PATHWARDEN_IDE: '1' });
  expect({ introspection: cfg.introspection, ide: cfg.ide }).toEqual({ introspection: true, ide: true });
});

it('uses the documented limits when none is set', () => {
  const cfg = withEnv({ ...CLEAN, PATHWARDEN_MAX_QUERY_DEPTH: undefined, PATHWARDEN_MAX_QUERY_COST: undefined, PATHWARDEN_RATE_LIMIT_PER_MINUTE: undefined });
  expect(cfg.limits).toEqual(DEFAULT_LIMITS);
  expect(DEFAULT_LIMITS).toEqual({ depth: 12, cost: 100_000, tokens: 5_000, batch: 10, body: '8mb', ratePerMinute: 1_200, authFailuresPerMinute: 30 });
});

it('reads each limit from its variable', () => {
  const cfg = withEnv({ ...CLEAN, PATHWARDEN_MAX_QUERY_DEPTH: '7', PATHWARDEN_MAX_QUERY_COST: '500', PATHWARDEN_MAX_BATCH: '2', PATHWARDEN_BODY_LIMIT: '1mb' });
  expect(cfg.limits).toEqual({ ...DEFAULT_LIMITS, depth: 7, cost: 500, batch: 2, body: '1mb' });
});

it('refuses a JWT secret shorter than 32 characters, naming the variable', () => {
  expect(() => withEnv({ ...CLEAN, PATHWARDEN_JWT_SECRET: 'short' })).toThrow('PATHWARDEN_JWT_SECRET must be at least 32 characters');
});

it('refuses a switch that is not true or false, naming the variable', () => {
  expect(() => withEnv({ ...CLEAN, PATHWARDEN_IDE: 'maybe' })).toThrow('PATHWARDEN_IDE must be true or false, got "maybe"');
});

it('refuses a limit that is not a non-negative integer, naming the variable', () => {
  expect(() => withEnv({ ...CLEAN, PATHWARDEN_MAX_QUERY_COST: '-5' })).toThrow('PATHWARDEN_MAX_QUERY_COST must be a non-negative integer, got "-5"');
});

describe('log configuration', () => {
  const LOG = { PATHWARDEN_LOG_LEVEL: undefined, PATHWARDEN_LOG_FORMAT: undefined };

  it('writes one short line a request on a terminal and JSON lines otherwise, at level info, unless told', () => {
    withEnv(LOG);
    expect([loadLogConfig(true), loadLogConfig(false)]).toEqual([
      { level: 'info', format: 'pretty' },
      { level: 'info', format: 'json' },
    ]);
  });

  it('takes the format and level from PATHWARDEN_LOG_FORMAT and PATHWARDEN_LOG_LEVEL, whatever stdout is', () => {
    withEnv({ PATHWARDEN_LOG_LEVEL: 'warn', PATHWARDEN_LOG_FORMAT: 'json' });
    expect([loadLogConfig(true), loadLogConfig(false)]).toEqual([
      { level: 'warn', format: 'json' },
      { level: 'warn', format: 'json' },
    ]);
  });

  it('refuses a format or level it does not know, naming the variable and the choices', () => {
    withEnv({ ...LOG, PATHWARDEN_LOG_FORMAT: 'colour' });
    expect(() => loadLogConfig(true)).toThrow('PATHWARDEN_LOG_FORMAT must be one of json, pretty, got "colour"');
    withEnv({ ...LOG, PATHWARDEN_LOG_LEVEL: 'loud' });
    expect(() => loadLogConfig(true)).toThrow('PATHWARDEN_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got "loud"');
  });
});
