// The two system rows created by the first migration (prisma/migrations/*_init).
import type { Role } from '~/generated/prisma/enums';

/** Receives fees and the balances of closed accounts. */
export const PLATFORM_USER_ID = '00000000-0000-4000-8000-000000000001';
/** Owns deleted products that orders still refer to. */
export const ANONYMOUS_USER_ID = '00000000-0000-4000-8000-000000000002';

/** Roles of people: the only users that sign in, appear in lists and are counted. */
export const PERSON_ROLES: Role[] = ['NADMIN', 'ADMIN'];
