import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { callerIsListed, fieldOf, personKind } from './personHelpers';
import { accountOf, callEvidence, stringParam, stringsOf } from './requestValues';

const parameters = z.strictObject({
  allowedAutomationArns: z
    .array(z.string())
    .default([])
    .describe('IAM user or role ARNs of automation that sends commands as if it were a person (e.g. a CI user); never alerted'),
  minInstances: z.number().int().min(1).default(5).describe('Instance ids in one SendCommand at or above which it is high'),
});
type Params = z.infer<typeof parameters>;

/** Documents that run whatever the caller types: a shell on the instance as root or SYSTEM. */
const SHELL_DOCUMENTS = ['AWS-RunShellScript', 'AWS-RunPowerShellScript'];

/** The document's name from a name or an ARN (arn:aws:ssm:eu-west-1::document/AWS-RunShellScript). */
function documentName(value: unknown): string | undefined {
  const name = stringParam(value);
  return name?.includes(':document/') ? name.slice(name.indexOf(':document/') + ':document/'.length) : name;
}

/**
 * How broad the targets are, or undefined for a few named instances: targets by tag or resource group
 * reach every instance that carries it (now and at the call), InstanceIds "*" is every managed instance.
 */
function broadTargets(targets: unknown): string | undefined {
  for (const target of Array.isArray(targets) ? targets : []) {
    const key = stringParam(fieldOf(target, 'key')) ?? '';
    const values = stringsOf(fieldOf(target, 'values'));
    if (key.toLowerCase() === 'instanceids' && values.includes('*')) return 'all managed instances (InstanceIds *)';
    if (/^(tag:|tag-key$|resource-groups:)/i.test(key)) return `every instance matching ${key}=${values.join(',')}`;
  }
  return undefined;
}

/**
 * ssm-command-on-instances: SendCommand (success) by a person (personHelpers: IAM user, Root, federated user,
 * console session or IAM Identity Center session; not an allow-listed automation principal) that runs a
 * shell document (medium), or reaches minInstances or more instances or a whole fleet by tag, resource
 * group or "*" (high, whatever the document).
 */
export const ssmCommandOnInstances: StatelessDetection<Params> = {
  kind: 'stateless',
  definition: {
    id: 'ssm-command-on-instances',
    title: 'Person ran commands on EC2 instances through SSM',
    severity: 'medium',
    mitre: ['T1651'],
    dedupWindowMinutes: 60,
  },
  parameters,
  trigger: {
    source: ['aws.ssm'],
    detail: { eventSource: ['ssm.amazonaws.com'], eventName: ['SendCommand'] },
  },
  evaluate(event, params) {
    const record = event.detail;
    if (record.eventSource !== 'ssm.amazonaws.com' || record.eventName !== 'SendCommand' || !succeeded(record)) return undefined;
    const person = personKind(record);
    if (!person || callerIsListed(record, params.allowedAutomationArns)) return undefined;
    const request = record.requestParameters ?? {};
    const document = documentName(fieldOf(request, 'documentName')) ?? 'unknown-document';
    const instanceIds = stringsOf(fieldOf(request, 'instanceIds'));
    const broad =
      broadTargets(fieldOf(request, 'targets')) ??
      (instanceIds.length >= params.minInstances ? `${instanceIds.length} instances (threshold ${params.minInstances})` : undefined);
    const shell = SHELL_DOCUMENTS.includes(document);
    if (!shell && !broad) return undefined;
    const account = accountOf(event);
    const actor = actorOf(record);
    const commandId = stringParam(fieldOf(fieldOf(record.responseElements, 'command'), 'commandId')) ?? null;
    const reach = broad ?? instanceIds.join(', ');
    return {
      subject: actor,
      dedupKey: `${account}:${record.awsRegion}:${actor}`,
      description:
        `${actor} (${person}) sent SSM command ${document} to ${reach} (account ${account}, ${record.awsRegion}). ` +
        (shell ? 'The document runs arbitrary shell commands as root or SYSTEM. ' : '') +
        'Commands from people, rather than from automation, are how an intruder with console or CLI access runs code on instances.',
      severity: broad ? 'high' : undefined,
      resources: instanceIds.map((i) => `arn:aws:ec2:${record.awsRegion}:${account}:instance/${i}`),
      evidence: {
        ...callEvidence(record),
        account,
        person,
        documentName: document,
        instanceIds: instanceIds.join(',') || null,
        broadTargets: broad ?? null,
        commandId,
      },
    } satisfies DetectionHit;
  },
};
