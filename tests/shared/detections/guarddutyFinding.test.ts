import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DETECTIONS,
  RELAYED_DETECTIONS,
  TUNABLE_DETECTIONS,
  configureRelay,
  guarddutyFinding,
  parseDetectionOverrides,
  runbookFor,
  type GuardDutyFindingParams,
} from '../../../shared/detections';
import { DETECTIONS_DOC, renderDetectionsMarkdown } from '../../../shared/detections/docs';
import { decideGuardDutyFinding, isSampleFinding, severityOfScore } from '../../../shared/detections/rules/guarddutyFinding';
import { capturedVariants, guardDutyEvent } from '../../helpers/capturedEvent';

const defaults = guarddutyFinding.parameters.parse({}) as GuardDutyFindingParams;
const decide = (variant: string, overrides: Parameters<typeof guardDutyEvent>[1] = {}, params = defaults) =>
  decideGuardDutyFinding(guardDutyEvent(variant, overrides), params);
const relayed = (variant: string, overrides: Parameters<typeof guardDutyEvent>[1] = {}) => {
  const decision = decide(variant, overrides);
  if (!decision.relay) throw new Error(`${variant} was skipped (${decision.reason})`);
  return decision;
};

describe('guardduty-finding: severity bands', () => {
  test.each([
    [10, 'critical'],
    [9, 'critical'],
    [8.9, 'high'],
    [7, 'high'],
    [6.9, 'medium'],
    [4, 'medium'],
    [3.9, 'low'],
    [1, 'low'],
  ])('GuardDuty severity %s is %s', (score, severity) => {
    expect(severityOfScore(score, defaults)).toBe(severity);
  });

  test('each captured finding type gets the band of its own severity', () => {
    const bands = Object.fromEntries(
      capturedVariants('guardduty')
        .filter((v) => v !== 'sample-finding')
        .map((v) => [v, relayed(v).hit.severity]),
    );
    expect(bands).toEqual({
      'attack-sequence-compromised-credentials': 'critical', // 9.2
      'cloudtrail-logging-disabled': 'low', // 2
      'crypto-currency-bitcoin-tool-dns': 'high', // 8
      'discovery-anomalous-behavior': 'medium', // 5
      'ec2-ssh-brute-force': 'low', // 2
      'instance-credential-exfiltration-outside-aws': 'high', // 8
      'instance-credential-exfiltration-outside-aws-update': 'high',
      's3-exfiltration-anomalous-behavior': 'high', // 8
    });
  });

  test('a stage moves the bands; bands out of order are refused at cold start', () => {
    const overrides = parseDetectionOverrides(
      { 'guardduty-finding': { parameters: { highAtOrAbove: 8.5, criticalAtOrAbove: 9.5 } } },
      TUNABLE_DETECTIONS,
    );
    const configured = configureRelay(guarddutyFinding, overrides);
    expect(decideGuardDutyFinding(guardDutyEvent('crypto-currency-bitcoin-tool-dns'), configured.params)).toMatchObject({
      relay: true,
      hit: { severity: 'medium' },
    });
    expect(() =>
      parseDetectionOverrides({ 'guardduty-finding': { parameters: { mediumAtOrAbove: 8, highAtOrAbove: 7 } } }, TUNABLE_DETECTIONS),
    ).toThrow(/guardduty-finding\.parameters: the bands must be ordered/);
    expect(() => parseDetectionOverrides({ 'guardduty-finding': { parameters: { highAt: 8 } } }, TUNABLE_DETECTIONS)).toThrow(
      /guardduty-finding\.parameters/,
    );
  });
});

describe('guardduty-finding: sample findings', () => {
  test('the captured sample (sample: true) is skipped, a real finding of the same shape is not', () => {
    expect(decide('sample-finding')).toEqual({ relay: false, reason: 'sample' });
    expect(decide('sample-finding', { detail: { service: { additionalInfo: { sample: false } } } })).toMatchObject({ relay: true });
    expect(decide('sample-finding', { detail: { service: { additionalInfo: null } } })).toMatchObject({ relay: true });
  });

  test('the string "true" is a sample too (any case); other strings are not', () => {
    for (const sample of ['true', 'TRUE', ' True ']) {
      expect(decide('instance-credential-exfiltration-outside-aws', { detail: { service: { additionalInfo: { sample } } } })).toEqual({
        relay: false,
        reason: 'sample',
      });
    }
    for (const sample of ['false', 'yes', '']) {
      expect(isSampleFinding(guardDutyEvent('sample-finding', { detail: { service: { additionalInfo: { sample } } } }).detail)).toBe(false);
    }
  });
});

