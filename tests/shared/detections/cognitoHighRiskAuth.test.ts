import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cognitoAuthEvent } from '../../helpers/capturedEvent';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { bridgedEvent } from '../../helpers/logSubscription';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'cognito-high-risk-auth';
const POOL = 'eu-west-1_Vq3Lm8TzR';
const POOL_ARN = 'arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Vq3Lm8TzR';
type AuthEvent = ReturnType<typeof cognitoAuthEvent>;
const detectionsOn = (event: AuthEvent, on = engine) => on.evaluate(event).map((o) => o.detection);
const fired = (event: AuthEvent, on = engine) => on.evaluate(event).find((o) => o.detection === ID);
/** The low-risk capture re-rated: what threat protection would have written for a riskier attempt. */
const rated = (riskLevel: string, compromisedCredentialsDetected = false) =>
  cognitoAuthEvent('sign-in-low-risk', { detail: { additionalEventData: { riskLevel, compromisedCredentialsDetected } } });

describe(ID, () => {
  test('a High-risk sign-in (blocked as an account takeover) raises one high finding on that user, and nothing else fires', () => {
    const event = cognitoAuthEvent('sign-in-high-risk');
    expect(detectionsOn(event)).toEqual([ID]);
    expect(fired(event)).toMatchObject({
      severity: 'high',
      mitre: ['T1078'],
      subject: `${POOL}:f838a16f-0743-4a83-900d-1d3d7e9b7a99`,
      dedupKey: `111122223333:${POOL}:f838a16f-0743-4a83-900d-1d3d7e9b7a99`,
      resources: [POOL_ARN],
      source: 'vigil.cognito',
      account: '111122223333',
      region: 'eu-west-1',
      eventTime: new Date('2026-11-20T10:21:24.617Z'),
      runbook: `docs/runbooks/${ID}.md`,
      evidence: {
        eventName: 'SignIn',
        riskLevel: 'High',
        riskDecision: 'AccountTakeover',
        compromisedCredentialsDetected: false,
        eventResponse: 'Fail',
        challenges: 'Password:Failure',
        sourceIPAddress: '198.51.100.91',
        country: 'United States',
        clientId: '6f1q2r8d3kvb0hj5s7tmn4pwla',
      },
    });
  });

  test('the low-risk sign-in of the same capture raises nothing at all', () => {
    expect(detectionsOn(cognitoAuthEvent('sign-in-low-risk'))).toEqual([]);
  });

  test('Low or Medium risk without compromised credentials raises nothing; High does, whatever the response', () => {
    expect(fired(rated('Low'))).toBeUndefined();
    expect(fired(rated('Medium'))).toBeUndefined();
    expect(fired(rated('High'))).toBeDefined();
    const passed = cognitoAuthEvent('sign-in-high-risk', { detail: { additionalEventData: { eventResponse: 'Pass', challenges: [] } } });
    expect(fired(passed)?.evidence).toMatchObject({ eventResponse: 'Pass', challenges: null });
  });

  test('compromised credentials fire at any risk level (the capture: Medium, blocked)', () => {
    const event = cognitoAuthEvent('sign-in-compromised-credentials');
    expect(fired(event)).toMatchObject({
      subject: `${POOL}:06244738-10bd-4e26-834a-57d2aaa6df20`,
      evidence: { riskLevel: 'Medium', riskDecision: 'Block', compromisedCredentialsDetected: true },
    });
    expect(fired(rated('Low', true))).toBeDefined();
  });

  test('an event naming no user is grouped by its address', () => {
    const anonymous = cognitoAuthEvent('sign-in-high-risk', {
      detail: { userIdentity: { principalId: undefined }, additionalEventData: { sub: undefined } },
    });
    expect(fired(anonymous)).toMatchObject({ subject: `${POOL}:ip:198.51.100.91`, evidence: { sub: null } });
  });

  test('the parameters: Medium added to the levels fires on Medium; compromisedCredentials off ignores the flag', () => {
    const strict = new DetectionEngine(DETECTIONS, { [ID]: { parameters: { riskLevels: ['Medium', 'High'] } } });
    expect(fired(rated('Medium'), strict)).toBeDefined();
    expect(fired(rated('Low'), strict)).toBeUndefined();
    const flagOff = new DetectionEngine(DETECTIONS, { [ID]: { parameters: { compromisedCredentials: false } } });
    expect(fired(cognitoAuthEvent('sign-in-compromised-credentials'), flagOff)).toBeUndefined();
    expect(fired(cognitoAuthEvent('sign-in-high-risk'), flagOff)).toBeDefined();
    expect(() => new DetectionEngine(DETECTIONS, { [ID]: { parameters: { riskLevels: ['Severe'] } } })).toThrow(/riskLevels/);
  });

  test('CloudTrail records of Cognito sign-ins are not threat-protection verdicts: nothing fires here', () => {
    const initiateAuth = cloudTrailEvent({
      eventSource: 'cognito-idp.amazonaws.com',
      eventName: 'SignIn',
      additionalEventData: { riskLevel: 'High', compromisedCredentialsDetected: true, userPoolId: POOL },
    });
    expect(engine.evaluate(initiateAuth).find((o) => o.detection === ID)).toBeUndefined();
  });
});

/**
 * The reference notes' Example B (alerting.md §4.7): an exported threat-protection record with high risk, as the
 * user pool writes it to its userAuthEvents log group, field by field: epoch ms as a string, eventSource
 * USER_ACTIVITY, a flat message with a string boolean, a Java-style creationDate and "" for what is not set.
 */
