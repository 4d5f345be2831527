// What main hands to the system browser for a sign-in: a web page only (shell.openExternal would
// also run file:, custom schemes and the like), never a URL carrying credentials.
import { describe, expect, it } from 'vitest';
import { browserUrl } from '../../main/security.js';

describe('browserUrl', () => {
  it('passes an https authorization URL through unchanged', () => {
    const url = 'https://login.example.test/authorize?client_id=deck&state=s1&code_challenge=c2';
    expect(browserUrl(url)).toBe(url);
  });

  it('passes a loopback http issuer (development servers)', () => {
    expect(browserUrl('http://127.0.0.1:4000/auth?x=1')).toBe('http://127.0.0.1:4000/auth?x=1');
  });

  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://share/x', 'tokendeck://open', 'https://user:pass@login.example.test/', 'not a url']) {
    it(`refuses ${url}`, () => {
      expect(() => browserUrl(url)).toThrow(expect.objectContaining({ code: 'EXCHANGE_PROTOCOL' }));
    });
  }
});
