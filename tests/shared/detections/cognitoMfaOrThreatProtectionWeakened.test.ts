import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'cognito-mfa-or-threat-protection-weakened';
const pool = 'arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Vq3Lm8TzR';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const idp = (eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'cognito-idp.amazonaws.com',
    eventName,
    requestParameters: { userPoolId: 'eu-west-1_Vq3Lm8TzR', ...requestParameters },
    ...extra,
  });
const takeover = (high: string, rest = 'BLOCK') => ({
  accountTakeoverRiskConfiguration: {
    actions: {
      lowAction: { notify: true, eventAction: rest },
      mediumAction: { notify: true, eventAction: rest },
      highAction: { notify: true, eventAction: high },
    },
  },
});

describe(ID, () => {
  test.each(['OFF', 'OPTIONAL'])('SetUserPoolMfaConfig to %s raises a high finding on the pool', (mode) => {
    expect(fired(idp('SetUserPoolMfaConfig', { softwareTokenMfaConfiguration: { enabled: true }, mfaConfiguration: mode }))).toMatchObject({
      severity: 'high',
      subject: pool,
      resources: [pool],
      evidence: { weakened: `MFA ${mode}` },
    });
  });

  test('SetUserPoolMfaConfig to ON, and a PascalCase ON, raise nothing; PascalCase OFF fires', () => {
    expect(fired(idp('SetUserPoolMfaConfig', { mfaConfiguration: 'ON' }))).toBeUndefined();
    expect(fired(idp('SetUserPoolMfaConfig', { MfaConfiguration: 'ON' }))).toBeUndefined();
    expect(fired(idp('SetUserPoolMfaConfig', { MfaConfiguration: 'OFF' }))).toBeDefined();
  });

  test('UpdateUserPool lowering MFA or threat protection (OFF, AUDIT) raises; ENFORCED and ON do not', () => {
    expect(fired(idp('UpdateUserPool', { mfaConfiguration: 'OPTIONAL' }))?.evidence.weakened).toBe('MFA OPTIONAL');
    expect(fired(idp('UpdateUserPool', { userPoolAddOns: { advancedSecurityMode: 'AUDIT' } }))?.evidence.weakened).toBe(
      'threat protection AUDIT',
    );
    expect(fired(idp('UpdateUserPool', { userPoolAddOns: { advancedSecurityMode: 'OFF' } }))).toBeDefined();
    expect(fired(idp('UpdateUserPool', { mfaConfiguration: 'ON', userPoolAddOns: { advancedSecurityMode: 'ENFORCED' } }))).toBeUndefined();
  });

  test('SetRiskConfiguration relaxing: NO_ACTION anywhere, high risk only MFA_IF_CONFIGURED, skipped IP ranges', () => {
    const compromised = { compromisedCredentialsRiskConfiguration: { eventFilter: ['SIGN_IN'], actions: { eventAction: 'NO_ACTION' } } };
    expect(fired(idp('SetRiskConfiguration', { clientId: 'abc', ...compromised }))).toMatchObject({ evidence: { clientId: 'abc' } });
    expect(fired(idp('SetRiskConfiguration', takeover('BLOCK', 'NO_ACTION')))?.evidence.weakened).toContain('lowAction: NO_ACTION');
    expect(fired(idp('SetRiskConfiguration', takeover('MFA_IF_CONFIGURED', 'MFA_REQUIRED')))?.evidence.weakened).toBe(
      'account takeover highAction: MFA_IF_CONFIGURED',
    );
    expect(fired(idp('SetRiskConfiguration', { riskExceptionConfiguration: { skippedIPRangeList: ['0.0.0.0/0'] } }))).toBeDefined();
  });

  test('a strict SetRiskConfiguration and blocked IP ranges raise nothing', () => {
    const strict = {
      ...takeover('BLOCK', 'MFA_IF_CONFIGURED'),
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
    };
    expect(fired(idp('SetRiskConfiguration', strict))).toBeUndefined();
    expect(fired(idp('SetRiskConfiguration', { riskExceptionConfiguration: { blockedIPRangeList: ['198.51.100.0/24'] } }))).toBeUndefined();
  });

  test('a failed attempt counts (the row does not say success) and says so', () => {
    const denied = fired(idp('SetUserPoolMfaConfig', { mfaConfiguration: 'OFF' }, { errorCode: 'AccessDeniedException' }));
    expect(denied?.description).toContain('(failed: AccessDeniedException)');
  });
});
