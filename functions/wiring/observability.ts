import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'Vigil';

/**
 * Logger and metrics of one function. The level comes from POWERTOOLS_LOG_LEVEL (per stage); the
 * logger never logs whole events (they may carry Restricted data): handlers log ids and counts.
 */
export function createObservability(serviceName: string, stage: string) {
  const logger = new Logger({ serviceName, persistentKeys: { stage } });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName, defaultDimensions: { stage } });
  return { logger, metrics };
}
