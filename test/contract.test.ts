/**
 * The served schema is a compatible superset of the public contract
 * (../shared/spec/contract.graphql): graphql-js's findBreakingChanges, with
 * the contract as the old schema, finds no breaking change at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildClientSchema, buildSchema, findBreakingChanges, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { createApollo } from '../src/server/app';

const CONTRACT = path.resolve(__dirname, '..', '..', 'shared', 'spec', 'contract.graphql');

it('serves every type, field, argument and enum value of the contract', async () => {
  const apollo = createApollo();
  await apollo.start();
  try {
    const response = await apollo.executeOperation({ query: getIntrospectionQuery() }, { contextValue: {} as never });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const served = buildClientSchema(response.body.singleResult.data as unknown as IntrospectionQuery);
    const contract = buildSchema(fs.readFileSync(CONTRACT, 'utf8'));

    const breaking = findBreakingChanges(contract, served).map((c) => `${c.type}: ${c.description}`);

    expect(breaking.sort()).toEqual([]);
  } finally {
    await apollo.stop();
  }
});
