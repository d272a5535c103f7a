import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { outcomeOf } from './identityHelpers';
import { hasLimitingCondition, isEveryone, type PolicyStatement } from './policyDocument';
import {
  accountOfPrincipal,
  allowedGrantees,
  awsPrincipalValues,
  identityConfinement,
  statementsOf,
  type AllowedGrantees,
} from './policyGrantees';
import { accountOf, callEvidence, stringParam } from './requestValues';
import { allowedAccounts, allowedOrganizationIds } from './windowParameters';

const parameters = z.strictObject({
  allowedAccounts: allowedAccounts(
    "Accounts (besides the bucket's own, always allowed) that bucket policies may grant to, e.g. the organisation's",
  ),
  allowedOrganizationIds: allowedOrganizationIds(
    'Organisation ids (o-...): a grant to "*" confined by aws:PrincipalOrgID to one of them is not external',
  ),
});
type Params = z.infer<typeof parameters>;

/**
 * s3-bucket-policy-external-account: PutBucketPolicy (attempts count: the row does not say success) with an
 * Allow that names an account outside the allow-list: an AWS principal by id or ARN (an ARN with a wildcard
 * account names every account), or a statement to "*" confined by identity keys (aws:PrincipalOrgID,
 * aws:PrincipalAccount, aws:SourceAccount...) to accounts or organisations that are not allowed.
 *
 * Not raised twice with s3-bucket-policy-public: a statement to "*" with no limiting condition is that
 * detection's (critical) finding, and one limited only by network keys (aws:SourceIp, aws:SourceVpc(e)) names
 * no account, so neither fires for it here. Service and CanonicalUser principals name no account either.
 */
export const s3BucketPolicyExternalAccount: StatelessDetection<Params> = {
  kind: 'stateless',
  definition: {
    id: 's3-bucket-policy-external-account',
    title: 'S3 bucket policy grants access to an outside account',
    severity: 'high',
    mitre: ['T1537'],
    dedupWindowMinutes: 60,
  },
  parameters,
  trigger: {
    source: ['aws.s3'],
    detail: { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketPolicy'] },
  },
  evaluate(event, params) {
    const record = event.detail;
    if (record.eventSource !== 's3.amazonaws.com' || record.eventName !== 'PutBucketPolicy') return undefined;
    const request = record.requestParameters ?? {};
    const account = accountOf(event);
    const allowed = allowedGrantees(account, params.allowedAccounts, params.allowedOrganizationIds);
    const grants = (statementsOf(request.bucketPolicy ?? request.policy) ?? []).flatMap((s) => outsideGrantees(s, allowed));
    if (grants.length === 0) return undefined;
    const outside = [...new Set(grants.map((g) => g.grantee))].sort();
    const sids = [...new Set(grants.map((g) => g.sid))].join(', ');
    const bucket = stringParam(request.bucketName) ?? 'unknown-bucket';
    return {
      subject: `arn:aws:s3:::${bucket}`,
      dedupKey: `${account}:${bucket}`,
      description:
        `${actorOf(record)} set a bucket policy on s3://${bucket}${outcomeOf(record)} (account ${account}, ${record.awsRegion}) ` +
        `granting ${outside.join(', ')} (Sid: ${sids}). Principals of those accounts may now use what the statements allow ` +
        'from their own account, without any credentials of yours.',
      resources: [`arn:aws:s3:::${bucket}`],
      evidence: {
        ...callEvidence(record),
        account,
        bucket,
        outsideGrantees: outside.join(', '),
        statementSids: sids,
        errorCode: record.errorCode || null,
      },
    } satisfies DetectionHit;
  },
};

/** The outside accounts or organisations one Allow statement grants to ("account 444455556666", "organisation o-x"). */
function outsideGrantees(statement: PolicyStatement, allowed: AllowedGrantees): { grantee: string; sid: string }[] {
  if (statement.Effect !== 'Allow') return [];
  const sid = typeof statement.Sid === 'string' ? statement.Sid : '(no Sid)';
  const found: string[] = [];
  for (const value of awsPrincipalValues(statement.Principal)) {
    if (value === '*') continue;
    const named = accountOfPrincipal(value);
    if (named?.everyone) found.push('every account (a wildcard account ARN)');
    else if (named && !allowed.accounts.has(named.account)) found.push(`account ${named.account}`);
  }
  // "*" (or NotPrincipal) with no limiting condition is s3-bucket-policy-public's finding.
  const toEveryone = isEveryone(statement.Principal) || statement.NotPrincipal !== undefined;
  if (toEveryone && hasLimitingCondition(statement.Condition)) {
    const confinement = identityConfinement(statement.Condition, allowed);
    if (!confinement.confined) found.push(...confinement.named);
  }
  return found.map((grantee) => ({ grantee, sid }));
}
