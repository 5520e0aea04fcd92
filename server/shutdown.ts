// Graceful shutdown, shared by the web and worker processes. Fly (fly.toml: kill_signal, kill_timeout),
// Docker and `npm start` under Ctrl-C send a signal, wait, then kill: the process finishes what it
// is doing within SHUTDOWN_GRACE_MS and exits on its own, well before that.
import type { Server, ServerResponse } from 'node:http';
import { logger } from '~/utils/logger.server.ts';

/**
 * How long requests and jobs in flight get to finish. Pages answer in milliseconds and jobs take a
 * few seconds at most; a job still running after this is failed by pg-boss and retried by another
 * worker, as after a crash (every handler is idempotent).
 */
export const SHUTDOWN_GRACE_MS = 15_000;

/** If closing the pools or the database hangs, the process exits anyway (code 1). Below fly.toml's kill_timeout (30 s). */
const FORCED_EXIT_MS = SHUTDOWN_GRACE_MS + 10_000;

/**
 * Runs `shutdown` on the first SIGTERM or SIGINT, then exits: 0 when it completed, 1 when it threw or
 * ran past FORCED_EXIT_MS. A repeated signal is ignored rather than left to Node's default (an
 * immediate exit): `npm start` forwards the Ctrl-C that the terminal already sent to the whole
 * process group, so one Ctrl-C arrives twice.
 */
export function exitGracefullyOnSignals(shutdown: (signal: NodeJS.Signals) => Promise<void>) {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger().info(`${signal}: already shutting down`);
      return;
    }
    stopping = true;
    logger().info(`${signal}: shutting down`);
    setTimeout(() => {
      logger().error(`Shutdown did not finish within ${FORCED_EXIT_MS / 1000} s: exiting`);
      process.exit(1);
    }, FORCED_EXIT_MS).unref();
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger().error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/**
 * Tracks a server's responses so that `close` can drain it: call right after the server is created.
 * `close` stops accepting connections, closes idle kept-alive ones, lets the requests in flight be
 * answered (each with `Connection: close`, so that no client sends another on that connection), and
 * resolves once every connection is gone or, past `graceMs`, after cutting the ones left.
 */
export function drainableServer(server: Server) {
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  // First among the 'request' listeners: the header must be set before Express can answer.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (closing) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      // A response that went out as keep-alive before the shutdown leaves an idle connection behind.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });

  return {
    close: (graceMs: number) =>
      new Promise<{ cut: number }>((resolve) => {
        closing = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
        const timer = setTimeout(() => {
          const cut = inFlight.size;
          server.closeAllConnections();
          resolve({ cut });
        }, graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve({ cut: 0 });
        });
        server.closeIdleConnections();
      }),
  };
}
