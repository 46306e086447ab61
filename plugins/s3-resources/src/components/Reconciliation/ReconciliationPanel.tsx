import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Button,
  ButtonLink,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Select,
  Skeleton,
  Text,
} from '@backstage/ui';
import {
  ReconciliationEntry,
  ReconciliationPage,
  ReconciliationSourceStatus,
  s3ResourceCreatePermission,
  s3ResourceDeletePermission,
} from '@s3-resources/plugin-s3-resources-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { importRouteRef } from '../../routes';
import { DeleteResourceDialog } from '../EditResource/DeleteResourceDialog';
import { prefillOf } from '../Import/importPrefill';
import { ErrorAlert } from '../common/ErrorAlert';
import { ExportButtons } from '../common/ExportButtons';
import { formatDateTime, formatRelativeTime } from '../common/time';
import { AlignOwnerDialog } from './AlignOwnerDialog';
import { ReconciliationTable } from './ReconciliationTable';
import { sourceText } from './sourceText';

/** Entries shown on the page; the export holds all of them. */
const PAGE = 500;
const ALL = 'all';

function Sources(props: { sources: ReconciliationSourceStatus[] }) {
  if (!props.sources.length) {
    return (
      <Text as="p" color="secondary">
        No source has been listed yet: reconciliation runs at the end of each
        audit sweep, with the access keys of registered resources and the AWS
        accounts the operator names for it.
      </Text>
    );
  }
  return (
    <Flex direction="column" gap="1" role="list" aria-label="Sources">
      {props.sources.map(s => {
        const { where, who } = sourceText(s);
        let state = `${s.bucketsListed} bucket(s) listed in ${s.calls} call(s)`;
        if (s.error) state = `not listed: ${s.error}`;
        else if (s.incomplete) state = `${state}; incomplete: ${s.incomplete}`;
        return (
          <Text key={s.id} as="p" variant="body-small" role="listitem">
            <strong>{where}</strong>, {who}:{' '}
            <span title={formatDateTime(s.checkedAt)}>
              {formatRelativeTime(s.checkedAt)}
            </span>
            , {state}
          </Text>
        );
      })}
    </Flex>
  );
}

function Section(props: {
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <Flex direction="column" gap="1">
          <Text as="h3" variant="title-x-small">
            {props.title}
          </Text>
          <Text as="p" variant="body-small" color="secondary">
            {props.description}
          </Text>
        </Flex>
      </CardHeader>
      <CardBody>{props.children}</CardBody>
    </Card>
  );
}

/** Retire a ghost: only for those who may delete that resource (the server decides again). */
function RetireAction(props: {
  entry: ReconciliationEntry;
  onRetire: () => void;
}) {
  const { entry } = props;
  const { loading, allowed } = usePermission({
    permission: s3ResourceDeletePermission,
    resourceRef: entry.resourceId,
  });
  if (loading) return null;
  if (!allowed) {
    return (
      <Text variant="body-small" color="secondary">
        Retiring needs the right to delete {entry.resourceName}
      </Text>
    );
  }
  return (
    <Button
      size="small"
      variant="secondary"
      destructive
      onPress={props.onRetire}
      aria-label={`Retire ${entry.resourceName}`}
    >
      Retire
    </Button>
  );
}

/**
 * The Reconciliation tab of the audit page: buckets no resource registers
 * (import them), resources whose bucket is gone (retire them) and owner
 * tags that differ from the catalog (align them), per source, as the last
 * audit sweep saw them; exportable.
 */
