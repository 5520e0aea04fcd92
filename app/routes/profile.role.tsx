// /profile/role: confirm becoming an ADMIN (for the fee) or stepping down to NADMIN (free). The
// page is the confirmation step without JavaScript; the profile's dialog posts here too.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { FormError } from '~/components/form-errors.tsx';
import { useErrorFocus } from '~/hooks/use-error-focus.ts';
import { RoleChangeForm, RoleChangeSummary, roleChangeTitle } from '~/components/role-change.tsx';
import { InsufficientFundsError } from '~/models/ledger.server.ts';
import { stepDownToNadmin, upgradeToAdmin } from '~/models/role.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { ADMIN_UPGRADE_FEE_CENTS, formatMoney } from '~/utils/money.ts';
import { answerRefusal } from '~/utils/refusals.server.ts';
import { RoleForm } from '~/forms/profile-role.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${roleChangeTitle(data?.role ?? 'NADMIN')} | REEN` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { role: user.role, balanceCents: user.balanceCents };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = RoleForm.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data({ error: parsed.error.issues[0]!.message }, { status: 400 });
  try {
    if (parsed.data.intent === 'upgrade') {
      await upgradeToAdmin(user.id);
      return redirectWithFlash('/profile', {
        kind: 'success',
        message: `Your role has been updated successfully: you are now an ADMIN, for ${formatMoney(ADMIN_UPGRADE_FEE_CENTS)}.`,
      });
    }
    await stepDownToNadmin(user.id);
    return redirectWithFlash('/profile', { kind: 'success', message: 'Your role has been updated successfully: you are now a NADMIN.' });
  } catch (error) {
    if (error instanceof InsufficientFundsError) {
      const message = `Your balance is too low to become an ADMIN: it takes ${formatMoney(ADMIN_UPGRADE_FEE_CENTS)}. Nothing was charged.`;
      return data({ error: message }, { status: 400 });
    }
    return answerRefusal(error, ({ message, status }) => data({ error: message }, { status }));
  }
}

export default function RoleChange() {
  const props = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const page = useErrorFocus<HTMLElement>(actionData);
  return (
    <section ref={page} aria-labelledby="role-heading" className="mx-auto max-w-md space-y-6 py-4">
      <h1 id="role-heading" className="text-3xl font-bold">
        {roleChangeTitle(props.role)}
      </h1>
      <FormError message={actionData?.error} focus={Boolean(actionData?.error)} />
      <RoleChangeSummary {...props} />
      <RoleChangeForm {...props} />
    </section>
  );
}
