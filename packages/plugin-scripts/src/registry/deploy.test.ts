import type { RegistryVersion } from '@switchboard/contact-center';
import { previousOf } from './deploy';

describe('previousOf (deploy compares with it)', () => {
  const v = (version: string, createdAt: number) => ({ version, createdAt }) as RegistryVersion;
  it('is the highest version below the new one, else the newest deployed', () => {
    const versions = [v('1.0.0', 1), v('1.1.0', 2), v('0.9.0', 3)];
    expect(previousOf(versions, '1.0.1')?.version).toBe('1.0.0');
    expect(previousOf(versions, '2.0.0')?.version).toBe('1.1.0');
    expect(previousOf(versions, '0.1.0')?.version).toBe('0.9.0');
    expect(previousOf([], '1.0.0')).toBeUndefined();
  });
});
