import { z } from 'zod';
import {
  COGNITO_AUTH_DETAIL_TYPE,
  COGNITO_AUTH_EVENT_TYPE,
  COGNITO_AUTH_SOURCE,
  COGNITO_IDP_EVENT_SOURCE,
  COGNITO_RISK_LEVELS,
} from '../../../events/schemas/cognitoAuthEvent';
import { userPoolArn, verdictOf } from '../../cognito/userAuthEvent';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf } from './requestValues';

const Parameters = z.strictObject({
  riskLevels: z
    .array(z.enum(COGNITO_RISK_LEVELS))
    .min(1)
    .default(['High'])
    .describe('Threat-protection risk levels that fire (of Low, Medium, High), whatever the decision and the response'),
  compromisedCredentials: z
    .boolean()
    .default(true)
    .describe('Also fire when threat protection found the password in a breach corpus (compromised credentials), at any risk level'),
});

export type CognitoHighRiskAuthParameters = z.output<typeof Parameters>;

/**
 * cognito-high-risk-auth: a Cognito threat-protection auth event (bridged from the user pool's
 * userAuthEvents log export by functions/cognito-auth-bridge) rated at a risk level that fires (High by
 * default), or with compromised credentials detected. Whether Cognito then blocked, challenged or let
 * the attempt through is evidence, not a condition: a High verdict on a blocked attempt still says
 * someone is working on that account. One finding per user (sub) per hour.
 */
export const cognitoHighRiskAuth: StatelessDetection<CognitoHighRiskAuthParameters> = {
  kind: 'stateless',
  definition: {
    id: 'cognito-high-risk-auth',
    title: 'Cognito threat protection rated an authentication high risk',
    severity: 'high',
    mitre: ['T1078'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: {
    source: [COGNITO_AUTH_SOURCE],
    'detail-type': [COGNITO_AUTH_DETAIL_TYPE],
    detail: { eventSource: [COGNITO_IDP_EVENT_SOURCE], eventType: [COGNITO_AUTH_EVENT_TYPE] },
  },
  evaluate(event, params) {
    const record = event.detail;
    const verdict = verdictOf(record);
    if (!verdict) return undefined;
    const risky = verdict.riskLevel !== undefined && (params.riskLevels as readonly string[]).includes(verdict.riskLevel);
    const compromised = params.compromisedCredentials && verdict.compromisedCredentialsDetected;
    if (!risky && !compromised) return undefined;
    const account = accountOf(event);
    const pool = verdict.userPoolId;
    const ip = record.sourceIPAddress;
    // The sub names the user (never the user name); an event without one is grouped by its address.
    const user = verdict.sub ? verdict.sub : `ip:${ip ?? 'unknown'}`;
    const who = verdict.sub ? `user ${verdict.sub}` : `an unnamed user (from ${ip ?? 'an unknown address'})`;
    return {
      subject: `${pool}:${user}`,
      dedupKey: `${account}:${pool}:${user}`,
      description:
        `Cognito threat protection rated an authentication of ${who} in user pool ${pool} (account ${account}) ` +
        "as high risk or found compromised credentials: someone else may hold, or be guessing, this user's password.",
      resources: [userPoolArn(pool, account)],
      evidence: {
        eventName: record.eventName,
        account,
        userPoolId: pool,
        clientId: verdict.clientId ?? null,
        sub: verdict.sub ?? null,
        riskLevel: verdict.riskLevel ?? null,
        riskDecision: verdict.riskDecision ?? null,
        compromisedCredentialsDetected: verdict.compromisedCredentialsDetected,
        eventResponse: verdict.eventResponse ?? null,
        challenges: verdict.challenges.join(', ') || null,
        sourceIPAddress: ip ?? null,
        city: verdict.city ?? null,
        country: verdict.country ?? null,
        deviceName: verdict.deviceName ?? null,
        feedback: verdict.feedback ?? null,
        region: record.awsRegion,
      },
    } satisfies DetectionHit;
  },
};
