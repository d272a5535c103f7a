import type { EvidenceValue } from '../../findings/types';
import { actorOf, succeeded, type CloudTrailEnvelope, type CloudTrailRecord } from '../cloudTrailRecord';

/** The account the call was made in: the record's recipient account, else the envelope's. */
export function accountOf(event: CloudTrailEnvelope): string {
  return event.detail.recipientAccountId ?? event.account;
}

/** A request or response value as a non-empty string, or undefined (CloudTrail writes ids as strings, sometimes as {content}). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (value && typeof value === 'object' && 'content' in value) return text((value as { content: unknown }).content);
  return undefined;
}

/** A flag that CloudTrail may record as a boolean or as its string spelling. */
export function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.toLowerCase() === 'false');
}

/** Case-insensitive comparison of an enum value (ARCHIVE, Archive, archive are one action). */
export function sameWord(value: unknown, word: string): boolean {
  return typeof value === 'string' && value.toLowerCase() === word.toLowerCase();
}

/**
 * Rows of the catalogue that do not say "success" count attempts too: the description says which one
 * it was, so the on-call engineer sees at once whether the change took effect.
 */
export function outcomeOf(record: CloudTrailRecord): string {
  return succeeded(record) ? 'succeeded' : `failed with ${record.errorCode ?? 'an error'}`;
}

/**
 * actorOf, tolerating a record without userIdentity: the schema requires one, but records built
 * elsewhere (hand-written replays, conformance data) may omit it, and a detection must not throw on them.
 */
export function actorName(record: CloudTrailRecord): string {
  return record.userIdentity ? actorOf(record) : 'unknown-actor';
}

/** What every finding of this group records about the call: who, from where, with what, and whether it worked. */
export function callEvidence(record: CloudTrailRecord): Record<string, EvidenceValue> {
  return {
    eventName: record.eventName,
    actor: actorName(record),
    actorType: record.userIdentity?.type ?? null,
    sourceIPAddress: record.sourceIPAddress ?? null,
    userAgent: record.userAgent ?? null,
    succeeded: succeeded(record),
    errorCode: record.errorCode ?? null,
  };
}
