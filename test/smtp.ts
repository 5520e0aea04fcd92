// A real SMTP server in the test process (smtp-server), parsing what it receives (mailparser), with
// an outage switch per recipient and an optional pause before each answer to a message (a slow
// relay). With it, tests run nodemailer and the send-email job for real.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

type Received = { mail: ParsedMail; rcptTo: string[] };

/**
 * With `credentials`, the server takes only those (AUTH over plain text, as a local relay may).
 * With `holdMs`, it waits that long before accepting each message (a slow relay).
 */
export async function startSmtpServer({ credentials, holdMs = 0 }: { credentials?: { user: string; pass: string }; holdMs?: number } = {}) {
  const received: Received[] = [];
  /** Subjects of the messages read in full, each added before the server waits holdMs to accept it. */
  const arriving: string[] = [];
  /** Recipients the server refuses for now (451, try again later), as during an outage. */
  const unavailable = new Set<string>();
  /** Every refused attempt, by recipient. */
  const refused: string[] = [];
  /** Subjects whose next delivery attempt is refused once. */
  const refuseOnce = new Set<string>();
  let connections = 0;

  const server = new SMTPServer({
    authOptional: !credentials,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass) return callback(null, { user: auth.username });
      callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (!unavailable.has(address.address)) return callback();
      refused.push(address.address);
      callback(Object.assign(new Error('Mailbox unavailable, try again later'), { responseCode: 451 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(async (mail) => {
        arriving.push(mail.subject ?? '');
        if (holdMs) await new Promise((resolve) => setTimeout(resolve, holdMs));
        if (refuseOnce.delete(mail.subject ?? '')) {
          refused.push(...session.envelope.rcptTo.map((rcpt) => rcpt.address));
          return callback(Object.assign(new Error('Mailbox unavailable, try again later'), { responseCode: 451 }));
        }
        received.push({ mail, rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address) });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: credentials ? `smtp://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@127.0.0.1:${port}` : `smtp://127.0.0.1:${port}`,
    received,
    arriving,
    refused,
    unavailable,
    refuseOnce,
    /** Connections opened so far. */
    get connections() {
      return connections;
    },
    /** What reached one address. */
    receivedBy: (address: string) => received.filter(({ rcptTo }) => rcptTo.includes(address)).map(({ mail }) => mail),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
