// JSON logs on stdout (pino), one line per event, for Fly's log shipping. A line logged while an HTTP
// request or a job is handled carries its ids (requestId; jobId and queue) without a logger being
// passed around: withLogContext keeps a child logger for that async scope and logger() returns it.
// Secrets never reach the output: fields that carry them are censored by name, and the values of the
// secret variables and people's email addresses are masked in every line written, whatever field they hide in.
// In a terminal in development the lines are printed readably instead (pino-pretty, a dev
// dependency: a production install has none and always writes JSON); LOG_FORMAT chooses otherwise.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { pino, type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { PrettyOptions } from 'pino-pretty';
import { keptAcrossDevRebuilds } from './dev-rebuilds.server.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

const CENSOR = '[redacted]';

/**
 * Headers and fields that carry credentials: censored at the top of a line's object, one level
 * down, and in a `headers` object at either place (censorSecretFields).
 */
const SECRET_FIELDS = new Set([
  'cookie',
  'authorization',
  'set-cookie',
  'stripe-signature',
  'svix-signature',
  'password',
  'secret',
  'token',
  'apiKey',
  'connectionString',
  'databaseUrl',
  'smtpUrl',
]);

/** The variables whose values must never be printed; URLs are checked for the password they hold. */
const SECRET_VARIABLES = [
  'SESSION_SECRET',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'CLERK_SECRET_KEY',
  'CLERK_WEBHOOK_SECRET',
  'METRICS_TOKEN',
  'TEST_PAYMENTS_WEBHOOK_SECRET',
];
const SECRET_URLS = ['DATABASE_URL', 'MIGRATE_DATABASE_URL', 'SMTP_URL'];
/** Shorter values would mask ordinary words; every real secret is longer. */
const MIN_MASKED_LENGTH = 6;

type LogState = { root: Logger; scopes: AsyncLocalStorage<Logger> };

// Created on first use: LOG_LEVEL and LOG_FORMAT may be set after this module loads (tests).
const log = keptAcrossDevRebuilds('log', () => ({ current: undefined as LogState | undefined }));

function state(): LogState {
  log.current ??= { root: createLogger(), scopes: new AsyncLocalStorage<Logger>() };
  return log.current;
}

/** The logger of the current request or job (with its ids), or the process's logger outside one. */
export function logger(): Logger {
  const { root, scopes } = state();
  return scopes.getStore() ?? root;
}

/** Runs `fn` with `bindings` (e.g. requestId, or jobId and queue) on every line it logs. */
export function withLogContext<T>(bindings: Bindings, fn: () => T): T {
  return state().scopes.run(logger().child(bindings), fn);
}

/**
 * The process's logger, on stdout unless `destination` is given (tests). LOG_LEVEL and LOG_FORMAT
 * are read here and not through env(): a start-up error caused by the environment itself must still
 * be logged. env.server.ts validates them, so a typo stops start-up with a clear line.
 */
export function createLogger(destination?: DestinationStream): Logger {
  const requested = process.env.LOG_LEVEL as (typeof LOG_LEVELS)[number] | undefined;
  const options = {
    level: requested && LOG_LEVELS.includes(requested) ? requested : 'info',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }), bindings: censorSecretFields, log: censorSecretFields },
    hooks: { streamWrite: maskSecrets },
  } satisfies LoggerOptions;
  const pretty = prettyLogsWanted(process.env, !destination && process.stdout.isTTY === true);
  const stream = pretty ? (prettyStream(destination) ?? destination) : destination;
  const root = stream ? pino(options, stream) : pino(options);
  // A child's bindings skip the formatters, so they are censored on their way in. Each child is
  // made from its parent, so every descendant inherits this method.
  const child = root.child as (this: unknown, bindings: Bindings, childOptions?: ChildLoggerOptions) => unknown;
  return Object.assign(root, {
    child(this: unknown, bindings: Bindings, childOptions?: ChildLoggerOptions) {
      return child.call(this, censorSecretFields(bindings), childOptions);
    },
  });
}

/**
 * LOG_FORMAT=pretty or json decides; by default (auto) logs are pretty only on a terminal in
 * development (APP_ENV unset or development), and JSON elsewhere: Fly, tests, pipes, production.
 */
