import { z } from 'zod';

const Uuid = z.uuid();

/** Whether the value is a UUID, as every id here is. */
export function isUuid(value: unknown): value is string {
  return Uuid.safeParse(value).success;
}

/** The value if it is a UUID, else null: a malformed id in a URL finds nothing instead of failing the query. */
export function uuidOrNull(value: string | null | undefined): string | null {
  return isUuid(value) ? value : null;
}

/**
 * The id, checked: a missing or malformed one stops here. Prisma reads `{ id: undefined }` as no
 * filter at all, so an unchecked id could widen a statement to every row.
 */
export function requireUuid(value: unknown, what: string): string {
  if (!isUuid(value)) throw new TypeError(`not ${what}: ${String(value)}`);
  return value;
}
