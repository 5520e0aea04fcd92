// A labelled text input of a plain form, with its hint and its error message wired for screen readers.
import { FieldError } from './form-errors.tsx';
import { invalidProps } from '~/utils/form-errors.ts';

const INPUT = 'mt-1 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 aria-invalid:border-red-600 dark:border-zinc-700';

type Props = {
  label: string;
  name: string;
  /** Unique on the page; the name unless the page holds another field of that name. */
  id?: string;
  error?: string;
  focus: boolean;
  hint?: string;
  /** The hint under the input instead of over it, and gone while an error stands in its place. */
  hintBelow?: boolean;
  /** The input's width and dark background, which depend on what it sits on (the page by default). */
  inputClassName?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'className' | 'id' | 'name'>;

export function TextField({ label, name, id = name, error, focus, hint, hintBelow = false, inputClassName = 'dark:bg-zinc-900', ...input }: Props) {
  const hintId = hint && !(hintBelow && error) ? `${id}-hint` : undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {hintId && !hintBelow ? (
        <p id={hintId} className="text-sm text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} {...invalidProps({ id, error, focus, hintId })} className={`${INPUT} ${inputClassName}`} {...input} />
      {hintId && hintBelow ? (
        <p id={hintId} className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      <FieldError id={id} message={error} />
    </div>
  );
}
