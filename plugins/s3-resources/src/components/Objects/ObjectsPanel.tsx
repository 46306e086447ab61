import { Button, Flex, SearchField, Skeleton, Text } from '@backstage/ui';
import { S3Resource } from '@s3-resources/plugin-s3-resources-common';
import { useCallback, useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { Breadcrumbs } from './Breadcrumbs';
import { ListingError } from './ListingError';
import { ObjectDetailsPanel } from './ObjectDetailsPanel';
import { ObjectTable } from './ObjectTable';
import { useObjectParams } from './objectParams';
import styles from './objects.module.css';
import { UploadButton } from './UploadButton';
import { useObjectListing } from './useObjectListing';

/**
 * The objects under the resource's prefix, one folder and one page at a
 * time, with the selected object's details beside them. The folder and the
 * selected key are in the URL, so a link opens the same view.
 */
export function ObjectsPanel(props: { resource: S3Resource }) {
  const { resource } = props;
  const params = useObjectParams();
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  useDebounce(() => setSearch(searchText), 300, [searchText]);
  useEffect(() => {
    setSearchText('');
    setSearch('');
  }, [params.folder]);

  const listing = useObjectListing({
    resourceId: resource.id,
    folder: params.folder,
    search,
  });
  const { reload } = listing;
  const { selectKey } = params;
  const onUploaded = useCallback(
    (key: string) => {
      reload();
      selectKey(key);
    },
    [reload, selectKey],
  );

  const page = listing.page;
  if (listing.error) {
    const asked = params.folder !== undefined || params.key !== undefined;
    return (
      <ListingError
        error={listing.error}
        onRetry={listing.reload}
        onReset={asked ? params.reset : undefined}
      />
    );
  }
  if (!page) {
    return (
      <Flex
        direction="column"
        gap="3"
        aria-busy="true"
        aria-label="Loading the objects"
      >
        <Skeleton width="40%" height={24} />
        <Skeleton width="100%" height={240} />
      </Flex>
    );
  }

  return (
    <Flex direction="column" gap="3">
      <Breadcrumbs
        bucket={resource.bucket}
        prefix={page.prefix}
        folder={page.folder}
        onOpen={params.openFolder}
      />
      <Flex gap="4" align="start" className={styles.actions}>
        <SearchField
          label="Search keys"
          placeholder="Key begins with"
          value={searchText}
          onChange={setSearchText}
        />
        <UploadButton
          resourceId={resource.id}
          access={page.access}
          folder={page.folder}
          onUploaded={onUploaded}
        />
      </Flex>
      <div className={styles.browser}>
        <Flex direction="column" gap="2" aria-busy={listing.loading}>
          <ObjectTable
            page={page}
            selectedKey={params.key}
            onOpenFolder={params.openFolder}
            onSelect={params.selectKey}
          />
          {(listing.hasPrevious || listing.hasNext) && (
            <Flex gap="2" align="center">
              <Button
                size="small"
                variant="secondary"
                onPress={listing.previous}
                isDisabled={!listing.hasPrevious || listing.loading}
              >
                Previous page
              </Button>
              <Text as="span" variant="body-small" color="secondary">
                Page {listing.pageNumber}
              </Text>
              <Button
                size="small"
                variant="secondary"
                onPress={listing.next}
                isDisabled={!listing.hasNext || listing.loading}
              >
                Next page
              </Button>
            </Flex>
          )}
        </Flex>
        {params.key !== undefined ? (
          <ObjectDetailsPanel
            key={params.key}
            resourceId={resource.id}
            objectKey={params.key}
            access={page.access}
            onDeleted={() => {
              selectKey(undefined);
              reload();
            }}
          />
        ) : (
          <Text as="p" color="secondary">
            Select an object to see its details, download, preview or share it.
          </Text>
        )}
      </div>
    </Flex>
  );
}
