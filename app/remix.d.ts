// Type augmentations of Remix for this app.
import '@remix-run/node';

declare module '@remix-run/node' {
  // Single fetch changes what loaders' types infer to (plain data, not JSON).
  interface Future {
    v3_singleFetch: true;
  }
  // What server/app.ts passes to every loader and action.
  interface AppLoadContext {
    /** The Content-Security-Policy nonce of this response: every inline script must carry it. */
    cspNonce?: string;
    /** The client's address (as the one trusted proxy saw it), for rate limits. */
    clientIp?: string;
  }
}
