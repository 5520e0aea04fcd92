import { useLocation } from '@remix-run/react';
import { PER_PAGE_OPTIONS } from '~/utils/list-params.ts';
import { ApplyButton, HiddenParams, ListForm, SelectField } from './list-controls.tsx';
import { PlainLink } from './plain-link.tsx';

/** "Page X of Y", first/previous/next/last links and the rows-per-page choice, all over the URL. */
export function Pagination({ page, pageCount, perPage, total }: { page: number; pageCount: number; perPage: number; total: number }) {
  const { pathname, search } = useLocation();
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(search);
    params.set('page', String(target));
    return `${pathname}?${params}`;
  };
  const links = [
    { label: 'First page', symbol: '«', target: 1, enabled: page > 1 },
    { label: 'Previous page', symbol: '‹', target: page - 1, enabled: page > 1 },
    { label: 'Next page', symbol: '›', target: page + 1, enabled: page < pageCount },
    { label: 'Last page', symbol: '»', target: pageCount, enabled: page < pageCount },
  ];
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-end justify-between gap-4 text-sm">
      <p className="text-zinc-600 dark:text-zinc-400">{`${total} ${total === 1 ? 'result' : 'results'}`}</p>
      <div className="flex flex-wrap items-end gap-4">
        <ListForm label="Page size" className="flex items-end gap-2">
          <HiddenParams except={['perPage']} />
          <SelectField
            label="Rows per page"
            name="perPage"
            value={String(perPage)}
            options={PER_PAGE_OPTIONS.map((n) => ({ value: String(n), label: String(n) }))}
          />
          <ApplyButton />
        </ListForm>
        <p className="py-2 font-medium" data-testid="page-status">
          {`Page ${page} of ${pageCount}`}
        </p>
        <ul className="flex gap-1">
          {links.map((link) => (
            <li key={link.label}>
              {link.enabled ? (
                <PlainLink
                  to={hrefFor(link.target)}
                  title={link.label}
                  className="grid h-9 w-9 place-items-center rounded-md border border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
                >
                  <PageSymbol {...link} />
                </PlainLink>
              ) : (
                <span className="grid h-9 w-9 place-items-center rounded-md border border-zinc-200 text-zinc-300 dark:border-zinc-800 dark:text-zinc-600">
                  <PageSymbol {...link} />
                </span>
              )}
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}

function PageSymbol({ label, symbol }: { label: string; symbol: string }) {
  return (
    <>
      <span aria-hidden="true">{symbol}</span>
      <span className="sr-only">{label}</span>
    </>
  );
}
