import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Text,
} from '@backstage/ui';
import { RiSearchLine } from '@remixicon/react';
import { useState } from 'react';
import { ErrorAlert } from '../common/ErrorAlert';
import { fieldErrorOf } from '../common/errors';
import layout from '../common/layout.module.css';
import { DiscoveryStatus } from './DiscoveryStatus';
import { ImportSourceForm } from './ImportSourceForm';
import { ImportController } from './useImportState';

/** A discovery refused for the key or the secret, by form field. */
function credentialsError(error: unknown) {
  const found = fieldErrorOf(error);
  if (found?.field === 'source.auth.secretAccessKey') {
    return { secretAccessKey: found.message };
  }
  if (found?.field === 'source.auth.accessKeyId') {
    return { accessKeyId: found.message };
  }
  return undefined;
}

/** Step 1: the credentials to list buckets with, and the discovery. */
export function SourceCard(props: { controller: ImportController }) {
  const { state, sourceProblems, discover } = props.controller;
  const discovering = state.discovery.phase === 'running';
  const importRunning = state.importing.phase === 'running';
  const sourceLocked = discovering || importRunning || state.rows.length > 0;
  const failure =
    state.discovery.phase === 'error' ? state.discovery.error : undefined;
  // A refused key or secret shows at its field until that field changes.
  const [edited, setEdited] = useState<unknown>();
  const atField = failure !== edited ? credentialsError(failure) : undefined;
  return (
    <Card>
      <CardHeader>
        <Text as="h3" variant="title-small">
          1. Source
        </Text>
      </CardHeader>
      <CardBody>
        {/* A form, so Enter in any field starts the discovery. */}
        <form
          aria-label="Source"
          // The problems are listed in one alert below instead of the browser's bubbles.
          noValidate
          onSubmit={event => {
            event.preventDefault();
            if (!sourceLocked) discover();
          }}
        >
          <Flex direction="column" gap="4">
            <ImportSourceForm
              value={state.source}
              onChange={source => {
                if (
                  source.accessKeyId !== state.source.accessKeyId ||
                  source.secretAccessKey !== state.source.secretAccessKey
                ) {
                  setEdited(failure);
                }
                props.controller.setSource(source);
              }}
              isDisabled={sourceLocked}
              fieldErrors={atField}
            />
            {state.showSourceProblems && sourceProblems.length > 0 && (
              <Alert
                role="alert"
                status="danger"
                icon
                title="Complete the source first"
                description={sourceProblems.join('; ')}
              />
            )}
            <Flex gap="2" align="center" className={layout.wrap}>
              {state.rows.length > 0 && !discovering ? (
                <Button
                  variant="secondary"
                  onPress={props.controller.startOver}
                  isDisabled={importRunning}
                >
                  Change source
                </Button>
              ) : (
                <Button
                  type="submit"
                  variant="primary"
                  iconStart={<RiSearchLine />}
                  isPending={discovering}
                >
                  Discover buckets
                </Button>
              )}
              {discovering && (
                <Button
                  variant="secondary"
                  onPress={props.controller.cancelDiscovery}
                >
                  Cancel
                </Button>
              )}
            </Flex>
            <DiscoveryStatus
              discovery={state.discovery}
              found={state.rows.length}
            />
            {state.discovery.phase === 'error' &&
              !credentialsError(failure) && (
                <ErrorAlert
                  error={state.discovery.error}
                  action="discover the buckets"
                  onRetry={discover}
                />
              )}
          </Flex>
        </form>
      </CardBody>
    </Card>
  );
}
