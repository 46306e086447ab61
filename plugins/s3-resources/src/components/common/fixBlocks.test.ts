import { generateCorsConfiguration } from '@s3-resources/plugin-s3-resources-common';
import { fixBlocks } from './fixBlocks';

const cors = generateCorsConfiguration({
  bucket: 'team-a-media',
  origins: ['http://localhost:3000'],
  uploadMode: 'multipart',
  endpoint: 'http://127.0.0.1:7480',
});

describe('fixBlocks', () => {
  it('splits the CORS fix into its prose, its JSON and its command', () => {
    // as the connection test's CORS step and the audit's cors-drift finding write it
    const fix = `Apply this CORS configuration to bucket team-a-media (or add its rule to the existing ones):\n${cors.json}\nWith the AWS CLI: ${cors.command}`;
    expect(fixBlocks(fix)).toEqual([
      {
        kind: 'text',
        text: 'Apply this CORS configuration to bucket team-a-media (or add its rule to the existing ones):',
      },
      { kind: 'json', text: cors.json },
      { kind: 'text', text: 'With the AWS CLI:' },
      { kind: 'command', text: cors.command },
    ]);
  });

  it('keeps lines of prose together and a command on a line of its own', () => {
    const fix = [
      'First set the default ACL to private.',
      'Uploads with public-read are then refused.',
      "aws s3api put-public-access-block --bucket 'b' --public-access-block-configuration BlockPublicAcls=true",
    ].join('\n');
    expect(fixBlocks(fix)).toEqual([
      {
        kind: 'text',
        text: 'First set the default ACL to private.\nUploads with public-read are then refused.',
      },
      {
        kind: 'command',
        text: "aws s3api put-public-access-block --bucket 'b' --public-access-block-configuration BlockPublicAcls=true",
      },
    ]);
  });

  it('leaves a command that is part of a sentence in the sentence', () => {
    const fix =
      '1. Create a new key: aws iam create-access-key --user-name <user> (Ceph RGW: radosgw-admin key create --uid <user>).';
    expect(fixBlocks(fix)).toEqual([{ kind: 'text', text: fix }]);
  });

  it('reads a line that only looks like JSON as prose', () => {
    expect(fixBlocks('[optional] grant s3:GetBucketCors\n{ not json')).toEqual([
      { kind: 'text', text: '[optional] grant s3:GetBucketCors\n{ not json' },
    ]);
  });

  it('splits a finding that lists several steps, each with its fix', () => {
    const fix = [
      `CORS: Apply this CORS configuration to bucket b:`,
      cors.json,
      `With the AWS CLI: ${cors.command}`,
      'Then run the connection test again.',
    ].join('\n');
    expect(fixBlocks(fix).map(b => b.kind)).toEqual([
      'text',
      'json',
      'text',
      'command',
      'text',
    ]);
  });
});
