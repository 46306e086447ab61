import { Flex, Text } from '@backstage/ui';
import { s3ResourceCreatePermission } from '@s3-resources/plugin-s3-resources-common';
import { BackLink, PageGate } from '../common/PageGate';
import { BucketsCard } from './BucketsCard';
import { SourceCard } from './SourceCard';
import { useImportState } from './useImportState';

function ImportView() {
  const controller = useImportState();
  return (
    <Flex direction="column" gap="4">
      <BackLink />
      <Flex direction="column" gap="1">
        <Text as="h2" variant="title-medium">
          Import buckets
        </Text>
        <Text as="p" color="secondary">
          Register existing buckets in bulk: list what a credential can see,
          pick the buckets, give each a name, a title and an owner, and import
          them. Each becomes a resource with the same checks as a single
          registration, and its connection is tested once.
        </Text>
      </Flex>
      <SourceCard controller={controller} />
      {controller.state.rows.length > 0 && (
        <BucketsCard controller={controller} />
      )}
    </Flex>
  );
}

/**
 * `/s3-resources/import` (`s3.resource.create`): discover the buckets of a
 * source as they stream in, choose names and owners, and import them with
 * live progress and an outcome per bucket.
 */
export function ImportPage() {
  return (
    <PageGate
      permission={s3ResourceCreatePermission}
      loadingLabel="Loading the import"
      denied={{
        title: 'You may not register S3 resources',
        description:
          'Importing buckets needs the permission s3.resource.create. Ask the platform team if you need it.',
      }}
    >
      <ImportView />
    </PageGate>
  );
}
