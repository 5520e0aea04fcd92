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
    /**
     * The client's address from the configured source (CLIENT_IP_SOURCE), as rate limits count it:
     * an IPv4 address, or the /64 prefix of an IPv6 one.
     */
    clientIp?: string;
    /** The origin people and payment providers reach us at (APP_URL, else this server's address): never from the request. */
    appOrigin?: string;
  }
}
