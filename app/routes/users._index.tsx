// GET /users: people (never the system rows), with search by name, a role facet with counts, sort
// and pages, all in the URL. Nothing private is shown: no email, no auth id.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { KeptPart } from '~/components/kept-part.tsx';
import { ApplyButton, FilterCheckbox, HiddenParams, ListForm, OrderField, ResetLink, SearchBox, SelectField, SortHeader } from '~/components/list-controls.tsx';
import { Pagination } from '~/components/pagination.tsx';
import { UserTableBody, type UserRow } from '~/components/user-table-body.tsx';
import { defaultUserOrder, listUsers, parseUserListQuery, type ListedRole, type UserSort } from '~/models/catalog.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { formatHumanDate } from '~/utils/dates.ts';
import { centsToNumber } from '~/utils/money.ts';
import { getTimeZone } from '~/utils/time-zone.server.ts';

export const meta: MetaFunction = () => [{ title: 'Users | REEN' }];

const ROLE_LABELS: Record<ListedRole, string> = { ADMIN: 'Admin', NADMIN: 'Non-Admin' };

const SORT_OPTIONS: { value: UserSort; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'role', label: 'Role' },
  { value: 'balance', label: 'Balance' },
  { value: 'joined', label: 'Date joined' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const query = parseUserListQuery(new URL(request.url).searchParams);
  const { users, roleCounts, ...window } = await listUsers(query);
  const timeZone = getTimeZone(request);
  const rows: UserRow[] = users.map((user) => ({
    id: user.id,
    name: user.name,
    role: user.role,
    balanceCents: centsToNumber(user.balanceCents),
    joined: formatHumanDate(user.createdAt, timeZone),
  }));
  const isFiltered = query.q !== '' || query.roles.length > 0 || query.sort !== 'name' || query.order !== defaultUserOrder(query.sort);
  return { query, rows, roleCounts, isFiltered, ...window };
}

export default function Users() {
  const { query, rows, roleCounts, isFiltered, page, pageCount, perPage, total } = useLoaderData<typeof loader>();
  // Everything inside shows the loader's data and the URL only: kept by them (KeptPart).
  return (
    <KeptPart as="section" part="users-list" aria-labelledby="users-heading" className="space-y-4">
      <h1 id="users-heading" className="text-3xl font-bold">
        Users
      </h1>
      <div className="flex flex-wrap items-end gap-3">
        <ListForm label="Search, filter and sort users" className="flex flex-wrap items-end gap-3">
          <HiddenParams except={['q', 'role', 'sort', 'order']} />
          <SearchBox value={query.q} label="Search users by name" placeholder="Search users..." />
          <fieldset className="flex items-center gap-3 rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
            <legend className="px-1 font-medium">Role</legend>
            {(Object.keys(ROLE_LABELS) as ListedRole[]).map((role) => (
              <FilterCheckbox key={role} name="role" value={role} checked={query.roles.includes(role)}>
                {ROLE_LABELS[role]}
                <span className="rounded-full bg-zinc-100 px-1.5 text-xs tabular-nums dark:bg-zinc-800" data-testid={`facet-${role}`}>
                  {roleCounts[role]}
                </span>
              </FilterCheckbox>
            ))}
          </fieldset>
          <SelectField label="Sort by" name="sort" value={query.sort} options={SORT_OPTIONS} />
          <OrderField value={query.order} />
          <ApplyButton />
        </ListForm>
        {isFiltered ? <ResetLink to="/users" /> : null}
      </div>
      <div className="stacked-table overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-zinc-200 bg-zinc-50 text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
            <tr>
              <SortHeader column="name" label="Name" sort={query.sort} order={query.order} />
              <SortHeader column="role" label="Role" sort={query.sort} order={query.order} />
              <SortHeader column="balance" label="Balance" sort={query.sort} order={query.order} className="text-right" />
              <SortHeader column="joined" label="Date Joined" sort={query.sort} order={query.order} />
              <th scope="col" className="px-3 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <UserTableBody rows={rows} />
        </table>
      </div>
      <Pagination page={page} pageCount={pageCount} perPage={perPage} total={total} />
    </KeptPart>
  );
}
