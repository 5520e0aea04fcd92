import { describe, expect, it } from 'vitest';
import { credentialKey } from './password.server.ts';

describe('credential keys', () => {
  it('are a scrypt key with its parameters, the same for the same email and password', async () => {
    const key = await credentialKey('ada@example.test', 'correct horse battery');
    expect(key).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(key).not.toContain('correct horse battery');
    await expect(credentialKey('ada@example.test', 'correct horse battery')).resolves.toBe(key);
    await expect(credentialKey('ADA@example.test', 'correct horse battery')).resolves.toBe(key);
  });

  it('differ with the password and with the email: the salt is the address', async () => {
    const key = await credentialKey('ada@example.test', 'correct horse battery');
    await expect(credentialKey('ada@example.test', 'correct horse batterY')).resolves.not.toBe(key);
    const other = await credentialKey('grace@example.test', 'correct horse battery');
    expect(other).not.toBe(key);
    expect(other.split('$')[4]).not.toBe(key.split('$')[4]);
  });

  it('compare in Unicode normal form: a composed and a decomposed é are the same password', async () => {
    await expect(credentialKey('ada@example.test', 'cafe\u0301 au lait')).resolves.toBe(await credentialKey('ada@example.test', 'caf\u00e9 au lait'));
  });
});
