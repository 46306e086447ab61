import { validateCustomActions } from './customActions';
import { S3_ACTIONS, findS3ActionIgnoringCase, getS3Action } from './s3Actions';

describe('S3_ACTIONS', () => {
  it('lists each action once, as s3:<PascalCase>', () => {
    const names = S3_ACTIONS.map(a => a.action);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^s3:[A-Z][A-Za-z]+$/);
  });

  it.each([
    ['s3:ListBucket', 'bucket'],
    ['s3:GetBucketLocation', 'bucket'],
    ['s3:GetBucketCORS', 'bucket'],
    ['s3:ListBucketMultipartUploads', 'bucket'],
    ['s3:GetObject', 'object'],
    ['s3:PutObject', 'object'],
    ['s3:AbortMultipartUpload', 'object'],
    ['s3:ListMultipartUploadParts', 'object'],
    ['s3:PutObjectVersionTagging', 'object'],
  ])('puts %s on the %s', (action, level) => {
    expect(getS3Action(action)?.level).toBe(level);
  });

  it('treats Bucket-named actions as bucket-level and Object-named ones as object-level', () => {
    const levelByName = (action: string) =>
      /Object(?!LockConfiguration)|MultipartUploadParts|AbortMultipart|GovernanceRetention/.test(
        action,
      )
        ? 'object'
        : 'bucket';
    expect(S3_ACTIONS.map(a => [a.action, a.level])).toEqual(
      S3_ACTIONS.map(a => [a.action, levelByName(a.action)]),
    );
  });

  it('scopes only listing actions with s3:prefix', () => {
    const scoped = S3_ACTIONS.filter(a => a.prefixScoped).map(a => a.action);
    expect(scoped).toEqual(['s3:ListBucket', 's3:ListBucketVersions']);
  });

  it('finds the canonical spelling', () => {
    expect(findS3ActionIgnoringCase('S3:GETOBJECT')?.action).toBe(
      's3:GetObject',
    );
  });
});

describe('validateCustomActions', () => {
  it('accepts every grantable action', () => {
    const grantable = S3_ACTIONS.filter(a => !a.refused).map(a => a.action);
    expect(validateCustomActions(grantable)).toEqual([]);
  });

  it('refuses every action that changes who has access', () => {
    const refused = S3_ACTIONS.filter(a => a.refused).map(a => a.action);
    expect(refused).toEqual(
      expect.arrayContaining([
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutBucketAcl',
        's3:DeleteBucket',
      ]),
    );
    for (const v of validateCustomActions(refused)) {
      expect(v.rule).toBe('action-refused');
    }
  });

  it('suggests the canonical spelling', () => {
    expect(validateCustomActions(['s3:getobject'])[0].message).toContain(
      's3:GetObject',
    );
  });

  it('refuses s3:* as a wildcard', () => {
    expect(validateCustomActions(['s3:*'])[0].rule).toBe('action-wildcard');
  });
});
