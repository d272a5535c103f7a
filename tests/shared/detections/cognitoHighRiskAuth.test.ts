import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cognitoAuthEvent } from '../../helpers/capturedEvent';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

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
