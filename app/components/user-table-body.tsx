import { KeptTableBody } from './kept-markup.tsx';
import { Money } from './money.tsx';
import { PlainLink } from './plain-link.tsx';
import { RoleBadge } from './role-badge.tsx';
import { UserText } from './user-text.tsx';

export type UserRow = { id: string; name: string; role: string; balanceCents: number; joined: string };

/** The people list's rows, rendered once per their data on the server (ADR 027). */
export function UserTableBody({ rows }: { rows: UserRow[] }) {
  return (
    <KeptTableBody
      part="user-rows"
      rows={rows}
      renderRow={(user) => <UserTableRow user={user} />}
      columns={5}
      className="divide-y divide-zinc-100 dark:divide-zinc-800"
    />
  );
}

/** Kept as markup by its data: nothing here may read a hook or a context. */
function UserTableRow({ user }: { user: UserRow }) {
  return (
    <tr data-testid="user-row">
      <td className="min-w-40 px-3 py-2 wrap-anywhere">
        <PlainLink to={`/users/${user.id}`} className="font-medium hover:underline">
          <UserText>{user.name}</UserText>
        </PlainLink>
      </td>
      <td className="px-3 py-2" data-label="Role">
        <RoleBadge role={user.role} />
      </td>
      <td className="px-3 py-2 text-right" data-label="Balance">
        <Money cents={user.balanceCents} />
      </td>
      <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400" data-label="Date Joined">
        {user.joined}
      </td>
      <td className="px-3 py-2 text-right">
        <PlainLink to={`/users/${user.id}`} className="text-brand-700 hover:underline dark:text-brand-500">
          View profile
          <span className="sr-only">
            {' '}
            of <UserText>{user.name}</UserText>
          </span>
        </PlainLink>
      </td>
    </tr>
  );
}
