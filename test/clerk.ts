// Clerk without Clerk, for tests: keys of a made-up production instance (Frontend API
// clerk.reen.test), an RSA key pair generated per run (its public half is CLERK_JWT_KEY, so the
// server verifies networkless), session and handshake tokens signed with it as Clerk signs them,
// and webhook messages signed with the real svix library. Shared by vitest and Playwright.
import { createSign, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'svix';

export const CLERK_FRONTEND_API = 'clerk.reen.test';

export type ClerkTestKeys = {
  publishableKey: string;
  secretKey: string;
  webhookSecret: string;
  /** PEM public key: CLERK_JWT_KEY. */
  jwtKey: string;
  /** PEM private key that signs tokens; never leaves the test run. */
  signingKey: string;
};

export function generateClerkTestKeys(): ClerkTestKeys {
  // Clerk's networkless verification reads the modulus of a 2048-bit RSA key with exponent 65537.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publishableKey: `pk_live_${Buffer.from(`${CLERK_FRONTEND_API}$`).toString('base64')}`,
    secretKey: `sk_live_${randomBytes(16).toString('hex')}`,
    webhookSecret: `whsec_${randomBytes(24).toString('base64')}`,
    jwtKey: publicKey,
    signingKey: privateKey,
  };
}

/** The environment of a server in Clerk mode with these keys. */
export function clerkEnv(keys: ClerkTestKeys) {
  return {
    CLERK_PUBLISHABLE_KEY: keys.publishableKey,
    CLERK_SECRET_KEY: keys.secretKey,
    CLERK_WEBHOOK_SECRET: keys.webhookSecret,
    CLERK_JWT_KEY: keys.jwtKey,
  };
}

export function signJwt(payload: object, signingKey: string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'ins_reen_test' })}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(signingKey).toString('base64url');
  return `${unsigned}.${signature}`;
}

export type TestSession = {
  clerkUserId: string;
  sessionId: string;
  /** The app's origin: Clerk puts it in `azp` and the server accepts only its own. */
  origin: string;
  /** Custom session claims (the dashboard's session token template); omit to make the server ask the Backend API. */
  profile?: { name: string; email: string };
};

export function newTestSession(origin: string, profile?: TestSession['profile']): TestSession {
  const tag = randomUUID().replaceAll('-', '').slice(0, 16);
  return { clerkUserId: `user_${tag}`, sessionId: `sess_${tag}`, origin, profile };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A session token as Clerk issues it: one minute long, from `issuedAt` (seconds) on. */
export function mintSessionToken(keys: ClerkTestKeys, session: TestSession, issuedAt = nowSeconds()): string {
  return signJwt(
    {
      sub: session.clerkUserId,
      sid: session.sessionId,
      iss: `https://${CLERK_FRONTEND_API}`,
      azp: session.origin,
      iat: issuedAt,
      nbf: issuedAt - 10,
      exp: issuedAt + 60,
      v: 2,
      ...session.profile,
    },
    keys.signingKey,
  );
}

/**
 * The Cookie header of a browser signed in with Clerk: the session token and the client's
 * "updated at" time, which Clerk sets when the session starts.
 */
export function clerkCookies(token: string, clientUat = nowSeconds() - 3600): string {
  return `__session=${token}; __client_uat=${clientUat}`;
}

/** What Clerk's Frontend API hands back from a handshake: cookies to set, signed. */
export function mintHandshakeToken(keys: ClerkTestKeys, cookies: string[]): string {
  return signJwt({ handshake: cookies, iat: nowSeconds() }, keys.signingKey);
}

/** Headers of a Clerk webhook delivery, signed by svix over the exact body. */
export function svixHeaders(secret: string, body: string, messageId = `msg_${randomUUID()}`, timestamp = new Date()) {
  return {
    'Content-Type': 'application/json',
    'svix-id': messageId,
    'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'svix-signature': new Webhook(secret).sign(messageId, timestamp, body),
  };
}
