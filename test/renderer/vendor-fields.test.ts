import { describe, expect, it } from 'vitest';
import { installationIdOf, keyIdOfFileName } from '../../renderer/src/jwt/vendor-fields.js';

describe('installationIdOf', () => {
  it('keeps the number of a pasted installation settings URL, a user’s or an organization’s', () => {
    expect(installationIdOf('https://github.com/settings/installations/12345678')).toBe('12345678');
    expect(installationIdOf('https://github.com/organizations/acme-inc/settings/installations/87654321/')).toBe('87654321');
    expect(installationIdOf('  github.com/settings/installations/42?tab=permissions ')).toBe('42');
  });

  it('leaves anything else as typed', () => {
    for (const text of ['12345678', 'https://github.com/settings/apps/42', 'https://evil.example/github.com/settings/installations/42', '']) expect(installationIdOf(text)).toBe(text);
  });
});

describe('keyIdOfFileName', () => {
  it('reads the Key ID Apple puts in the name of the .p8 it issues', () => {
    expect(keyIdOfFileName('AuthKey_2X9R4HXF34.p8')).toBe('2X9R4HXF34');
  });

  it('reads nothing from another name', () => {
    for (const name of ['key.p8', 'AuthKey_2X9R4HXF34.pem', 'AuthKey_.p8', 'AuthKey_2X9R4HXF34 (1).p8']) expect(keyIdOfFileName(name)).toBeUndefined();
  });
});
