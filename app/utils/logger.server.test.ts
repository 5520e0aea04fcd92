import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, logger, maskSecrets, prettyLogsWanted, withLogContext } from './logger.server.ts';

/** A logger writing to an array of parsed lines. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const log = createLogger({
    write: (line: string) => {
      raw.push(line);
      lines.push(JSON.parse(line));
    },
  });
  log.level = 'debug';
  return { log, lines, raw };
}

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['SESSION_SECRET', 'STRIPE_SECRET_KEY', 'DATABASE_URL', 'SMTP_URL', 'METRICS_TOKEN']) process.env[name] = saved[name];
});

describe('the logger', () => {
  it('writes one JSON line per event, with the level as a word and an ISO time', () => {
    const { log, lines } = capture();
    log.info({ orderId: 'o-1' }, 'order placed');
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'order placed', orderId: 'o-1', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })]);
  });

  it('redacts credentials by field name: headers (top level or nested) and secret-looking fields', () => {
    const { log, raw } = capture();
    log.info(
      {
        headers: {
          cookie: '__session=abc123',
          authorization: 'Bearer tok-abc',
          'stripe-signature': 't=1,v1=sig',
          'svix-signature': 'v1,sig',
          host: 'reen.test',
        },
        req: { headers: { cookie: '__session=def456', 'set-cookie': '__session=ghi789' } },
        password: 'hunter2-pass',
        smtp: { password: 'smtp-pass-1', host: 'mail.test' },
        databaseUrl: 'postgresql://u:p@db/x',
      },
      'request seen',
    );
    const line = raw.join('');
    for (const secret of ['abc123', 'tok-abc', 'v1=sig', 'v1,sig', 'def456', 'ghi789', 'hunter2-pass', 'smtp-pass-1', 'u:p@db'])
      expect(line).not.toContain(secret);
    expect(line).toContain('"host":"reen.test"');
    expect(line).toContain('"host":"mail.test"');
    expect(line).toContain('[redacted]');
  });

  it("censors an error's credential fields and keeps its message and stack, and leaves the logged object as it was", () => {
    const { log, lines } = capture();
    const headers = { cookie: '__session=keep-me', host: 'reen.test' };
    const err = Object.assign(new Error('the provider said no'), { token: 'tok-err-123', code: 'E_NO' });
    log.error({ err, request: { headers } }, 'call failed');
    const [line] = lines as [{ err: Record<string, unknown>; request: { headers: Record<string, unknown> } }];
    expect(line.err).toMatchObject({ type: 'Error', message: 'the provider said no', code: 'E_NO', token: '[redacted]' });
    expect(line.err.stack).toMatch(/the provider said no\n\s+at /);
    expect(line.request.headers).toEqual({ cookie: '[redacted]', host: 'reen.test' });
    expect(headers.cookie).toBe('__session=keep-me');
    expect(err.token).toBe('tok-err-123');
  });

  it('censors credential fields in the bindings of a child logger, its own children and a request or job scope', () => {
    const { log, raw } = capture();
    log.child({ requestId: 'req-9', token: 'tok-child-1' }).child({ jobId: 'job-9', secret: 'sec-grandchild-1' }).info('seen');
    const line = raw.join('');
    expect(line).toContain('"requestId":"req-9"');
    expect(line).toContain('"jobId":"job-9"');
    expect(line).not.toContain('tok-child-1');
    expect(line).not.toContain('sec-grandchild-1');
    withLogContext({ requestId: 'req-8', secret: 'sec-scope-1' }, () => {
      expect(logger().bindings()).toEqual({ requestId: 'req-8', secret: '[redacted]' });
    });
  });

  it("masks the secret variables' values wherever they appear, including a database or SMTP password", () => {
    process.env.STRIPE_SECRET_KEY = 'sk_test_masked_value_123';
    process.env.DATABASE_URL = 'postgresql://reen:db%2Fpass%3Dword@db.internal:5432/reen';
    process.env.SMTP_URL = 'smtp://mailer:smtp-secret-word@mail.internal:587';
    const { log, raw } = capture();
    log.error(
      {
        err: new Error('Stripe said no to sk_test_masked_value_123', { cause: new Error('connect to postgresql://reen:db%2Fpass%3Dword@db.internal failed') }),
      },
      'failed',
    );
    log.warn({ detail: 'auth as mailer with smtp-secret-word; raw db/pass=word' }, 'odd');
    const output = raw.join('');
    expect(output).not.toContain('sk_test_masked_value_123');
    expect(output).not.toContain('db%2Fpass%3Dword');
    expect(output).not.toContain('db/pass=word');
    expect(output).not.toContain('smtp-secret-word');
    expect(output).toContain('db.internal');
    expect(raw.every((line) => JSON.parse(line))).toBe(true);
  });

  it("masks people's email addresses, keeping their domain", () => {
    const { log, raw } = capture();
    // What nodemailer throws when the SMTP server refuses a recipient.
    const refusal = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 <ada.lovelace+shop@example.com>: no such user"), {
      rejected: ['ada.lovelace+shop@example.com'],
      response: '550 5.1.1 <ada.lovelace+shop@example.com>: no such user',
    });
    log.error({ err: refusal, to: 'Grace.Hopper@Mail.Example.org' }, 'job send-email failed');
    const output = raw.join('');
    expect(output).not.toMatch(/ada\.lovelace|grace\.hopper/i);
    expect(output).toContain('[redacted]@example.com');
    expect(output).toContain('[redacted]@Mail.Example.org');
    expect(output).toContain('no such user');
    expect(raw.every((line) => JSON.parse(line))).toBe(true);
  });

  it('leaves short values alone: they would mask ordinary words', () => {
    process.env.METRICS_TOKEN = 'abc';
    expect(maskSecrets('{"msg":"abc"}')).toBe('{"msg":"abc"}');
  });

  it('binds the ids of the current request or job to every line logged in its scope, across awaits', async () => {
    expect(logger().bindings()).not.toHaveProperty('requestId');
    const seen = await withLogContext({ requestId: 'req-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return withLogContext({ jobId: 'job-1', queue: 'send-email' }, async () => {
        await Promise.resolve();
        return logger().bindings();
      });
    });
    expect(seen).toMatchObject({ requestId: 'req-1', jobId: 'job-1', queue: 'send-email' });
    expect(logger().bindings()).not.toHaveProperty('requestId');
  });
});

describe('readable logs', () => {
  afterEach(() => {
    delete process.env.LOG_FORMAT;
  });

  it('are wanted on a terminal in development only, unless LOG_FORMAT says otherwise', () => {
    expect(prettyLogsWanted({}, true)).toBe(true);
    expect(prettyLogsWanted({ APP_ENV: 'development' }, true)).toBe(true);
    expect(prettyLogsWanted({}, false)).toBe(false);
    expect(prettyLogsWanted({ APP_ENV: 'production' }, true)).toBe(false);
    expect(prettyLogsWanted({ APP_ENV: 'test' }, true)).toBe(false);
    expect(prettyLogsWanted({ LOG_FORMAT: 'json' }, true)).toBe(false);
    expect(prettyLogsWanted({ LOG_FORMAT: 'pretty', APP_ENV: 'production' }, false)).toBe(true);
  });

  it('print a line a person reads, with secrets still masked', async () => {
    process.env.LOG_FORMAT = 'pretty';
    process.env.SESSION_SECRET = 'a-session-secret-of-32-characters!!';
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const log = createLogger(out);
    log.info({ orderId: 'o-1' }, `order placed with ${process.env.SESSION_SECRET}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(text).toMatch(/INFO.*order placed with \[redacted\]/);
    expect(text).toContain('orderId: "o-1"');
    expect(text.trimStart().startsWith('{')).toBe(false);
    expect(text).not.toContain('a-session-secret');
  });
});