export function ReconciliationPanel() {
  const api = useApi(s3ResourcesApiRef);
  const importLink = useRouteRef(importRouteRef);
  const { allowed: mayImport } = usePermission({
    permission: s3ResourceCreatePermission,
  });
  const [sourceId, setSourceId] = useState<string>();
  const page = useAsyncRetry<ReconciliationPage>(
    () => api.listReconciliation({ limit: PAGE, source: sourceId }),
    [api, sourceId],
  );
  const [retiring, setRetiring] = useState<ReconciliationEntry>();
  const [aligning, setAligning] = useState<ReconciliationEntry>();

  if (page.error) {
    return (
      <ErrorAlert
        error={page.error}
        action="load the reconciliation"
        onRetry={page.retry}
      />
    );
  }
  if (!page.value) return <Skeleton width="100%" height={240} />;
  const { items, totalCount, sources } = page.value;
  const of = (kind: ReconciliationEntry['kind']) =>
    items.filter(e => e.kind === kind);

  return (
    <Flex direction="column" gap="4">
      <Text as="p" color="secondary">
        Buckets against registered resources, as the last audit sweep saw them
        through each source. An entry goes away at the first sweep that no
        longer sees it.
      </Text>
      <Sources sources={sources} />
      {sources.length > 0 && (
        <Flex role="search" aria-label="Filter the reconciliation">
          <Select
            label="Source"
            options={[
              { id: ALL, label: 'All sources' },
              ...sources.map(s => {
                const { where, who } = sourceText(s);
                return { id: s.id, label: `${where}, ${who}` };
              }),
            ]}
            value={sourceId ?? ALL}
            onChange={key => setSourceId(key === ALL ? undefined : String(key))}
            style={{ minWidth: 420 }}
          />
        </Flex>
      )}
      <ExportButtons
        what="the reconciliation"
        filename="s3-resources-reconciliation"
        onExport={format =>
          api.exportReconciliation({ source: sourceId }, format)
        }
      />
      {totalCount > items.length && (
        <Text as="p" role="status">
          The first {items.length} of {totalCount} entries are shown; the export
          holds all of them.
        </Text>
      )}
      <Section
        title="Shadow buckets"
        description="Buckets that exist but no resource registers. Import one to register it (the source's access key is entered on the import page)."
      >
        <ReconciliationTable
          label="Shadow buckets"
          entries={of('shadow')}
          empty="No shadow bucket: every bucket the sources list is registered."
          action={entry =>
            mayImport ? (
              <ButtonLink
                size="small"
                variant="secondary"
                href={`${importLink()}?${prefillOf(entry)}`}
                aria-label={`Import ${entry.bucket}`}
              >
                Import
              </ButtonLink>
            ) : null
          }
        />
      </Section>
      <Section
        title="Ghost resources"
        description="Resources whose bucket no longer exists or whose endpoint does not answer, from the sweep's connection tests."
      >
        <ReconciliationTable
          label="Ghost resources"
          entries={of('ghost')}
          empty="No ghost resource: every resource's bucket answered its last test."
          action={entry => (
            <RetireAction entry={entry} onRetire={() => setRetiring(entry)} />
          )}
        />
      </Section>
      <Section
        title="Owner tag differs"
        description="Buckets whose owner tag names someone other than the catalog owner of their resource."
      >
        <ReconciliationTable
          label="Owner tag differs"
          entries={of('owner-mismatch')}
          empty="No owner tag differs from the catalog."
          action={entry => (
            <Button
              size="small"
              variant="secondary"
              onPress={() => setAligning(entry)}
              aria-label={`Align the owner of ${entry.resourceName}`}
            >
              Align owner
            </Button>
          )}
        />
      </Section>
      {retiring?.resourceId && (
        <DeleteResourceDialog
          isOpen
          resource={{
            id: retiring.resourceId,
            name: retiring.resourceName ?? retiring.bucket,
            bucket: retiring.bucket,
          }}
          reason={retiring.message}
          onClose={() => setRetiring(undefined)}
          onDeleted={() => {
            setRetiring(undefined);
            page.retry();
          }}
        />
      )}
      {aligning && (
        <AlignOwnerDialog
          entry={aligning}
          onClose={() => setAligning(undefined)}
          onAligned={() => {
            setAligning(undefined);
            page.retry();
          }}
        />
      )}
    </Flex>
  );
}
