import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Below this, ports belong to well-known services; we never pick one. */
const LOWEST_PICKED = 10_000;

/**
 * A free TCP port on loopback for a process about to be started (it binds the port itself, a moment
 * later). Picked outside the kernel's ephemeral range: every outgoing connection and every listen(0)
 * takes a port from that range, so a port found free there can be taken before the process binds
 * it. Where the whole range is ephemeral, the kernel's own choice.
 */
export async function getFreePort(): Promise<number> {
  const low = ephemeralRange()?.[0];
  if (low !== undefined && low - LOWEST_PICKED >= 1_000) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = randomInt(LOWEST_PICKED, low);
      if (await isFree(port)) return port;
    }
  }
  return kernelsChoice();
}

/** Whether `port` can be bound on loopback right now. */
export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** The ports the kernel hands out for outgoing connections (Linux), or null where it does not say. */
export function ephemeralRange(): [number, number] | null {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isInteger(low) && Number.isInteger(high) ? [low!, high!] : null;
  } catch {
    return null;
  }
}

function kernelsChoice(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
