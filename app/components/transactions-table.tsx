import type { LedgerKind } from '~/generated/prisma/enums';
import type { Transaction } from '~/models/profile.server.ts';
import { orderNumber } from '~/utils/order-number.ts';
import { NoResultsRow } from './list-controls.tsx';
import { Money } from './money.tsx';
import { PlainLink } from './plain-link.tsx';

/** A ledger entry as the table shows it: its date already written in the viewer's time zone. */
export type TransactionRow = Omit<Transaction, 'createdAt'> & { date: string };

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
function describeTransaction(row: Pick<TransactionRow, 'kind' | 'productName' | 'memo' | 'checkoutStatus'>) {
  const label = row.kind === 'HOLD' && row.checkoutStatus === 'PENDING' ? 'Payment held for checkout in progress' : LABELS[row.kind];
  const detail = row.productName ?? (row.kind === 'LISTING_FEE' || row.kind === 'SALE' ? row.memo : null);
  return detail ? `${label}: ${detail}` : label;
}

/**
 * The ledger keeps a paid checkout's money as a HOLD passed on to the sellers; for the buyer that
 * hold was a purchase, named and linked as /orders does. A released hold keeps its label, since
 * its release is listed beside it.
 */
function TransactionDescription({ row }: { row: TransactionRow }) {
  if (row.kind !== 'HOLD' || row.checkoutStatus !== 'COMPLETED' || !row.orderId) return <>{describeTransaction(row)}</>;
  return (
    <>
      Purchase: order{' '}
      <PlainLink to={`/orders/${row.orderId}`} title={row.orderId} className="font-mono text-brand-700 hover:underline dark:text-brand-500">
        {orderNumber(row.orderId)}
      </PlainLink>
    </>
  );
}

export function TransactionsTable({ rows }: { rows: TransactionRow[] }) {
  return (
    <div className="stacked-table overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
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
                <td className="whitespace-nowrap px-3 py-2 text-zinc-600 dark:text-zinc-400" data-label="Date">
                  {row.date}
                </td>
                <td className="min-w-40 px-3 py-2 wrap-anywhere">
                  <TransactionDescription row={row} />
                </td>
                <td
                  data-label="Amount"
                  className={`whitespace-nowrap px-3 py-2 text-right font-medium ${row.signedCents < 0 ? 'text-red-700 dark:text-red-400' : 'text-green-700 dark:text-green-400'}`}
                >
                  <Money cents={row.signedCents} signed />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
