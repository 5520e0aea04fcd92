import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.server.ts';

describe('passwords', () => {
  it('are stored as a salted scrypt hash with its parameters, and verified against it', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await hashPassword('correct horse battery')).not.toBe(hash); // a salt of its own
    await expect(verifyPassword('correct horse battery', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('compare in Unicode normal form: a composed and a decomposed é are the same password', async () => {
    const hash = await hashPassword('caf\u00e9 au lait');
    await expect(verifyPassword('cafe\u0301 au lait', hash)).resolves.toBe(true);
  });

  it('never match without a stored hash, or with a malformed one', async () => {
    await expect(verifyPassword('anything', null)).resolves.toBe(false);
    await expect(verifyPassword('anything', 'plain text')).resolves.toBe(false);
    await expect(verifyPassword('anything', 'scrypt$0$8$1$c2FsdA$a2V5')).resolves.toBe(false);
  });
});
