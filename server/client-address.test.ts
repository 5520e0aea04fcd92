// Which address a request counts as, for each CLIENT_IP_SOURCE. Over real HTTP: rate-limits.test.ts
// (proxies:1, IPv6 per /64) and deployment.test.ts (socket: forged headers are ignored).
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { clientAddress, rateLimitAddress, trustProxySetting } from './client-address.ts';

describe('rateLimitAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:203.0.113.7', '203.0.113.7'],
    ['0:0:0:0:0:ffff:cb00:7107', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['64:ff9b::203.0.113.7', '64:ff9b:0:0::/64'],
    ['not an address', 'not an address'],
  ])('%s counts as %s', (address, key) => {
    expect(rateLimitAddress(address)).toBe(key);
  });
});

describe('clientAddress', () => {
  const request = (socket: string, headers: Record<string, string>, ip = socket) =>
    ({ ip, socket: { remoteAddress: socket }, get: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;

  it('socket: believes no header (Express is told to trust no proxy)', () => {
    expect(trustProxySetting({ kind: 'socket' })).toBe(false);
    expect(clientAddress(request('198.51.100.1', { 'fly-client-ip': '203.0.113.9', 'x-forwarded-for': '203.0.113.9' }), { kind: 'socket' })).toBe(
      '198.51.100.1',
    );
  });

  it("fly: Fly-Client-IP, else the socket's peer when the header is missing or not an address", () => {
    expect(trustProxySetting({ kind: 'fly' })).toBe(1);
    expect(clientAddress(request('172.16.0.1', { 'fly-client-ip': '2001:db8:5:6::1' }), { kind: 'fly' })).toBe('2001:db8:5:6::/64');
    expect(clientAddress(request('172.16.0.1', {}), { kind: 'fly' })).toBe('172.16.0.1');
    expect(clientAddress(request('172.16.0.1', { 'fly-client-ip': 'evil, 1.2.3.4' }), { kind: 'fly' })).toBe('172.16.0.1');
  });

  it('proxies:N: the address Express takes from X-Forwarded-For with trust proxy N', () => {
    expect(trustProxySetting({ kind: 'proxies', count: 2 })).toBe(2);
    expect(clientAddress(request('10.0.0.1', {}, '::ffff:198.51.100.4'), { kind: 'proxies', count: 2 })).toBe('198.51.100.4');
  });
});
