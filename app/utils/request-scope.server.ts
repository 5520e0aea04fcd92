// One object per HTTP request, for answers that the action and every loader of that request must
// share (Remix hands each of them its own Request object, with its own AbortSignal). The Express
// layer opens the scope.
import { AsyncLocalStorage } from 'node:async_hooks';
import { keptAcrossDevRebuilds } from './dev-rebuilds.server.ts';

/** What the Express layer lends a request's scope. */
export type ScopeResponse = { appendCookie?: (setCookie: string) => void };

const requestScopes = keptAcrossDevRebuilds('requestScopes', () => new AsyncLocalStorage<ScopeResponse>());

/** Runs `next` (the rest of an HTTP request's handling) in a scope of its own. */
export function runInRequestScope<T>(next: () => T, response: ScopeResponse = {}): T {
  return requestScopes.run({ ...response }, next);
}

/** `create()`'s answer, computed once per HTTP request for this cache (every time outside one). */
export function oncePerRequest<T>(cache: WeakMap<object, T>, create: () => T): T {
  const scope = requestScopes.getStore();
  if (!scope) return create();
  if (!cache.has(scope)) cache.set(scope, create());
  return cache.get(scope)!;
}

/**
 * Adds a Set-Cookie header to the request's answer, whichever loader notices it is needed (a
 * stale session cookie to clear). Headers the route sets come after it and win.
 */
export function appendResponseCookie(setCookie: string): void {
  requestScopes.getStore()?.appendCookie?.(setCookie);
}