export function prettyLogsWanted(environment: Record<string, string | undefined>, terminal: boolean): boolean {
  const format = environment.LOG_FORMAT?.trim() || 'auto';
  if (format !== 'auto') return format === 'pretty';
  return terminal && (environment.APP_ENV?.trim() || 'development') === 'development';
}

/** pino-pretty writing to `destination` (stdout by default), or null where it is not installed. */
function prettyStream(destination: DestinationStream | undefined): DestinationStream | null {
  let pretty: (options: PrettyOptions) => DestinationStream;
  try {
    pretty = createRequire(import.meta.url)('pino-pretty') as typeof pretty;
  } catch {
    return null;
  }
  // Synchronous, so that the last line before a process.exit() is not lost.
  return pretty({ destination: destination ?? 1, sync: true, colorize: !destination, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}

/**
 * `object` with every field named in SECRET_FIELDS censored: at its top, in each object one level
 * down, and in a `headers` object there. Copies only what it changes, so a line without secrets
 * costs a few key lookups, where pino's path-based `redact` clones and walks every line.
 */
function censorSecretFields<T extends Record<string, unknown>>(object: T): T {
  return censorLevel(object, 0) as T;
}

function censorLevel(object: Record<string, unknown>, depth: 0 | 1 | 2): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const value = object[key];
    let censored = value;
    if (SECRET_FIELDS.has(key)) censored = CENSOR;
    else if (isObject(value) && (depth === 0 || (depth === 1 && key === 'headers'))) censored = censorLevel(value, depth === 0 ? 1 : 2);
    if (censored !== value) {
      copy ??= shallowCopy(object);
      Object.defineProperty(copy, key, { value: censored, enumerable: true, writable: true, configurable: true });
    }
  }
  return copy ?? object;
}

/**
 * A copy with the same prototype and properties, each read from the original (an error's `stack` is
 * an accessor that only works on the error itself): an error copied still serializes as an error.
 */
function shallowCopy(object: Record<string | symbol, unknown>): Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype === Object.prototype) return { ...object };
  const copy = Object.create(prototype as object) as Record<string | symbol, unknown>;
  for (const key of Reflect.ownKeys(object)) {
    const { enumerable } = Object.getOwnPropertyDescriptor(object, key)!;
    Object.defineProperty(copy, key, { value: object[key], enumerable, writable: true, configurable: true });
  }
  return copy;
}

/** An object whose fields a line may show; arrays and binary data have none by name. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/**
 * An email address: people's addresses are personal data and stay out of the logs (an SMTP
 * server's refusal, for one, quotes the recipient in its message and its list of rejected ones).
 */
const EMAIL_ADDRESS = /[\w.%+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,})\b/gi;

/**
 * Replaces every secret value (as is, JSON-escaped or URL-encoded) in a serialized line, and the
 * part before the @ of every email address (the domain stays: it tells which provider refused).
 */
export function maskSecrets(line: string): string {
  let masked = line;
  for (const secret of secretValues()) {
    if (masked.includes(secret)) masked = masked.replaceAll(secret, CENSOR);
  }
  return masked.includes('@') ? masked.replace(EMAIL_ADDRESS, `${CENSOR}@$1`) : masked;
}

let cachedSecrets: { key: string; values: string[] } | undefined;

function secretValues(): string[] {
  const names = [...SECRET_VARIABLES, ...SECRET_URLS];
  const key = names.map((name) => process.env[name] ?? '').join('\n');
  if (cachedSecrets?.key === key) return cachedSecrets.values;
  const raw = SECRET_VARIABLES.map((name) => process.env[name]).concat(SECRET_URLS.map((name) => passwordIn(process.env[name])));
  const values = new Set<string>();
  for (const value of raw) {
    if (!value || value.length < MIN_MASKED_LENGTH) continue;
    values.add(value);
    values.add(JSON.stringify(value).slice(1, -1));
    values.add(encodeURIComponent(value));
  }
  // Longest first, so that a secret containing another is masked whole.
  cachedSecrets = { key, values: [...values].sort((a, b) => b.length - a.length) };
  return cachedSecrets.values;
}

function passwordIn(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const { password } = new URL(url);
  return password ? decodeURIComponent(password) : undefined;
}
