/**
 * A JSON value as text that PostgreSQL's jsonb can store: jsonb refuses the NUL character (\u0000),
 * so NULs are dropped from every string. Webhook payloads are stored as received otherwise.
 */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? item.replaceAll('\0', '') : item));
}
