import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Test a bucket before registering it; the secret access key comes from a `ui:field: Secret` parameter, so it is read from the task secrets and never appears in inputs, outputs or logs',
    example: yaml.stringify({
      steps: [
        {
          id: 'test',
          action: 's3:connection:test',
          name: 'Test the connection',
          input: {
            resource: {
              name: 'media-uploads',
              owner: 'group:default/team-a',
              provider: 'ceph-rgw',
              bucket: 'media-uploads',
              endpoint: 'https://rgw.example.com',
              prefix: 'team-a/',
              accessLevel: 'read-write',
              auth: {
                method: 'access-key',
                accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
              },
            },
            secretName: 'secretAccessKey',
            writeProbe: true,
          },
        },
      ],
    }),
  },
  {
    description:
      'Test a registered resource (with its stored credentials) and fail the task on warnings too, e.g. missing CORS rules',
    example: yaml.stringify({
      steps: [
        {
          id: 'test',
          action: 's3:connection:test',
          name: 'Test the registered bucket',
          input: {
            resourceId: '7b0c3c1e-4f5e-4a53-9a5e-1f0e6f3c2d11',
            failOn: 'warn',
          },
        },
      ],
    }),
  },
  {
    description:
      'Only report: the verdict and the steps become outputs for later steps, and the task goes on whatever the result',
    example: yaml.stringify({
      steps: [
        {
          id: 'test',
          action: 's3:connection:test',
          name: 'Report the connection status',
          input: {
            resourceId: '7b0c3c1e-4f5e-4a53-9a5e-1f0e6f3c2d11',
            failOn: 'never',
          },
        },
      ],
    }),
  },
];
