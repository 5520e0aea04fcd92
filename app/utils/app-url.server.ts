import type { AppLoadContext } from '@remix-run/node';
import { env } from './env.server.ts';

/**
 * The origin for URLs that leave the request: the payment provider's return pages and the URL it
 * posts its signed webhook to. Configured only (APP_URL, else this server's own address, set by
 * server/app.ts): a request's Host or X-Forwarded-Host would let a client send the signed event
 * to a listener of theirs.
 */
export function appOrigin(context: AppLoadContext): string {
  if (context.appOrigin) return context.appOrigin;
  const { APP_URL, PORT } = env();
  return APP_URL ? new URL(APP_URL).origin : `http://localhost:${PORT}`;
}

/**
 * The origin the browser is on, for Clerk (its authorized party, and whether a Referer is ours):
 * APP_URL when set (always in production), else the request's own origin, which a local
 * development instance of Clerk checks against the browser's anyway.
 */
export function publicOrigin(request: Request): string {
  return env().APP_URL ? new URL(env().APP_URL!).origin : new URL(request.url).origin;
}
