import { z } from 'zod';
import guarddutyFindingsRule from '../../../events/rules/guardduty-findings.json';
import type { GuardDutyFinding, GuardDutyFindingEvent } from '../../../events/schemas/guardduty';
import type { EvidenceValue, Severity } from '../../findings/types';
import type { DetectionDefinition } from '../definition';
import type { DetectionHit } from '../detection';
import type { RelayedDetection } from '../relayed';

/**
 * guardduty-finding: GuardDuty findings relayed as Vigil findings by functions/guardduty-relay. Not a
 * CloudTrail detection, so it is not in the security detector's registry (rules/index.ts) but in
 * relayed.ts. GuardDuty already deduplicates: it re-publishes one finding id with a growing
 * `service.count` and a new `updatedAt`, so the dedup key is the finding id and every update is
 * placed at the finding's `createdAt` (one Vigil finding per GuardDuty finding, whatever the order).
 */
export const GUARDDUTY_FINDING: DetectionDefinition = {
  id: 'guardduty-finding',
  title: 'GuardDuty finding',
  // The floor: the finding's own severity band decides (a stage override of `severity` raises the floor).
  severity: 'low',
  // Per finding, from its type's threat purpose (MITRE_BY_THREAT_PURPOSE).
  mitre: [],
  dedupWindowMinutes: 24 * 60,
};

const score = (fallback: number, what: string) => z.number().min(0).max(10).default(fallback).describe(what);

const GuardDutyFindingParameters = z
  .strictObject({
    criticalAtOrAbove: score(9, 'GuardDuty severity from which a finding is critical (GuardDuty Critical: 9.0-10.0, attack sequences)'),
    highAtOrAbove: score(7, 'GuardDuty severity from which a finding is high (GuardDuty High: 7.0-8.9)'),
    mediumAtOrAbove: score(4, 'GuardDuty severity from which a finding is medium (GuardDuty Medium: 4.0-6.9); below it, low'),
    ignoredTypes: z
      .array(z.string().min(1))
      .default([])
      .describe('Finding types never relayed, exactly as GuardDuty names them (e.g. Policy:IAMUser/RootCredentialUsage)'),
  })
  .refine((p) => p.mediumAtOrAbove <= p.highAtOrAbove && p.highAtOrAbove <= p.criticalAtOrAbove, {
    message: 'the bands must be ordered: mediumAtOrAbove <= highAtOrAbove <= criticalAtOrAbove',
  });

export type GuardDutyFindingParams = z.infer<typeof GuardDutyFindingParameters>;

/**
 * MITRE ATT&CK tactics of GuardDuty's threat purposes (the finding type's prefix) where they name one;
 * Backdoor findings are an instance talking to command and control, CryptoCurrency ones resource
 * hijacking. Behavior, Policy, PenTest, Trojan, UnauthorizedAccess and AttackSequence name no one tactic.
 */
const MITRE_BY_THREAT_PURPOSE: Readonly<Record<string, readonly string[]>> = {
  Backdoor: ['TA0011'],
  CredentialAccess: ['TA0006'],
  CryptoCurrency: ['T1496'],
  DefenseEvasion: ['TA0005'],
  Discovery: ['TA0007'],
  Execution: ['TA0002'],
  Exfiltration: ['TA0010'],
  Impact: ['TA0040'],
  InitialAccess: ['TA0001'],
  Persistence: ['TA0003'],
  PrivilegeEscalation: ['TA0004'],
  Recon: ['TA0043'],
  Stealth: ['TA0005'],
};

/** The parts of a finding type: `ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact`. */
export function threatPurposeOf(type: string): string {
  const colon = type.indexOf(':');
  return colon > 0 ? type.slice(0, colon) : type;
}

/** A GuardDuty severity score in Vigil's scale, by the configured bands. */
export function severityOfScore(score: number, params: GuardDutyFindingParams): Severity {
  if (score >= params.criticalAtOrAbove) return 'critical';
  if (score >= params.highAtOrAbove) return 'high';
  if (score >= params.mediumAtOrAbove) return 'medium';
  return 'low';
}

/** Sample findings (CreateSampleFindings, or the console's "Generate sample findings") say so as `true` or `"true"`. */
export function isSampleFinding(finding: GuardDutyFinding): boolean {
  const sample = finding.service.additionalInfo?.sample;
  return sample === true || (typeof sample === 'string' && sample.trim().toLowerCase() === 'true');
}

/** What the relay makes of one "GuardDuty Finding" event. */
export type GuardDutyDecision =
  | { relay: false; reason: 'sample' | 'ignored-type' }
  | {
      relay: true;
      hit: DetectionHit & { severity: Severity };
      mitre: string[];
      /** Where the occurrence is placed: the finding's activity span, and the anchor of its dedup window. */
      eventTime: Date;
      firstSeen: Date;
      windowAnchor: Date;
    };

