// GET /profile: your figures, your name and email (and changing them: POST), your role (and
// changing it), and your ledger entries.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { LineChart } from '~/components/charts/line-chart.tsx';
import { PlainLink } from '~/components/plain-link.tsx';
import { dailyLineChart, FORMATS } from '~/utils/charts/geometry.server.ts';
import { Pagination } from '~/components/pagination.tsx';
import { ProfileDetails, type DetailsMode } from '~/components/profile-details.tsx';
import { ProfileStats } from '~/components/profile-stats.tsx';
import { RoleBadge } from '~/components/role-badge.tsx';
import { RoleChangeButton } from '~/components/role-change.tsx';
import { TransactionsTable, type TransactionRow } from '~/components/transactions-table.tsx';
import { balanceByDay, PERSON_DAYS } from '~/models/economy/person-days.server.ts';
import { getProfile, listTransactions } from '~/models/profile.server.ts';
import { consumeRateLimit } from '~/models/rate-limit.server.ts';
import { changeNameAndEmail, CLERK_MANAGES, isPersonaEmail } from '~/models/user.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { formatHumanDate } from '~/utils/dates.ts';
import { env, isClerkMode } from '~/utils/env.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { parsePage, parsePerPage } from '~/utils/list-params.ts';
import { getTimeZone } from '~/utils/time-zone.server.ts';
import { answerRefusal, notFound } from '~/utils/refusals.server.ts';
import { fieldErrors, type FieldErrors } from '~/utils/validation.ts';
import { UserText } from '~/components/user-text.tsx';
import { greetingFor } from '~/models/greeting.ts';
import { DetailsForm } from '~/forms/profile-details.server.ts';

export const meta: MetaFunction = () => [{ title: 'Your Profile | REEN' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const [profile, ledger, balances] = await Promise.all([
    getProfile(user.id),
    listTransactions(user.id, parsePage(params.get('page')), parsePerPage(params.get('perPage'))),
    balanceByDay(user.id),
  ]);
  if (!profile) notFound();
  const timeZone = getTimeZone(request);
  const { transactions, ...window } = ledger;
  const rows: TransactionRow[] = transactions.map(({ createdAt, ...transaction }) => ({
    ...transaction,
    date: formatHumanDate(createdAt, timeZone),
  }));
  // Clerk mode keeps Clerk's sessions: those are ended on Clerk's account page.
  const details: DetailsMode = isClerkMode() ? 'clerk' : user.email && isPersonaEmail(user.email) ? 'persona' : 'form';
  const balanceChart = dailyLineChart(
    balances.map((balance) => balance.day),
    [{ name: 'Balance', values: balances.map((balance) => balance.cents) }],
    FORMATS.money,
  );
  return {
    profile,
    greeting: greetingFor(user),
    email: user.email,
    details,
    rows,
    ...window,
    storedSessions: !isClerkMode(),
    balanceChart,
    chartDays: PERSON_DAYS,
  };
}

type DetailsAnswer = { errors: FieldErrors; values: { name: string; email: string } };

/** POST /profile: a new name and email (demo sign-in accounts; see changeNameAndEmail). */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = Object.fromEntries(await readFormData(request));
  const values = { name: String(form.name ?? ''), email: String(form.email ?? '') };
  if (isClerkMode()) return data<DetailsAnswer>({ errors: { form: CLERK_MANAGES }, values }, { status: 403 });
  const parsed = DetailsForm.safeParse(form);
  if (!parsed.success) return data<DetailsAnswer>({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  // A password tried here counts against the sign-in limit, so the form cannot be used to guess it.
  if (parsed.data.password) {
    const limit = await consumeRateLimit(`sign-in:${context.clientIp ?? 'unknown'}`, env().SIGN_IN_ATTEMPTS_PER_MINUTE);
    if (!limit.allowed) {
      const message = `Too many password attempts from your address: wait ${limit.retryAfterSeconds} seconds, then try again.`;
      return data<DetailsAnswer>({ errors: { password: message }, values }, { status: 429, headers: { 'Retry-After': String(limit.retryAfterSeconds) } });
    }
  }
  try {
    const { changed } = await changeNameAndEmail(user.id, parsed.data);
    return redirectWithFlash('/profile', {
      kind: changed ? 'success' : 'info',
      message: changed ? 'Your name and email are saved.' : 'Your name and email were already these.',
    });
  } catch (error) {
    return answerRefusal(error, ({ message, status, field }) => data<DetailsAnswer>({ errors: { [field]: message }, values }, { status }));
  }
}

export default function Profile() {
  const { profile, greeting, email, details, rows, page, pageCount, perPage, total, storedSessions, balanceChart, chartDays } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl space-y-8">
      <header className="space-y-2">
        <p className="text-lg wrap-anywhere">
          {greeting},{' '}
          <strong>
            <UserText>{profile.name}</UserText>
          </strong>
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-3xl font-bold">Your Profile</h1>
          <RoleBadge role={profile.role} />
        </div>
      </header>
      <ProfileStats figures={profile} whose="Your" productsHref="/products?mine=1" />
      <section aria-labelledby="balance-heading" className="max-w-xl space-y-2">
        <h2 id="balance-heading" className="text-xl font-semibold">
          Your balance over time
        </h2>
        <LineChart
          id="balance"
          xLabel="Day"
          title={`Balance at the end of each day (UTC), last ${chartDays} days at most`}
          description="Your balance after each day's grants, fees, purchases, sales and released checkouts, from your ledger entries."
          geometry={balanceChart}
        />
      </section>
      <ProfileDetails mode={details} name={profile.name} email={email} answer={answer} />
      <section aria-labelledby="role-heading" className="space-y-2 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
        <h2 id="role-heading" className="text-lg font-semibold">
          Your role
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {profile.role === 'ADMIN'
            ? 'You are an ADMIN: you can create, update and delete your products.'
            : 'You are a NADMIN: you can buy. Become an ADMIN to sell your own products.'}
        </p>
        <RoleChangeButton role={profile.role} balanceCents={profile.balanceCents} />
      </section>
      <section aria-labelledby="transactions-heading" className="space-y-3">
        <h2 id="transactions-heading" className="text-xl font-semibold">
          Transactions
        </h2>
        <TransactionsTable rows={rows} />
        <Pagination page={page} pageCount={pageCount} perPage={perPage} total={total} />
      </section>
      {storedSessions && (
        <section aria-labelledby="sessions-heading" className="space-y-2 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          <h2 id="sessions-heading" className="text-lg font-semibold">
            Your sessions
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Signed in on another computer, or worried someone copied your sign-in? This ends every session of your account, this one included.
          </p>
          <Form method="post" action="/sign-out">
            <input type="hidden" name="scope" value="everywhere" />
            <button
              type="submit"
              className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              Sign out of all devices
            </button>
          </Form>
        </section>
      )}
      <section aria-labelledby="delete-account-heading" className="space-y-2 rounded-lg border border-red-200 p-4 dark:border-red-900">
        <h2 id="delete-account-heading" className="text-lg font-semibold">
          Delete your account
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Your products, cart and balance go; your past orders stay, without your name.</p>
        <PlainLink
          to="/profile/delete"
          className="inline-block rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-400 dark:hover:bg-red-950"
        >
          Delete my account
        </PlainLink>
      </section>
    </div>
  );
}
