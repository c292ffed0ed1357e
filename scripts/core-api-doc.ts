/**
 * Rewrites the core protocol's OpenAPI document (server/src/core/external/core-api.openapi.json) with the wire names of
 * server/src/core/external/wire-names.ts (property names, titles, the Chinese names in the descriptions). Run after a
 * field or an operation of the protocol changes; test/core-emulator.test.ts fails while the document is not up to date.
 * Prints what it cannot name and exits 1 without writing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withWireNames } from '../server/src/core/external/wire-doc.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../server/src/core/external/core-api.openapi.json');
const { doc, problems } = withWireNames(JSON.parse(readFileSync(file, 'utf8')));
if (problems.length) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
process.stdout.write(`${path.relative(process.cwd(), file)} written\n`);
