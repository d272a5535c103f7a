import { z } from 'zod';
import { actorOf, succeeded, type CloudTrailRecord } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { isEveryone, isObject, LIMITING_CONDITION_KEYS, publicStatements } from './policyDocument';
import { accountOf, callEvidence, stringParam } from './requestValues';

/**
 * Beyond the bucket-policy keys, these confine a resource policy to a source resource, organisation or
 * account as well: a statement under one of them does not grant to everyone.
 */
const LIMITING_KEYS = [...LIMITING_CONDITION_KEYS, 'aws:SourceArn', 'aws:SourceOrgID', 'aws:PrincipalAccount'];

/** Where each service's call carries its policy, and what the resource is called. */
const POLICY_CALLS: Record<string, Record<string, (p: Record<string, unknown>) => { policy: unknown; resource: unknown }>> = {
  'sqs.amazonaws.com': {
    SetQueueAttributes: (p) => ({ policy: attribute(p.attributes, 'Policy'), resource: p.queueUrl }),
    CreateQueue: (p) => ({ policy: attribute(p.attributes, 'Policy'), resource: p.queueName }),
  },
  'sns.amazonaws.com': {
    SetTopicAttributes: (p) => ({ policy: p.attributeName === 'Policy' ? p.attributeValue : undefined, resource: p.topicArn }),
    CreateTopic: (p) => ({ policy: attribute(p.attributes, 'Policy'), resource: p.name }),
  },
  'kms.amazonaws.com': {
    PutKeyPolicy: (p) => ({ policy: p.policy, resource: p.keyId }),
    CreateKey: (p) => ({ policy: p.policy, resource: undefined }),
  },
  'ecr.amazonaws.com': {
    SetRepositoryPolicy: (p) => ({ policy: p.policyText, resource: p.repositoryName }),
    PutRegistryPolicy: (p) => ({ policy: p.policyText, resource: 'registry' }),
  },
  'secretsmanager.amazonaws.com': {
    PutResourcePolicy: (p) => ({ policy: p.resourcePolicy, resource: p.secretId }),
  },
  'glacier.amazonaws.com': {
    // The policy arrives wrapped: {"policy": {"policy": "<json>"}}.
    SetVaultAccessPolicy: (p) => ({ policy: isObject(p.policy) ? p.policy.policy : p.policy, resource: p.vaultName }),
  },
  'es.amazonaws.com': {
    CreateElasticsearchDomain: (p) => ({ policy: p.accessPolicies, resource: p.domainName }),
    UpdateElasticsearchDomainConfig: (p) => ({ policy: p.accessPolicies, resource: p.domainName }),
    CreateDomain: (p) => ({ policy: p.accessPolicies, resource: p.domainName }),
    UpdateDomainConfig: (p) => ({ policy: p.accessPolicies, resource: p.domainName }),
  },
};

/** Lambda names its API versions into event names (AddPermission20150331v2): compare the base name. */
const LAMBDA_CALLS = ['AddPermission', 'AddLayerVersionPermission', 'CreateFunctionUrlConfig', 'UpdateFunctionUrlConfig'];

const lambdaBase = (eventName: string) => LAMBDA_CALLS.find((name) => new RegExp(`^${name}(\\d{8}(v\\d+)?)?$`).test(eventName));

/**
 * resource-policy-made-public (success): an SQS, SNS, KMS, ECR, Secrets Manager, Glacier or OpenSearch
 * policy with an Allow to everyone that no limiting condition confines; lambda AddPermission or
 * AddLayerVersionPermission to principal "*" without a source account, source ARN or organisation; a
 * Lambda function URL created or changed to AuthType NONE.
 */
export const resourcePolicyMadePublic: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'resource-policy-made-public',
    title: 'Resource policy opened to everyone',
    severity: 'high',
    mitre: ['T1537'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: Object.keys(POLICY_CALLS)
      .concat('lambda.amazonaws.com')
      .map((s) => `aws.${s.split('.')[0]}`),
    detail: {
      eventSource: [...Object.keys(POLICY_CALLS), 'lambda.amazonaws.com'],
      eventName: [...Object.values(POLICY_CALLS).flatMap((calls) => Object.keys(calls)), ...LAMBDA_CALLS.map((prefix) => ({ prefix }))],
    },
  },
  evaluate(event) {
    const record = event.detail;
    if (!succeeded(record)) return undefined;
    const found = record.eventSource === 'lambda.amazonaws.com' ? lambdaGrant(record) : policyGrant(record);
    if (!found) return undefined;
    const account = accountOf(event);
    const service = record.eventSource.split('.')[0] ?? record.eventSource;
    const resource = found.resource ?? 'unknown-resource';
    const arn = found.arn ?? (found.resource ? resourceArn(record, service, resource, account) : undefined);
    return {
      subject: arn ?? `${service}:${resource}`,
      dedupKey: `${account}:${service}:${resource}`,
      description:
        `${actorOf(record)} ${found.what} on ${service} resource ${resource} ` +
        `(account ${account}, ${record.awsRegion}, ${record.eventName}). ` +
        'Anyone, in any account, may now use what it allows.',
      resources: arn ? [arn] : [],
      evidence: { ...callEvidence(record), account, service, resource, grant: found.what },
    } satisfies DetectionHit;
  },
};

