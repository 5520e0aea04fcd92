// Credentials of the demo sign-in (ADR 013). An account is found by its email and password together:
// the scrypt key of the password, salted by the email, is stored and looked up as is. So signing in
// costs one hash whatever the email, and an email is no secret to guess: anyone may sign up with
// any address, and only the same address with the same password reaches the same account.
import { createHash, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function scrypt(password: string, salt: Buffer, { N, r, p }: typeof PARAMS): Promise<Buffer> {
  // maxmem must exceed 128 * N * r (32 MiB here); the work runs on libuv's thread pool, not the event loop.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * The salt of every password used with `email`: derived, not random, so that the key can be looked
 * up. It still differs per address (and from any other site's), so one precomputed table does not
 * serve two addresses.
 */
function saltFor(email: string): Buffer {
  return createHash('sha256')
    .update(`reen demo sign-in\0${email.normalize('NFC').toLowerCase()}`)
    .digest()
    .subarray(0, SALT_BYTES);
}

/**
 * The stored credential of `email` with `password` (`scrypt$N$r$p$salt$key`): the same inputs give
 * the same string, so it is both what an account keeps and what a sign-in looks for.
 */
export async function credentialKey(email: string, password: string): Promise<string> {
  const salt = saltFor(email);
  const key = await scrypt(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}
