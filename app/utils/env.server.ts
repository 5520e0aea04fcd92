// The environment, parsed once with zod. A missing or malformed variable stops start-up with one
// line naming it (see formatEnvError). Every variable is documented in .env.example.
import { z } from 'zod';
import { LOG_FORMATS, LOG_LEVELS } from './logger.server.ts';

const flag = z
  .enum(['0', '1', 'true', 'false'], { message: 'must be 1 or 0' })
  .optional()
  .transform((value) => value === '1' || value === 'true');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A PEM read from one line of an env file may carry its line breaks as a literal backslash-n. */
const pem = z
  .string()
  .transform((value) => value.replace(/\\n/g, '\n').trim())
  .refine((value) => /^-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----$/.test(value), {
    message: 'must be the PEM public key from the Clerk dashboard (-----BEGIN PUBLIC KEY----- ...)',
  });

/** pk_test_/pk_live_ followed by the base64 of the Frontend API host and a '$'. */
const clerkPublishableKey = z.string().refine(
  (value) => {
    const match = /^pk_(test|live)_([A-Za-z0-9+/=]+)$/.exec(value);
    const host = match ? Buffer.from(match[2]!, 'base64').toString('utf8') : '';
    return /^[a-z0-9.-]+\.[a-z0-9-]+\$$/i.test(host);
  },
  { message: 'must be a Clerk publishable key (pk_test_... or pk_live_...)' },
);

const CLERK_KEYS = ['CLERK_PUBLISHABLE_KEY', 'CLERK_SECRET_KEY', 'CLERK_WEBHOOK_SECRET'] as const;

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
  message: 'must be a postgresql:// URL',
});

/** Where the client's address comes from (see server/client-address.ts). */
export type ClientIpSource = { kind: 'socket' } | { kind: 'fly' } | { kind: 'proxies'; count: number };

const clientIpSource = z
  .string()
  .default('socket')
  .refine((value) => /^(socket|fly|proxies:[1-9])$/.test(value), {
    message: 'must be socket, fly or proxies:N (N, from 1 to 9, the proxies in front that append to X-Forwarded-For)',
  })
  .transform((value): ClientIpSource =>
    value.startsWith('proxies:') ? { kind: 'proxies', count: Number(value.slice('proxies:'.length)) } : { kind: value as 'socket' | 'fly' },
  );

