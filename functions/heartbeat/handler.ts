import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ScheduledEventSchema } from '../../events/schemas/scheduledEvent';
import { pipelineHeartbeat } from '../../infra/oncall/heartbeat';
import { OpsGenieClient, type OpsGenieCallRecord } from '../../shared/alerts';
import { ConfigError, readConfig } from '../../shared/config';
import { pingHeartbeat } from '../../shared/oncall/heartbeatPing';
import { createBaseDependencies, eventHandler } from '../wiring';
import { manifest } from './manifest';

const COMPONENT = manifest.folder;
const config = readConfig(manifest.config, process.env, COMPONENT);
const deps = createBaseDependencies(COMPONENT, config);
const { logger, tally } = deps;
const heartbeat = pipelineHeartbeat(config.STAGE);

const logOpsGenieCall = (call: OpsGenieCallRecord) =>
  call.outcome === 'failed' ? logger.warn('OpsGenie call failed', { ...call }) : logger.info('OpsGenie call', { ...call });

/** The key from Secrets Manager (locally the embedded endpoint), fetched on the first run and kept for the container's life. */
let client: Promise<OpsGenieClient> | undefined;
const clientReady = () => {
  client ??= (async () => {
    const apiKey = await getSecret(config.OPSGENIE_API_KEY_SECRET_ARN, { maxAge: 3600 });
    if (typeof apiKey !== 'string') throw new ConfigError('the OpsGenie API key must be a plain-text secret');
    return new OpsGenieClient({ apiKey, flavour: config.OPSGENIE_FLAVOUR, baseUrl: config.OPSGENIE_BASE_URL, onCall: logOpsGenieCall });
  })().catch((error: unknown) => {
    client = undefined;
    throw error;
  });
  return client;
};

// A failed ping is rethrown: Lambda retries it, then the schedule's dead-letter queue (and its alarm) has it.
// OpsGenie alerts only after the heartbeat's interval (three pings), so one lost ping pages nobody.
export const handler = eventHandler(deps, ScheduledEventSchema, async (event, _context, budget) => {
  const ping = await pingHeartbeat(await clientReady(), heartbeat.name, budget);
  if (!ping.pinged) {
    tally.count('HeartbeatUnsupported');
    logger.error('heartbeat not pinged', { heartbeat: ping.name, reason: ping.reason, scheduledAt: event.time });
    return ping;
  }
  tally.count('HeartbeatPings');
  logger.info('heartbeat pinged', { heartbeat: ping.name, requestId: ping.requestId, scheduledAt: event.time });
  return ping;
});
