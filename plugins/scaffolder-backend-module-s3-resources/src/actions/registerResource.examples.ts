import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register a bucket on an S3-compatible endpoint with an access key, after an s3:connection:test step with id test on the same resource passed; the secret comes from the task secrets (a `ui:field: Secret` parameter named secretAccessKey)',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 's3:resource:register',
          name: 'Register the bucket',
          input: {
            resource: {
              name: 'media-uploads',
              title: 'Media uploads',
              owner: 'group:default/team-a',
              provider: 'ceph-rgw',
              endpoint: 'http://127.0.0.1:7480',
              bucket: 'media-uploads',
              accessLevel: 'read-write',
              cors: { uploadMode: 'multipart' },
              auth: {
                method: 'access-key',
                accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
              },
            },
            connectionTest: '${{ steps.test.output }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Register an AWS bucket reached through a role, and keep its entity in Git too',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 's3:resource:register',
          name: 'Register the bucket',
          input: {
            resource: {
              name: 'acme-reports',
              owner: 'group:default/team-b',
              provider: 'aws',
              region: 'eu-west-1',
              bucket: 'acme-reports',
              prefix: 'monthly/',
              auth: {
                method: 'assume-role',
                roleArn: 'arn:aws:iam::123456789012:role/portal-reports-reader',
                source: {
                  method: 'access-key',
                  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
                },
              },
            },
            connectionTest: '${{ steps.test.output }}',
            catalogInfoPath: 'catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
