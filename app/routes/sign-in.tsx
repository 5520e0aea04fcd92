// Sign-in. Clerk mode: Clerk's sign-in component (it needs JavaScript; every page after it works
// without). Demo mode: the local sign-in, pick a demo account, sign back into an account made here by
// its email, or create one by name and email, with plain forms, so it works without JavaScript.
import { SignIn as ClerkSignIn } from '@clerk/remix';
import { ClerkPage } from '~/components/clerk-page.tsx';
import { errorFocus, FieldError, FormError, invalidProps, useErrorFocus } from '~/components/form-errors.tsx';
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { consumeRateLimit } from '~/models/rate-limit.server.ts';
import { createUser, EmailTakenError, findLocalAccountByEmail, isDemoAccount, listDemoAccounts } from '~/models/user.server.ts';
import { getUser, safeRedirectPath } from '~/utils/auth.server.ts';
import { env, isClerkMode, isDemo } from '~/utils/env.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { commitUserSession } from '~/utils/session.server.ts';
import { BusyError } from '~/utils/transaction.server.ts';
import { fieldErrors, type FieldErrors } from '~/utils/validation.ts';

export const meta: MetaFunction = () => [{ title: 'Sign in | REEN' }];

/** A page re-rendered after a rate-limited attempt says when to come back. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After');
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers();
};

const Email = z.email({ message: 'Enter a valid email address.' }).max(254).transform((value) => value.toLowerCase());

const SignInForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('pick'), userId: z.uuid({ message: 'Pick one of the demo accounts.' }), redirectTo: z.string().optional() }),
  z.object({ intent: z.literal('email'), accountEmail: Email, redirectTo: z.string().optional() }),
  z.object({
    intent: z.literal('create'),
    name: z.string({ message: 'Enter your name.' }).trim().min(1, { message: 'Enter your name.' }).max(100, { message: 'Use at most 100 characters.' }),
    email: Email,
    redirectTo: z.string().optional(),
  }),
], { message: 'Pick a demo account or create one.' });

type ActionData = { errors: FieldErrors; values?: { accountEmail?: string; name?: string; email?: string } };

/** The demo sign-in exists only in demo mode without Clerk: a real deployment signs people in with Clerk. */
function requireDemoMode() {
  if (isClerkMode() || !isDemo()) throw new Response('Not found', { status: 404 });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'));
  if (isClerkMode()) {
    if (await getUser(request)) throw redirect(redirectTo);
    return { mode: 'clerk' as const, redirectTo, accounts: [] };
  }
  requireDemoMode();
  if (await getUser(request)) throw redirect(redirectTo);
  return { mode: 'demo' as const, redirectTo, accounts: await listDemoAccounts() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireDemoMode();
  const limit = await consumeRateLimit(`sign-in:${context.clientIp ?? 'unknown'}`, env().SIGN_IN_ATTEMPTS_PER_MINUTE);
  if (!limit.allowed) {
    const message = `Too many sign-in attempts from your address: wait ${limit.retryAfterSeconds} seconds, then try again.`;
    return data<ActionData>({ errors: { form: message } }, { status: 429, headers: { 'Retry-After': String(limit.retryAfterSeconds) } });
  }
  const form = Object.fromEntries(await readFormData(request));
  const parsed = SignInForm.safeParse(form);
  const values = { accountEmail: String(form.accountEmail ?? ''), name: String(form.name ?? ''), email: String(form.email ?? '') };
  if (!parsed.success) {
    return data<ActionData>({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  }
  const redirectTo = safeRedirectPath(parsed.data.redirectTo);
  let userId: string;
  if (parsed.data.intent === 'pick') {
    if (!(await isDemoAccount(parsed.data.userId))) {
      return data<ActionData>({ errors: { userId: 'That demo account does not exist.' } }, { status: 404 });
    }
    userId = parsed.data.userId;
  } else if (parsed.data.intent === 'email') {
    const account = await findLocalAccountByEmail(parsed.data.accountEmail);
    if (!account) {
      return data<ActionData>({ errors: { accountEmail: 'No account has this email. Create one below.' }, values }, { status: 404 });
    }
    userId = account.id;
  } else {
    try {
      ({ id: userId } = await createUser({ name: parsed.data.name, email: parsed.data.email }));
    } catch (error) {
      if (error instanceof EmailTakenError) {
        return data<ActionData>({ errors: { email: 'An account with this email already exists: sign in with it above.' }, values }, { status: 409 });
      }
      if (error instanceof BusyError) return data<ActionData>({ errors: { form: error.message }, values }, { status: 503 });
      throw error;
    }
  }
  return redirect(redirectTo, { headers: { 'Set-Cookie': await commitUserSession(request, userId) } });
}

export default function SignIn() {
  const { mode, redirectTo } = useLoaderData<typeof loader>();
  if (mode === 'clerk') {
    return (
      <ClerkPage title="Sign in">
        <ClerkSignIn routing="hash" signUpUrl={`/sign-up?${new URLSearchParams({ redirectTo })}`} fallbackRedirectUrl={redirectTo} />
      </ClerkPage>
    );
  }
  return <DemoSignIn redirectTo={redirectTo} />;
}

function DemoSignIn({ redirectTo }: { redirectTo: string }) {
  const { accounts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state !== 'idle' ? navigation.formData?.get('intent') : null;
  const errors = actionData?.errors ?? {};
  const focus = errorFocus(errors, ['accountEmail', 'name', 'email'], ['form', 'intent', 'userId']);
  const page = useErrorFocus<HTMLDivElement>(actionData);

  return (
    <div ref={page} className="mx-auto max-w-xl space-y-10 py-6">
      <h1 className="text-3xl font-bold">Sign in</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        This is the demo sign-in: no password, pick an account, sign back in with the email of one you created here, or
        create your own. Every new account starts with $4,000,000.
      </p>
      <FormError message={errors.form ?? errors.intent} focus={focus === 'form' && !errors.userId} />

      <section aria-labelledby="demo-heading">
        <h2 id="demo-heading" className="text-xl font-semibold">
          Demo accounts
        </h2>
        <FormError message={errors.userId} focus={focus === 'form' && Boolean(errors.userId)} className="mt-2" />
        {accounts.length === 0 ? (
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">No demo accounts yet: create one below.</p>
        ) : (
          <ul className="mt-3 grid gap-2 sm:grid-cols-2">
            {accounts.map((account) => (
              <li key={account.id}>
                <Form method="post">
                  <input type="hidden" name="intent" value="pick" />
                  <input type="hidden" name="userId" value={account.id} />
                  <input type="hidden" name="redirectTo" value={redirectTo} />
                  <button
                    type="submit"
                    disabled={busyIntent === 'pick'}
                    className="flex w-full items-center justify-between rounded-md border border-zinc-200 bg-white px-3 py-2 text-left hover:border-brand-500 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900"
                  >
                    <span>{`Continue as ${account.name}`}</span>
                    <span className="text-xs text-zinc-500 dark:text-zinc-400">{account.role}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <FormSection id="returning-heading" heading="Signed up here before?" intent="email" redirectTo={redirectTo}>
        <TextField
          label="Email you signed up with"
          name="accountEmail"
          type="email"
          autoComplete="email"
          defaultValue={actionData?.values?.accountEmail}
          error={errors.accountEmail}
          focus={focus === 'accountEmail'}
        />
        <button
          type="submit"
          disabled={busyIntent === 'email'}
          className="rounded-md border border-zinc-300 px-4 py-2 font-semibold hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {busyIntent === 'email' ? 'Signing in…' : 'Sign in with this email'}
        </button>
      </FormSection>

      <FormSection id="create-heading" heading="Create an account" intent="create" redirectTo={redirectTo}>
        <TextField label="Name" name="name" autoComplete="name" defaultValue={actionData?.values?.name} error={errors.name} focus={focus === 'name'} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={actionData?.values?.email}
          error={errors.email}
          focus={focus === 'email'}
        />
        <button
          type="submit"
          disabled={busyIntent === 'create'}
          className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {busyIntent === 'create' ? 'Creating…' : 'Create account and sign in'}
        </button>
      </FormSection>
    </div>
  );
}

/** A titled section of the page holding one plain form, posted with its `intent`. */
function FormSection({ id, heading, intent, redirectTo, children }: { id: string; heading: string; intent: string; redirectTo: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="text-xl font-semibold">
        {heading}
      </h2>
      <Form method="post" className="mt-3 space-y-4" noValidate>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {children}
      </Form>
    </section>
  );
}

function TextField({
  label,
  name,
  error,
  focus,
  ...input
}: { label: string; name: string; error?: string; focus: boolean } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={name}
        name={name}
        {...invalidProps({ id: name, error, focus })}
        className="mt-1 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-900"
        {...input}
      />
      <FieldError id={name} message={error} />
    </div>
  );
}
