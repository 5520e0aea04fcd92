// What the return and cancel pages tell a buyer about a checkout that was paid after it had closed
// (expired or cancelled first): its payment is refunded, or is being refunded.

/** The sentence for such a checkout; null for a checkout in any other state. */
export function paidAfterClosingMessage(status: string): string | null {
  if (status === 'REFUNDED') return 'We could not complete it, so your payment was refunded in full and your balance is as it was.';
  if (status === 'REFUND_FAILED')
    return 'It was paid after it had closed, and its refund has not gone through yet. Our team has been alerted and will refund it in full.';
  return null;
}
