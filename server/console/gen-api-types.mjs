#!/usr/bin/env node
/**
 * Writes server/console/src/api-types.ts from the server's OpenAPI document: one entry per staff route
 * (/api/staff/…) with its path parameters, query, JSON body and success (200 or 201) response, which the console's
 * pages use instead of shapes written by hand. The generator is the repository's scripts/openapi-types.cjs (the
 * mini-program's types come from it too).
 *
 *   node console/gen-api-types.mjs                    start a throw-away server (temp DATA_DIR, no demo data) and read it
 *   node console/gen-api-types.mjs http://127.0.0.1:3000/api/openapi.json
 *   node console/gen-api-types.mjs openapi.json       a saved document
 */
import { createRequire } from 'node:module';

const { main } = createRequire(import.meta.url)('../../scripts/openapi-types.cjs');

main('console', process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
