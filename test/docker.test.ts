/**
 * docker-compose.yml and the Dockerfile, read as Docker reads them (no Docker
 * engine runs here): one variable holds the Neo4j password, the API has a
 * healthcheck on /health, runs as a non-root user, and gets SIGTERM through
 * an init; the image and npm start give the API the same V8 options.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { API_V8_FLAGS } from '../src/config';

const repo = path.resolve(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(repo, file), 'utf8');
const compose = parse(read('docker-compose.yml'));
const dotenv = Object.fromEntries(
  read('.env')
    .split('\n')
    .filter((l) => /^\w+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
/** The Dockerfile's instructions, in order, as [INSTRUCTION, arguments]. */
const dockerfile = read('Dockerfile')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
  .map((l) => {
    const [, instruction, args] = /^\s*(\w+)\s+(.*)$/.exec(l)!;
    return [instruction.toUpperCase(), args.trim()] as const;
  });

it('keeps the Neo4j password in one variable, which Neo4j, its healthcheck and the API all read', () => {
  const password = dotenv.NEO4J_PASSWORD;
  const { neo4j, api } = compose.services;
  expect({
    inEnvFile: typeof password === 'string' && password.length > 0,
    literalInCompose: read('docker-compose.yml').includes(password),
    neo4jAuth: neo4j.environment.NEO4J_AUTH,
    apiPassword: api.environment.NEO4J_PASSWORD,
    healthcheck: neo4j.healthcheck.test,
  }).toEqual({
    inEnvFile: true,
    literalInCompose: false,
    neo4jAuth: 'neo4j/${NEO4J_PASSWORD:?set NEO4J_PASSWORD in .env}',
    apiPassword: '${NEO4J_PASSWORD:?set NEO4J_PASSWORD in .env}',
    healthcheck: ['CMD-SHELL', `cypher-shell -u neo4j -p "$\${NEO4J_AUTH#neo4j/}" 'RETURN 1' || exit 1`],
  });
});

it("checks the API's health on /health", () => {
  const { healthcheck } = compose.services.api;
  expect({ kind: healthcheck.test[0], probesHealth: healthcheck.test.some((part: string) => part.includes("/health')")) }).toEqual({ kind: 'CMD', probesHealth: true });
});

it('runs the API as a non-root user, as node itself, behind an init that forwards SIGTERM', () => {
  const users = dockerfile.filter(([i]) => i === 'USER').map(([, user]) => user);
  const [, cmd] = dockerfile.filter(([i]) => i === 'CMD').at(-1)!;
  expect({ user: users.at(-1), init: compose.services.api.init, cmd: JSON.parse(cmd) }).toEqual({
    user: 'node',
    init: true,
    cmd: ['node', ...API_V8_FLAGS, '--import', 'tsx', 'src/cli/start.ts'],
  });
});

it("starts the API with src/config.ts's V8 options in the image and through npm start alike", () => {
  const [, cmd] = dockerfile.filter(([i]) => i === 'CMD').at(-1)!;
  const start: string = JSON.parse(read('package.json')).scripts.start;
  const npmStart = /exec tsx (.*) src\/cli\/start\.ts$/.exec(start)?.[1].split(' ') ?? start;
  expect({ image: JSON.parse(cmd).slice(1, -3), npmStart, some: API_V8_FLAGS.length > 0 }).toEqual({ image: [...API_V8_FLAGS], npmStart: [...API_V8_FLAGS], some: true });
});
