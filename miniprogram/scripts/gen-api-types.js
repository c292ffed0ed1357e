#!/usr/bin/env node
/**
 * Writes miniprogram/types/api.ts from the server's OpenAPI document: one entry per route the mini-program may call
 * (staff routes are left out) with its path parameters, query, JSON body and success (200 or 201) response.
 * The generator itself is the repository's scripts/openapi-types.cjs (the staff console's types come from it too).
 *
 *   node scripts/gen-api-types.js                     start a throw-away server (temp DATA_DIR, no demo data) and read it
 *   node scripts/gen-api-types.js http://127.0.0.1:3000/api/openapi.json
 *   node scripts/gen-api-types.js openapi.json        a saved document
 */
const { main } = require('../../scripts/openapi-types.cjs')

main('miniprogram', process.argv[2]).catch((err) => {
  console.error(err)
  process.exit(1)
})
