import { stockAlert } from '~/models/stock.ts';

/** "Sold out" or "Only N left" as a pill, or nothing when there is plenty. */
export function StockLabel({ stock, className = '' }: { stock: number; className?: string }) {
  const alert = stockAlert(stock);
  if (!alert) return null;
  const tone =
    alert.level === 'sold-out' ? 'bg-zinc-200 text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100' : 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200';
  return (
    <span data-testid="stock-label" className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ${tone} ${className}`}>
      {alert.text}
    </span>
  );
}
