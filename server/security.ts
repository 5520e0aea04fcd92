// What the Express layer does for browsers' safety before Remix runs: security headers with a
// Content-Security-Policy whose nonce is fresh on every request, and refusal of state-changing
// requests sent by another site's page (CSRF). The signed webhooks are exempt: no browser sends them.
import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

export type SecurityOptions = {
  /** Where product images come from (IMAGE_URL_TEMPLATE); an absolute template's origin is allowed. */
  imageUrlTemplate: string;
  /** The public URL (APP_URL): forms posted from it are ours even behind a proxy that rewrites Host. */
  appUrl?: string;
  /** Clerk's publishable key, in Clerk mode only: its hosts are allowed only then. */
  clerkPublishableKey?: string;
  /** Strict-Transport-Security: in production behind an https APP_URL. */
  strictTransportSecurity?: boolean;
};

/** Clerk's development instances, Cloudflare's bot check in its sign-in, its fraud protection, its avatars. */
const CLERK = {
  script: ['https://*.clerk.accounts.dev', 'https://challenges.cloudflare.com', 'https://*.protect.clerk.com'],
  connect: ['https://*.clerk.accounts.dev', 'https://*.protect.clerk.com:*'],
  frame: ['https://challenges.cloudflare.com', 'https://*.protect.clerk.com'],
  img: ['https://img.clerk.com'],
  /** Development instances' Frontend API, where a handshake redirect may lead. */
  handshake: ['https://*.clerk.accounts.dev'],
};

/** The Frontend API host a Clerk publishable key names (`pk_live_` + base64 of "clerk.example.com$"). */
export function clerkFrontendApi(publishableKey: string | undefined): string | null {
  const encoded = publishableKey?.match(/^pk_(?:test|live)_(.+)$/)?.[1];
  if (!encoded) return null;
  const host = Buffer.from(encoded, 'base64').toString('utf8').replace(/\$$/, '');
  return /^[a-z0-9.-]+$/i.test(host) ? `https://${host}` : null;
}

function originOf(template: string): string | null {
  return URL.canParse(template.replaceAll('{id}', 'x')) ? new URL(template.replaceAll('{id}', 'x')).origin : null;
}

export function contentSecurityPolicy(nonce: string, options: SecurityOptions): string {
  const frontendApi = clerkFrontendApi(options.clerkPublishableKey);
  const own = frontendApi ? [frontendApi] : [];
  // Without Clerk nothing of Clerk's may load: a script host allowed for nothing is only a risk.
  const clerk = options.clerkPublishableKey ? CLERK : { script: [], connect: [], frame: [], img: [], handshake: [] };
  const images = originOf(options.imageUrlTemplate);
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, ...own, ...clerk.script],
    // Tailwind's stylesheet, plus style attributes (React's style prop, Clerk's CSS-in-JS).
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...(images ? [images] : []), ...clerk.img],
    'connect-src': ["'self'", ...own, ...clerk.connect],
    'frame-src': ["'self'", ...clerk.frame],
    'worker-src': ["'self'", 'blob:'],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    // Browsers check every redirect that follows a form post: a checkout's answer goes on to
    // Stripe's hosted payment page, and the page a post lands on may renew the sign-in through a
    // handshake at Clerk's Frontend API (blocked, the shopper would be left on the post's page).
    'form-action': ["'self'", 'https://checkout.stripe.com', ...own, ...clerk.handshake],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

const NONCE_BYTES = 16;
/** Random bytes for the nonces of the next 256 requests: one system call for them, not one each. */
const NONCE_POOL_BYTES = NONCE_BYTES * 256;
let noncePool = Buffer.alloc(0);
let noncePoolOffset = 0;

/** 128 random bits, base64: each one's bytes are used once, and drawn from the system's CSPRNG. */
export function freshNonce(): string {
  if (noncePoolOffset + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_POOL_BYTES);
    noncePoolOffset = 0;
  }
  const nonce = noncePool.toString('base64', noncePoolOffset, noncePoolOffset + NONCE_BYTES);
  noncePoolOffset += NONCE_BYTES;
  return nonce;
}

/** Security headers on every answer; the nonce goes to Remix (res.locals.cspNonce) for its scripts. */
export function securityHeaders(options: SecurityOptions): RequestHandler {
  // The policy is the same for every request but for its nonce: built once, around a marker
  // (wherever the policy names the nonce).
  const aroundNonce = contentSecurityPolicy('NONCE', options).split(`'nonce-NONCE'`);
  return (_req, res, next) => {
    const nonce = freshNonce();
    res.locals.cspNonce = nonce;
    res.set({
      'Content-Security-Policy': aroundNonce.join(`'nonce-${nonce}'`),
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    });
    // A year: browsers then never try http:// for this host again, so no one can strip the TLS.
    if (options.strictTransportSecurity) res.set('Strict-Transport-Security', 'max-age=31536000');
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a POST (or any other write) that a page of another site made the browser send. Browsers
 * name the page's origin in `Origin` (or at least say `Sec-Fetch-Site`); requests without either
 * come from programs, not from a victim's browser, and carry no one's cookies by accident.
 */
export function refuseCrossSiteWrites(options: SecurityOptions): RequestHandler {
  const appHost = options.appUrl ? new URL(options.appUrl).host : null;
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || req.path.startsWith('/webhooks/') || isSameOrigin(req, appHost)) {
      next();
      return;
    }
    res.status(403).type('text/plain').send('Cross-site request refused: submit this form from a REEN page.');
  };
}

function isSameOrigin(req: Request, appHost: string | null): boolean {
  const origin = req.get('origin');
  if (origin) {
    if (!URL.canParse(origin)) return false;
    const { host } = new URL(origin);
    return host === req.get('host') || host === appHost;
  }
  const site = req.get('sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}
