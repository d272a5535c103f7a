import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'role-trust-backdoor';
const ROLE = 'arn:aws:iam::111122223333:role/ci-deployer';
const fired = (event: ReturnType<typeof cloudTrailEvent>, e = engine) => e.evaluate(event).find((o) => o.detection === ID);
const tuned = (parameters: Record<string, unknown>) => new DetectionEngine(DETECTIONS, { [ID]: { parameters } });

const trust = (Principal: unknown, extra: Record<string, unknown> = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...extra }],
});
/** UpdateAssumeRolePolicy as the CLI records it: the document as a JSON string. */
const update = (document: unknown, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'iam.amazonaws.com',
    eventName: 'UpdateAssumeRolePolicy',
    awsRegion: 'us-east-1',
    requestParameters: { roleName: 'ci-deployer', policyDocument: typeof document === 'string' ? document : JSON.stringify(document) },
    ...extra,
  });
const create = (document: unknown) =>
  cloudTrailEvent({
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateRole',
    awsRegion: 'us-east-1',
    requestParameters: { roleName: 'audit-reader', path: '/', assumeRolePolicyDocument: document },
    responseElements: { role: { roleName: 'audit-reader', arn: 'arn:aws:iam::111122223333:role/audit-reader', path: '/' } },
  });

describe(ID, () => {
  test('a trust to Principal "*" is critical even with an sts:ExternalId condition, which limits nobody', () => {
    const hit = fired(update(trust('*', { Condition: { StringEquals: { 'sts:ExternalId': '7f3a9c' } } })));
    expect(hit).toMatchObject({ severity: 'critical', subject: ROLE, resources: [ROLE], dedupKey: '111122223333:ci-deployer' });
    expect(hit?.mitre).toEqual(['T1098.003']);
    expect(hit?.evidence).toMatchObject({ admitsEveryone: true, conditionKeys: 'sts:ExternalId', roleName: 'ci-deployer' });
    expect(hit?.description).toContain('do not limit who');
  });

  test('{"AWS": "*"} and an ARN with a wildcard account are everyone too', () => {
    expect(fired(update(trust({ AWS: '*' })))?.severity).toBe('critical');
    expect(fired(update(trust({ AWS: ['arn:aws:iam::*:root'] })))?.evidence.admitsEveryone).toBe(true);
  });

  test('another account by id or by role ARN is high, naming the account; the own account and a service are not', () => {
    const byId = fired(update(trust({ AWS: '444455556666' })));
    expect(byId).toMatchObject({ severity: 'high', evidence: { admittedOutside: 'account 444455556666', admitsEveryone: false } });
    expect(fired(update(trust({ AWS: 'arn:aws:iam::444455556666:role/ops' })))?.evidence.admittedOutside).toBe('account 444455556666');
    expect(fired(update(trust({ AWS: 'arn:aws:iam::111122223333:root' })))).toBeUndefined();
    expect(fired(update(trust({ Service: 'lambda.amazonaws.com' })))).toBeUndefined();
  });

  test('an allow-listed account is not external; an allow-list never silences "*"', () => {
    const e = tuned({ allowedAccounts: ['444455556666'] });
    expect(fired(update(trust({ AWS: ['arn:aws:iam::444455556666:root', '111122223333'] })), e)).toBeUndefined();
    expect(fired(update(trust({ AWS: ['444455556666', '777788889999'] })), e)?.evidence.admittedOutside).toBe('account 777788889999');
    expect(fired(update(trust('*')), e)).toBeDefined();
  });

  test('"*" confined by aws:PrincipalOrgID to an allowed organisation is quiet; to another organisation it names it', () => {
    const org = trust('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } });
    expect(fired(update(org), tuned({ allowedOrganizationIds: ['o-a1b2c3d4e5'] }))).toBeUndefined();
    const unknown = fired(update(org));
    expect(unknown).toMatchObject({ severity: 'high', evidence: { admitsEveryone: false, admittedOutside: 'organisation o-a1b2c3d4e5' } });
  });

  test('"*" confined by aws:PrincipalAccount to the own account is quiet; IfExists or StringNotEquals confine nothing', () => {
    const own = { StringEquals: { 'aws:PrincipalAccount': '111122223333' } };
    expect(fired(update(trust('*', { Condition: own })))).toBeUndefined();
    const ifExists = { StringEqualsIfExists: { 'aws:PrincipalAccount': '111122223333' } };
    expect(fired(update(trust('*', { Condition: ifExists })))?.severity).toBe('critical');
    const negated = { StringNotEquals: { 'aws:PrincipalAccount': '444455556666' } };
    expect(fired(update(trust('*', { Condition: negated })))?.severity).toBe('critical');
  });

  test('a URL-encoded document (as IAM records some) and a parsed object are read like a JSON string', () => {
    const encoded = encodeURIComponent(JSON.stringify(trust({ AWS: '444455556666' })));
    expect(fired(update(encoded))?.evidence.admittedOutside).toBe('account 444455556666');
    const formEncoded = encodeURIComponent(JSON.stringify(trust({ AWS: '444455556666' }), null, 1)).replace(/%20/g, '+');
    expect(fired(update(formEncoded))?.evidence.admittedOutside).toBe('account 444455556666');
    expect(fired(create(trust('*')))).toMatchObject({ subject: 'arn:aws:iam::111122223333:role/audit-reader', severity: 'critical' });
  });

  test('a Deny, a statement for another action, no document and a malformed one raise nothing', () => {
    expect(fired(update({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' }] }))).toBeUndefined();
    expect(fired(update(trust('*', { Action: 'sts:TagSession' })))).toBeUndefined();
    expect(fired(update(trust('*', { Action: 'sts:AssumeRole*' })))).toBeDefined();
    expect(fired(cloudTrailEvent({ eventSource: 'iam.amazonaws.com', eventName: 'UpdateAssumeRolePolicy', requestParameters: {} }))).toBe(
      undefined,
    );
    expect(fired(update('{"Statement": [ not json'))).toBeUndefined();
  });

  test('a denied attempt still raises, and says it failed', () => {
    const denied = fired(update(trust('*'), { errorCode: 'AccessDenied', errorMessage: 'not authorized' }));
    expect(denied?.description).toContain('(failed: AccessDenied)');
  });

  test('rolesanywhere CreateTrustAnchor raises on the anchor, naming its CA', () => {
    const pca = 'arn:aws:acm-pca:eu-west-1:444455556666:certificate-authority/0f1e2d3c';
    const anchorArn = 'arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/5b7c';
    const hit = fired(
      cloudTrailEvent({
        eventSource: 'rolesanywhere.amazonaws.com',
        eventName: 'CreateTrustAnchor',
        requestParameters: { name: 'lab', enabled: true, source: { sourceType: 'AWS_ACM_PCA', sourceData: { acmPcaArn: pca } } },
        responseElements: { trustAnchor: { name: 'lab', trustAnchorArn: anchorArn, enabled: true } },
      }),
    );
    expect(hit).toMatchObject({ severity: 'high', subject: anchorArn, evidence: { acmPcaArn: pca, sourceType: 'AWS_ACM_PCA' } });
    expect(hit?.description).toContain(pca);
  });
});
