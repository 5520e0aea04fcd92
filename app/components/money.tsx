import { formatMoney } from '~/utils/money.ts';

/**
 * A money figure as the pages show it: `$1,234.56`, never broken across lines, and marked
 * `data-money` so that the layout check (e2e/responsive.spec.ts) can prove it stays on screen.
 * `signed` writes a gain as `+$1.00`.
 */
export function Money({ cents, signed = false, className = '', testId }: { cents: number; signed?: boolean; className?: string; testId?: string }) {
  const text = formatMoney(cents);
  return (
    <span data-money="" data-testid={testId} className={`whitespace-nowrap tabular-nums ${className}`}>
      {signed && cents >= 0 ? `+${text}` : text}
    </span>
  );
}
