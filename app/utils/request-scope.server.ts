// One object per HTTP request, for answers that the action and every loader of that request must
// share (Remix hands each of them its own Request object, with its own AbortSignal). The Express
// layer opens the scope.
import { AsyncLocalStorage } from 'node:async_hooks';
import { keptAcrossDevRebuilds } from './dev-rebuilds.server.ts';

/** What the Express layer lends a request's scope. */
export type ScopeResponse = { appendCookie?: (setCookie: string) => void };

/** Names one answer kept per request (`oncePerRequest`); `T` is the answer's type. */
export type RequestMemo<T> = { readonly name: string; readonly valueType?: T };

export function requestMemo<T>(name: string): RequestMemo<T> {
  return { name };
}

// The answers live in the scope itself, not in WeakMaps keyed by it: V8's young-generation
// collector keeps a WeakMap's entries alive, so every request's answers (and what they reach) were
// copied into the old generation, to wait for a full collection.
type Scope = ScopeResponse & { memos: Map<RequestMemo<unknown>, unknown> };

const requestScopes = keptAcrossDevRebuilds('requestScopes', () => new AsyncLocalStorage<Scope>());

/** Runs `next` (the rest of an HTTP request's handling) in a scope of its own. */
export function runInRequestScope<T>(next: () => T, response: ScopeResponse = {}): T {
  return requestScopes.run({ ...response, memos: new Map() }, next);
}

/** `create()`'s answer, computed once per HTTP request under `memo` (every time outside one). */
export function oncePerRequest<T>(memo: RequestMemo<T>, create: () => T): T {
  const memos = requestScopes.getStore()?.memos;
  if (!memos) return create();
  if (!memos.has(memo)) memos.set(memo, create());
  return memos.get(memo) as T;
}

/**
 * Adds a Set-Cookie header to the request's answer, whichever loader notices it is needed (a
 * stale session cookie to clear). Headers the route sets come after it and win.
 */
export function appendResponseCookie(setCookie: string): void {
  requestScopes.getStore()?.appendCookie?.(setCookie);
}
