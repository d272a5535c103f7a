import { AuditClassifier, type AuditEntry, type EntryContext, partitionOf, Pseudonymizer, toAuditEntry } from '../../../shared/audit';
import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { OPS_ADMIN_SESSION } from './events';

/** Entry-building context for tests (not a test file): a fixed pseudonym key, a seal that marks but does not encrypt. */
export const TEST_KEY = 'test-pseudonym-key-0123456789abcdef-0123';
export const testContext = (overrides: Partial<EntryContext> = {}): EntryContext => ({
  pseudonymizer: new Pseudonymizer(TEST_KEY),
  seal: async (plaintext, eventId) => Buffer.from(`sealed(${eventId}):${plaintext.length}`).toString('base64'),
  retentionDays: 30,
  now: () => new Date('2026-11-20T12:00:00.000Z'),
  ...overrides,
});

const classifier = new AuditClassifier();

export async function entryOf(event: CloudTrailEnvelope, context: EntryContext = testContext()): Promise<AuditEntry> {
  const classification = classifier.classify(event);
  if (!classification) throw new Error(`${event.detail.eventName} is not an audit event`);
  return toAuditEntry(event, classification, context);
}

/** `n` audit entries (StopLogging by ops-admin on trail t<i>), one minute apart from 10:00. */
export async function entries(n: number, prefix = 'evt'): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    const time = new Date(Date.parse('2026-11-20T10:00:00Z') + i * 60_000).toISOString().replace('.000Z', 'Z');
    const event = cloudTrailEvent(
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        eventTime: time,
        userIdentity: OPS_ADMIN_SESSION,
        readOnly: false,
        requestParameters: { name: `t${i}` },
      },
      { id: `${prefix}-${i}` },
    );
    out.push(await entryOf(event));
  }
  return out;
}

export const PARTITION = '111122223333/eu-west-1/2026-11-20/0';
export const placed = (list: readonly AuditEntry[], partition = PARTITION) => list.map((entry) => ({ entry, partition }));
export const placedByShard = (list: readonly AuditEntry[], shards: number) =>
  list.map((entry) => ({ entry, partition: partitionOf(entry, shards) }));