const EXAMPLE_B = {
  eventTimestamp: '1760000000123',
  eventSource: 'USER_ACTIVITY',
  logLevel: 'INFO',
  logSourceId: { userPoolId: 'eu-west-1_AbCdEf123' },
  message: {
    version: '1',
    eventId: '5f0c2a7e-93b1-4d6a-8e24-c1b7f3a90d56',
    eventType: 'SignIn',
    userSub: '87a42a58-3c1d-4f0e-9b6a-2e5d8c7f1a34',
    userName: 'lena.okafor@example.com',
    userPoolId: 'eu-west-1_AbCdEf123',
    clientId: '3n5hq8r2t7vk1m4p6s9w0x2y4z',
    creationDate: 'Wed Jul 17 17:25:55 UTC 2024',
    eventResponse: 'Fail',
    riskLevel: 'High',
    riskDecision: 'AccountTakeover',
    compromisedCredentialDetected: 'false',
    challenges: [
      { challengeName: 'Password', challengeResponse: 'Success' },
      { challengeName: 'Mfa', challengeResponse: 'Failure' },
    ],
    ipAddress: '198.51.100.7',
    city: 'Frankfurt am Main',
    country: 'Germany',
    deviceName: 'Chrome 126, Windows 10',
    requestId: 'c3d9e1f4-6a28-4b57-9e0d-8f2a6c4b1e73',
    idpName: '',
    eventFeedbackValue: '',
    eventFeedbackDate: '',
    eventFeedbackProvider: '',
    hasContextData: 'true',
  },
};
const B_POOL = 'eu-west-1_AbCdEf123';
const B_SUB = '87a42a58-3c1d-4f0e-9b6a-2e5d8c7f1a34';
/** Example B with these message fields instead. */
const exampleB = (message: Record<string, unknown>) => bridgedEvent({ ...EXAMPLE_B, message: { ...EXAMPLE_B.message, ...message } });

describe(`${ID} on the documented export record (Example B), through the bridge`, () => {
  test('Example B as exported fires: one high finding on its sub, the time from eventTimestamp, no user name', () => {
    const event = bridgedEvent(EXAMPLE_B);
    expect(detectionsOn(event)).toEqual([ID]);
    const hit = fired(event);
    expect(hit).toMatchObject({
      severity: 'high',
      subject: `${B_POOL}:${B_SUB}`,
      dedupKey: `111122223333:${B_POOL}:${B_SUB}`,
      resources: [`arn:aws:cognito-idp:eu-west-1:111122223333:userpool/${B_POOL}`],
      region: 'eu-west-1',
      // 1760000000123, not the creationDate text (17 July 2024).
      eventTime: new Date('2025-10-09T08:53:20.123Z'),
      evidence: {
        eventName: 'SignIn',
        userPoolId: B_POOL,
        clientId: '3n5hq8r2t7vk1m4p6s9w0x2y4z',
        sub: B_SUB,
        riskLevel: 'High',
        riskDecision: 'AccountTakeover',
        compromisedCredentialsDetected: false,
        eventResponse: 'Fail',
        challenges: 'Password:Success, Mfa:Failure',
        sourceIPAddress: '198.51.100.7',
        city: 'Frankfurt am Main',
        country: 'Germany',
        deviceName: 'Chrome 126, Windows 10',
        feedback: null,
      },
    });
    expect(JSON.stringify([event, hit])).not.toContain('lena.okafor');
  });

  test('compromisedCredentialDetected "true" with riskLevel "" (not evaluated) fires', () => {
    const hit = fired(exampleB({ riskLevel: '', riskDecision: '', compromisedCredentialDetected: 'true' }));
    expect(hit?.evidence).toMatchObject({ riskLevel: null, riskDecision: null, compromisedCredentialsDetected: true });
  });

  test('compromisedCredentialDetected "false" with riskLevel "Low" raises nothing; nor does "" with "false"', () => {
    expect(detectionsOn(exampleB({ riskLevel: 'Low', riskDecision: 'NoRisk', eventResponse: 'Pass' }))).toEqual([]);
    expect(detectionsOn(exampleB({ riskLevel: 'Low', riskDecision: 'PASS', eventResponse: 'Pass' }))).toEqual([]);
    expect(detectionsOn(exampleB({ riskLevel: '', riskDecision: '', compromisedCredentialDetected: 'false' }))).toEqual([]);
  });

  test('null fields are accepted as absent: the High record still fires, with what it still says', () => {
    const hit = fired(
      exampleB({
        city: null,
        country: null,
        deviceName: null,
        idpName: null,
        challenges: null,
        eventFeedbackValue: null,
        creationDate: null,
      }),
    );
    expect(hit?.evidence).toMatchObject({ riskLevel: 'High', city: null, country: null, deviceName: null, challenges: null });
    expect(fired(exampleB({ riskLevel: null, compromisedCredentialDetected: null }))).toBeUndefined();
  });

  test('eventSource USER_ACTIVITY is what Example B carries; USER_AUTH_EVENTS reads the same', () => {
    const legacy = bridgedEvent({ ...EXAMPLE_B, eventSource: 'USER_AUTH_EVENTS' });
    expect(fired(legacy)).toEqual(fired(bridgedEvent(EXAMPLE_B)));
    expect(() => bridgedEvent({ ...EXAMPLE_B, eventSource: 'USER_NOTIFICATION' })).toThrow(/eventSource: expected USER_ACTIVITY/);
  });
});
