import { env } from './env.server.ts';

/**
 * The origin people and payment providers reach us at: APP_URL in a deployment (behind a proxy the
 * request's own URL may be internal), else the request's origin (local runs and tests).
 */
export function publicOrigin(request: Request): string {
  return env().APP_URL ? new URL(env().APP_URL!).origin : new URL(request.url).origin;
}
