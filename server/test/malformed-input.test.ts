/**
 * Issue 15.4: no input gives a 500. Every route of the OpenAPI document is called with malformed path parameters,
 * query parameters and bodies (with a member's token or a staff session where the route needs one); every answer
 * is below 500 and every refusal is `{ code, message }`. The inputs the security tester found are asserted exactly.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startTestServer, type TestServer } from './helpers/server.js';
import { auth, jpeg, login, staffLogin } from './workflow-helpers.js';

const NUL = '\u0000';
/** What a path parameter is replaced with: not a number, NUL, a climb out of the folder, too long, broken UTF-8. */
const BAD_PATH_VALUES = ['abc', '%00', '..%2F..%2Fetc%2Fpasswd', '-1', '9'.repeat(40), '%E4%B8', '1e309', '%20'];
/** What a query parameter is set to; each is sent once per parameter (and a repeated parameter once). */
const BAD_QUERY_VALUES = ['%00', 'abc', '-1', '1e309', 'x'.repeat(3000), '%E4%B8', '..%2F'];

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };

/** Bodies that break a schema in different ways: wrong types for every field, NUL in every string, wrong shapes. */
function badBodies(schema: Schema | undefined): string[] {
  const props = Object.keys(schema?.properties ?? {});
  const each = (v: unknown) => JSON.stringify(Object.fromEntries(props.map((p) => [p, v])));
  const bodies = ['{}', '[]', 'null', '"text"', '12', '{', JSON.stringify({ a: { b: { c: [NUL] } } })];
  if (props.length) bodies.push(each(`x${NUL}`), each({ nested: true }), each(['a', 1]), each(-1), each(1e308), each('9'.repeat(400)), each(null));
  return bodies;
}

