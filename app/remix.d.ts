// Type augmentations of Remix for this app.
import '@remix-run/node';

declare module '@remix-run/node' {
  // Single fetch changes what loaders' types infer to (plain data, not JSON).
  interface Future {
    v3_singleFetch: true;
  }
  // What server/app.ts passes to every loader and action.
  interface AppLoadContext {
    /** The X-Request-Id of this request, for logs. */
    requestId: string;
  }
}