/** The pure decision: skip, or the hit the relay records (finding store) and announces. */
export function decideGuardDutyFinding(event: GuardDutyFindingEvent, params: GuardDutyFindingParams): GuardDutyDecision {
  const finding = event.detail;
  if (isSampleFinding(finding)) return { relay: false, reason: 'sample' };
  if (params.ignoredTypes.includes(finding.type)) return { relay: false, reason: 'ignored-type' };
  const severity = severityOfScore(finding.severity, params);
  const subject = subjectOf(finding);
  return {
    relay: true,
    hit: {
      subject,
      dedupKey: `${finding.accountId}:${finding.region}:${finding.id}`,
      description:
        `GuardDuty ${finding.type} (severity ${finding.severity}, ${severity}) on ${subject} in account ` +
        `${finding.accountId}, ${finding.region}: ${finding.description ?? finding.title}`,
      severity,
      resources: [finding.arn],
      evidence: evidenceOf(finding),
    },
    mitre: [...(MITRE_BY_THREAT_PURPOSE[threatPurposeOf(finding.type)] ?? [])],
    // The activity's own times when GuardDuty gives them (they grow with each update), else the finding's.
    eventTime: new Date(validTime(finding.service.eventLastSeen) ?? finding.updatedAt),
    firstSeen: new Date(validTime(finding.service.eventFirstSeen) ?? finding.createdAt),
    windowAnchor: new Date(finding.createdAt),
  };
}

function validTime(value: string | undefined): string | undefined {
  return value !== undefined && Number.isFinite(Date.parse(value)) ? value : undefined;
}

type Json = Record<string, unknown>;

const objectAt = (value: unknown, key: string): Json | undefined => {
  const inner = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Json) : undefined;
};

const stringAt = (value: Json | undefined, key: string): string | undefined => {
  const inner = value?.[key];
  return typeof inner === 'string' && inner.length > 0 ? inner : undefined;
};

/** The first element of an array-valued detail (s3BucketDetails), as an object. */
const firstOf = (value: Json | undefined, key: string): Json | undefined => {
  const inner = value?.[key];
  const first = Array.isArray(inner) ? inner[0] : undefined;
  return typeof first === 'object' && first !== null ? (first as Json) : undefined;
};

/** What the finding is about, per resource type: the principal, instance, bucket, cluster, database or function. */
function subjectOf(finding: GuardDutyFinding): string {
  const resource = finding.resource as Json;
  const key = objectAt(resource, 'accessKeyDetails');
  const candidates = [
    stringAt(key, 'userName'),
    stringAt(key, 'principalId'),
    stringAt(key, 'accessKeyId'),
    stringAt(objectAt(resource, 'instanceDetails'), 'instanceId'),
    stringAt(firstOf(resource, 's3BucketDetails'), 'name'),
    stringAt(objectAt(resource, 'eksClusterDetails'), 'name'),
    stringAt(objectAt(resource, 'ecsClusterDetails'), 'name'),
    stringAt(objectAt(resource, 'rdsDbInstanceDetails'), 'dbInstanceIdentifier'),
    stringAt(objectAt(resource, 'lambdaDetails'), 'functionName'),
  ];
  return candidates.find((c) => c !== undefined) ?? finding.resource.resourceType;
}

/** The action's remote party, whatever the action type (API call, network connection, port probe, DNS, login). */
function remoteOf(action: Json | undefined): Json | undefined {
  for (const kind of ['awsApiCallAction', 'networkConnectionAction', 'kubernetesApiCallAction', 'rdsLoginAttemptAction']) {
    const remote = objectAt(objectAt(action, kind), 'remoteIpDetails');
    if (remote) return remote;
  }
  return objectAt(firstOf(objectAt(action, 'portProbeAction'), 'portProbeDetails'), 'remoteIpDetails');
}

/** Scalars an on-call engineer triages with (docs/runbooks/guardduty-finding.md). */
function evidenceOf(finding: GuardDutyFinding): Record<string, EvidenceValue> {
  const action = finding.service.action as Json | undefined;
  const api = objectAt(action, 'awsApiCallAction');
  const remote = remoteOf(action);
  const key = objectAt(finding.resource as Json, 'accessKeyDetails');
  return {
    guardDutyId: finding.id,
    type: finding.type,
    guardDutySeverity: finding.severity,
    // GuardDuty's own count of the activity: it grows with each update of the finding.
    guardDutyCount: finding.service.count ?? null,
    resourceType: finding.resource.resourceType,
    actionType: finding.service.action?.actionType ?? null,
    api: stringAt(api, 'api') ?? null,
    accessKeyId: stringAt(key, 'accessKeyId') ?? null,
    remoteIp: stringAt(remote, 'ipAddressV4') ?? stringAt(remote, 'ipAddressV6') ?? null,
    remoteCountry: stringAt(objectAt(remote, 'country'), 'countryCode') ?? null,
    remoteOrganization: stringAt(objectAt(remote, 'organization'), 'asnOrg') ?? null,
    createdAt: finding.createdAt,
    updatedAt: finding.updatedAt,
    archived: finding.service.archived ?? null,
  };
}

/** The relayed detection: the definition, its stage-tunable parameters, and where its events come from. */
export const guarddutyFinding: RelayedDetection<GuardDutyFindingParams> = {
  definition: GUARDDUTY_FINDING,
  parameters: GuardDutyFindingParameters,
  source: {
    rule: guarddutyFindingsRule.name,
    pattern: guarddutyFindingsRule.pattern,
    function: 'guardduty-relay',
    severity: "the finding's GuardDuty severity, by the bands below (a stage `severity` override is a floor)",
    mitre: "from the finding type's threat purpose (e.g. Exfiltration: TA0010)",
    dedup: "one finding per GuardDuty finding id, its window placed at the finding's createdAt: updates grow it",
  },
};
