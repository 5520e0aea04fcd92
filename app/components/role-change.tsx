// Becoming an ADMIN or stepping down: what it means and costs, and the form that confirms it. The
// confirmation is its own page (/profile/role) without JavaScript, and a dialog over the profile
// with it.
import { Form, useFetcher, useNavigation } from '@remix-run/react';
import { useEffect } from 'react';
import type { RoleChangeRefusal } from '~/models/role.server.ts';
import { ADMIN_UPGRADE_FEE_CENTS } from '~/utils/money.ts';
import { Money } from './money.tsx';
import { FormError } from './form-errors.tsx';
import { PlainLink } from './plain-link.tsx';
import { useErrorFocus } from '~/hooks/use-error-focus.ts';

export type RoleChangeProps = { role: string; balanceCents: number };

export function roleChangeTitle(role: string) {
  return role === 'ADMIN' ? 'Step down to NADMIN' : 'Become an ADMIN';
}

export function RoleChangeSummary({ role, balanceCents }: RoleChangeProps) {
  if (role === 'ADMIN') {
    return (
      <div className="space-y-2 text-sm">
        <p>As a NADMIN you can no longer create, update or delete products. Your products stay listed and can still be bought.</p>
        <p className="font-medium text-red-700 dark:text-red-400">Stepping down is free, and the $160,000.00 you paid is not refunded.</p>
      </div>
    );
  }
  const remaining = balanceCents - ADMIN_UPGRADE_FEE_CENTS;
  return (
    <div className="space-y-3 text-sm">
      <p>As an ADMIN you can:</p>
      <ul className="list-disc pl-5">
        <li>create products,</li>
        <li>update your products,</li>
        <li>delete your products.</li>
      </ul>
      <p>You earn from every purchase of your products, as long as you keep them in stock.</p>
      <dl className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-6 gap-y-1 rounded-md bg-zinc-50 p-3 dark:bg-zinc-800">
        <dt>Cost</dt>
        <dd className="text-right font-semibold">
          <Money cents={ADMIN_UPGRADE_FEE_CENTS} />
        </dd>
        <dt>Your balance</dt>
        <dd className="text-right" data-testid="role-balance">
          <Money cents={balanceCents} />
        </dd>
        <dt>Remaining after upgrade</dt>
        <dd className="text-right">
          {remaining >= 0 ? <Money cents={remaining} /> : <span className="font-semibold text-red-700 dark:text-red-400">Insufficient funds</span>}
        </dd>
      </dl>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Listing a product costs 4% of its price times its quantity; an update costs 4% of any growth of price times the units you own.
      </p>
    </div>
  );
}

/** The confirming form, posting to /profile/role. */
function RoleChangeFields({ role, balanceCents, pending }: RoleChangeProps & { pending: boolean }) {
  const upgrading = role !== 'ADMIN';
  const short = upgrading && balanceCents < ADMIN_UPGRADE_FEE_CENTS;
  return (
    <>
      <input type="hidden" name="intent" value={upgrading ? 'upgrade' : 'step-down'} />
      <button
        type="submit"
        disabled={pending || short}
        className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {pending ? (
          'Changing your role…'
        ) : upgrading ? (
          <>
            Pay <Money cents={ADMIN_UPGRADE_FEE_CENTS} /> and become an ADMIN
          </>
        ) : (
          'Step down to NADMIN'
        )}
      </button>
    </>
  );
}

export function RoleChangeForm(props: RoleChangeProps) {
  const navigation = useNavigation();
  const pending = navigation.state === 'submitting' && navigation.formAction === '/profile/role';
  return (
    <Form method="post" action="/profile/role" className="flex flex-col gap-3 sm:flex-row sm:items-center">
      <RoleChangeFields {...props} pending={pending} />
      <PlainLink to="/profile" className="rounded-md border border-zinc-300 px-4 py-2 text-center font-medium dark:border-zinc-700">
        Cancel
      </PlainLink>
    </Form>
  );
}

/**
 * The profile's role button: a link to the confirmation page, which with JavaScript opens the same
 * confirmation in a dialog instead.
 */
export function RoleChangeButton(props: RoleChangeProps) {
  const fetcher = useFetcher<RoleChangeRefusal>();
  const answer = fetcher.state === 'idle' ? fetcher.data : undefined;
  const dialog = useErrorFocus<HTMLDialogElement>(answer);
  const title = roleChangeTitle(props.role);
  const error = answer && 'error' in answer ? answer.error : null;
  // A successful change redirects and the role changes: the dialog has done its job.
  useEffect(() => dialog.current?.close(), [dialog, props.role]);
  return (
    <>
      <PlainLink
        to="/profile/role"
        onClick={(event) => {
          if (!dialog.current?.showModal) return;
          event.preventDefault();
          dialog.current.showModal();
        }}
        className="inline-block rounded-md bg-zinc-900 px-4 py-2 text-sm font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900"
      >
        {title}
      </PlainLink>
      <dialog
        ref={dialog}
        aria-labelledby="role-dialog-title"
        className="m-auto w-[calc(100%-2rem)] max-w-lg rounded-lg border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id="role-dialog-title" className="mb-4 text-xl font-bold">
          {title}
        </h2>
        <RoleChangeSummary {...props} />
        <FormError message={error} className="mt-4" />
        <fetcher.Form method="post" action="/profile/role" className="mt-6 flex flex-col gap-3 sm:flex-row sm:items-center">
          <RoleChangeFields {...props} pending={fetcher.state !== 'idle'} />
          <button
            type="button"
            onClick={() => dialog.current?.close()}
            className="rounded-md border border-zinc-300 px-4 py-2 font-medium dark:border-zinc-700"
          >
            Cancel
          </button>
        </fetcher.Form>
      </dialog>
    </>
  );
}
