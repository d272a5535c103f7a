import { z } from 'zod';
import { actorOf, type CloudTrailRecord } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { iamArn, outcomeOf } from './identityHelpers';
import { fieldOf } from './personHelpers';
import { isEveryone } from './policyDocument';
import {
  accountOfPrincipal,
  allowedGrantees,
  awsPrincipalValues,
  coversAction,
  identityConfinement,
  statementsOf,
  type AllowedGrantees,
} from './policyGrantees';
import { accountOf, callEvidence, stringParam } from './requestValues';
import { allowedAccounts, allowedOrganizationIds } from './windowParameters';

const parameters = z.strictObject({
  allowedAccounts: allowedAccounts(
    "Accounts (besides the role's own, always allowed) that trust policies may admit, e.g. the organisation's",
  ),
  allowedOrganizationIds: allowedOrganizationIds(
    'Organisation ids (o-...): a trust to "*" confined by aws:PrincipalOrgID to one of them is not a backdoor',
  ),
});
type Params = z.infer<typeof parameters>;

/** The calls whose trust policy can be assumed: a trust statement matters when it allows one of these. */
const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'];

interface Admitted {
  everyone: boolean;
  outside: string[];
  /** Condition keys present on statements open to "*" that do not confine who (sts:ExternalId, aws:SourceIp...). */
  conditionKeys: string[];
}

/**
 * role-trust-backdoor: UpdateAssumeRolePolicy or CreateRole whose trust policy admits everyone (Principal "*",
 * {"AWS": "*"}, an ARN with a wildcard account, NotPrincipal) or an account outside the allow-list (the
 * role's own account is always in it); rolesanywhere CreateTrustAnchor (a CA outside IAM can mint role
 * credentials). Attempts count (the row does not say success); a failed call says so.
 *
 * A statement open to "*" is confined only by identity keys naming allowed accounts or organisations
 * (aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalOrgID, aws:SourceAccount...). sts:ExternalId does not
 * confine it: anyone in any account who learns or guesses the id can assume the role (Panther's case agrees);
 * nor do network keys (aws:SourceIp, aws:SourceVpc): they narrow where from, not who. Everyone admitted
 * raises the finding to critical.
 */
export const roleTrustBackdoor: StatelessDetection<Params> = {
  kind: 'stateless',
  definition: {
    id: 'role-trust-backdoor',
    title: 'IAM role trust opened to everyone or to an outside account',
    severity: 'high',
    mitre: ['T1098.003'],
    dedupWindowMinutes: 60,
  },
  parameters,
  trigger: {
    source: ['aws.iam', 'aws.rolesanywhere'],
    detail: {
      eventSource: ['iam.amazonaws.com', 'rolesanywhere.amazonaws.com'],
      eventName: ['UpdateAssumeRolePolicy', 'CreateRole', 'CreateTrustAnchor'],
    },
  },
  evaluate(event, params) {
    const record = event.detail;
    const account = accountOf(event);
    if (record.eventSource === 'rolesanywhere.amazonaws.com' && record.eventName === 'CreateTrustAnchor') {
      return trustAnchorHit(record, account);
    }
    if (record.eventSource !== 'iam.amazonaws.com') return undefined;
    if (record.eventName !== 'UpdateAssumeRolePolicy' && record.eventName !== 'CreateRole') return undefined;
    const request = record.requestParameters ?? {};
    const document = record.eventName === 'CreateRole' ? fieldOf(request, 'assumeRolePolicyDocument') : fieldOf(request, 'policyDocument');
    const admitted = admittedBy(document, allowedGrantees(account, params.allowedAccounts, params.allowedOrganizationIds));
    if (!admitted) return undefined;
    const roleName = stringParam(fieldOf(request, 'roleName')) ?? 'unknown-role';
    const created = fieldOf(fieldOf(record.responseElements, 'role'), 'arn');
    const roleArn = stringParam(created) ?? iamArn(record, account, 'role', roleName);
    const whom = [...(admitted.everyone ? ['everyone (Principal "*")'] : []), ...admitted.outside].join(', ');
    const conditions = admitted.conditionKeys.length > 0 ? ` (its conditions, ${admitted.conditionKeys.join(', ')}, do not limit who)` : '';
    const verb = record.eventName === 'CreateRole' ? 'created role' : 'changed the trust policy of role';
    return {
      subject: roleArn,
      dedupKey: `${account}:${roleName}`,
      description:
        `${actorOf(record)} ${verb} ${roleArn}${outcomeOf(record)} so that it admits ${whom}${conditions}. ` +
        'Whoever the trust admits can assume the role and act with its permissions from their own account.',
      ...(admitted.everyone ? { severity: 'critical' as const } : {}),
      resources: [roleArn],
      evidence: {
        ...callEvidence(record),
        account,
        roleName,
        admitsEveryone: admitted.everyone,
        admittedOutside: admitted.outside.join(', ') || null,
        conditionKeys: admitted.conditionKeys.join(', ') || null,
        errorCode: record.errorCode || null,
      },
    } satisfies DetectionHit;
  },
};

