import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { CloudWatchLogsEventSchema } from '../../events/schemas/cloudWatchLogs';
import { AuthEventBusPublisher, CognitoAuthBridge, type BridgedAuthEvent } from '../../shared/cognito';
import { readConfig } from '../../shared/config';
import type { RetryDeadline } from '../../shared/retry';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

const config = readConfig(manifest.config, process.env, manifest.folder);
const deps = createBaseDependencies(manifest.folder, config);
const busPublisher = new AuthEventBusPublisher({ eventBridge: deps.clients.eventBridge, busName: config.EVENT_BUS_NAME });

// The Cognito event id is the idempotency key: a payload delivered again (a retry, a replay) publishes nothing twice.
const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'detail.eventID', expiresAfterSeconds: 24 * 3600 });
const publishOnce = makeIdempotent((event: BridgedAuthEvent, budget: RetryDeadline) => busPublisher.publish(event, budget), {
  persistenceStore: deps.idempotencyStore(),
  config: idempotencyConfig,
});
const bridge = new CognitoAuthBridge({ ingest: deps.ingest, publisher: { publish: publishOnce } });

export const handler = eventHandler(deps, CloudWatchLogsEventSchema, async (event, _context, budget) => {
  const outcome = await bridge.handle(event.awslogs.data, budget);
  // Counts and ids only: the records carry user names and addresses.
  deps.logger.info('userAuthEvents payload handled', { ...outcome });
  return outcome;
}).before((request) => idempotencyConfig.registerLambdaContext(request.context));
