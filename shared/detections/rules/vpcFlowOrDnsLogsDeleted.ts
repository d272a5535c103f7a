import { z } from 'zod';
import type { CloudTrailRecord } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, actorName, callEvidence, outcomeOf, text } from './evasionHelpers';

/**
 * vpc-flow-or-dns-logs-deleted: any attempt (the row does not say success) to delete VPC flow logs,
 * or to delete or detach a Route 53 Resolver query logging configuration.
 */
export const vpcFlowOrDnsLogsDeleted: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'vpc-flow-or-dns-logs-deleted',
    title: 'VPC flow logs or DNS query logs deleted',
    severity: 'high',
    mitre: ['T1562.008'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  // One pattern over both services (an index only: evaluate pairs each name with its service).
  trigger: {
    source: ['aws.ec2', 'aws.route53resolver'],
    detail: {
      eventSource: ['ec2.amazonaws.com', 'route53resolver.amazonaws.com'],
      eventName: ['DeleteFlowLogs', 'DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'],
    },
  },
  evaluate(event) {
    const record = event.detail;
    const target = targetOf(record);
    if (!target) return undefined;
    const account = accountOf(event);
    const region = record.awsRegion;
    const actor = actorName(record);
    return {
      subject: target.subject,
      dedupKey: `${account}:${region}:${target.subject}`,
      description:
        `${actor} ${target.action} in ${region} (account ${account}); the call ${outcomeOf(record)}. ` +
        'Network and DNS activity there is no longer logged, which hides exfiltration and command-and-control traffic.',
      resources: target.resources,
      evidence: { ...callEvidence(record), ...target.evidence },
    } satisfies DetectionHit;
  },
};

interface Target {
  subject: string;
  action: string;
  resources: string[];
  evidence: Record<string, string | null>;
}

function targetOf(record: CloudTrailRecord): Target | undefined {
  const params = record.requestParameters ?? {};
  if (record.eventSource === 'ec2.amazonaws.com' && record.eventName === 'DeleteFlowLogs') {
    const ids = flowLogIds(params);
    const subject = ids.length > 0 ? ids.join(',') : 'unknown-flow-log';
    const arns = ids.map((id) => `arn:aws:ec2:${record.awsRegion}:${record.recipientAccountId ?? ''}:vpc-flow-log/${id}`);
    return {
      subject,
      action: `deleted flow log(s) ${subject}`,
      resources: record.recipientAccountId ? arns : [],
      evidence: { flowLogIds: subject },
    };
  }
  if (record.eventSource !== 'route53resolver.amazonaws.com') return undefined;
  const config = text(params.resolverQueryLogConfigId) ?? 'unknown-query-log-config';
  if (record.eventName === 'DeleteResolverQueryLogConfig') {
    return { subject: config, action: `deleted Resolver query logging configuration ${config}`, resources: [], evidence: { config } };
  }
  if (record.eventName === 'DisassociateResolverQueryLogConfig') {
    const vpc = text(params.resourceId) ?? null;
    return {
      subject: config,
      action: `detached Resolver query logging configuration ${config} from ${vpc ?? 'a VPC'}`,
      resources: [],
      evidence: { config, resourceId: vpc },
    };
  }
  return undefined;
}

/** DeleteFlowLogs records its ids as DeleteFlowLogsRequest.FlowLogId: one {content} or a list of them (EC2's query API). */
function flowLogIds(params: Record<string, unknown>): string[] {
  const request = params.DeleteFlowLogsRequest as Record<string, unknown> | undefined;
  const raw = request?.FlowLogId ?? params.flowLogIds ?? params.FlowLogIds;
  const items = Array.isArray(raw) ? raw : [raw];
  return items.map(text).filter((id): id is string => id !== undefined);
}
