// A value computed at most once per `ttlMs` in this process. Callers that arrive while it is being
// computed wait for that same computation, so a burst of requests after expiry costs one query,
// not one each. A failed computation is not kept: the next caller tries again.

export function cached<T>(ttlMs: number, compute: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let value: { result: Promise<T>; expiresAt: number } | null = null;
  return () => {
    if (value && now() < value.expiresAt) return value.result;
    const result = compute();
    const entry = { result, expiresAt: Number.POSITIVE_INFINITY };
    value = entry;
    result.then(
      () => {
        entry.expiresAt = now() + ttlMs;
      },
      () => {
        if (value === entry) value = null;
      },
    );
    return result;
  };
}
