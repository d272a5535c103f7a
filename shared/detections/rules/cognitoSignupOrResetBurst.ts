import { z } from 'zod';
import type { WindowDetection } from '../detection';
import { observe } from '../observation';
import { membersOf, thresholdGroups } from '../windows';
import { stringParam } from './requestValues';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

/** The unauthenticated user-pool calls that create an account or send a code to one. */
const EVENT_NAMES = ['SignUp', 'ForgotPassword', 'ConfirmForgotPassword', 'ResendConfirmationCode'];

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(10),
  threshold: threshold(20, 'Sign-up and password-reset calls from one source IP within the window that fire (count >= threshold)'),
  ignoredSourceIps: ignoredValues(
    'Source IPs whose calls are not counted (e.g. the egress address of a backend that signs users up for them)',
  ),
});

export type CognitoSignupOrResetBurstParameters = z.output<typeof Parameters>;

/**
 * cognito-signup-or-reset-burst: SignUp, ForgotPassword, ConfirmForgotPassword and
 * ResendConfirmationCode per source IP, W(10 min, 20), attempts failed or not. These calls need no
 * credentials: from one address in bulk they are fake-account creation, SMS/e-mail pumping through
 * the pool's messages, or guessing reset codes. CloudTrail hides the user name in these records, so
 * the key is the address. Member value `<account> <eventName> <app client id>`: the finding's
 * account, which calls and which app clients, without another read.
 */
export const cognitoSignupOrResetBurst: WindowDetection<CognitoSignupOrResetBurstParameters> = {
  kind: 'window',
  definition: {
    id: 'cognito-signup-or-reset-burst',
    title: 'Burst of Cognito sign-ups or password resets from one IP',
    severity: 'medium',
    mitre: ['T1136'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: { source: ['aws.cognito-idp'], detail: { eventSource: ['cognito-idp.amazonaws.com'], eventName: EVENT_NAMES } },
  observe(event, params) {
    const ip = event.detail.sourceIPAddress;
    if (!ip || params.ignoredSourceIps.includes(ip)) return [];
    const account = event.detail.recipientAccountId ?? event.account;
    const client = stringParam(event.detail.requestParameters?.clientId) ?? '-';
    return [observe(event, `ip:${ip}`, `${account} ${event.detail.eventName} ${client}`)];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const groups = thresholdGroups(state.members, params);
    if (groups.length === 0) return [];
    const members = membersOf(groups);
    const ip = state.key.slice('ip:'.length);
    const parts = members.map((m) => m.value.split(' '));
    const distinct = (i: number) => [...new Set(parts.map((p) => p[i] ?? '-'))].filter((v) => v !== '-').sort();
    const [accounts, calls, clients] = [distinct(0), distinct(1), distinct(2)];
    return [
      {
        subject: ip,
        source: 'aws.cognito-idp',
        // The lowest account id: the same whatever order the calls came in.
        account: accounts[0] ?? '',
        dedupKey: state.key,
        description:
          `${params.threshold} or more Cognito sign-up or password-reset calls from ${ip} within ${params.windowMinutes} minutes: ` +
          'someone may be creating accounts in bulk, pumping messages, or guessing reset codes.',
        resources: [],
        evidence: {
          sourceIPAddress: ip,
          calls: calls.join(', '),
          appClients: clients.slice(0, 10).join(', '),
          accounts: accounts.join(', '),
          threshold: params.threshold,
          windowMinutes: params.windowMinutes,
        },
        members,
        groups,
      },
    ];
  },
};
