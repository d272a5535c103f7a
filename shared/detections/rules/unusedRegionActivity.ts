import { z } from 'zod';
import { actorOf, type CloudTrailRecord } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { outcomeOf } from './identityHelpers';
import { callerIsListed, fieldOf } from './personHelpers';
import { accountOf, callEvidence, stringParam } from './requestValues';

const parameters = z.strictObject({
  allowedRegions: z
    .array(z.string().min(1))
    .default([])
    .describe(
      'Regions the account works in (e.g. ["eu-west-1", "eu-central-1"]). Empty, the default, means not configured: ' +
        'only EnableRegion fires, so a fresh install raises nothing until the stage says where it works (infra/config)',
    ),
  ignoredPrincipals: z
    .array(z.string().min(1))
    .default([])
    .describe('IAM user or role ARNs (all sessions of a role) of automation that works in every region, e.g. a StackSets execution role'),
});
type Params = z.infer<typeof parameters>;

/**
 * Services with one global endpoint record their calls in a fixed region (us-east-1 for most, us-west-2 for
 * Global Accelerator and Network Manager) whatever region the caller works in: a call there is not activity
 * in that region. Sign-in is authentication, not use of a region. STS records a regional endpoint's calls in
 * their own region, which do count.
 */
const GLOBAL_SOURCES: Record<string, readonly string[]> = {
  'iam.amazonaws.com': ['us-east-1'],
  'sts.amazonaws.com': ['us-east-1'],
  'organizations.amazonaws.com': ['us-east-1'],
  'account.amazonaws.com': ['us-east-1'],
  'cloudfront.amazonaws.com': ['us-east-1'],
  'route53.amazonaws.com': ['us-east-1'],
  'route53domains.amazonaws.com': ['us-east-1'],
  'waf.amazonaws.com': ['us-east-1'],
  'shield.amazonaws.com': ['us-east-1'],
  'support.amazonaws.com': ['us-east-1'],
  'health.amazonaws.com': ['us-east-1'],
  'budgets.amazonaws.com': ['us-east-1'],
  'ce.amazonaws.com': ['us-east-1'],
  'billingconsole.amazonaws.com': ['us-east-1'],
  'trustedadvisor.amazonaws.com': ['us-east-1'],
  'globalaccelerator.amazonaws.com': ['us-west-2'],
  'networkmanager.amazonaws.com': ['us-west-2'],
};

/**
 * unused-region-activity: EnableRegion (an opt-in region switched on; attempts count), and any write
 * (readOnly false) in a region outside allowedRegions once it is configured. Not counted: service events,
 * console sign-ins, calls a service made for the caller (invokedBy) or by a service-linked role (AWS Config or
 * GuardDuty enabled organisation-wide write in every region), global services in their home region, and
 * ignoredPrincipals. EnableRegion is matched by name: only the Account API has it (the conformance record
 * files it under another event source).
 */
export const unusedRegionActivity: StatelessDetection<Params> = {
  kind: 'stateless',
  definition: {
    id: 'unused-region-activity',
    title: 'Activity in a region the account does not use',
    severity: 'medium',
    mitre: ['T1535'],
    dedupWindowMinutes: 60,
  },
  parameters,
  // Every write, any service; EnableRegion even if a record lacked readOnly.
  trigger: { $or: [{ detail: { readOnly: [false] } }, { detail: { eventName: ['EnableRegion'] } }] },
  evaluate(event, params) {
    const record = event.detail;
    const account = accountOf(event);
    const allowed = new Set(params.allowedRegions.map((r) => r.trim().toLowerCase()));
    if (record.eventName === 'EnableRegion') return enableRegionHit(record, account, allowed);
    if (allowed.size === 0 || record.readOnly !== false) return undefined;
    const region = record.awsRegion.toLowerCase();
    if (allowed.has(region) || notRegionActivity(record) || callerIsListed(record, params.ignoredPrincipals)) return undefined;
    return {
      subject: `${account}:${region}`,
      dedupKey: `${account}:${region}`,
      description:
        `${actorOf(record)} called ${record.eventSource} ${record.eventName}${outcomeOf(record)} in ${region}, a region ` +
        `account ${account} does not use (allowed: ${[...allowed].join(', ')}). Attackers run miners and keep footholds ` +
        'in regions nobody looks at.',
      resources: [],
      evidence: { ...callEvidence(record), account, eventSource: record.eventSource, errorCode: record.errorCode || null },
    } satisfies DetectionHit;
  },
};

function enableRegionHit(record: CloudTrailRecord, account: string, allowed: ReadonlySet<string>): DetectionHit {
  const region = stringParam(fieldOf(record.requestParameters, 'RegionName'))?.toLowerCase() ?? 'unknown-region';
  const planned = allowed.has(region) ? ', one of the allowed regions' : allowed.size > 0 ? ', not one of the allowed regions' : '';
  return {
    subject: `${account}:${region}`,
    dedupKey: `${account}:EnableRegion:${region}`,
    description:
      `${actorOf(record)} enabled the opt-in region ${region}${planned} in account ${account}${outcomeOf(record)}. ` +
      'A newly enabled region is where an attacker can work unseen if nothing monitors it.',
    resources: [],
    evidence: { ...callEvidence(record), account, enabledRegion: region, errorCode: record.errorCode || null },
  };
}

/** Records that are not someone working in the record's region (see GLOBAL_SOURCES and the detection's comment). */
function notRegionActivity(record: CloudTrailRecord): boolean {
  if (record.eventType === 'AwsServiceEvent' || record.eventType === 'AwsConsoleSignIn') return true;
  if (record.eventSource === 'signin.amazonaws.com') return true;
  const id = record.userIdentity;
  if (id.invokedBy || id.type === 'AWSService') return true;
  if (/:role\/aws-service-role\//.test(id.sessionContext?.sessionIssuer?.arn ?? '')) return true;
  const home = Object.hasOwn(GLOBAL_SOURCES, record.eventSource) ? GLOBAL_SOURCES[record.eventSource] : undefined;
  return home?.includes(record.awsRegion.toLowerCase()) ?? false;
}
