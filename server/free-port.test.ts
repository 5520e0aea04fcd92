import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ephemeralRange, getFreePort, isFree } from './free-port.ts';

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject).listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('getFreePort', () => {
  it('picks a port no outgoing connection can take: outside the kernel ephemeral range', async () => {
    const range = ephemeralRange();
    expect(range, 'this machine says which ports are ephemeral').not.toBeNull();
    const [low, high] = range!;
    const ports = await Promise.all(Array.from({ length: 20 }, () => getFreePort()));
    for (const port of ports) {
      expect(port < low || port > high, `${port} in ${low}-${high}`).toBe(true);
      expect(port).toBeGreaterThanOrEqual(10_000);
    }
  });

  it('picks a port that can be bound, and tells a bound one from a free one', async () => {
    const port = await getFreePort();
    const server = await listen(port);
    try {
      expect(await isFree(port)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await isFree(port)).toBe(true);
  });
});
