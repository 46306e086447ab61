import { sourceText } from './sourceText';

describe('sourceText', () => {
  it("names a resource's own credentials when it signs with no key (role, account)", () => {
    expect(
      sourceText({
        id: 's',
        provider: 'aws',
        region: 'eu-west-1',
        credential: {
          kind: 'resource',
          resourceId: 'r1',
          resourceName: 'reports',
          accessKeyId: '',
        },
      }).who,
    ).toBe('the credentials of reports (a role or an account)');
  });

  it('names the key of a resource', () => {
    expect(
      sourceText({
        id: 's',
        provider: 'aws',
        region: 'eu-west-1',
        credential: {
          kind: 'resource',
          resourceId: 'r1',
          resourceName: 'reports',
          accessKeyId: '****1234',
        },
      }).who,
    ).toBe('key ****1234 of reports');
  });
});
