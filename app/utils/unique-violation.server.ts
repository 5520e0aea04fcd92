import { Prisma } from '~/generated/prisma/client';

/**
 * For a unique violation (P2002, or P2010 when a raw query hit it), the names of the index and
 * columns it hit, as one string to search (the driver adapter reports them in its own field, the
 * classic engine in `target`); null for any other error.
 */
export function uniqueViolationTarget(error: unknown): string | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const meta = error.meta as
    { target?: unknown; driverAdapterError?: { cause?: { kind?: unknown; constraint?: { index?: unknown; fields?: unknown } } } } | undefined;
  const cause = meta?.driverAdapterError?.cause;
  if (error.code !== 'P2002' && !(error.code === 'P2010' && cause?.kind === 'UniqueConstraintViolation')) return null;
  const constraint = cause?.constraint;
  return [constraint?.index, constraint?.fields, meta?.target].flat().map(String).join(' ');
}
