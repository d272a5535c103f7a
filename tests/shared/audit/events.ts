import type { CloudTrailEnvelope, CloudTrailRecord } from '../../../shared/detections';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

/**
 * Realistic audit-trail inputs (not a test file): records shaped as in events/samples and
 * tests/events/cloudtrail, built through the CloudTrail schema so none would be quarantined.
 */

export const ACCOUNT = '111122223333';
export const SUB = '63c64b26-94e5-4788-ae45-c5f838ba5644';

const anonymous = { type: 'Unknown', principalId: 'Anonymous' };

/** dana.ops's role session on ops-admin, created with MFA (the responder's console-less CLI session). */
export const OPS_ADMIN_SESSION = {
  type: 'AssumedRole',
  principalId: 'AROAPVKDV72SWR5D33T2L:dana.ops',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ops-admin/dana.ops`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAPTCWKBC3NPRL2B7L',
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAPVKDV72SWR5D33T2L',
      arn: `arn:aws:iam::${ACCOUNT}:role/ops-admin`,
      accountId: ACCOUNT,
      userName: 'ops-admin',
    },
    attributes: { creationDate: '2026-11-20T08:02:40Z', mfaAuthenticated: 'true' },
  },
} satisfies CloudTrailRecord['userIdentity'];

/** A CI pipeline's role session (no console, no MFA, no source identity): a workload. */
export const CI_SESSION = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLECI0000001:deploy-4411',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deployer/deploy-4411`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAEXAMPLECI0000001',
  sessionContext: {
    sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/ci-deployer`, accountId: ACCOUNT, userName: 'ci-deployer' },
    attributes: { creationDate: '2026-11-20T09:58:00Z', mfaAuthenticated: 'false' },
  },
} satisfies CloudTrailRecord['userIdentity'];

export const consoleLogin = (variant = 'console-login-iam-user-mfa') => cloudTrailCaptured(variant) as CloudTrailEnvelope;

export function assumeRole(userIdentity: CloudTrailRecord['userIdentity'], overrides: Partial<CloudTrailRecord> = {}): CloudTrailEnvelope {
  return cloudTrailEvent({
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    userIdentity,
    readOnly: true,
    requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/ops-admin`, roleSessionName: 'dana.ops', durationSeconds: 3600 },
    responseElements: {
      assumedRoleUser: { assumedRoleId: 'AROAPVKDV72SWR5D33T2L:dana.ops', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ops-admin/dana.ops` },
    },
    ...overrides,
  }) as CloudTrailEnvelope;
}

/** An app user's InitiateAuth from the public client: anonymous caller, the user's sub in additionalEventData. */
export function initiateAuth(overrides: Partial<CloudTrailRecord> = {}, sub: string | undefined = SUB): CloudTrailEnvelope {
  return cloudTrailEvent({
    eventSource: 'cognito-idp.amazonaws.com',
    eventName: 'InitiateAuth',
    userIdentity: anonymous,
    readOnly: false,
    sourceIPAddress: '192.0.2.23',
    userAgent: 'VigilBank/4.12.0 (iOS 18.1.0) aws-amplify/6.10.0',
    requestParameters: {
      authFlow: 'USER_SRP_AUTH',
      clientId: '6f1q2r8d3kvb0hj5s7tmn4pwla',
      authParameters: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    },
    additionalEventData: sub === undefined ? { userPoolId: 'eu-west-1_Vq3Lm8TzR' } : { sub },
    ...overrides,
  }) as CloudTrailEnvelope;
}

/** A write the catalogue watches, by the MFA'd ops-admin session. */
export function stopLogging(overrides: Partial<CloudTrailRecord> = {}): CloudTrailEnvelope {
  return cloudTrailEvent({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    userIdentity: OPS_ADMIN_SESSION,
    readOnly: false,
    requestParameters: { name: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org-audit-trail` },
    ...overrides,
  }) as CloudTrailEnvelope;
}
