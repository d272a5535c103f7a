import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { outcomeOf } from './identityHelpers';
import { enumOf, fieldOf } from './personHelpers';
import { accountOf, callEvidence, stringParam } from './requestValues';

const WEAK_MFA = ['OFF', 'OPTIONAL'];
const WEAK_SECURITY_MODE = ['OFF', 'AUDIT'];

/**
 * What a SetRiskConfiguration relaxes. The call replaces the configuration and CloudTrail keeps no "before",
 * so relaxing is read against a floor: any risk action set to NO_ACTION (compromised credentials or a
 * takeover risk level), a high-risk takeover answered only by MFA_IF_CONFIGURED (a user without MFA signs in
 * unchallenged), or IP ranges exempted from risk evaluation (skippedIPRangeList).
 */
function riskRelaxations(request: Record<string, unknown>): string[] {
  const found: string[] = [];
  const compromised = enumOf(fieldOf(fieldOf(request, 'compromisedCredentialsRiskConfiguration'), 'actions'), 'eventAction');
  if (compromised === 'NO_ACTION') found.push('compromised credentials: NO_ACTION');
  const takeover = fieldOf(fieldOf(request, 'accountTakeoverRiskConfiguration'), 'actions');
  for (const level of ['lowAction', 'mediumAction', 'highAction']) {
    const action = enumOf(fieldOf(takeover, level), 'eventAction');
    if (action === 'NO_ACTION' || (level === 'highAction' && action === 'MFA_IF_CONFIGURED')) {
      found.push(`account takeover ${level}: ${action}`);
    }
  }
  const skipped = fieldOf(fieldOf(request, 'riskExceptionConfiguration'), 'skippedIPRangeList');
  if (Array.isArray(skipped) && skipped.length > 0) found.push(`risk evaluation skipped for ${skipped.join(', ')}`);
  return found;
}

/** What the call weakens, or [] (keys read whatever their case: CloudTrail writes camelCase, the API PascalCase). */
function weakenings(eventName: string, request: Record<string, unknown>): string[] {
  const mfa = enumOf(request, 'mfaConfiguration');
  const mfaWeak = mfa && WEAK_MFA.includes(mfa) ? [`MFA ${mfa}`] : [];
  if (eventName === 'SetUserPoolMfaConfig') return mfaWeak;
  if (eventName === 'UpdateUserPool') {
    const mode = enumOf(fieldOf(request, 'userPoolAddOns'), 'advancedSecurityMode');
    return [...mfaWeak, ...(mode && WEAK_SECURITY_MODE.includes(mode) ? [`threat protection ${mode}`] : [])];
  }
  if (eventName === 'SetRiskConfiguration') return riskRelaxations(request);
  return [];
}

/**
 * cognito-mfa-or-threat-protection-weakened: a user pool's MFA set to OFF or OPTIONAL (SetUserPoolMfaConfig,
 * UpdateUserPool), its threat protection (AdvancedSecurityMode) set to OFF or AUDIT, or its risk responses
 * relaxed (SetRiskConfiguration, see riskRelaxations). The row does not say "success": attempts count.
 */
export const cognitoMfaOrThreatProtectionWeakened: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'cognito-mfa-or-threat-protection-weakened',
    title: 'Cognito user pool MFA or threat protection weakened',
    severity: 'high',
    mitre: ['T1556.006'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.cognito-idp'],
    detail: { eventSource: ['cognito-idp.amazonaws.com'], eventName: ['SetUserPoolMfaConfig', 'UpdateUserPool', 'SetRiskConfiguration'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'cognito-idp.amazonaws.com') return undefined;
    const request = record.requestParameters ?? {};
    const weakened = weakenings(record.eventName, request);
    if (weakened.length === 0) return undefined;
    const account = accountOf(event);
    const pool = stringParam(fieldOf(request, 'userPoolId')) ?? 'unknown-pool';
    const fromResources = (record.resources ?? []).map((r) => r.ARN).find((a) => typeof a === 'string' && a.includes(':userpool/'));
    const arn = fromResources ?? `arn:aws:cognito-idp:${record.awsRegion}:${account}:userpool/${pool}`;
    const client = stringParam(fieldOf(request, 'clientId')) ?? null;
    return {
      subject: arn,
      dedupKey: `${account}:${arn}`,
      description:
        `${actorOf(record)} weakened Cognito user pool ${pool} (account ${account}, ${record.awsRegion}) with ${record.eventName}` +
        `${client ? ` for app client ${client}` : ''}${outcomeOf(record)}: ${weakened.join('; ')}. ` +
        "The pool's users can now sign in with a password alone, or risky sign-ins are no longer blocked.",
      resources: [arn],
      evidence: {
        ...callEvidence(record),
        account,
        userPoolId: pool,
        clientId: client,
        weakened: weakened.join('; '),
        errorCode: record.errorCode || null,
      },
    } satisfies DetectionHit;
  },
};
