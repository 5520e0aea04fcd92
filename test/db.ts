// Helpers for tests that use the shared test database.
import { randomUUID } from 'node:crypto';
import { createUser } from '~/models/user.server.ts';

/** A fresh person with the starting grant; unique email per call. */
export async function createTestUser(overrides: { name?: string; role?: 'NADMIN' | 'ADMIN' } = {}) {
  const tag = randomUUID().slice(0, 8);
  const { id } = await createUser({ name: overrides.name ?? `Test ${tag}`, email: `test-${tag}@example.test`, role: overrides.role });
  return id;
}
