import { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricTally } from '../../../functions/wiring/MetricTally';
import {
  DETECTIONS,
  DetectionEngine,
  SecurityMetrics,
  consoleSignInOf,
  isLoggingTamper,
  isRootActivity,
  type CloudTrailEnvelope,
} from '../../../shared/detections';
import type { Finding } from '../../../shared/findings';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';

const ssoLogin = () =>
  cloudTrailCaptured('console-login-iam-user-no-mfa', {
    detail: {
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_SecurityAudit_3f1a9c2b7d4e6f80/dana.ops',
        userName: undefined,
      },
    },
  });
const samlLogin = () =>
  cloudTrailCaptured('console-login-iam-user-no-mfa', {
    detail: { additionalEventData: { SamlProviderArn: 'arn:aws:iam::111122223333:saml-provider/corp-idp', MFAUsed: 'No' } },
  });
const mfaSession = () =>
  cloudTrailCaptured('console-login-iam-user-no-mfa', {
    detail: { userIdentity: { sessionContext: { attributes: { mfaAuthenticated: 'true', creationDate: '2026-11-20T09:00:00Z' } } } },
  });

describe('what a console sign-in counts as', () => {
  test.each([
    ['console-login-iam-user-mfa', 'mfa'],
    ['console-login-iam-user-no-mfa', 'without-mfa'],
    ['console-login-root-success', 'without-mfa'],
    ['console-login-failure', undefined],
    ['stop-logging', undefined],
  ])('%s: %s', (variant, expected) => {
    expect(consoleSignInOf(cloudTrailCaptured(variant).detail)).toBe(expected);
  });

  test('SSO and SAML sign-ins are federated (MFA at the identity provider); an MFA session is MFA', () => {
    expect(consoleSignInOf(ssoLogin().detail)).toBe('federated');
    expect(consoleSignInOf(samlLogin().detail)).toBe('federated');
    expect(consoleSignInOf(mfaSession().detail)).toBe('mfa');
  });
});

