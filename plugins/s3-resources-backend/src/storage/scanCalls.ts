import { UnknownStorageFigure } from '@s3-resources/plugin-s3-resources-common';
import { classifyError } from '../connectionTest/providerErrors';
import { ScanSpending } from './scanSpending';

/** The calls of a scan: the IAM action each needs, and the figure a refusal leaves unknown. */
const CALLS = {
  GetBucketVersioning: {
    action: 's3:GetBucketVersioning',
    figure: 'noncurrentVersions',
  },
  ListObjectVersions: {
    action: 's3:ListBucketVersions',
    figure: 'noncurrentVersions',
  },
  ListObjectsV2: { action: 's3:ListBucket', figure: 'objects' },
  ListMultipartUploads: {
    action: 's3:ListBucketMultipartUploads',
    figure: 'incompleteUploads',
  },
  ListParts: {
    action: 's3:ListMultipartUploadParts',
    figure: 'incompleteUploads',
  },
} as const;

export type ScanCallName = keyof typeof CALLS;

/** A call's answer, or why its figure is unknown. */
export type ScanCallResult<T> =
  | { out: T; refused?: undefined }
  | { out?: undefined; refused: UnknownStorageFigure };

/** A call that failed for a reason other than a refusal: the run ends, its state is not advanced. */
export class StorageScanError extends Error {
  name = 'StorageScanError';

  constructor(
    message: string,
    /** The provider's HTTP status, when it answered. */
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

/**
 * Sends one call of a scan within the run's budget. A refusal (403) or a
 * call the provider does not support (501) is an answer: the figure it
 * feeds is unknown, with the reason. NoSuchUpload is rethrown as it is
 * (the upload ended meanwhile); any other failure is a
 * {@link StorageScanError} naming the call.
 */
export async function scanCall<T>(
  spend: ScanSpending,
  bucket: string,
  name: ScanCallName,
  send: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<ScanCallResult<T>> {
  spend.request();
  try {
    return { out: await send(spend.signal) };
  } catch (error) {
    const e = classifyError(error);
    if (e.code === 'NoSuchUpload') throw error;
    const { action, figure } = CALLS[name];
    if (e.kind === 'denied') {
      return {
        refused: { figure, reason: `${name} was denied: grant ${action}` },
      };
    }
    if (e.kind === 'not-available') {
      return {
        refused: { figure, reason: `the provider does not support ${name}` },
      };
    }
    if (spend.signal?.aborted) {
      throw new StorageScanError(
        `The scan of bucket "${bucket}" was stopped during ${name}`,
      );
    }
    const what =
      e.code ??
      e.networkCode ??
      (e.kind === 'other' ? (error as Error)?.message : undefined) ??
      e.kind;
    throw new StorageScanError(
      `${name} of bucket "${bucket}" failed: ${what}${
        e.httpStatus ? ` (HTTP ${e.httpStatus})` : ''
      }${e.providerMessage ? `: ${e.providerMessage}` : ''}`,
      e.httpStatus,
    );
  }
}
