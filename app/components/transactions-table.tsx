import type { LedgerKind } from '~/generated/prisma/enums';
import { formatMoney } from '~/utils/money.ts';
import { NoResultsRow } from './list-controls.tsx';

export type TransactionRow = { id: string; date: string; kind: LedgerKind; signedCents: number; productName: string | null; memo: string | null };

const LABELS: Record<LedgerKind, string> = {
  GRANT: 'Starting balance',
  UPGRADE_FEE: 'Upgrade to ADMIN',
  LISTING_FEE: 'Listing fee',
  HOLD: 'Payment held for checkout',
  RELEASE: 'Held payment released',
  SALE: 'Sale',
  ACCOUNT_CLOSURE: 'Account closed: balance to the platform',
};

/** What a ledger entry was, for a person: its kind, and which product when it names one. */
export function describeTransaction(row: Pick<TransactionRow, 'kind' | 'productName' | 'memo'>) {
  const label = LABELS[row.kind];
  const detail = row.productName ?? (row.kind === 'LISTING_FEE' || row.kind === 'SALE' ? row.memo : null);
  return detail ? `${label}: ${detail}` : label;
}

export function TransactionsTable({ rows }: { rows: TransactionRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Date
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Description
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Amount
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.length === 0 ? (
            <NoResultsRow columns={3} />
          ) : (
            rows.map((row) => (
              <tr key={row.id} data-testid="transaction-row">
                <td className="whitespace-nowrap px-3 py-2 text-zinc-600 dark:text-zinc-400">{row.date}</td>
                <td className="px-3 py-2">{describeTransaction(row)}</td>
                <td className={`whitespace-nowrap px-3 py-2 text-right font-medium tabular-nums ${row.signedCents < 0 ? 'text-red-700 dark:text-red-400' : 'text-green-700 dark:text-green-400'}`}>
                  {row.signedCents < 0 ? formatMoney(row.signedCents) : `+${formatMoney(row.signedCents)}`}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
