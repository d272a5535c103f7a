import { findingId, windowStart } from '../findings/findingId';
import type { Finding } from '../findings/types';
import type { OutboxEntry } from './OutboxEntry';

export const DELIVERY_FAILURES_DETECTION = 'pipeline-delivery-failures';

/**
 * `pipeline-delivery-failures` (critical): deliveries waiting in the outbox longer than their budget,
 * OpsGenie requests accepted and not processed for that long, and deliveries that failed for good on the
 * drain's run (refused, or accepted by OpsGenie and then failed). One finding per event-time hour, its
 * count the deliveries named; it is routed like any finding, so it reaches whichever sink still works
 * (the broken one queues it in the outbox behind the rest). It names sinks, finding ids and reasons only,
 * never a payload.
 */
export function deliveryFailureFinding(entries: readonly OutboxEntry[], at: number, where: { account: string; region: string }): Finding {
  const start = windowStart(new Date(at), 60);
  const sinks = [...new Set(entries.map((e) => e.sink))].sort();
  const oldest = Math.min(...entries.map((e) => e.enqueuedAt));
  const time = new Date(at).toISOString();
  return {
    id: findingId(DELIVERY_FAILURES_DETECTION, 'outbox', start),
    detection: DELIVERY_FAILURES_DETECTION,
    severity: 'critical',
    title: `${entries.length} alert deliveries failed or waiting past their budget (${sinks.join(', ')})`,
    description:
      `Deliveries to ${sinks.join(' and ')} have been in the outbox since ${new Date(oldest).toISOString()}. ` +
      `Reasons: ${entries
        .slice(0, 3)
        .map((e) => `${e.sink} ${e.findingId}: ${e.reason}`)
        .join('; ')}`,
    subject: `outbox:${sinks.join('+')}`,
    dedupKey: 'outbox',
    window: { start: start.toISOString(), end: new Date(start.getTime() + 3_600_000).toISOString() },
    firstSeen: time,
    lastSeen: time,
    count: entries.length,
    eventIds: [],
    mitre: [],
    runbook: `docs/runbooks/${DELIVERY_FAILURES_DETECTION}.md`,
    source: 'vigil.outbox',
    account: where.account,
    region: where.region,
    resources: [],
    evidence: { deliveries: entries.length, sinks: sinks.join(','), oldestEnqueuedAt: new Date(oldest).toISOString() },
  };
}
