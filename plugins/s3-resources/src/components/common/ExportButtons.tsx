import { Button, Flex, Text } from '@backstage/ui';
import { RiDownloadLine } from '@remixicon/react';
import { useState } from 'react';
import { AuditExportFormat } from '../../api/S3ResourcesApi';
import { saveBlob } from './DownloadButton';
import { ErrorAlert } from './ErrorAlert';

const FORMATS: Array<{ format: AuditExportFormat; label: string }> = [
  { format: 'csv', label: 'CSV' },
  { format: 'ndjson', label: 'NDJSON' },
];

/**
 * "Export CSV" and "Export NDJSON": the file is fetched through the API
 * client (so the Backstage token is sent), then saved from a blob.
 */
export function ExportButtons(props: {
  /** What is exported, for the accessible names: "the findings". */
  what: string;
  /** File name without extension. */
  filename: string;
  onExport: (format: AuditExportFormat) => Promise<Blob>;
}) {
  const [exporting, setExporting] = useState<AuditExportFormat>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<string>();

  const download = async (format: AuditExportFormat) => {
    setExporting(format);
    setError(undefined);
    setSaved(undefined);
    try {
      const blob = await props.onExport(format);
      const name = `${props.filename}.${format}`;
      saveBlob(blob, name);
      setSaved(name);
    } catch (e) {
      setError(e);
    } finally {
      setExporting(undefined);
    }
  };

  return (
    <Flex direction="column" gap="2">
      <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
        {FORMATS.map(({ format, label }) => (
          <Button
            key={format}
            size="small"
            variant="secondary"
            iconStart={<RiDownloadLine />}
            aria-label={`Export ${label} of ${props.what}`}
            onPress={() => download(format)}
            isPending={exporting === format}
            isDisabled={exporting !== undefined && exporting !== format}
          >
            Export {label}
          </Button>
        ))}
        <Text as="span" variant="body-small" color="secondary" role="status">
          {saved ? `Downloaded ${saved}` : ''}
        </Text>
      </Flex>
      {error !== undefined && (
        <ErrorAlert error={error} action={`export ${props.what}`} />
      )}
    </Flex>
  );
}
