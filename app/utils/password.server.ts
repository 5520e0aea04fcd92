// Passwords of the demo sign-in, hashed with scrypt (memory-hard, in Node's crypto): a stolen
// table costs an attacker 32 MiB and tens of milliseconds per guess. The parameters are stored
// with each hash, so they can be raised later without breaking older hashes.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;

function scrypt(password: string, salt: Buffer, { N, r, p }: typeof PARAMS): Promise<Buffer> {
  // maxmem must exceed 128 * N * r (32 MiB here); the work runs on libuv's thread pool, not the event loop.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

// Checked against when the account is unknown or has no password, so that such an answer takes as
// long as a wrong password does and timing does not tell which emails have accounts.
let dummyHash: Promise<string> | undefined;

/** Whether `password` matches `stored`; with no stored hash, does the same work and says false. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = parse(stored ?? (await (dummyHash ??= hashPassword(randomBytes(16).toString('hex')))));
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.params);
  return stored !== null && key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

function parse(stored: string) {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return null;
  const params = { N: Number(N), r: Number(r), p: Number(p) };
  if (!Object.values(params).every((value) => Number.isSafeInteger(value) && value > 0)) return null;
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}
