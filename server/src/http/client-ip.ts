/**
 * The client's address as far as it can be believed. Koa's `proxy: true` takes the first X-Forwarded-For entry from
 * anyone, so a caller could write any address into the audit. Here the TCP peer is the client unless it is one of
 * TRUSTED_PROXIES; then X-Forwarded-For is read from the right (each trusted proxy appends the address it saw) and
 * the first address not of a trusted proxy is the client.
 */
import { BlockList, isIP } from 'node:net';
import type { Context, Next } from 'koa';

/** `10.0.0.0/8, 127.0.0.1, ::1` → a list to check addresses against; throws naming a wrong entry. */
export function parseTrustedProxies(spec: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (spec ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const problem = trustedProxyProblem(entry);
    if (problem) throw new Error(problem);
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** Why an entry of TRUSTED_PROXIES is wrong, or null (config.ts validates with it). */
export function trustedProxyProblem(entry: string): string | null {
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || extra !== undefined) return `"${entry}" is not an IP address or CIDR range`;
  if (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))) return `"${entry}" has a wrong prefix length`;
  return null;
}

/** ::ffff:10.0.0.1 (an IPv4 peer on a dual-stack socket) → 10.0.0.1. */
const plain = (address: string) => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function clientAddress(peer: string, forwardedFor: string, proxies: BlockList): string {
  let client = plain(peer);
  const hops = forwardedFor
    .split(',')
    .map((h) => plain(h.trim()))
    .filter(Boolean);
  while (trusted(proxies, client) && hops.length) {
    const next = hops.pop()!;
    if (!isIP(next)) break; // garbage from the far side of the proxies: the last proxy's word is all there is
    client = next;
  }
  return client;
}

/** Sets ctx.ip (audit, limits) from the socket and, behind trusted proxies only, X-Forwarded-For. */
export function clientIp(proxies: BlockList) {
  return async (ctx: Context, next: Next) => {
    ctx.request.ip = clientAddress(ctx.req.socket.remoteAddress ?? '', ctx.get('x-forwarded-for'), proxies);
    await next();
  };
}
