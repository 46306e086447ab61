import { ConfigReader } from '@backstage/config';
import { requiresProductionKeys } from './requiresProductionKeys';

const LOCAL = {
  app: { baseUrl: 'http://localhost:3000' },
  backend: { baseUrl: 'http://localhost:7007' },
};

const config = (data: object) => new ConfigReader(data);

describe('requiresProductionKeys', () => {
  it.each([
    ['development', LOCAL],
    ['test', LOCAL],
    ['test', { app: { baseUrl: 'http://127.0.0.1:3000' } }],
    ['development', { backend: { baseUrl: 'http://[::1]:7007' } }],
    ['test', {}],
  ])('is off in local development (NODE_ENV %s, %j)', (nodeEnv, data) => {
    expect(requiresProductionKeys(config(data), nodeEnv)).toBe(false);
  });

  it.each([
    ['production', LOCAL],
    [undefined, LOCAL],
    ['', LOCAL],
    ['staging', LOCAL],
    [
      'development',
      { ...LOCAL, app: { baseUrl: 'https://backstage.example.com' } },
    ],
    [
      'development',
      { ...LOCAL, backend: { baseUrl: 'https://backstage.example.com' } },
    ],
    ['test', { app: { baseUrl: 'http://10.0.0.5:3000' } }],
    ['test', { app: { baseUrl: 'http://localhost.example.com:3000' } }],
    ['development', { app: { baseUrl: 'not a url' } }],
  ])('is on anywhere else (NODE_ENV %j, %j)', (nodeEnv, data) => {
    expect(requiresProductionKeys(config(data), nodeEnv)).toBe(true);
  });

  it('is on when an operator says so, even in local development', () => {
    expect(
      requiresProductionKeys(
        config({
          ...LOCAL,
          s3Resources: { encryption: { requireProductionKeys: true } },
        }),
        'development',
      ),
    ).toBe(true);
  });
});
