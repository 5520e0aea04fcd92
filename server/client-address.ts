// Which address a request comes from (rate limits, the connection cap), from the source the
// deployment configures (CLIENT_IP_SOURCE), never from a header a client can write unchecked:
// - socket (default): the TCP peer; nothing stands in front, so forwarding headers are the client's own;
// - fly: Fly's proxy writes Fly-Client-IP (it replaces what a client sends);
// - proxies:N: N proxies in front each append the address they saw to X-Forwarded-For; the Nth
//   from the right is the last one a proxy of ours wrote (Express's `trust proxy` N).
import { isIP } from 'node:net';
import type { Request } from 'express';
import type { ClientIpSource } from '~/utils/env.server.ts';

/** Express's `trust proxy` for a source: how many hops of X-Forwarded-* (for, proto) to believe. */
export function trustProxySetting(source: ClientIpSource): number | false {
  if (source.kind === 'proxies') return source.count;
  // Fly's proxy is one hop: its X-Forwarded-Proto says whether the browser used https.
  if (source.kind === 'fly') return 1;
  return false;
}

/** The client's address as rate limits count it (see rateLimitAddress), or 'unknown'. */
export function clientAddress(req: Request, source: ClientIpSource): string {
  let address: string | undefined;
  if (source.kind === 'fly') {
    const header = req.get('fly-client-ip')?.trim();
    address = header && isIP(header) ? header : req.socket.remoteAddress;
  } else {
    // With trust proxy false this is the socket's peer; with N, X-Forwarded-For's Nth from the right.
    address = req.ip;
  }
  return address ? rateLimitAddress(address) : 'unknown';
}

/**
 * The key an address counts under: an IPv4 address as is (IPv4-mapped IPv6 included), an IPv6
 * address as its /64 prefix, since one subscriber is usually given a whole /64 and could otherwise
 * walk through 2^64 addresses.
 */
export function rateLimitAddress(address: string): string {
  const plain = address.replace(/%.*$/, '').replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  if (isIP(plain) === 4) return plain;
  const groups = ipv6Groups(plain);
  if (!groups) return plain;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a trailing dotted quad converted), or null. */
function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const all = tail === undefined ? left : [...left, ...Array<string>(missing).fill('0'), ...right];
  return all.map((group) => Number.parseInt(group, 16));
}
