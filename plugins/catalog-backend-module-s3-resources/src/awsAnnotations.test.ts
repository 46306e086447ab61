import * as awsModule from '@backstage/plugin-catalog-backend-module-aws';
import {
  ANNOTATION_AWS_ACCOUNT_ID,
  ANNOTATION_AWS_ARN,
} from '@s3-resources/plugin-s3-resources-common';

describe('AWS annotations', () => {
  it('are the core AWS catalog module constants', () => {
    expect(ANNOTATION_AWS_ARN).toBe(awsModule.ANNOTATION_AWS_ARN);
    expect(ANNOTATION_AWS_ACCOUNT_ID).toBe(awsModule.ANNOTATION_AWS_ACCOUNT_ID);
  });
});
