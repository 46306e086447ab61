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
import { LOCATION_TYPE } from '@s3-resources/plugin-s3-resources-common';
import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';
import { resourceToEntity } from './resourceToEntity';

const PAGE_SIZE = 500;

/**
 * Publishes every registered S3 resource as a `Resource` entity of type
 * `s3-bucket`. A scheduled full sync replaces the provider's whole set, so
 * anything missed is repaired on the next run.
 */
export class S3ResourcesEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly logger: LoggerService;

  static create(options: {
    resources: S3ResourcesService;
    auth: AuthService;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
  }) {
    return new S3ResourcesEntityProvider(options);
  }

  private constructor(
    private readonly options: {
      resources: S3ResourcesService;
      auth: AuthService;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {
    this.logger = options.logger.child({ target: this.getProviderName() });
  }

  getProviderName(): string {
    return 's3-resources';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
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
      entities.push(...page.items.map(resourceToEntity));
      cursor = page.nextCursor;
    } while (cursor);
    return entities;
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
        locationKey: `${LOCATION_TYPE}:${this.getProviderName()}`,
      })),
    });
    this.logger.info(`Published ${entities.length} S3 resource entities`);
  }
}
