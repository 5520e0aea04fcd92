import { z } from 'zod';

const Uuid = z.uuid();

/** The value if it is a UUID (as every id here is), else null: a malformed id in a URL finds nothing instead of failing the query. */
export function uuidOrNull(value: string | null | undefined): string | null {
  const parsed = Uuid.safeParse(value);
  return parsed.success ? parsed.data : null;
}
