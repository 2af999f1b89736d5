import { hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('hashes with scrypt in a self-describing form, salted, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(a).not.toBe(b); // a fresh salt each time
    await expect(verifyPassword('correct horse battery staple', a)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', a)).resolves.toBe(false);
    await expect(verifyPassword('Correct horse battery staple', b)).resolves.toBe(false);
  });

  it('refuses passwords shorter than 12 or longer than 1024 characters, naming the bounds', async () => {
    await expect(hashPassword('short')).rejects.toMatchObject({
      code: 'CC_BAD_REQUEST',
      message: expect.stringContaining('12 to 1024'),
    });
    await expect(hashPassword('x'.repeat(1025))).rejects.toMatchObject({ code: 'CC_BAD_REQUEST' });
    await expect(hashPassword('x'.repeat(12))).resolves.toMatch(/^scrypt\$/);
  });

  it('treats a missing or malformed stored hash as no match', async () => {
    await expect(verifyPassword('correct horse battery staple', null)).resolves.toBe(false);
    await expect(verifyPassword('correct horse battery staple', 'plain-text')).resolves.toBe(false);
    await expect(verifyPassword('correct horse battery staple', 'scrypt$99999999$8$1$AA==$AA==')).resolves.toBe(false);
  });

  it('verifies hashes made with other parameters (the stored form names them)', async () => {
    const stored = await hashPassword('correct horse battery staple');
    // Same password, same salt, cheaper parameters: a hash made by an older or newer setting.
    const { scryptSync } = await import('node:crypto');
    const salt = stored.split('$')[4]!;
    const key = scryptSync('correct horse battery staple', Buffer.from(salt, 'base64'), 32, { N: 1024, r: 8, p: 1 });
    const other = `scrypt$1024$8$1$${salt}$${key.toString('base64')}`;
    await expect(verifyPassword('correct horse battery staple', other)).resolves.toBe(true);
    await expect(verifyPassword('wrong horse battery staple', other)).resolves.toBe(false);
  });
});
