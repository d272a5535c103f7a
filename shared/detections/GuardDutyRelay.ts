import type { GuardDutyFindingEvent } from '../../events/schemas/guardduty';
import type { FindingPublisher } from '../findings/FindingPublisher';
import { FindingRecorder } from '../findings/FindingRecorder';
import type { FindingStore } from '../findings/FindingStore';
import type { Occurrence } from '../findings/occurrence';
import { moreSevere } from '../findings/severity';
import type { Finding } from '../findings/types';
import type { RetryDeadline } from '../retry';
import { runbookFor } from './definition';
import type { ConfiguredRelay } from './relayed';
import { decideGuardDutyFinding, type GuardDutyDecision, type GuardDutyFindingParams } from './rules/guarddutyFinding';

/** What became of one "GuardDuty Finding" event. */
export type RelayOutcome =
  | { status: 'skipped'; reason: 'sample' | 'ignored-type' | 'disabled' }
  | {
      /** `opened`: the event opened the Vigil finding (and announced it); `updated`: it was folded into it. */
      status: 'opened' | 'updated';
      findingId: string;
      detection: string;
      severity: Finding['severity'];
    };

/**
 * GuardDuty findings as Vigil findings: one Vigil finding per GuardDuty finding id. An update (the
 * same id re-published, `service.count` grown) grows that finding's count and lastSeen in the
 * finding store and is never announced again; the router only ever sees the first publication that
 * reached the store, whatever the delivery order, and a redelivered event changes nothing.
 */
export class GuardDutyRelay {
  private readonly recorder: FindingRecorder;

  constructor(
    private readonly configured: ConfiguredRelay<GuardDutyFindingParams>,
    store: FindingStore,
    publisher: FindingPublisher,
  ) {
    this.recorder = new FindingRecorder(store, publisher);
  }

  /** Pure: whether the event is relayed at all (skipped ones need no bookkeeping). */
  decide(event: GuardDutyFindingEvent): GuardDutyDecision | { relay: false; reason: 'disabled' } {
    if (!this.configured.enabled) return { relay: false, reason: 'disabled' };
    return decideGuardDutyFinding(event, this.configured.params);
  }

  /** `deadline` bounds the retries of the finding write and of the announcement (shared/retry). */
  async relay(event: GuardDutyFindingEvent, deadline: RetryDeadline = {}): Promise<RelayOutcome> {
    const decision = this.decide(event);
    if (!decision.relay) return { status: 'skipped', reason: decision.reason };
    // Announced when it opens, and again when GuardDuty's updates grew it (FindingRecorder).
    const { finding, unannounced } = await this.recorder.recordOne(this.occurrenceOf(event, decision), deadline);
    return { status: unannounced ? 'opened' : 'updated', findingId: finding.id, detection: finding.detection, severity: finding.severity };
  }

  private occurrenceOf(event: GuardDutyFindingEvent, decision: Extract<GuardDutyDecision, { relay: true }>): Occurrence {
    const { detection, severity, dedupWindowMinutes } = this.configured;
    const finding = event.detail;
    const { hit } = decision;
    return {
      detection: detection.definition.id,
      severity: moreSevere(severity, hit.severity),
      title: `GuardDuty: ${finding.type}`,
      description: hit.description,
      subject: hit.subject,
      dedupKey: hit.dedupKey,
      windowMinutes: dedupWindowMinutes,
      mitre: decision.mitre,
      runbook: runbookFor(detection.definition.id),
      source: event.source,
      account: finding.accountId,
      region: finding.region,
      resources: hit.resources,
      evidence: hit.evidence,
      eventId: event.id,
      eventTime: decision.eventTime,
      firstSeen: decision.firstSeen,
      windowAnchor: decision.windowAnchor,
    };
  }
}
