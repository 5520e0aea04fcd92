// /test-payments/:sessionId: the test payment provider's stand-in for Stripe's hosted checkout page
// (only without Stripe keys). "Pay" completes the session and sends our webhook a signed
// checkout.session.completed event, as Stripe would; "Cancel" goes back like Stripe's back link.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { CheckoutLines } from '~/components/checkout-lines.tsx';
import { FieldError, FormError } from '~/components/form-errors.tsx';
import { errorFocus, invalidProps } from '~/utils/form-errors.ts';
import { useErrorFocus } from '~/hooks/use-error-focus.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { formatMoney } from '~/utils/money.ts';
import { Money } from '~/components/money.tsx';
import { testPaymentsEnabled } from '~/utils/payments/configured.server.ts';
import { payTestSession, testSessionForPage } from '~/utils/payments/test-provider.server.ts';
import { fieldErrors, type FieldErrors } from '~/utils/validation.ts';
import { notFound } from '~/utils/refusals.server.ts';
import { PayForm } from '~/forms/test-payment.server.ts';

export const meta: MetaFunction = () => [{ title: 'Test payment | REEN' }];

const TEST_CARD = '4242424242424242';
const DECLINED_CARD = '4000000000000002';

async function findSession(sessionId: string | undefined) {
  if (!testPaymentsEnabled() || !sessionId) notFound();
  const session = await testSessionForPage(sessionId);
  if (!session) notFound();
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

/** Refusals: the card (card), or the form's own message (form, intent). */
type ActionData = { errors: FieldErrors };

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await findSession(params.sessionId);
  const parsed = PayForm.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data<ActionData>({ errors: fieldErrors(parsed.error) }, { status: 400 });
  if (parsed.data.card === DECLINED_CARD)
    return data<ActionData>({ errors: { card: 'Your card was declined. Try the test card 4242 4242 4242 4242.' } }, { status: 402 });
  if (parsed.data.card !== TEST_CARD)
    return data<ActionData>({ errors: { card: 'Only the test card 4242 4242 4242 4242 is accepted here.' } }, { status: 400 });
  const next = await payTestSession(session.id);
  if (!next) return data<ActionData>({ errors: { form: 'This payment page has expired or was already used.' } }, { status: 409 });
  return redirect(next, 303);
}

export default function TestPayment() {
  const { session } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const paying = navigation.state !== 'idle';
  const open = session.status === 'open' && !session.expired;
  const errors = actionData?.errors ?? {};
  const focus = errorFocus(errors, ['card'], ['form', 'intent']);
  const page = useErrorFocus<HTMLElement>(actionData);
  return (
    <section ref={page} className="mx-auto max-w-xl space-y-6 py-6">
      <div>
        <p className="text-sm font-semibold uppercase tracking-wider text-brand-700 dark:text-brand-500">Test payment</p>
        <h1 className="text-3xl font-bold">
          Pay <Money cents={session.totalCents} />
        </h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          This page stands in for Stripe Checkout: no real money moves. It sends the shop a signed payment event, exactly as Stripe would.
        </p>
      </div>
      <CheckoutLines lines={session.lines} totalCents={session.totalCents} />
      {open ? (
        <Form method="post" className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <input type="hidden" name="intent" value="pay" />
          <FormError message={errors.form ?? errors.intent} focus={focus === 'form'} />
          <div className="grid gap-1">
            <label htmlFor="card" className="font-medium">
              Card number
            </label>
            <input
              id="card"
              name="card"
              inputMode="numeric"
              autoComplete="cc-number"
              defaultValue="4242 4242 4242 4242"
              {...invalidProps({ id: 'card', error: errors.card, focus: focus === 'card', hintId: 'card-hint' })}
              className="rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-900"
            />
            <span id="card-hint" className="text-sm text-zinc-500 dark:text-zinc-400">
              Test card: 4242 4242 4242 4242 (any expiry date and CVC). 4000 0000 0000 0002 is declined.
            </span>
            <FieldError id="card" message={errors.card} />
          </div>
          <div className="flex flex-wrap gap-3">
            <button
              type="submit"
              disabled={paying}
              className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
            >
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
