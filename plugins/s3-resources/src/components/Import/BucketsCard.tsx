import {
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Select,
  Text,
} from '@backstage/ui';
import { OwnerFilter } from '../ResourcesPage/OwnerFilter';
import layout from '../common/layout.module.css';
import { ImportStatus } from './ImportStatus';
import { ImportTable } from './ImportTable';
import styles from './import.module.css';
import { AccessLevel } from './importReducer';
import { plural } from './plural';
import { ImportController } from './useImportState';

const ACCESS_LEVELS: Array<{ id: AccessLevel; label: string }> = [
  { id: 'read', label: 'Read' },
  { id: 'read-write', label: 'Read and write' },
  { id: 'full', label: 'Full' },
];

/** Step 2: the discovered buckets to choose, name, own and import. */
export function BucketsCard(props: { controller: ImportController }) {
  const { state, selected, rowErrors, selectAll } = props.controller;
  const { rows } = state;
  const discovering = state.discovery.phase === 'running';
  const importRunning = state.importing.phase === 'running';
  return (
    <Card>
      <CardHeader>
        <Text as="h3" variant="title-small">
          2. Buckets to import
        </Text>
      </CardHeader>
      <CardBody>
        <Flex direction="column" gap="4">
          <Flex gap="3" align="end" className={layout.wrap}>
            <OwnerFilter
              label="Default owner"
              placeholder="Choose a group or user"
              description="For buckets without an owner tag; each row can override it."
              value={state.defaultOwner}
              onChange={props.controller.setDefaultOwner}
            />
            <Select
              label="Access level"
              description="What the portal's policies will grant."
              options={ACCESS_LEVELS}
              value={state.accessLevel}
              onChange={key =>
                key && props.controller.setAccessLevel(key as AccessLevel)
              }
              className={styles.accessLevel}
            />
          </Flex>
          <Flex gap="2" align="center" className={layout.wrap}>
            <Button
              size="small"
              variant="secondary"
              onPress={() => selectAll(true)}
              isDisabled={importRunning}
            >
              Select all
            </Button>
            <Button
              size="small"
              variant="secondary"
              onPress={() => selectAll(false)}
              isDisabled={importRunning}
            >
              Select none
            </Button>
            <Text as="span" color="secondary">
              {selected.length} of {plural(rows.length, 'bucket', 'buckets')}{' '}
              selected
            </Text>
          </Flex>
          <ImportTable
            rows={rows}
            defaultOwner={state.defaultOwner}
            showProblems={state.showRowProblems}
            importing={importRunning}
            isDisabled={importRunning}
            onChange={props.controller.updateRow}
            onSelectAll={selectAll}
          />
          {rowErrors > 0 && (
            <Alert
              role="alert"
              status="danger"
              icon
              title={`${plural(
                rowErrors,
                'selected row needs',
                'selected rows need',
              )} a valid name and owner`}
              description="The marked fields say what is wrong; nothing was imported."
            />
          )}
          <Flex gap="3" align="center" className={layout.wrap}>
            <Button
              variant="primary"
              onPress={props.controller.runImport}
              isPending={importRunning}
              isDisabled={selected.length === 0 || discovering}
            >
              Import selected ({selected.length})
            </Button>
          </Flex>
          <ImportStatus importing={state.importing} />
        </Flex>
      </CardBody>
    </Card>
  );
}
