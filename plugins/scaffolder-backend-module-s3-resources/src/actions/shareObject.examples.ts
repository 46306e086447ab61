import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Hand out a file of a registered bucket for a day: the link is recorded under the user who started the task and audited; it cannot be revoked before it expires',
    example: yaml.stringify({
      steps: [
        {
          id: 'share',
          action: 's3:object:share',
          name: 'Share the onboarding pack',
          input: {
            resourceName: 'media-uploads',
            key: 'team-a/onboarding/pack.pdf',
            expiresInSeconds: 86400,
          },
        },
      ],
      output: {
        links: [
          { title: 'Onboarding pack', url: '${{ steps.share.output.url }}' },
        ],
      },
    }),
  },
  {
    description:
      'Share an object of the resource a previous step registered, with the default expiry',
    example: yaml.stringify({
      steps: [
        {
          id: 'share',
          action: 's3:object:share',
          name: 'Share the README',
          input: {
            resourceId: '${{ steps.register.output.resourceId }}',
            key: 'team-a/README.md',
          },
        },
      ],
    }),
  },
];
