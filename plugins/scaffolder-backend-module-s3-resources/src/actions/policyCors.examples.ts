import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Download-only CORS rules for the app's own origin (the default when origins is left out)",
    example: yaml.stringify({
      steps: [
        {
          id: 'cors',
          action: 's3:policy:cors',
          name: 'Generate the CORS configuration',
          input: {
            bucket: 'acme-reports',
          },
        },
      ],
    }),
  },
  {
    description:
      'Multipart uploads from two origins to a bucket on an S3-compatible endpoint: PUT allowed and ETag exposed, with the CLI command for that endpoint',
    example: yaml.stringify({
      steps: [
        {
          id: 'cors',
          action: 's3:policy:cors',
          name: 'Generate the CORS configuration',
          input: {
            bucket: 'media-uploads',
            uploadMode: 'multipart',
            origins: ['https://backstage.example.com', 'https://*.example.com'],
            maxAgeSeconds: 600,
            endpoint: 'https://rgw.example.com',
          },
        },
      ],
    }),
  },
  {
    description:
      'Presigned POST uploads that the browser may also delete, in eu-west-1',
    example: yaml.stringify({
      steps: [
        {
          id: 'cors',
          action: 's3:policy:cors',
          name: 'Generate the CORS configuration',
          input: {
            bucket: 'acme-forms',
            uploadMode: 'presigned-post',
            origins: ['https://forms.example.com'],
            methods: ['DELETE'],
            region: 'eu-west-1',
          },
        },
      ],
    }),
  },
];
