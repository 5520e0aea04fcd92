// GET /users/:id: another person's profile. Your own id leads to /profile, the system's anonymous
// owner of deleted products to /users.
import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ProfileStats } from '~/components/profile-stats.tsx';
import { RoleBadge } from '~/components/role-badge.tsx';
import { getProfile } from '~/models/profile.server.ts';
import { ANONYMOUS_USER_ID } from '~/models/system-accounts.ts';
import { requireUser } from '~/models/auth.server.ts';
import { notFound } from '~/utils/refusals.server.ts';
import { UserText } from '~/components/user-text.tsx';
import { uuidOrNull } from '~/utils/ids.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `${data.profile.name}'s Profile` : 'Profile'} | REEN` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  if (params.id === viewer.id) throw redirect('/profile');
  if (params.id === ANONYMOUS_USER_ID) throw redirect('/users');
  const id = uuidOrNull(params.id);
  const profile = id ? await getProfile(id) : null;
  if (!profile) notFound();
  return { profile };
}

export default function UserProfile() {
  const { profile } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl space-y-8">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="min-w-0 text-3xl font-bold wrap-anywhere">
          <UserText>{profile.name}</UserText>'s Profile
        </h1>
        <RoleBadge role={profile.role} />
      </header>
      <ProfileStats
        figures={profile}
        whose={
          <>
            <UserText>{profile.name}</UserText>'s
          </>
        }
        productsHref={`/products?seller=${profile.id}`}
      />
    </div>
  );
}
