import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'cognito-client-or-idp-change';
const pool = 'arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Vq3Lm8TzR';
const identityPool = 'arn:aws:cognito-identity:eu-west-1:111122223333:identitypool/eu-west-1:0f6c1b2a-1111-2222-3333-444455556666';
const fired = (event: ReturnType<typeof cloudTrailEvent>, e = engine) => e.evaluate(event).find((o) => o.detection === ID);
const tuned = (parameters: Record<string, unknown>) => new DetectionEngine(DETECTIONS, { [ID]: { parameters } });
const idp = (eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'cognito-idp.amazonaws.com',
    eventName,
    requestParameters: { userPoolId: 'eu-west-1_Vq3Lm8TzR', ...requestParameters },
    ...extra,
  });
const identity = (eventName: string, requestParameters: Record<string, unknown>) =>
  cloudTrailEvent({
    eventSource: 'cognito-identity.amazonaws.com',
    eventName,
    requestParameters: { identityPoolId: 'eu-west-1:0f6c1b2a-1111-2222-3333-444455556666', ...requestParameters },
  });

describe(ID, () => {
  test('an app client with callback URLs raises a high finding on the pool', () => {
    const hit = fired(idp('UpdateUserPoolClient', { clientId: 'abc', callbackURLs: ['https://evil.example.net/cb'] }));
    expect(hit).toMatchObject({ severity: 'high', subject: pool, resources: [pool], evidence: { client: 'abc' } });
    expect(hit?.evidence.changes).toBe('callback URLs https://evil.example.net/cb');
  });

  test('ALLOW_USER_PASSWORD_AUTH (or its legacy name) raises; SRP and refresh flows alone do not', () => {
    expect(fired(idp('CreateUserPoolClient', { clientName: 'web', explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }))).toBeDefined();
    expect(fired(idp('UpdateUserPoolClient', { clientId: 'abc', explicitAuthFlows: ['USER_PASSWORD_AUTH'] }))).toBeDefined();
    expect(
      fired(idp('UpdateUserPoolClient', { clientId: 'abc', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })),
    ).toBeUndefined();
  });

  test("allowedCallbackUrlPrefixes leaves the application's own URLs out", () => {
    const allowing = tuned({ allowedCallbackUrlPrefixes: ['https://app.example.com/'] });
    expect(fired(idp('UpdateUserPoolClient', { clientId: 'abc', callbackURLs: ['https://app.example.com/cb'] }), allowing)).toBeUndefined();
    const mixed = idp('UpdateUserPoolClient', {
      clientId: 'abc',
      callbackURLs: ['https://app.example.com/cb', 'https://evil.example.net/'],
    });
    expect(fired(mixed, allowing)?.evidence.changes).toBe('callback URLs https://evil.example.net/');
  });

  test.each(['CreateIdentityProvider', 'UpdateIdentityProvider'])('%s raises', (eventName) => {
    expect(fired(idp(eventName, { providerName: 'Okta', providerType: 'SAML', providerDetails: 'HIDDEN' }))?.evidence.changes).toBe(
      'identity provider Okta (SAML)',
    );
  });

  test('an identity pool allowing unauthenticated identities, and SetIdentityPoolRoles, raise on the identity pool', () => {
    expect(fired(identity('UpdateIdentityPool', { allowUnauthenticatedIdentities: true }))?.subject).toBe(identityPool);
    expect(fired(identity('CreateIdentityPool', { allowUnauthenticatedIdentities: 'true' }))).toBeDefined();
    expect(fired(identity('SetIdentityPoolRoles', { roles: { authenticated: 'arn:aws:iam::111122223333:role/a' } }))?.subject).toBe(
      identityPool,
    );
    expect(fired(identity('UpdateIdentityPool', { allowUnauthenticatedIdentities: false }))).toBeUndefined();
  });

  test('a failed attempt counts and says so; other calls and the same names under another service raise nothing', () => {
    const denied = fired(idp('CreateIdentityProvider', { providerName: 'X' }, { errorCode: 'NotAuthorizedException' }));
    expect(denied?.description).toContain('(failed: NotAuthorizedException)');
    expect(fired(idp('DescribeUserPoolClient', { clientId: 'abc' }))).toBeUndefined();
    expect(fired(identity('CreateUserPoolClient', { callbackURLs: ['https://x'] }))).toBeUndefined();
  });
});
