// One message of the dev mailbox (the signed-in person's own): its headers, its HTML part (sandboxed: no scripts, no forms,
// no same-origin access) and its plain-text part.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { PlainLink } from '~/components/plain-link.tsx';
import { recipient, utcMinute } from '~/utils/dev-mail-format.ts';
import { requireUser } from '~/models/auth.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { env } from '~/utils/env.server.ts';
import { devMailboxEnabled } from '~/utils/mail.server.ts';
import { notFound } from '~/utils/refusals.server.ts';
import { uuidOrNull } from '~/utils/ids.server.ts';

export const meta: MetaFunction = () => [{ title: 'Dev mailbox | REEN' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  if (!devMailboxEnabled()) notFound();
  const user = await requireUser(request);
  const id = uuidOrNull(params.id);
  if (!id) notFound();
  // Another person's message answers as a missing one: 404, telling nothing.
  const message = await getDb().emailMessage.findFirst({
    where: { id, userId: user.id },
    select: {
      kind: true,
      messageId: true,
      toAddress: true,
      toName: true,
      subject: true,
      html: true,
      text: true,
      createdAt: true,
      sentAt: true,
    },
  });
  if (!message) notFound();
  return { message, from: env().MAIL_FROM };
}

export default function DevMailMessage() {
  const { message, from } = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-4xl">
      <PlainLink to="/dev/mail" className="text-sm text-brand-700 hover:underline dark:text-brand-500">
        ← Dev mailbox
      </PlainLink>
      <h1 className="mt-2 text-2xl font-bold wrap-anywhere">{message.subject}</h1>
      <dl className="mt-4 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        <Header name="From">{from}</Header>
        <Header name="To">{recipient(message)}</Header>
        <Header name="Subject">{message.subject}</Header>
        <Header name="Message-ID">
          <span className="font-mono text-xs">{message.messageId}</span>
        </Header>
        <Header name="Kind">
          <span className="font-mono text-xs">{message.kind}</span>
        </Header>
        <Header name="Queued">
          <time dateTime={message.createdAt.toISOString()}>{utcMinute(message.createdAt)}</time>
        </Header>
        <Header name="Status">{message.sentAt ? `Sent ${utcMinute(message.sentAt)}` : 'Pending'}</Header>
      </dl>
      <h2 className="mt-8 text-lg font-semibold">HTML part</h2>
      <iframe
        title="HTML part"
        srcDoc={message.html}
        sandbox=""
        className="mt-2 h-[32rem] w-full rounded-lg border border-zinc-200 bg-white dark:border-zinc-800"
      />
      <h2 className="mt-8 text-lg font-semibold">Plain-text part</h2>
      <pre className="mt-2 overflow-x-auto whitespace-pre-wrap rounded-lg border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
        {message.text}
      </pre>
    </article>
  );
}

function Header({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-zinc-600 dark:text-zinc-400">{name}</dt>
      <dd className="min-w-0 wrap-anywhere">{children}</dd>
    </>
  );
}
