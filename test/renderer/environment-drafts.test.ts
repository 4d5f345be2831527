// The connection's environments as the organization step edits them (renderer/src/connect/
// environment-drafts.ts): the first environment's URLs fill in the others until one is typed, and
// what is stored overrides only where an environment differs from the first.
import { describe, expect, it } from 'vitest';
import { OrganizationInput } from '../../main/core/model/inputs.js';
import { validate } from '../../renderer/src/components/validation.js';
import { musimap } from '../../main/core/providers/musimap.js';
import { oauth2 } from '../../main/core/providers/oauth2.js';
import {
  clientNameIn,
  defaultEnvironments,
  environmentProblems,
  environmentsInput,
  organizationErrors,
  placeEnvironmentError,
  shownUrl,
  withAdded,
  withName,
  withoutEnvironment,
  withProduction,
  withUrl,
} from '../../renderer/src/connect/environment-drafts.js';

const DEV = 'https://auth.dev.example.com/token';
const STAGING = 'https://auth.staging.example.com/token';
const FIELDS = ['tokenUrl', 'apiBaseUrl'] as const;

describe('environment drafts', () => {
  it('start as development, staging and production, production marked by its name', () => {
    const drafts = defaultEnvironments({ apiBaseUrl: 'https://api.example.com' });
    expect(environmentsInput(drafts, FIELDS)).toEqual({
      apiBaseUrl: 'https://api.example.com',
      environments: [
        { name: 'development', production: false },
        { name: 'staging', production: false },
        { name: 'production', production: true },
      ],
    });
  });

  it("show the first environment's URL in the others until one is typed, and follow it when it changes", () => {
    let drafts = withUrl(defaultEnvironments(), 0, 'tokenUrl', DEV);
    expect(shownUrl(drafts, 2, 'tokenUrl')).toBe(DEV);
    drafts = withUrl(drafts, 1, 'tokenUrl', STAGING);
    drafts = withUrl(drafts, 0, 'tokenUrl', `${DEV}2`);
    expect([0, 1, 2].map((at) => shownUrl(drafts, at, 'tokenUrl'))).toEqual([`${DEV}2`, STAGING, `${DEV}2`]);
  });

  it('store the first environment\'s URLs on the organization and an override only where another differs', () => {
    let drafts = withUrl(withUrl(defaultEnvironments(), 0, 'tokenUrl', DEV), 1, 'tokenUrl', STAGING);
    // Typed, but the same as the first's, and blank (the first's): neither is an override.
    drafts = withUrl(withUrl(drafts, 2, 'tokenUrl', DEV), 2, 'apiBaseUrl', '');
    const input = environmentsInput(drafts, FIELDS);
    expect(input).toEqual({
      tokenUrl: DEV,
      environments: [
        { name: 'development', production: false },
        { name: 'staging', production: false, tokenUrl: STAGING },
        { name: 'production', production: true },
      ],
    });
    expect(OrganizationInput.safeParse({ name: 'tri', provider: 'musimap', ...input }).success).toBe(true);
  });

  it('keep a production mark ticked by hand through a rename', () => {
    let drafts = withName(defaultEnvironments(), 2, 'live');
    expect(environmentsInput(drafts, FIELDS).environments[2]).toEqual({ name: 'live', production: false });
    drafts = withProduction(drafts, 2, true);
    expect(environmentsInput(withName(drafts, 2, 'prod-eu'), FIELDS).environments[2]).toEqual({ name: 'prod-eu', production: true });
  });

  it('keep what every environment showed when the first is removed', () => {
    let drafts = withUrl(withUrl(defaultEnvironments(), 0, 'tokenUrl', DEV), 1, 'tokenUrl', STAGING);
    drafts = withoutEnvironment(drafts, 0);
    expect(drafts.map((d) => d.name)).toEqual(['staging', 'production']);
    expect([0, 1].map((at) => shownUrl(drafts, at, 'tokenUrl'))).toEqual([STAGING, DEV]);
    expect(environmentsInput(drafts, FIELDS)).toMatchObject({ tokenUrl: STAGING, environments: [{ name: 'staging' }, { name: 'production', tokenUrl: DEV }] });
  });

  it('name an unnamed, a repeated (even by alias) or an invalid environment, and a URL that is not https, under its field', () => {
    let drafts = withAdded(withName(defaultEnvironments(), 1, 'dev'));
    drafts = withUrl(withName(drafts, 2, 'pre prod'), 0, 'tokenUrl', 'http://auth.example.com/token');
    drafts = withUrl(drafts, 1, 'apiBaseUrl', 'http://api.example.com');
    expect(Object.keys(environmentProblems(drafts, FIELDS)).sort()).toEqual(['1.apiBaseUrl', '1.name', '2.name', '3.name']);
    expect(environmentProblems(drafts, FIELDS)['1.name']).toBe('"development" is listed twice');
    // The first environment's URLs are the organization's, checked with it.
    expect(organizationErrors(validate(OrganizationInput, { name: 'o', provider: 'musimap', ...environmentsInput(drafts, FIELDS) }).errors)['0.tokenUrl']).toMatch(/must use https/);
  });

  it("put the organization's URL verdicts and main's refusals under the environment's field", () => {
    expect(organizationErrors({ tokenUrl: 'needed', name: 'taken', environments: 'see below' })).toEqual({ '0.tokenUrl': 'needed', name: 'taken' });
    expect(placeEnvironmentError({ code: 'VALIDATION', message: 'bad', field: 'environments[2].apiBaseUrl' }, ['name'])).toEqual({ fields: { '2.apiBaseUrl': 'bad' }, notice: undefined });
    expect(placeEnvironmentError({ code: 'VALIDATION', message: 'taken', field: 'name' }, ['name']).fields).toEqual({ name: 'taken' });
  });

  it("name a client after its environment, or the provider's one client's name where there is one environment", () => {
    expect(['development', 'staging', 'production', 'qa'].map((env) => clientNameIn(musimap, env, 3))).toEqual(['dev', 'staging', 'prod', 'qa']);
    expect(clientNameIn(oauth2, 'development', 1)).toBe('svc');
    expect(clientNameIn(musimap, 'production', 1)).toBe('prod');
  });
});
