// Remix's single fetch changes what loaders' types infer to (plain data, not JSON).
import '@remix-run/node';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}
