import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { StatelessDetection } from '../detection';
import { accountOf, callerEvidence, outcomeOf } from './identityHelpers';

/**
 * How the tools name themselves: scanners and exploitation kits put their name first ("TruffleHog",
 * "trufflehog/3.63.0"); attack distributions show in the kernel release the SDKs append, in lower case
 * ("os/linux#6.5.0-kali3-amd64"). The trigger indexes exactly these (EventBridge allows few wildcards per field).
 */
const TOOL_PREFIXES = ['trufflehog', 'pacu'];
const DISTRIBUTIONS = ['kali', 'parrot', 'pentoo'];
const TOOL = new RegExp(`^(${TOOL_PREFIXES.join('|')})(?![a-z])`, 'i');
const DISTRIBUTION = new RegExp(`(?:^|[^a-z0-9])(${DISTRIBUTIONS.join('|')})(?![a-z])`);

/**
 * offensive-tool-useragent: any call, failed or not, whose user agent names a known offensive tool or attack
 * distribution. The markers are fixed (the trigger indexes them); only who is ignored is tunable.
 */
export const offensiveToolUseragent: StatelessDetection<{ ignoredPrincipals: string[] }> = {
  kind: 'stateless',
  definition: {
    id: 'offensive-tool-useragent',
    title: 'Call made with an offensive security tool',
    severity: 'medium',
    mitre: ['T1087.004'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({
    ignoredPrincipals: z
      .array(z.string().min(1))
      .default([])
      .describe('Caller ARNs (role ARNs match their sessions) of an authorised red team or scanner'),
  }),
  // Any service: the pattern indexes on the user agent only.
  trigger: {
    detail: {
      userAgent: [
        ...TOOL_PREFIXES.map((t) => ({ prefix: { 'equals-ignore-case': t } })),
        ...DISTRIBUTIONS.map((d) => ({ wildcard: `*${d}*` })),
      ],
    },
  },
  evaluate(event, params) {
    const record = event.detail;
    const agent = record.userAgent ?? '';
    // The wildcard also matches inside words ("kalimba"): only the marker as a word (digits may follow: "kali3") counts.
    const marker = (TOOL.exec(agent)?.[1] ?? DISTRIBUTION.exec(agent)?.[1])?.toLowerCase();
    if (!marker) return undefined;
    const actor = actorOf(record);
    const issuer = record.userIdentity.sessionContext?.sessionIssuer?.arn;
    if (params.ignoredPrincipals.some((p) => p === actor || p === issuer)) return undefined;
    const account = accountOf(event);
    return {
      subject: actor,
      dedupKey: `${account}:${actor}:${marker}`,
      description:
        `${actor} called ${record.eventSource} ${record.eventName}${outcomeOf(record)} in ${record.awsRegion} (account ` +
        `${account}) from ${record.sourceIPAddress ?? 'an unknown IP'} with a user agent naming ${marker}: "${record.userAgent}". ` +
        'These tools test or abuse credentials; the caller\u2019s keys may be in someone else\u2019s hands.',
      resources: actor.startsWith('arn:') ? [actor] : [],
      evidence: { ...callerEvidence(record), account, eventSource: record.eventSource, marker },
    };
  },
};
