import { CrownIcon } from './icons.tsx';

/** ADMIN in a gold gradient with a crown; anyone else plainly. */
export function RoleBadge({ role }: { role: string }) {
  if (role === 'ADMIN') {
    return (
      <span
        className="inline-flex items-center gap-1 rounded-full bg-gradient-to-r from-orange-500 to-yellow-400 px-2.5 py-0.5 text-xs font-bold text-amber-950"
        data-testid="role-badge"
      >
        <CrownIcon />
        ADMIN
      </span>
    );
  }
  return (
    <span
      className="inline-flex items-center rounded-full bg-zinc-200 px-2.5 py-0.5 text-xs font-bold text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
      data-testid="role-badge"
    >
      {role}
    </span>
  );
}