interface Grant {
  what: string;
  resource: string | undefined;
  /** Set when the resource is not what its service's ARN would be built from (a Lambda layer). */
  arn?: string;
}

function policyGrant(record: CloudTrailRecord): Grant | undefined {
  const calls = Object.hasOwn(POLICY_CALLS, record.eventSource) ? POLICY_CALLS[record.eventSource] : undefined;
  const read = calls && Object.hasOwn(calls, record.eventName) ? calls[record.eventName] : undefined;
  if (!read) return undefined;
  const { policy, resource } = read(record.requestParameters ?? {});
  const open = publicStatements(policy, LIMITING_KEYS);
  if (open.length === 0) return undefined;
  return { what: `set a policy with ${open.length} Allow statement(s) to everyone and no limiting condition`, resource: name(resource) };
}

function lambdaGrant(record: CloudTrailRecord): Grant | undefined {
  const base = lambdaBase(record.eventName);
  const p = record.requestParameters ?? {};
  const fn = name(p.functionName) ?? name(p.layerName);
  const accountOfRecord = (r: CloudTrailRecord) => r.recipientAccountId ?? r.userIdentity.accountId ?? 'unknown-account';
  switch (base) {
    case 'AddPermission': {
      const limited = ['sourceAccount', 'sourceArn', 'principalOrgID'].some((k) => name(p[k]) !== undefined);
      if (!isEveryone(p.principal) || limited) return undefined;
      return { what: `allowed principal "*" to call ${name(p.action) ?? 'the function'}`, resource: fn };
    }
    case 'AddLayerVersionPermission':
      if (!isEveryone(p.principal) || name(p.organizationId) !== undefined) return undefined;
      return {
        what: `shared layer version ${String(p.versionNumber ?? '?')} with every account`,
        resource: fn,
        arn: fn?.startsWith('arn:') ? fn : fn && `arn:aws:lambda:${record.awsRegion}:${accountOfRecord(record)}:layer:${fn}`,
      };
    case 'CreateFunctionUrlConfig':
    case 'UpdateFunctionUrlConfig':
      if (String(p.authType ?? '').toUpperCase() !== 'NONE') return undefined;
      return { what: 'exposed a function URL with AuthType NONE (no authentication)', resource: fn };
    default:
      return undefined;
  }
}

function attribute(attributes: unknown, key: string): unknown {
  return isObject(attributes) ? attributes[key] : undefined;
}

function name(value: unknown): string | undefined {
  return stringParam(value);
}

/** An ARN for the resource where the record names it as one or gives enough to build it. */
function resourceArn(record: CloudTrailRecord, service: string, resource: string, account: string): string | undefined {
  if (resource.startsWith('arn:')) return resource;
  const fromResources = (record.resources ?? [])
    .map((r) => r.ARN ?? (r as Record<string, unknown>).arn)
    .find((a): a is string => typeof a === 'string' && a.startsWith('arn:'));
  if (fromResources) return fromResources;
  const region = record.awsRegion;
  switch (service) {
    case 'lambda':
      return `arn:aws:lambda:${region}:${account}:function:${resource}`;
    case 'ecr':
      return resource === 'registry' ? undefined : `arn:aws:ecr:${region}:${account}:repository/${resource}`;
    case 'es':
      return `arn:aws:es:${region}:${account}:domain/${resource}`;
    case 'glacier':
      return `arn:aws:glacier:${region}:${account}:vaults/${resource}`;
    case 'sqs': {
      const queue = resource.split('/').pop();
      return queue ? `arn:aws:sqs:${region}:${account}:${queue}` : undefined;
    }
    case 'kms':
      return resource.startsWith('alias/')
        ? `arn:aws:kms:${region}:${account}:${resource}`
        : `arn:aws:kms:${region}:${account}:key/${resource}`;
    case 'sns':
      return `arn:aws:sns:${region}:${account}:${resource}`;
    default:
      return undefined;
  }
}
