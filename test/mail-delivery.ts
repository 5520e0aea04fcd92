// Email delivered for real in a vitest file, as hooks: the send-email worker of this process sends
// through nodemailer to an SMTP server in this process (test/smtp.ts) that parses what it receives.
import { afterAll, beforeAll } from 'vitest';
import { startWorker, type Worker } from '../jobs/handlers.ts';
import { startSmtpServer } from './smtp.ts';

type SmtpTestServer = Awaited<ReturnType<typeof startSmtpServer>>;

/**
 * An SMTP server and a send-email worker delivering to it, started before the tests of this file and
 * stopped after them; `from` and `appUrl` become MAIL_FROM and APP_URL. Call it after
 * useScratchDatabase(): the worker then takes that database's jobs only, and stops pg-boss before the
 * pool closes. Returns the server's mailbox and outage switches.
 */
export function useMailDelivery({ from, appUrl }: { from: string; appUrl: string }): Omit<SmtpTestServer, 'close'> {
  let smtp: SmtpTestServer | undefined;
  let worker: Worker | undefined;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    // env() caches on first use, once per test file (test/fresh-modules.ts): set these before anything reads it.
    process.env.SMTP_URL = smtp.url;
    // Sooner retries than the default 2 s: tests wait for refused deliveries to go out.
    process.env.JOB_RETRY_DELAY_SECONDS = '1';
    process.env.MAIL_FROM = from;
    process.env.APP_URL = appUrl;
    worker = await startWorker({ queues: ['send-email'] });
  });
  afterAll(async () => {
    await worker?.stop();
    await smtp?.close();
  });
  // The server exists once beforeAll has run: every use reads the running one.
  return new Proxy({} as Omit<SmtpTestServer, 'close'>, {
    get(_target, key) {
      if (!smtp) throw new Error('the SMTP server is not running: use it in tests and hooks, not while the file loads');
      return Reflect.get(smtp, key);
    },
  });
}
