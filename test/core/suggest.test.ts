// "Did you mean": the closest known names by Damerau-Levenshtein distance.
import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean, editDistance } from '../../main/core/suggest.js';

describe('editDistance', () => {
  it('counts a swapped pair of neighbours as one edit, and ignores case', () => {
    expect(editDistance('wbe', 'web')).toBe(1);
    expect(editDistance('tokn', 'token')).toBe(1);
    expect(editDistance('DevToken', 'devtoken')).toBe(0);
    expect(editDistance('musimapp', 'musicapi')).toBe(2);
  });
});

describe('closestNames', () => {
  it('keeps names within two edits (one for three letters or fewer), closest first, at most three', () => {
    expect(closestNames('musimapp', ['musicapi', 'musimap', 'oauth2'])).toEqual(['musimap', 'musicapi']);
    expect(closestNames('tokn', ['tokens', 'token', 'inspect'])).toEqual(['token', 'tokens']);
    expect(closestNames('dve', ['dev', 'development'])).toEqual(['dev']);
    expect(closestNames('ab', ['xy'])).toEqual([]);
    expect(closestNames('', ['a'])).toEqual([]);
  });

  it('offers a name the typed word begins', () => {
    expect(closestNames('produc', ['production', 'staging'])).toEqual(['production']);
  });

  it('never offers the name typed itself', () => {
    expect(closestNames('web', ['web', 'Web'])).toEqual([]);
  });
});

describe('didYouMean', () => {
  it('says one or several names, or nothing', () => {
    expect(didYouMean('stuido', ['studio'])).toBe(' Did you mean "studio"?');
    expect(didYouMean('tokn', ['token', 'tokens'], (n) => `\`${n}\``)).toBe(' Did you mean `token` or `tokens`?');
    expect(didYouMean('zzzz', ['studio'])).toBe('');
  });

  it('matches an alias and names what it stands for', () => {
    expect(didYouMean('dve', ['development'], undefined, (name) => (name === 'development' ? ['dev'] : []))).toBe(' Did you mean "development"?');
  });
});
