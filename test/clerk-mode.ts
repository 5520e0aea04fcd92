// Clerk mode for a vitest file: made-up keys in this file's own environment, and Clerk's Backend API
// played by msw. (test/clerk.ts stays free of vitest: Playwright shares it.)
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { clerkEnv, generateClerkTestKeys } from './clerk.ts';
import { failOnUnmockedOutsideRequests } from './http.ts';
import { createClerkMock } from './mocks/clerk.ts';

/** Puts Clerk keys of their own in the environment before the other hooks run; call it first. */
export function useClerkKeys() {
  const keys = generateClerkTestKeys();
  beforeAll(() => {
    // env() is parsed once per copy of the modules, and each test file loads its own (test/fresh-modules.ts).
    Object.assign(process.env, clerkEnv(keys));
  });
  return keys;
}

/**
 * Clerk keys as useClerkKeys() sets them, and Clerk's Backend API mocked for the file's tests:
 * `clerk` holds its users and records the requests. Any other outside request fails the test.
 */
export function useClerkBackend() {
  const keys = useClerkKeys();
  const clerk = createClerkMock();
  const mockServer = setupServer(...clerk.handlers);
  beforeAll(() => {
    mockServer.listen({ onUnhandledFrame: failOnUnmockedOutsideRequests });
  });
  afterAll(() => {
    mockServer.close();
  });
  return { keys, clerk };
}
