import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  ResourceChangedEvent,
  S3_RESOURCES_CHANGED_TOPIC,
} from '@s3-resources/plugin-s3-resources-common';

/**
 * Announces changed resources so the catalog updates within seconds. A lost
 * event is not an error: the catalog module's periodic full sync repairs it.
 */
export class ResourceEvents {
  static create(options: { events: EventsService; logger: LoggerService }) {
    return new ResourceEvents(options.events, options.logger);
  }

  private constructor(
    private readonly events: EventsService,
    private readonly logger: LoggerService,
  ) {}

  async publish(event: ResourceChangedEvent): Promise<void> {
    try {
      await this.events.publish({
        topic: S3_RESOURCES_CHANGED_TOPIC,
        eventPayload: event,
      });
    } catch (error) {
      this.logger.warn(
        `Could not announce ${event.type} of resource ${
          event.id
        }; the next full sync will catch up: ${(error as Error).message}`,
      );
    }
  }
}
