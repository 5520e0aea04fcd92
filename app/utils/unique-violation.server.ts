import { Prisma } from '~/generated/prisma/client';

/**
 * For a unique violation (P2002), the names of the index and columns it hit, as one string to
 * search (the driver adapter reports them in its own field, the classic engine in `target`);
 * null for any other error.
 */
export function uniqueViolationTarget(error: unknown): string | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return null;
  const meta = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { index?: unknown; fields?: unknown } } } } | undefined;
  const constraint = meta?.driverAdapterError?.cause?.constraint;
  return [constraint?.index, constraint?.fields, meta?.target].flat().map(String).join(' ');
}