/** Every interface (0.0.0.0, ::): never for a listener without a token. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0', '*']);

const EnvSchema = z
  .object({
    APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DEMO_MODE: flag,
    DATABASE_URL: postgresUrl.optional(),
    /** The direct connection (no PgBouncer) that migrations take, with their advisory lock; DATABASE_URL when unset. */
    MIGRATE_DATABASE_URL: postgresUrl.optional(),
    DATABASE_POOL_SIZE: positiveInt(10),
    /** Prisma's connections kept open while idle (app/utils/db.server.ts, poolMinimum); unset: 4, or the pool's size if smaller. */
    DATABASE_POOL_MIN: z.coerce.number({ message: 'must be a whole number' }).int().min(0).optional(),
    DATABASE_CONNECTION_LIFETIME_SECONDS: positiveInt(600),
    DATA_DIR: z.string().min(1).default('.data'),
    /** The embedded cluster's port (server/embedded-postgres.ts); 0 for any free port. */
    EMBEDDED_POSTGRES_PORT: z.coerce
      .number({ message: 'must be a port number' })
      .int()
      .min(0)
      .max(65535, { message: 'must be a port number (0-65535)' })
      .optional(),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535, { message: 'must be a port number (0-65535)' }).default(3000),
    APP_URL: z
      .url({ message: 'must be an absolute URL such as https://reen.fly.dev' })
      .refine((value) => /^https?:\/\//.test(value), { message: 'must be an http:// or https:// URL such as https://reen.fly.dev' })
      .optional(),
    /** Which address a request comes from, for rate limits and the connection cap. */
    CLIENT_IP_SOURCE: clientIpSource,
    SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    RUN_WORKER: z
      .enum(['0', '1'], { message: 'must be 1 or 0' })
      .default('1')
      .transform((value) => value === '1'),
    SEED_DEMO_DATA: z
      .enum(['0', '1'], { message: 'must be 1 or 0' })
      .default('1')
      .transform((value) => value === '1'),
    JOB_EXPIRE_SECONDS: positiveInt(30),
    JOB_RETRY_LIMIT: z.coerce.number().int().min(0).default(5),
    JOB_RETRY_DELAY_SECONDS: positiveInt(2),
    // How long an idle worker waits before it asks for jobs again; pg-boss takes 0.5 s at least.
    JOB_POLLING_INTERVAL_SECONDS: z.coerce.number().min(0.5, { message: 'must be at least 0.5 (pg-boss polls at most twice a second)' }).default(1),
    SMTP_URL: z
      .string()
      .refine((value) => /^smtps?:\/\//.test(value) && URL.canParse(value), { message: 'must be an smtp:// or smtps:// URL' })
      .optional(),
    MAIL_FROM: z.string().min(3).default('REEN <no-reply@reen.local>'),
    STRIPE_SECRET_KEY: z
      .string()
      .refine((value) => !/^(sk|rk)_live_/.test(value), { message: 'is a live key: REEN sells virtual goods and takes test keys only (sk_test_...)' })
      .refine((value) => /^(sk|rk)_test_/.test(value), { message: 'must be a Stripe test key (sk_test_...)' })
      .optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_', { message: 'must be a Stripe webhook signing secret (whsec_...)' }).optional(),
    SIGN_IN_ATTEMPTS_PER_MINUTE: positiveInt(10),
    CHECKOUT_STARTS_PER_MINUTE: positiveInt(5),
    CLERK_PUBLISHABLE_KEY: clerkPublishableKey.optional(),
    CLERK_SECRET_KEY: z
      .string()
      .regex(/^sk_(test|live)_\S+$/, { message: 'must be a Clerk secret key (sk_test_... or sk_live_...)' })
      .optional(),
    CLERK_JWT_KEY: pem.optional(),
    CLERK_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_\S+$/, { message: 'must be the signing secret of the Clerk webhook endpoint (whsec_...)' })
      .optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    /** auto: readable lines on a terminal in development, JSON elsewhere (logger.server.ts). */
    LOG_FORMAT: z.enum(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(', ')}` }).default('auto'),
    /** With APP_ENV=production, /metrics on the web port answers only `Authorization: Bearer <METRICS_TOKEN>`. */
    METRICS_TOKEN: z
      .string()
      .min(32, { message: 'must be at least 32 characters (e.g. `openssl rand -hex 32`)' })
      .refine((value) => /^[\x21-\x7e]+$/.test(value), { message: 'must be printable ASCII without spaces (it is sent in an HTTP header)' })
      .optional(),
    /** The private metrics listener (for Fly's scraper); see server/metrics-endpoint.ts for when it runs. */
    METRICS_PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535, { message: 'must be a port number (0-65535)' }).optional(),
    /** The worker's health endpoint for Fly's check (server/worker-health.ts); 8081 by default in production. */
    WORKER_HEALTH_PORT: z.coerce
      .number({ message: 'must be a port number' })
      .int()
      .min(0)
      .max(65535, { message: 'must be a port number (0-65535)' })
      .optional(),
    /** The address the private metrics listener binds: one private address, never every interface. */
    METRICS_HOST: z
      .string()
      .refine((value) => !WILDCARD_HOSTS.has(value.trim()), {
        message: 'must be one private address (fly-local-6pn on Fly, 127.0.0.1 locally), not every interface: the listener has no token',
      })
      .default('127.0.0.1'),
    IMAGE_URL_TEMPLATE: z
      .string()
      .refine((value) => value.includes('{id}'), { message: 'must contain {id}, where the image id goes' })
      .default('https://robohash.org/{id}'),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_POOL_MIN !== undefined && env.DATABASE_POOL_MIN > env.DATABASE_POOL_SIZE) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_POOL_MIN'], message: `must be at most DATABASE_POOL_SIZE (${env.DATABASE_POOL_SIZE})` });
    }
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_WEBHOOK_SECRET'],
        message: 'is required with STRIPE_SECRET_KEY (the signing secret of the webhook endpoint)',
      });
    }
    // Clerk is all or nothing: half a configuration would sign people in whom no webhook can delete.
    if (CLERK_KEYS.some((name) => env[name])) {
      for (const name of CLERK_KEYS) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `is required with the other Clerk keys (${CLERK_KEYS.join(', ')})` });
      }
    }
    if (env.APP_ENV !== 'production') return;
    // Return and webhook URLs are built from it: without it they would come from a request's Host.
    if (!env.APP_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['APP_URL'],
        message: 'is required when APP_ENV=production, DEMO_MODE=1 included (the public URL, such as https://reen.fly.dev)',
      });
    if (env.DEMO_MODE) return;
    // A real deployment needs real services; DEMO_MODE=1 runs the local stand-ins on purpose.
    for (const name of ['DATABASE_URL', 'SESSION_SECRET', 'SMTP_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', ...CLERK_KEYS] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when APP_ENV=production (or set DEMO_MODE=1)' });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseWith(EnvSchema, source);
}

/**
 * What the release command (`npm run migrate`) needs, and nothing else: a first deploy migrates
 * before the other services' secrets exist.
 */
const MigrateEnvSchema = z
  .object({ DATABASE_URL: postgresUrl.optional(), MIGRATE_DATABASE_URL: postgresUrl.optional() })
  .refine((env) => env.DATABASE_URL || env.MIGRATE_DATABASE_URL, { path: ['DATABASE_URL'], message: 'must be set to run migrations (or MIGRATE_DATABASE_URL)' })
  .transform((env) => ({ migrationUrl: (env.MIGRATE_DATABASE_URL ?? env.DATABASE_URL)! }));

export function parseMigrateEnv(source: Record<string, string | undefined> = process.env): { migrationUrl: string } {
  return parseWith(MigrateEnvSchema, source);
}

function parseWith<T>(schema: z.ZodType<T>, source: Record<string, string | undefined>): T {
  // An empty or blank variable (`FOO=`) means unset, as in most shells' .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value?.trim() !== ''));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  // Every problem at once: on a deployment each round of fixing one costs a deploy.
  const problems = result.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`);
  throw new EnvError(`Invalid environment: ${problems.join('; ')}`);
}

let cached: Env | undefined;

/** The parsed environment; parsed on first use. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/**
 * Cookies go over HTTPS only in a deployment (APP_ENV=production) or behind an https APP_URL.
 * Browsers accept Secure cookies from http://localhost, so a production build run locally still works.
 */
export function cookiesAreSecure(current: Env = env()) {
  return current.APP_ENV === 'production' || (current.APP_URL ?? '').startsWith('https://');
}

/** Clerk mode: people sign in with Clerk (its keys are set); otherwise with the demo sign-in form. */
export function isClerkMode(current: Env = env()) {
  return Boolean(current.CLERK_SECRET_KEY);
}

/** Demo mode: the local stand-ins (sign-in form, dev mailbox) are enabled. */
export function isDemo(current: Env = env()) {
  return current.APP_ENV !== 'production' || current.DEMO_MODE;
}
