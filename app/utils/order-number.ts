/** How pages and emails name an order: the start of its id (its page shows the whole id). */
export function orderNumber(orderId: string): string {
  return orderId.slice(0, 8);
}
