import type { Occurrence } from '../../findings/occurrence';
import type { Redaction } from '../pii/redactEvents';
import type { BatchOutcome } from '../TelemetryIngest';

export const PII_IN_UNRESTRICTED_FIELD = 'telemetry-pii-in-unrestricted-field';

/** Where the batch came from, as the EventBridge envelope says. */
export interface BatchSource {
  readonly source: string;
  readonly account: string;
  readonly region: string;
}

/** How the batch's own fields are named in a finding, in place of an event name. */
export const BATCH_LABEL = 'batch';

/**
 * One finding per app, event and field, for as long as the finding is kept: the window is a formality,
 * anchored at the epoch and longer than the finding store's retention, so every batch that carries
 * personal data in the same field lands on the same finding, whose count and lastSeen grow.
 */
const WINDOW_ANCHOR = new Date(0);
const WINDOW_MINUTES = 1000 * 365 * 24 * 60;

/**
 * `telemetry-pii-in-unrestricted-field`: an app sent values that look like personal data in a field the
 * spec does not classify Restricted. Ingest has already redacted them; the finding tells the app team
 * which field to fix (or to reclassify). It names the app, the event and the field, and the kinds found,
 * never a value. One occurrence per field per batch, keyed by the batch's EventBridge id: a redelivered
 * batch lands on the occurrence it made the first time.
 */
export function piiOccurrences(from: BatchSource, outcome: BatchOutcome): Occurrence[] {
  const byField = new Map<string, { event: string; redaction: Redaction; kinds: Set<string>; release: string }>();
  for (const e of outcome.accepted) {
    for (const r of e.redactions) {
      const event = r.location === 'batch' ? BATCH_LABEL : e.name;
      const key = `${outcome.key.app}\n${event}\n${r.field}`;
      const entry = byField.get(key) ?? { event, redaction: r, kinds: new Set(), release: outcome.key.release };
      for (const k of r.kinds) entry.kinds.add(k);
      byField.set(key, entry);
    }
  }
  return [...byField.values()].map(({ event, redaction, kinds, release }) => {
    const app = outcome.key.app;
    const where = `${event}.${redaction.field}`;
    const found = [...kinds].sort().join(', ');
    return {
      detection: PII_IN_UNRESTRICTED_FIELD,
      severity: 'medium',
      title: `Personal data in an unrestricted telemetry field: ${app} ${where}`,
      description:
        `${app} sent values that look like personal data (${found}) in ${where}, a field not classified Restricted. ` +
        'Ingest redacted them before storage; the app should stop sending them, or the spec should classify the field Restricted.',
      subject: app,
      dedupKey: `${app}|${event}|${redaction.field}`,
      mitre: [],
      runbook: `docs/runbooks/${PII_IN_UNRESTRICTED_FIELD}.md`,
      source: from.source,
      account: from.account,
      region: from.region,
      resources: [],
      evidence: {
        app,
        platform: outcome.key.platform,
        release,
        event,
        field: redaction.field,
        location: redaction.location,
        kinds: found,
      },
      windowMinutes: WINDOW_MINUTES,
      windowAnchor: WINDOW_ANCHOR,
      eventId: outcome.envelopeId,
      eventTime: new Date(outcome.receivedAt),
    };
  });
}
