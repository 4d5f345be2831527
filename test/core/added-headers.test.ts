// What the console's Headers tab lists before sending: Authorization by its word only — a
// signed-JWT profile's own word where it has one — and the Content-Type rule.
import { describe, expect, it } from 'vitest';
import { addedHeaders } from '../../main/core/console/added-headers.js';

describe('addedHeaders', () => {
  it('names a signed JWT by its profile\'s word, and every other scheme by its own', () => {
    const none = { kind: 'none' } as const;
    expect(addedHeaders('jwt', 'jwt', [], none, 'Assertion')[0]).toMatchObject({ name: 'Authorization', shown: 'Assertion …' });
    expect(addedHeaders('jwt', 'jwt', [], none)[0]!.shown).toBe('Bearer …');
    expect(addedHeaders('jwt', 'bearer', [], none, 'Assertion')[0]!.shown).toBe('Bearer …');
    expect(addedHeaders('musicapi', 'devtoken', [], none).map((h) => `${h.name}: ${h.shown}`)).toEqual(['Authorization: DevToken …', 'Content-Type: application/json; charset=utf-8']);
  });
});
