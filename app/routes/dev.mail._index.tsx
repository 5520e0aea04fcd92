// The dev mailbox, for demo mode without SMTP_URL: the messages the app queued for the signed-in
// person, and only theirs (a public demo's mail holds other people's addresses and orders).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { PlainLink } from '~/components/plain-link.tsx';
import { recipient, utcMinute } from '~/utils/dev-mail-format.ts';
import { requireUser } from '~/models/auth.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { devMailboxEnabled } from '~/utils/mail.server.ts';
import { notFound } from '~/utils/refusals.server.ts';

export const meta: MetaFunction = () => [{ title: 'Dev mailbox | REEN' }];

const SHOWN = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  if (!devMailboxEnabled()) notFound();
  const user = await requireUser(request);
  const messages = await getDb().emailMessage.findMany({
    where: { userId: user.id },
    select: { id: true, createdAt: true, toAddress: true, toName: true, subject: true, kind: true, sentAt: true },
    orderBy: { createdAt: 'desc' },
    take: SHOWN,
  });
  return { messages };
}

export default function DevMailbox() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <section className="mx-auto max-w-5xl">
      <h1 className="text-2xl font-bold">Dev mailbox</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Demo mode sends no email: the {SHOWN} latest messages the shop would have sent you are kept here.
      </p>
      {messages.length === 0 ? (
        <p className="mt-6 text-zinc-600 dark:text-zinc-400">No messages yet.</p>
      ) : (
        <div className="stacked-table mt-6 overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  Date
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  To
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Subject
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Kind
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {messages.map((message) => (
                <tr key={message.id} data-testid="dev-mail-row">
                  <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                    <time dateTime={message.createdAt.toISOString()}>{utcMinute(message.createdAt)}</time>
                  </td>
                  <td className="min-w-40 px-3 py-2 wrap-anywhere" data-label="To">
                    {recipient(message)}
                  </td>
                  <td className="min-w-40 px-3 py-2 wrap-anywhere">
                    <PlainLink to={`/dev/mail/${message.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-500">
                      {message.subject}
                    </PlainLink>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs" data-label="Kind">
                    {message.kind}
                  </td>
                  <td className="px-3 py-2" data-label="Status">
                    {message.sentAt ? 'Sent' : 'Pending'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