test('root activity is what root did itself: not an AWS service acting for it', () => {
  expect(isRootActivity(cloudTrailCaptured('console-login-root-success'))).toBe(true);
  const rootCall = cloudTrailCaptured('get-caller-identity', {
    detail: { userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', userName: undefined } },
  });
  expect(isRootActivity(rootCall)).toBe(true);
  expect(
    isRootActivity(
      cloudTrailCaptured('get-caller-identity', { detail: { userIdentity: { type: 'Root', invokedBy: 'support.amazonaws.com' } } }),
    ),
  ).toBe(false);
  expect(isRootActivity(cloudTrailCaptured('get-caller-identity'))).toBe(false);
});

test('logging tamper: the detections of impaired logging and monitoring, not an opened firewall or other defence evasion', () => {
  const tamper = DETECTIONS.filter((d) => isLoggingTamper(d.definition)).map((d) => d.definition.id);
  expect(tamper).toEqual(
    expect.arrayContaining([
      'cloudtrail-stopped-or-deleted',
      'cloudtrail-tamper-attempt',
      'cloudtrail-selectors-weakened',
      'guardduty-disabled-or-blinded',
      'config-recorder-stopped',
      'vpc-flow-or-dns-logs-deleted',
      'securityhub-macie-findings-evasion',
      'model-monitoring-disabled',
      'leave-organization',
    ]),
  );
  for (const id of ['security-group-opened-to-world', 'ebs-default-encryption-disabled', 'mfa-device-removed', 'root-account-usage']) {
    expect(tamper).not.toContain(id);
  }
});

describe('the tally a batch leaves', () => {
  const engine = new DetectionEngine(DETECTIONS);
  const finding = (detection: string, severity: Finding['severity']) => ({ detection, severity });

  function tallyOf(events: readonly CloudTrailEnvelope[], opened: Array<Pick<Finding, 'detection' | 'severity'>> = []) {
    const tally = new MetricTally();
    const metrics = new SecurityMetrics(tally);
    for (const event of events) {
      metrics.event(event);
      metrics.occurrences(engine.evaluate(event));
    }
    metrics.opened(opened);
    return tally.snapshot();
  }

  test('console logins and the MFA share, root activity, tamper events, findings per detection and severity', () => {
    const stop = cloudTrailCaptured('stop-logging');
    const denied = cloudTrailCaptured('delete-trail-access-denied');
    const events = [
      cloudTrailCaptured('console-login-iam-user-mfa'),
      cloudTrailCaptured('console-login-iam-user-mfa', { id: 'mfa-2' }),
      cloudTrailCaptured('console-login-iam-user-no-mfa'),
      cloudTrailCaptured('console-login-root-success'),
      cloudTrailCaptured('console-login-failure'),
      ssoLogin(),
      stop,
      denied,
      cloudTrailCaptured('get-caller-identity'),
    ];
    expect(
      tallyOf(events, [
        finding('cloudtrail-stopped-or-deleted', 'critical'),
        finding('console-login-without-mfa', 'high'),
        finding('console-login-without-mfa', 'high'),
        finding('root-console-login', 'high'),
      ]),
    ).toEqual({
      ConsoleLogins: 5,
      ConsoleLoginsWithMfa: 2,
      ConsoleLoginsFederated: 1,
      RootActivity: 1,
      // StopLogging (cloudtrail-stopped-or-deleted) and the denied DeleteTrail (cloudtrail-tamper-attempt).
      LoggingTamperEvents: 2,
      FindingsOpened: 4,
      'FindingsOpened{detection=cloudtrail-stopped-or-deleted,severity=critical}': 1,
      'FindingsOpened{detection=console-login-without-mfa,severity=high}': 2,
      'FindingsOpened{detection=root-console-login,severity=high}': 1,
    });
  });

  test('an event two tamper detections raise is one tamper event; routine traffic counts nothing', () => {
    const stop = cloudTrailCaptured('stop-logging');
    const tally = new MetricTally();
    const metrics = new SecurityMetrics(tally);
    const twice = engine.evaluate(stop);
    metrics.occurrences([...twice, ...twice.map((o) => ({ ...o, detection: 'another-tamper-detection' }))]);
    expect(tally.snapshot()).toEqual({ LoggingTamperEvents: 1 });
    expect(tallyOf([cloudTrailCaptured('get-caller-identity'), cloudTrailCaptured('console-login-failure')])).toEqual({});
  });

  test('as EMF: the counts in the function blob, one blob per detection and severity, no user, IP or ARN as dimension', () => {
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    const emitted: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void emitted.push(line));
    try {
      const powertools = new Metrics({ namespace: 'Vigil', serviceName: 'security-detector', defaultDimensions: { stage: 'test' } });
      const tally = new MetricTally();
      const metrics = new SecurityMetrics(tally);
      const events = [cloudTrailCaptured('console-login-root-success'), cloudTrailCaptured('console-login-iam-user-mfa')];
      for (const event of events) metrics.event(event);
      metrics.opened([finding('root-console-login', 'high'), finding('console-login-without-mfa', 'high')]);
      tally.publishTo(powertools);
      powertools.publishStoredMetrics();
      const blobs = emitted.map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: unknown[] } });
      const dimensionSets = blobs.flatMap((b) =>
        (b._aws.CloudWatchMetrics as Array<{ Dimensions: string[][] }>).flatMap((m) => m.Dimensions),
      );
      expect(dimensionSets).toEqual(
        expect.arrayContaining([
          ['service', 'stage'],
          ['service', 'stage', 'detection', 'severity'],
        ]),
      );
      expect(new Set(dimensionSets.flat())).toEqual(new Set(['service', 'stage', 'detection', 'severity']));
      const main = blobs.find((b) => 'ConsoleLogins' in b);
      expect(main).toMatchObject({ ConsoleLogins: 2, ConsoleLoginsWithMfa: 1, RootActivity: 1, FindingsOpened: 2 });
      expect(blobs.filter((b) => b.detection !== undefined).map((b) => [b.detection, b.severity, b.FindingsOpened])).toEqual([
        ['root-console-login', 'high', 1],
        ['console-login-without-mfa', 'high', 1],
      ]);
      // Nothing that names a principal or an address anywhere in the blobs.
      const text = emitted.join('\n');
      for (const restricted of ['arn:aws', '203.0.113.45', 'dana.ops', 'root@']) expect(text).not.toContain(restricted);
    } finally {
      log.mockRestore();
      process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    }
  });
});