describe('guardduty-finding: what the finding says', () => {
  test('instance credentials used outside AWS: the role as subject, the remote IP and the count as evidence', () => {
    const decision = relayed('instance-credential-exfiltration-outside-aws');
    expect(decision.hit).toMatchObject({
      subject: 'report-worker-role',
      dedupKey: '111122223333:eu-west-1:2147d484f20a668e07d39d41838d5e2c',
      resources: [
        'arn:aws:guardduty:eu-west-1:111122223333:detector/69486508859c831ea0875be59b4d4477/finding/2147d484f20a668e07d39d41838d5e2c',
      ],
      evidence: {
        type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
        guardDutySeverity: 8,
        guardDutyCount: 4,
        api: 'ListObjectsV2',
        remoteIp: '203.0.113.200',
        remoteCountry: 'NL',
        accessKeyId: 'ASIA6OIHB2ILRMFZSUBX',
      },
    });
    expect(decision.hit.description).toContain('used from external IP address 203.0.113.200');
    // The activity's span, and the window anchored at creation.
    expect(decision.firstSeen.toISOString()).toBe('2026-11-20T12:41:09.000Z');
    expect(decision.eventTime.toISOString()).toBe('2026-11-20T12:52:33.000Z');
    expect(decision.windowAnchor.toISOString()).toBe('2026-11-20T12:49:17.512Z');
  });

  test('an update keeps the dedup key and the window anchor; its span and count grow', () => {
    const first = relayed('instance-credential-exfiltration-outside-aws');
    const update = relayed('instance-credential-exfiltration-outside-aws-update');
    expect(update.hit.dedupKey).toBe(first.hit.dedupKey);
    expect(update.windowAnchor).toEqual(first.windowAnchor);
    expect(update.eventTime.getTime()).toBeGreaterThan(first.eventTime.getTime());
    expect(update.hit.evidence.guardDutyCount).toBe(9);
  });

  test('subjects per resource type: instance, bucket, access key; MITRE from the threat purpose', () => {
    const subject = (v: string) => [relayed(v).hit.subject, relayed(v).mitre];
    expect(subject('crypto-currency-bitcoin-tool-dns')).toEqual(['i-0a7d3c91e4b25f806', ['T1496']]);
    expect(subject('ec2-ssh-brute-force')).toEqual(['i-04be2d71c9a3f5e18', []]);
    expect(subject('s3-exfiltration-anomalous-behavior')).toEqual(['j.moreau', ['TA0010']]);
    expect(subject('discovery-anomalous-behavior')).toEqual(['j.moreau', ['TA0007']]);
    expect(subject('cloudtrail-logging-disabled')).toEqual(['j.moreau', ['TA0005']]);
    expect(subject('attack-sequence-compromised-credentials')).toEqual(['j.moreau', []]);
    const bucketOnly = decide('s3-exfiltration-anomalous-behavior', { detail: { resource: { accessKeyDetails: undefined } } });
    expect(bucketOnly).toMatchObject({ relay: true, hit: { subject: 'vigil-exports-111122223333' } });
    expect(relayed('ec2-ssh-brute-force').hit.evidence).toMatchObject({ remoteIp: '192.0.2.201', actionType: 'NETWORK_CONNECTION' });
  });

  test('different findings of one resource are different dedup keys', () => {
    expect(relayed('s3-exfiltration-anomalous-behavior').hit.dedupKey).not.toBe(relayed('discovery-anomalous-behavior').hit.dedupKey);
  });

  test('ignoredTypes drops a type exactly as named, and nothing else', () => {
    const params = { ...defaults, ignoredTypes: ['UnauthorizedAccess:EC2/SSHBruteForce'] };
    expect(decide('ec2-ssh-brute-force', {}, params)).toEqual({ relay: false, reason: 'ignored-type' });
    expect(decide('crypto-currency-bitcoin-tool-dns', {}, params)).toMatchObject({ relay: true });
  });
});

describe('guardduty-finding: catalogue', () => {
  const root = join(__dirname, '..', '..', '..');

  test('it is relayed, not registered: the security detector never runs it', () => {
    expect(RELAYED_DETECTIONS.map((d) => d.definition.id)).toContain('guardduty-finding');
    expect(DETECTIONS.map((d) => d.definition.id)).not.toContain('guardduty-finding');
  });

  test('its runbook exists and docs/detections.md lists it, with its parameters', () => {
    expect(existsSync(join(root, runbookFor('guardduty-finding')))).toBe(true);
    const committed = readFileSync(join(root, DETECTIONS_DOC), 'utf8');
    expect(committed).toContain('| `guardduty-finding` | GuardDuty finding | from the finding |');
    expect(committed).toContain('## guardduty-finding');
    expect(committed).toContain('| `criticalAtOrAbove` | `9` |');
    expect(renderDetectionsMarkdown(DETECTIONS, [])).not.toContain('guardduty-finding');
  });

  test("a stage's overrides for it pass every function's cold-start check, a typo in its id does not", () => {
    expect(() => parseDetectionOverrides({ 'guardduty-finding': { enabled: false } }, TUNABLE_DETECTIONS)).not.toThrow();
    expect(() => parseDetectionOverrides({ 'guardduty-findings': { enabled: false } }, TUNABLE_DETECTIONS)).toThrow(
      /unknown detection\(s\): guardduty-findings/,
    );
  });
});
