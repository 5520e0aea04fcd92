// Building blocks of the list pages (/products, /users): every control is a link or a GET form
// over the URL, so each state has an address and works without JavaScript. With JavaScript the
// same forms submit themselves (the search box after a pause) as client-side navigations.
import { Form, useLocation, useSubmit } from '@remix-run/react';
import { useEffect, useRef, type ReactNode } from 'react';
import { useHydrated } from '~/hooks/use-hydrated.ts';
import type { SortOrder } from '~/utils/list-params.ts';
import { PlainLink } from './plain-link.tsx';

/** The current URL with some parameters set (or removed with null); a new list state starts at page 1. */
function useHrefWith() {
  const { pathname, search } = useLocation();
  return (changes: Record<string, string | null>) => {
    const params = new URLSearchParams(search);
    params.delete('page');
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) params.delete(key);
      else params.set(key, value);
    }
    const query = params.toString();
    return query ? `${pathname}?${query}` : pathname;
  };
}

/** Hidden inputs carrying the URL's other parameters through a GET form that controls `except`. */
export function HiddenParams({ except }: { except: string[] }) {
  const { search } = useLocation();
  const skipped = new Set([...except, 'page']);
  return (
    <>
      {[...new URLSearchParams(search)]
        .filter(([key]) => !skipped.has(key))
        .map(([key, value], index) => (
          <input key={`${key}-${index}`} type="hidden" name={key} value={value} />
        ))}
    </>
  );
}

/** A GET form over the current page whose controls submit it on change once JavaScript runs. */
export function ListForm({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  const { pathname, search } = useLocation();
  const submit = useSubmit();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  // The query the search box's pause sent last, until the page shows it (then `search` says it).
  const sentByPause = useRef<string | null>(null);
  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    sentByPause.current = null;
  }, [search]);
  return (
    <Form
      method="get"
      action={pathname}
      aria-label={label}
      className={className}
      // Enter or Apply submits now: the search box's pending submit would only load the page again.
      // When the pause has just sent this very query, or the page shows it, there is nothing to load.
      onSubmit={(event) => {
        clearTimeout(timer.current);
        const query = queryOf(event.currentTarget);
        if (query === sentByPause.current || query === new URLSearchParams(search).toString()) event.preventDefault();
      }}
      onChange={(event) => {
        const form = event.currentTarget;
        const isTyping = event.target instanceof HTMLInputElement && event.target.type === 'search';
        clearTimeout(timer.current);
        // Typing waits for a pause; each keystroke replaces the history entry instead of adding one.
        if (isTyping) {
          timer.current = setTimeout(() => {
            sentByPause.current = queryOf(form);
            submit(form, { replace: true });
          }, 300);
        } else submit(form);
      }}
    >
      {children}
    </Form>
  );
}

/** A GET form's fields as the query string its submission asks for. */
function queryOf(form: HTMLFormElement): string {
  return new URLSearchParams(new FormData(form) as unknown as Record<string, string>).toString();
}

/** The search box of a ListForm; follows the URL when it changes from elsewhere (Reset, Back). */
export function SearchBox({ value, label, placeholder }: { value: string; label: string; placeholder: string }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (input.current && document.activeElement !== input.current) input.current.value = value;
  }, [value]);
  return (
    <label className="grid gap-1 text-sm">
      <span className="sr-only">{label}</span>
      <input
        ref={input}
        type="search"
        name="q"
        defaultValue={value}
        placeholder={placeholder}
        maxLength={100}
        className="w-64 max-w-full rounded-md border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
      />
    </label>
  );
}

const ORDER_OPTIONS = [
  { value: 'asc', label: 'Ascending' },
  { value: 'desc', label: 'Descending' },
];

/** The "Order" select (ascending or descending) that goes with every "Sort by". */
export function OrderField({ value }: { value: string }) {
  return <SelectField label="Order" name="order" value={value} options={ORDER_OPTIONS} />;
}

export function SelectField({ label, name, value, options }: { label: string; name: string; value: string; options: { value: string; label: string }[] }) {
  const select = useRef<HTMLSelectElement>(null);
  // Follows the URL (Reset, Back) without remounting, so that keyboard focus stays put.
  useEffect(() => {
    if (select.current) select.current.value = value;
  }, [value]);
  return (
    <label className="grid gap-1 text-sm">
      <span className="font-medium">{label}</span>
      <select
        ref={select}
        name={name}
        defaultValue={value}
        className="rounded-md border border-zinc-300 bg-white px-2 py-2 dark:border-zinc-700 dark:bg-zinc-900"
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A checkbox of a ListForm (a facet), following the URL like the other controls. */
export function FilterCheckbox({ name, value, checked, children }: { name: string; value: string; checked: boolean; children: ReactNode }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (input.current) input.current.checked = checked;
  }, [checked]);
  return (
    <label className="flex items-center gap-1.5">
      <input ref={input} type="checkbox" name={name} value={value} defaultChecked={checked} />
      {children}
    </label>
  );
}

/**
 * Submits a ListForm without JavaScript; with it the controls submit themselves, and the button
 * shows only while it has the keyboard focus.
 */
export function ApplyButton() {
  const hydrated = useHydrated();
  return (
    <button
      type="submit"
      // Hidden unless focused (not-focus:), so that once shown it keeps its own padding and place.
      className={`rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white dark:bg-zinc-100 dark:text-zinc-900 ${hydrated ? 'not-focus:sr-only' : ''}`}
    >
      Apply
    </button>
  );
}

export function ResetLink({ to }: { to: string }) {
  return (
    <PlainLink
      to={to}
      className="rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      Reset
    </PlainLink>
  );
}

/**
 * A sortable column header: a link that sorts by this column, ascending first, and flips the order
 * when the list is already sorted by it.
 */
export function SortHeader({
  column,
  label,
  sort,
  order,
  className = '',
}: {
  column: string;
  label: string;
  sort: string;
  order: SortOrder;
  className?: string;
}) {
  const hrefWith = useHrefWith();
  const active = sort === column;
  const next: SortOrder = active && order === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined} className={`px-3 py-2 font-medium ${className}`}>
      <PlainLink
        to={hrefWith({ sort: column, order: next })}
        className="inline-flex items-center gap-1 hover:underline"
        title={`Sort by ${label.toLowerCase()}, ${next === 'asc' ? 'ascending' : 'descending'}`}
      >
        {label}
        <span aria-hidden="true" className="text-xs text-zinc-500 dark:text-zinc-400">
          {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </PlainLink>
    </th>
  );
}

/** An empty-state row spanning the table. */
export function NoResultsRow({ columns }: { columns: number }) {
  return (
    <tr>
      <td colSpan={columns} className="px-3 py-10 text-center text-zinc-500 dark:text-zinc-400">
        No results.
      </td>
    </tr>
  );
}
