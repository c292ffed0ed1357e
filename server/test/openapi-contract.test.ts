/**
 * Issue 16.6: every route declares what it answers. The OpenAPI document the server serves is walked and every
 * operation must have a success answer (200 or 201) with a schema: JSON answers a zod response schema, binary
 * answers (PDF, xlsx, images) at least their content type. The mini-program's and the staff console's types are
 * generated from this document (scripts/openapi-types.cjs): the committed files must be what it generates now.
 * A route's response schema also shapes what it sends (http/route.ts parses the handler's result), so the staff
 * console's reads are called on the demo data: each must answer 200, i.e. its schema holds what the service returns.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from './helpers/server.js';
import { auth, staffLogin } from './workflow-helpers.js';

type Media = { schema?: Record<string, unknown> };
type Operation = { responses?: Record<string, { content?: Record<string, Media> }>; parameters?: { in: string; required?: boolean }[] };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };
interface Target {
  out: string;
  include(p: string): boolean;
  generator: string;
  command: string;
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const generator = createRequire(import.meta.url)(path.join(REPO, 'scripts/openapi-types.cjs')) as {
  render(api: OpenApi, target: Target): string;
  TARGETS: Record<'miniprogram' | 'console', Target>;
};

/** What is missing from an operation's success answer, or null when it declares one. */
function missingResponse(op: Operation): string | null {
  const ok = op.responses?.['200'] ?? op.responses?.['201'];
  if (!ok) return 'no 200/201 answer';
  const content = Object.entries(ok.content ?? {});
  if (!content.length) return 'no content';
  for (const [mediaType, media] of content) {
    if (mediaType !== 'application/json') continue; // a binary answer declares its content type
    if (!media.schema || Object.keys(media.schema).length === 0) return 'no JSON schema';
  }
  return null;
}

describe('the OpenAPI document declares every answer (issue 16.6)', () => {
  let server: TestServer;
  let doc: OpenApi;
  before(async () => {
    server = await startTestServer('pglite');
    doc = (await server.json('/api/openapi.json')).body as OpenApi;
  });
  after(async () => server.close());

  test('every operation has a 2xx response schema (JSON) or a declared content type (binary)', () => {
    const operations = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ at: `${m.toUpperCase()} ${p}`, op })));
    assert.ok(operations.length > 100, `the document lists ${operations.length} operations`);
    const missing = operations.flatMap(({ at, op }) => {
      const why = missingResponse(op);
      return why ? [`${at}: ${why}`] : [];
    });
    assert.deepEqual(missing, [], `${missing.length} operations declare no answer:\n${missing.join('\n')}`);
  });

  test('the committed mini-program and console types are what the document generates', () => {
    for (const [name, target] of Object.entries(generator.TARGETS)) {
      const committed = readFileSync(target.out, 'utf8');
      const fresh = generator.render(doc, target);
      assert.ok(
        committed === fresh,
        `${path.relative(REPO, target.out)} is out of date with the API (${name}): run \`${target.command}\` and commit the result`,
      );
    }
  });

  test('every staff read answers 200 on the demo data: its declared schema holds what the service returns', async () => {
    const token = await staffLogin(server, 'admin');
    const get = (url: string) => fetch(server.url + url, { headers: auth(token) });
    const reads = Object.entries(doc.paths).filter(
      ([p, ops]) =>
        p.startsWith('/api/staff/') &&
        ops.get &&
        !ops.get.parameters?.some((x) => x.in === 'path') &&
        ops.get.responses?.['200']?.content?.['application/json'],
    );
    assert.ok(reads.length > 15, `${reads.length} staff reads`);
    const failed: string[] = [];
    for (const [p] of reads) {
      const res = await get(p);
      const body = (await res.json()) as { items?: { id?: number }[] };
      if (res.status !== 200) failed.push(`GET ${p}: ${res.status} ${JSON.stringify(body)}`);
      // An item of each list too, where the document has GET <list>/{id}.
      const item = `${p}/{id}`;
      const id = body.items?.[0]?.id;
      if (doc.paths[item]?.get && id !== undefined) {
        const one = await get(`${p}/${id}`);
        if (one.status !== 200) failed.push(`GET ${p}/${id}: ${one.status} ${await one.text()}`);
        else await one.arrayBuffer();
      }
    }
    assert.deepEqual(failed, []);
  });
});