describe('malformed input never gives a 500 (issue 15.4)', () => {
  let server: TestServer;
  let memberToken: string;
  let staffToken: string;
  before(async () => {
    server = await startTestServer('pglite');
    memberToken = await login(server, 'heLihua');
    staffToken = await staffLogin(server, 'admin');
  });
  after(async () => server.close());

  /** One call; a session a route ended (logout) is renewed so the walk goes on with a live one. */
  async function call(method: string, url: string, who: 'member' | 'staff' | null, body?: string) {
    const send = () =>
      fetch(server.url + url, {
        method: method.toUpperCase(),
        headers: {
          ...(who === 'member' ? auth(memberToken) : who === 'staff' ? auth(staffToken) : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body } : {}),
      });
    let res = await send();
    if (res.status === 401 && who) {
      await res.arrayBuffer();
      if (who === 'member') memberToken = await login(server, 'heLihua');
      else staffToken = await staffLogin(server, 'admin');
      res = await send();
    }
    const text = await res.text();
    return { status: res.status, text, type: res.headers.get('content-type') ?? '' };
  }

  test('every route of the OpenAPI document answers malformed params and bodies below 500, with { code, message }', async () => {
    const doc = (await server.json('/api/openapi.json')).body as { paths: Record<string, Record<string, any>> };
    const problems: string[] = [];
    let calls = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const security = JSON.stringify(op.security ?? []);
        const who = security.includes('memberToken') ? 'member' : security.includes('staffSession') ? 'staff' : null;
        const params: { name: string; in: string }[] = op.parameters ?? [];
        const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name);
        const queryParams = params.filter((p) => p.in === 'query').map((p) => p.name);
        const fill = (value: string, only?: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => (only === undefined || only === name ? value : '1'));
        const urls = new Set<string>();
        for (const v of BAD_PATH_VALUES) {
          if (pathParams.length === 0) break;
          for (const p of pathParams) urls.add(fill(v, p));
        }
        const plain = fill('1');
        for (const q of queryParams) {
          for (const v of BAD_QUERY_VALUES) urls.add(`${plain}?${q}=${v}`);
          urls.add(`${plain}?${q}=1&${q}=2`);
        }
        urls.add(`${plain}?unknown=${NUL}`.replace(NUL, '%00'));
        const schema = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
        const bodies = method === 'get' ? [undefined] : [undefined, ...badBodies(schema)];
        const tries: [string, string | undefined][] = [...urls].map((u) => [u, method === 'get' ? undefined : '{}']);
        for (const b of bodies) tries.push([plain, b]);
        for (const [url, body] of tries) {
          const r = await call(method, url, who, body);
          calls++;
          const label = `${method.toUpperCase()} ${url}${body !== undefined ? ` ${body.slice(0, 60)}` : ''}`;
          if (r.status >= 500) problems.push(`${label} → ${r.status} ${r.text.slice(0, 160)}`);
          else if (r.status >= 400) {
            let parsed: { code?: unknown; message?: unknown } = {};
            try {
              parsed = JSON.parse(r.text);
            } catch {
              // not JSON: reported below
            }
            if (typeof parsed.code !== 'string' || typeof parsed.message !== 'string')
              problems.push(`${label} → ${r.status} without { code, message }: ${r.text.slice(0, 120)}`);
          }
        }
      }
    }
    assert.ok(calls > 1000, `the walk made ${calls} calls`);
    assert.deepEqual(problems, [], `${problems.length} of ${calls} calls went wrong`);
  });

  test('the inputs the security tester found are 400 VALIDATION_FAILED', async () => {
    const member = await login(server, 'duanDemei');
    const staff = await staffLogin(server, 'admin');
    const created = await server.json('/api/me/applications', {
      method: 'POST',
      headers: auth(member),
      json: { kind: 'unemployment', form: { unemploymentCertificateNo: 'SY-1' } },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const serial = created.body.serialNo as string;
    const photo = (body: Buffer, query: string) =>
      fetch(`${server.url}/api/me/applications/${serial}/photos${query}`, {
        method: 'POST',
        headers: { ...auth(member), 'content-type': 'image/jpeg' },
        body: new Uint8Array(body),
      }).then(async (r) => [r.status, ((await r.json()) as { code: string }).code]);
    const cases: [string, Promise<unknown[]>][] = [
      ['articles ?q=%00', server.json('/api/public/articles?q=%00').then((r) => [r.status, r.body.code])],
      ['housing projects ?name=%00', server.json('/api/public/housing-projects?name=%00').then((r) => [r.status, r.body.code])],
      ['community questions ?q=%00', server.json('/api/public/community-questions?q=a%00b').then((r) => [r.status, r.body.code])],
      [
        'profile address with NUL',
        server.json('/api/me/profile', { method: 'PATCH', headers: auth(member), json: { address: `丽江${NUL}古城` } }).then((r) => [r.status, r.body.code]),
      ],
      [
        'complaint title with NUL',
        server
          .json('/api/me/complaints', { method: 'POST', headers: auth(member), json: { kind: 'complaint', title: `标题${NUL}`, content: '内容内容内容' } })
          .then((r) => [r.status, r.body.code]),
      ],
      [
        'member photos of serial abc',
        server.json('/api/me/applications/abc/photos', { method: 'POST', headers: auth(member) }).then((r) => [r.status, r.body.code]),
      ],
      ['member photo abc', server.json(`/api/me/applications/${serial}/photos/abc`, { headers: auth(member) }).then((r) => [r.status, r.body.code])],
      ['repeated category', photo(jpeg(), '?category=idFront&category=idBack')],
      ['../ category', photo(jpeg(), '?category=..%2F..%2Fetc')],
      [
        'spouse photos of serial abc',
        server.json('/api/me/spouse-confirmations/abc/photos', { method: 'POST', headers: auth(member) }).then((r) => [r.status, r.body.code]),
      ],
      ['staff photo abc', server.json(`/api/staff/applications/${serial}/photos/abc`, { headers: auth(staff) }).then((r) => [r.status, r.body.code])],
      ['staff photo of serial ../', server.json('/api/staff/applications/..%2F/photos/1', { headers: auth(staff) }).then((r) => [r.status, r.body.code])],
    ];
    for (const [what, answer] of cases) assert.deepEqual(await answer, [400, 'VALIDATION_FAILED'], what);
  });

  test('a URL with raw UTF-8 in the query answers 400 { code, message }, not an empty 400', async () => {
    const { port } = new URL(server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          Buffer.concat([Buffer.from('GET /api/public/articles?q='), Buffer.from('公积金', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: localhost\r\n\r\n')]),
        );
      });
      let text = '';
      socket.on('data', (d) => (text += d.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    const [head, body] = raw.split('\r\n\r\n');
    assert.match(head!, /^HTTP\/1\.1 400 /);
    assert.match(head!, /content-type: application\/json; charset=utf-8/i);
    assert.deepEqual(JSON.parse(body!), { code: 'MALFORMED_REQUEST', message: '请求格式有误（地址中的中文等字符须经 URL 编码）' });
  });
});
