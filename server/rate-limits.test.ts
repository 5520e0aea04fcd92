// Rate limits over real HTTP, with the production limits (10 sign-in attempts a minute per address,
// 5 checkout starts a minute per person), counted in PostgreSQL: two server instances share them.
// Each test uses addresses (X-Forwarded-For from the one proxy CLIENT_IP_SOURCE=proxies:1 says
// stands in front) and people of its own.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consumeRateLimit, pruneRateLimits } from '~/models/rate-limit.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { createUser, sessionCookie } from '../test/factories.ts';
import { useDatabase, useJobQueue } from '../test/database-hooks.ts';
import { cookiesFrom, flashOf, formPost, useTestServer } from '../test/http.ts';

// This file loads its modules afresh and env() is read lazily: these replace the raised test limits.
process.env.SIGN_IN_ATTEMPTS_PER_MINUTE = '10';
process.env.CHECKOUT_STARTS_PER_MINUTE = '5';
process.env.CLIENT_IP_SOURCE = 'proxies:1';

useDatabase();
useJobQueue();

const first = useTestServer();
const second = useTestServer();

function randomAddress() {
  return `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

/**
 * Sends `count` requests alternately to both servers and returns their statuses. A burst that
 * straddles a window boundary (two windows for the key) is sent again with fresh keys, so the
 * counts compare against one window.
 */
async function burst(
  count: number,
  send: (server: typeof first, index: number, key: string) => Promise<Response>,
  keyOf: (key: string) => string,
  newKey: () => Promise<string>,
) {
  for (let attempt = 0; ; attempt++) {
    const key = await newKey();
    const responses: Response[] = [];
    for (let index = 0; index < count; index++) responses.push(await send(index % 2 ? second : first, index, key));
    const windows = await getDb().rateLimitWindow.count({ where: { key: keyOf(key) } });
    if (windows === 1 || attempt === 1) return { responses, key };
  }
}

/** A sign-in the form refuses (a bad email): an attempt all the same. */
function signInAttempt(server: typeof first, address: string) {
  const init = formPost({ intent: 'create', name: 'Rate Limited', email: 'not-an-email' });
  return server.request('/sign-in', { ...init, headers: { ...(init.headers as Record<string, string>), 'X-Forwarded-For': address } });
}

describe('sign-in attempts', () => {
  it('allows 10 a minute from one address across both servers, answers the 11th with 429 and a message, and not another address', async () => {
    const { responses, key: address } = await burst(
      11,
      (server, _index, address) => signInAttempt(server, address),
      (address) => `sign-in:${address}`,
      async () => randomAddress(),
    );
    expect(responses.slice(0, 10).map((response) => response.status)).toEqual(Array(10).fill(400));
    const refused = responses[10]!;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toMatch(/Too many sign-in attempts from your address: wait \d+ seconds, then try again/);

    expect((await signInAttempt(first, randomAddress())).status).toBe(400);
    // The address is the one the proxy reported, and it is what is counted.
    expect(await getDb().rateLimitWindow.findFirst({ where: { key: `sign-in:${address}` }, select: { count: true } })).toEqual({ count: 11 });
  });
});

describe('IPv6 clients', () => {
  const hex = () => Math.floor(Math.random() * 0xffff).toString(16);

  it('are counted per /64: 10 attempts from ten addresses of one /64, the 11th refused, another /64 not', async () => {
    const { responses, key: prefix } = await burst(
      11,
      (server, index, prefix) => signInAttempt(server, `${prefix}:${hex()}:${hex()}:${hex()}:${index + 1}`),
      (prefix) => `sign-in:${prefix}::/64`,
      async () => `2001:db8:${hex()}:${hex()}`,
    );
    expect(responses.slice(0, 10).map((response) => response.status)).toEqual(Array(10).fill(400));
    expect(responses[10]!.status).toBe(429);
    const neighbour = prefix.replace(/:([0-9a-f]+)$/, (_, last: string) => `:${((Number.parseInt(last, 16) + 1) % 0xffff).toString(16)}`);
    expect((await signInAttempt(first, `${neighbour}::1`)).status).toBe(400);
  });

  it('count an IPv4-mapped address as the IPv4 address', async () => {
    const { responses } = await burst(
      11,
      (server, index, address) => signInAttempt(server, index % 2 ? `::ffff:${address}` : address),
      (address) => `sign-in:${address}`,
      // A fresh address for a burst sent again: the first one's attempts count in the new window too.
      async () => randomAddress(),
    );
    expect(responses.slice(0, 10).map((response) => response.status)).toEqual(Array(10).fill(400));
    expect(responses[10]!.status).toBe(429);
  });
});

describe('checkout starts', () => {
  it('allows 5 a minute per person across both servers, sends the 6th back to the cart with the wait, and not another person', async () => {
    const { responses, key: userId } = await burst(
      6,
      async (server, _index, userId) => server.request('/checkout', formPost({}, await sessionCookie(userId))),
      (userId) => `checkout:${userId}`,
      async () => (await createUser()).id,
    );
    // An empty cart is refused with a flash (303); the limit counts the attempts all the same.
    expect(responses.slice(0, 5).map((response) => response.status)).toEqual(Array(5).fill(303));
    // A page of its own at /checkout had no way back: the cart, where checking out happens, says it.
    const refused = responses[5]!;
    expect(refused).toRedirectTo('/cart', 303);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    const flash = flashOf(refused);
    expect(flash).toEqual(
      expect.objectContaining({ kind: 'error', message: `You started too many checkouts in a minute: wait ${wait} seconds, then check out again.` }),
    );
    const cart = await first.request('/cart', { headers: { Cookie: `${await sessionCookie(userId)}; ${cookiesFrom(refused)}` } });
    expect(cart.status).toBe(200);
    expect(await cart.text()).toContain(`You started too many checkouts in a minute: wait ${wait} seconds, then check out again.`);
    const someoneElse = await first.request('/checkout', formPost({}, await sessionCookie((await createUser()).id)));
    expect(someoneElse.status).toBe(303);
  });
});

describe('the counter in PostgreSQL', () => {
  it('lets exactly the limit through when many requests race for it', async () => {
    const key = `race:${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 40 }, () => consumeRateLimit(key, 10, 3600)));
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
    for (const result of results) if (!result.allowed) expect(result.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('prunes windows that ended long ago, and keeps the current ones', async () => {
    const old = `old:${randomUUID()}`;
    const current = `current:${randomUUID()}`;
    await getDb().rateLimitWindow.create({ data: { key: old, windowStart: new Date(Date.now() - 3 * 3600_000), count: 3 } });
    await consumeRateLimit(current, 10);
    expect(await pruneRateLimits()).toBeGreaterThanOrEqual(1);
    expect(await getDb().rateLimitWindow.count({ where: { key: old } })).toBe(0);
    expect(await getDb().rateLimitWindow.count({ where: { key: current } })).toBe(1);
  });
});
