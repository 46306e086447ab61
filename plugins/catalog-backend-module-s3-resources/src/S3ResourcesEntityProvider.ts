import {
  AuthService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  LOCATION_TYPE,
  ResourceChangedEvent,
  ResourceEntityOptions,
  S3Resource,
  S3_RESOURCES_CHANGED_TOPIC,
  resourceEntityRef,
  resourceToEntity,
} from '@s3-resources/plugin-s3-resources-common';
import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';
import { createHash } from 'node:crypto';

const PAGE_SIZE = 500;

/** What a full sync published: the same set twice has the same fingerprint. */
function fingerprintOf(entities: Entity[]): string {
  const hash = createHash('sha256');
  for (const json of entities.map(e => JSON.stringify(e)).sort()) {
    hash.update(json).update('\n');
  }
  return hash.digest('hex');
}

/**
 * Publishes every registered S3 resource as a `Resource` entity of type
 * `s3-bucket`. Changes announced by the backend are applied at once as delta
 * mutations; a scheduled full sync (a repair job, every few minutes)
 * replaces the provider's whole set, so anything missed is repaired on the
 * next run. A sync that changed nothing is logged at debug level only.
 *
 * @public
 */
export class S3ResourcesEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly logger: LoggerService;
  private lastFingerprint?: string;

  static create(options: {
    resources: S3ResourcesService;
    auth: AuthService;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
    events?: EventsService;
    /** `app.baseUrl` and the page path: the entities' View and Edit links. */
    pages?: ResourceEntityOptions;
  }) {
    return new S3ResourcesEntityProvider(options);
  }

  private constructor(
    private readonly options: {
      resources: S3ResourcesService;
      auth: AuthService;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      events?: EventsService;
      pages?: ResourceEntityOptions;
    },
  ) {
    this.logger = options.logger.child({ target: this.getProviderName() });
  }

  private toEntity(resource: S3Resource): Entity {
    return resourceToEntity(resource, this.options.pages);
  }

  getProviderName(): string {
    return 's3-resources';
  }

  private get locationKey() {
    return `${LOCATION_TYPE}:${this.getProviderName()}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.events?.subscribe({
      id: `${this.getProviderName()}:changes`,
      topics: [S3_RESOURCES_CHANGED_TOPIC],
      onEvent: async params => {
        try {
          await this.applyChange(params.eventPayload as ResourceChangedEvent);
        } catch (error) {
          this.logger.warn(
            `Could not apply a resource change; the next full sync will: ${
              (error as Error).message
            }`,
          );
        }
      },
    });
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          this.logger.error(
            `Full sync of S3 resources failed: ${(error as Error).message}`,
          );
        }
      },
    });
  }

  /** Reads every resource through the resource service, as this plugin's service identity. */
  async read(): Promise<Entity[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.options.resources.listResources(
        { limit: PAGE_SIZE, cursor },
        { credentials },
      );
      entities.push(...page.items.map(r => this.toEntity(r)));
      cursor = page.nextCursor;
    } while (cursor);
    return entities;
  }

  /** Applies one announced change as a delta mutation. */
  async applyChange(event: ResourceChangedEvent): Promise<void> {
    if (!this.connection) return;
    const removed: Array<{ entityRef: string; locationKey: string }> = [];
    const gone = event.type === 'deleted' ? event.name : event.previousName;
    if (gone) {
      removed.push({
        entityRef: resourceEntityRef(gone),
        locationKey: this.locationKey,
      });
    }
    const added: Array<{ entity: Entity; locationKey: string }> = [];
    if (event.type === 'upserted') {
      const credentials = await this.options.auth.getOwnServiceCredentials();
      const resource = await this.options.resources.getResource(event.id, {
        credentials,
      });
      added.push({
        entity: this.toEntity(resource),
        locationKey: this.locationKey,
      });
    }
    await this.connection.applyMutation({ type: 'delta', added, removed });
  }

  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
    }
    const entities = await this.read();
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: this.locationKey,
      })),
    });
    const fingerprint = fingerprintOf(entities);
    const message = `Full sync published ${entities.length} S3 resource entities`;
    if (fingerprint === this.lastFingerprint) {
      this.logger.debug(`${message}; nothing had changed since the last one`);
    } else {
      this.logger.info(message);
    }
    this.lastFingerprint = fingerprint;
  }
}