/** Who outside the allow-list the trust policy admits, or undefined when nobody (or no readable policy). */
function admittedBy(document: unknown, allowed: AllowedGrantees): Admitted | undefined {
  const statements = statementsOf(document);
  if (!statements) return undefined;
  let everyone = false;
  const outside = new Set<string>();
  const conditionKeys = new Set<string>();
  for (const statement of statements) {
    if (statement.Effect !== 'Allow' || !coversAction(statement, ASSUME_ACTIONS)) continue;
    const values = awsPrincipalValues(statement.Principal).map(accountOfPrincipal);
    const open = isEveryone(statement.Principal) || statement.NotPrincipal !== undefined || values.some((v) => v?.everyone === true);
    for (const v of values) if (v && !v.everyone && !allowed.accounts.has(v.account)) outside.add(`account ${v.account}`);
    if (!open) continue;
    const confinement = identityConfinement(statement.Condition, allowed);
    if (confinement.confined) continue;
    if (confinement.named.length > 0) {
      for (const n of confinement.named) outside.add(n);
      continue;
    }
    everyone = true;
    for (const key of conditionKeysOf(statement.Condition)) conditionKeys.add(key);
  }
  if (!everyone && outside.size === 0) return undefined;
  return { everyone, outside: [...outside].sort(), conditionKeys: [...conditionKeys].sort() };
}

function conditionKeysOf(condition: unknown): string[] {
  if (typeof condition !== 'object' || condition === null) return [];
  return Object.values(condition).flatMap((clause) => (typeof clause === 'object' && clause !== null ? Object.keys(clause) : []));
}

/** rolesanywhere CreateTrustAnchor: certificates of the anchor's CA can now be exchanged for role credentials. */
function trustAnchorHit(record: CloudTrailRecord, account: string): DetectionHit {
  const request = record.requestParameters ?? {};
  const name = stringParam(fieldOf(request, 'name')) ?? 'unknown-trust-anchor';
  const source = fieldOf(request, 'source');
  const sourceType = stringParam(fieldOf(source, 'sourceType')) ?? 'unknown';
  const pca = stringParam(fieldOf(fieldOf(source, 'sourceData'), 'acmPcaArn'));
  const arn = stringParam(fieldOf(fieldOf(record.responseElements, 'trustAnchor'), 'trustAnchorArn'));
  const from = pca
    ? `ACM Private CA ${pca}`
    : sourceType === 'CERTIFICATE_BUNDLE'
      ? 'a certificate bundle it uploaded'
      : `a ${sourceType} source`;
  return {
    subject: arn ?? `rolesanywhere:${account}:${name}`,
    dedupKey: `${account}:trust-anchor:${name}`,
    description:
      `${actorOf(record)} created IAM Roles Anywhere trust anchor ${name}${outcomeOf(record)} (account ${account}, ` +
      `${record.awsRegion}) trusting ${from}. Anyone holding a certificate from that CA can obtain credentials for ` +
      'the roles a Roles Anywhere profile names, from outside AWS.',
    resources: arn ? [arn] : [],
    evidence: {
      ...callEvidence(record),
      account,
      trustAnchor: name,
      sourceType,
      acmPcaArn: pca ?? null,
      errorCode: record.errorCode || null,
    },
  };
}
