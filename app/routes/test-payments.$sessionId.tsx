// /test-payments/:sessionId: the test payment provider's stand-in for Stripe's hosted checkout page
// (only without Stripe keys). "Pay" completes the session and sends our webhook a signed
// checkout.session.completed event, as Stripe would; "Cancel" goes back like Stripe's back link.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { CheckoutLines } from '~/components/checkout-lines.tsx';
import { readFormData } from '~/utils/forms.server.ts';
import { formatMoney } from '~/utils/money.ts';
import { testPaymentsEnabled } from '~/utils/payments.server.ts';
import { payTestSession, testSessionForPage } from '~/utils/payments/test-provider.server.ts';

export const meta: MetaFunction = () => [{ title: 'Test payment | REEN' }];

const TEST_CARD = '4242424242424242';
const DECLINED_CARD = '4000000000000002';

async function findSession(sessionId: string | undefined) {
  if (!testPaymentsEnabled() || !sessionId) throw new Response('Not found', { status: 404 });
  const session = await testSessionForPage(sessionId);
  if (!session) throw new Response('Not found', { status: 404 });
  return session;
}

export async function loader({ params }: LoaderFunctionArgs) {
  const session = await findSession(params.sessionId);
  return {
    session: {
      id: session.id,
      status: session.status,
      lines: session.lines.map((line) => ({ ...line, productId: null, productName: line.name })),
      totalCents: session.amountTotal ?? 0,
      cancelUrl: session.cancelUrl,
      expired: session.status === 'expired' || session.expiresAt <= new Date(),
    },
  };
}

const PayForm = z.object({
  intent: z.literal('pay'),
  card: z
    .string()
    .transform((value) => value.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{16}$/, { message: 'Enter a 16-digit card number, for example the test card 4242 4242 4242 4242.' })),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await findSession(params.sessionId);
  const parsed = PayForm.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
  if (parsed.data.card === DECLINED_CARD) return data({ error: 'Your card was declined. Try the test card 4242 4242 4242 4242.' }, { status: 402 });
  if (parsed.data.card !== TEST_CARD) return data({ error: 'Only the test card 4242 4242 4242 4242 is accepted here.' }, { status: 400 });
  const next = await payTestSession(session.id);
  if (!next) return data({ error: 'This payment page has expired or was already used.' }, { status: 409 });
  return redirect(next, 303);
}

export default function TestPayment() {
  const { session } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const paying = navigation.state !== 'idle';
  const open = session.status === 'open' && !session.expired;
  return (
    <section className="mx-auto max-w-xl space-y-6 py-6">
      <div>
        <p className="text-sm font-semibold uppercase tracking-wider text-brand-600">Test payment</p>
        <h1 className="text-3xl font-bold">Pay {formatMoney(session.totalCents)}</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          This page stands in for Stripe Checkout: no real money moves. It sends the shop a signed payment event, exactly as Stripe would.
        </p>
      </div>
      <CheckoutLines lines={session.lines} totalCents={session.totalCents} />
      {open ? (
        <Form method="post" className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <input type="hidden" name="intent" value="pay" />
          <label className="grid gap-1">
            <span className="font-medium">Card number</span>
            <input
              name="card"
              inputMode="numeric"
              autoComplete="cc-number"
              defaultValue="4242 4242 4242 4242"
              aria-invalid={actionData?.error ? true : undefined}
              aria-describedby="card-hint card-error"
              className="rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono dark:border-zinc-700 dark:bg-zinc-900"
            />
            <span id="card-hint" className="text-sm text-zinc-500">
              Test card: 4242 4242 4242 4242 (any expiry date and CVC). 4000 0000 0000 0002 is declined.
            </span>
          </label>
          <p id="card-error" role="alert" className="text-sm text-red-700 dark:text-red-400">
            {actionData?.error}
          </p>
          <div className="flex gap-3">
            <button type="submit" disabled={paying} className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
              {paying ? 'Paying…' : `Pay ${formatMoney(session.totalCents)}`}
            </button>
            <a href={session.cancelUrl} className="rounded-md border border-zinc-300 px-4 py-2 font-medium dark:border-zinc-700">
              Cancel
            </a>
          </div>
        </Form>
      ) : (
        <p role="status" className="rounded-md bg-zinc-100 p-3 dark:bg-zinc-900">
          {session.status === 'complete' ? 'This payment is done.' : 'This payment page has expired. Nothing was charged.'}
        </p>
      )}
    </section>
  );
}
