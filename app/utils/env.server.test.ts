import { describe, expect, it } from 'vitest';
import { EnvError, isClerkMode, isDemo, parseEnv } from './env.server.ts';

/** A well-formed publishable key: pk_live_ and the base64 of "clerk.<domain>$". */
const PUBLISHABLE_KEY = `pk_live_${Buffer.from('clerk.reen.test$').toString('base64')}`;
const CLERK = { CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY, CLERK_SECRET_KEY: 'sk_live_abc123', CLERK_WEBHOOK_SECRET: 'whsec_abc' };

describe('parseEnv', () => {
  it('runs a local shop with no variables at all', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ APP_ENV: 'development', PORT: 3000, RUN_WORKER: true, DEMO_MODE: false, DATA_DIR: '.data' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(isDemo(env)).toBe(true);
  });

  it('names the one variable that is malformed, in one line', () => {
    const attempt = () => parseEnv({ DATABASE_URL: 'junk' });
    expect(attempt).toThrow(EnvError);
    expect(attempt).toThrow(/^Invalid environment: DATABASE_URL must be a postgresql:\/\/ URL$/);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/^Invalid environment: PORT /);
    expect(() => parseEnv({ DATABASE_POOL_SIZE: '0' })).toThrow(/^Invalid environment: DATABASE_POOL_SIZE /);
  });

  it('names every problem at once, so that one deploy can fix them all', () => {
    expect(() => parseEnv({ SESSION_SECRET: 'short', STRIPE_SECRET_KEY: 'sk_live_51abc', PORT: 'abc' })).toThrow(
      'Invalid environment: PORT must be a port number; SESSION_SECRET must be at least 32 characters; STRIPE_SECRET_KEY is a live key: REEN sells virtual goods and takes test keys only (sk_test_...)',
    );
    const missing = () => parseEnv({ APP_ENV: 'production' });
    for (const name of [
      'DATABASE_URL',
      'SESSION_SECRET',
      'APP_URL',
      'SMTP_URL',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'CLERK_PUBLISHABLE_KEY',
      'CLERK_SECRET_KEY',
      'CLERK_WEBHOOK_SECRET',
    ]) {
      expect(missing).toThrow(`${name} is required when APP_ENV=production`);
    }
  });

  it('treats an empty or blank variable as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
    // Number(' ') is 0, which would have listened on a random port.
    expect(parseEnv({ PORT: ' ' }).PORT).toBe(3000);
  });

  it('requires the real services in production, unless DEMO_MODE=1', () => {
    expect(() => parseEnv({ APP_ENV: 'production' })).toThrow(/DATABASE_URL is required when APP_ENV=production/);
    const complete = {
      APP_ENV: 'production',
      DATABASE_URL: 'postgresql://u:p@db.internal:5432/reen',
      SESSION_SECRET: 'x'.repeat(32),
      APP_URL: 'https://reen.fly.dev',
    };
    expect(() => parseEnv(complete)).toThrow(/SMTP_URL is required/);
    const withMail = { ...complete, SMTP_URL: 'smtp://mail.internal:587' };
    expect(() => parseEnv(withMail)).toThrow(/STRIPE_SECRET_KEY is required/);
    const withStripe = { ...withMail, STRIPE_SECRET_KEY: 'sk_test_51abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' };
    const required = (name: string) => `${name} is required when APP_ENV=production (or set DEMO_MODE=1)`;
    expect(() => parseEnv(withStripe)).toThrow(
      `Invalid environment: ${['CLERK_PUBLISHABLE_KEY', 'CLERK_SECRET_KEY', 'CLERK_WEBHOOK_SECRET'].map(required).join('; ')}`,
    );
    const full = { ...withStripe, ...CLERK };
    expect(parseEnv(full).APP_ENV).toBe('production');
    const demo = parseEnv({ APP_ENV: 'production', DEMO_MODE: '1', APP_URL: 'https://demo.reen.test' });
    expect(isDemo(demo)).toBe(true);
    expect(isDemo(parseEnv(full))).toBe(false);
  });

  it('requires APP_URL in production, a demo included: return and webhook URLs come from it, never from a request', () => {
    expect(() => parseEnv({ APP_ENV: 'production', DEMO_MODE: '1' })).toThrow(
      /^Invalid environment: APP_URL is required when APP_ENV=production, DEMO_MODE=1 included \(the public URL, such as https:\/\/reen\.fly\.dev\)$/,
    );
    expect(() => parseEnv({ APP_ENV: 'production', DEMO_MODE: '1', APP_URL: 'ftp://reen.example' })).toThrow(
      /^Invalid environment: APP_URL must be an http:\/\/ or https:\/\/ URL/,
    );
    // Locally the origin is this server's own address: nothing is required.
    expect(parseEnv({}).APP_URL).toBeUndefined();
  });

  it('takes the client address from the socket unless a source is configured, and names a bad one with the others', () => {
    expect(parseEnv({}).CLIENT_IP_SOURCE).toEqual({ kind: 'socket' });
    expect(parseEnv({ CLIENT_IP_SOURCE: 'fly' }).CLIENT_IP_SOURCE).toEqual({ kind: 'fly' });
    expect(parseEnv({ CLIENT_IP_SOURCE: 'proxies:2' }).CLIENT_IP_SOURCE).toEqual({ kind: 'proxies', count: 2 });
    for (const bad of ['x-forwarded-for', 'proxies:0', 'proxies:', 'proxies:10', 'Fly']) {
      expect(() => parseEnv({ CLIENT_IP_SOURCE: bad }), bad).toThrow(/^Invalid environment: CLIENT_IP_SOURCE must be socket, fly or proxies:N/);
    }
    expect(() => parseEnv({ CLIENT_IP_SOURCE: 'proxy', METRICS_HOST: '0.0.0.0', PORT: 'x' })).toThrow(
      /^Invalid environment: PORT must be a port number; CLIENT_IP_SOURCE must be .*; METRICS_HOST must be one private address/,
    );
  });

  it('binds the token-less metrics listener to one private address, never every interface', () => {
    expect(parseEnv({}).METRICS_HOST).toBe('127.0.0.1');
    expect(parseEnv({ METRICS_HOST: 'fly-local-6pn' }).METRICS_HOST).toBe('fly-local-6pn');
    for (const wildcard of ['0.0.0.0', '::', '[::]']) {
      expect(() => parseEnv({ METRICS_HOST: wildcard }), wildcard).toThrow(
        /METRICS_HOST must be one private address \(fly-local-6pn on Fly, 127\.0\.0\.1 locally\)/,
      );
    }
  });

  it('refuses live Stripe keys (the goods are virtual) and a key without its webhook secret', () => {
    expect(() => parseEnv({ STRIPE_SECRET_KEY: 'sk_live_51abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' })).toThrow(/STRIPE_SECRET_KEY is a live key/);
    expect(() => parseEnv({ STRIPE_SECRET_KEY: 'rk_live_51abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' })).toThrow(/live key/);
    expect(() => parseEnv({ STRIPE_SECRET_KEY: 'sk_test_51abc' })).toThrow(/STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY/);
    expect(() => parseEnv({ STRIPE_SECRET_KEY: 'sk_test_51abc', STRIPE_WEBHOOK_SECRET: 'nope' })).toThrow(/STRIPE_WEBHOOK_SECRET must be/);
    expect(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_51abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' }).STRIPE_SECRET_KEY).toBe('sk_test_51abc');
  });

  it('takes Clerk keys all together, and then signs people in with Clerk', () => {
    expect(isClerkMode(parseEnv({}))).toBe(false);
    const clerk = parseEnv(CLERK);
    expect(isClerkMode(clerk)).toBe(true);
    expect(clerk.CLERK_JWT_KEY).toBeUndefined();
    expect(() => parseEnv({ CLERK_SECRET_KEY: 'sk_test_abc' })).toThrow(/^Invalid environment: CLERK_PUBLISHABLE_KEY is required with the other Clerk keys/);
    expect(() => parseEnv({ ...CLERK, CLERK_WEBHOOK_SECRET: '' })).toThrow(/^Invalid environment: CLERK_WEBHOOK_SECRET is required with the other Clerk keys/);
    expect(() => parseEnv({ ...CLERK, CLERK_PUBLISHABLE_KEY: 'pk_live_bm9wZQ==' })).toThrow(/CLERK_PUBLISHABLE_KEY must be a Clerk publishable key/);
    expect(() => parseEnv({ ...CLERK, CLERK_SECRET_KEY: 'secret' })).toThrow(/CLERK_SECRET_KEY must be a Clerk secret key/);
    expect(() => parseEnv({ ...CLERK, CLERK_WEBHOOK_SECRET: 'abc' })).toThrow(/CLERK_WEBHOOK_SECRET must be/);
  });

  it('reads the optional JWT key for networkless verification, also written on one line', () => {
    const oneLine = '-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\\n-----END PUBLIC KEY-----';
    expect(parseEnv({ ...CLERK, CLERK_JWT_KEY: oneLine }).CLERK_JWT_KEY).toBe(
      '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----',
    );
    expect(() => parseEnv({ ...CLERK, CLERK_JWT_KEY: 'not a key' })).toThrow(/CLERK_JWT_KEY must be the PEM public key/);
  });

  it('refuses a short session secret', () => {
    expect(() => parseEnv({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET must be at least 32 characters/);
  });
});
