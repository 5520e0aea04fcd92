// Sharing a read between concurrent callers without ever handing one a value read before it asked.

/**
 * `read`, shared: a call made while no read runs starts one; calls made while one runs share the
 * next read, started as soon as the running one ends. Every caller gets a value read after its call,
 * and at most one read runs at a time however many callers there are.
 */
export function readAfterCall<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let queued: Promise<T> | null = null;
  const start = () => {
    const current = read();
    running = current;
    const done = () => {
      if (running === current) running = null;
    };
    current.then(done, done);
    return current;
  };
  return () => {
    if (queued) return queued;
    if (!running) return start();
    const ended = running.then(
      () => undefined,
      () => undefined,
    );
    const next = ended.then(() => {
      queued = null;
      return start();
    });
    queued = next;
    return next;
  };
}
