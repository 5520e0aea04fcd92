/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}'],
  serverModuleFormat: 'esm',
  // Tailwind v4 runs through PostCSS (postcss.config.js); Remix's own Tailwind hook knows only v3.
  tailwind: false,
  postcss: true,
  // v3_lazyRouteDiscovery stays off: a navigation waiting to discover its route can be abandoned for a
  // background reload (docs/decisions/021-every-route-known-up-front.md).
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
  },
};
