import { z } from 'zod';
import { actorOf, succeeded, type CloudTrailRecord } from '../cloudTrailRecord';
import type { StatelessDetection } from '../detection';
import { accountOf, callerEvidence, iamArn, outcomeOf, stringAt } from './identityHelpers';

const ATTACH = { AttachUserPolicy: 'user', AttachRolePolicy: 'role', AttachGroupPolicy: 'group' } as const;
const PUT = { PutUserPolicy: 'user', PutRolePolicy: 'role', PutGroupPolicy: 'group' } as const;

/**
 * admin-policy-granted: AdministratorAccess attached to a user, role or group, or an inline policy or policy
 * version allowing every action on every resource. Attempts count: a denied grant is someone trying.
 */
export const adminPolicyGranted: StatelessDetection<{ allowedCallers: string[] }> = {
  kind: 'stateless',
  definition: {
    id: 'admin-policy-granted',
    title: 'Administrator permissions granted',
    severity: 'high',
    mitre: ['T1098.003'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({
    allowedCallers: z
      .array(z.string().min(1))
      .default([])
      .describe('Caller ARNs (role ARNs match their sessions) that grant admin by design, e.g. the account-vending pipeline'),
  }),
  trigger: {
    source: ['aws.iam'],
    detail: { eventSource: ['iam.amazonaws.com'], eventName: [...Object.keys(ATTACH), ...Object.keys(PUT), 'CreatePolicyVersion'] },
  },
  evaluate(event, params) {
    const record = event.detail;
    const grant = grantOf(record);
    if (!grant) return undefined;
    const actor = actorOf(record);
    const issuer = record.userIdentity.sessionContext?.sessionIssuer?.arn;
    if (params.allowedCallers.some((c) => c === actor || c === issuer)) return undefined;
    const account = accountOf(event);
    const target = grant.target(account);
    return {
      subject: target,
      dedupKey: `${account}:${target}`,
      description:
        `${actor} ${succeeded(record) ? 'granted' : 'tried to grant'} administrator permissions: ${grant.what} ` +
        `(${record.eventName}${outcomeOf(record)}, account ${account}, from ${record.sourceIPAddress ?? 'an unknown IP'}).`,
      resources: [target],
      evidence: { ...callerEvidence(record), account, grant: grant.kind, ...grant.evidence },
    };
  },
};

interface Grant {
  kind: 'managed-policy' | 'inline-policy' | 'policy-version';
  what: string;
  target(account: string): string;
  evidence: Record<string, string | boolean | null>;
}

function grantOf(record: CloudTrailRecord): Grant | undefined {
  const req = record.requestParameters;
  const name = record.eventName;
  if (name in ATTACH) {
    const kind = ATTACH[name as keyof typeof ATTACH];
    const policyArn = stringAt(req, 'policyArn');
    const principal = stringAt(req, `${kind}Name`);
    if (!policyArn || !principal || !/\/AdministratorAccess$/i.test(policyArn)) return undefined;
    return {
      kind: 'managed-policy',
      what: `${policyArn} attached to the IAM ${kind} ${principal}`,
      target: (account) => iamArn(record, account, kind, principal),
      evidence: { policyArn, principalName: principal },
    };
  }
  if (name in PUT) {
    const kind = PUT[name as keyof typeof PUT];
    const principal = stringAt(req, `${kind}Name`);
    if (!principal || !allowsAllOnAll(req?.policyDocument)) return undefined;
    const policyName = stringAt(req, 'policyName') ?? null;
    return {
      kind: 'inline-policy',
      what: `inline policy ${policyName ?? '(unnamed)'} allowing * on * put on the IAM ${kind} ${principal}`,
      target: (account) => iamArn(record, account, kind, principal),
      evidence: { policyName, principalName: principal },
    };
  }
  if (name === 'CreatePolicyVersion') {
    const policyArn = stringAt(req, 'policyArn');
    if (!policyArn || !allowsAllOnAll(req?.policyDocument)) return undefined;
    const setAsDefault = req?.setAsDefault === true || req?.setAsDefault === 'true';
    return {
      kind: 'policy-version',
      what: `a version of ${policyArn} allowing * on *${setAsDefault ? ', set as default' : ''}`,
      target: () => policyArn,
      evidence: { policyArn, setAsDefault },
    };
  }
  return undefined;
}

/**
 * Whether a policy document (CloudTrail records it as a JSON string, sometimes URL-encoded) has an Allow
 * of every action on every resource.
 */
export function allowsAllOnAll(document: unknown): boolean {
  const policy = parsePolicy(document);
  if (!policy) return false;
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return statements.some((s) => {
    if (!s || typeof s !== 'object') return false;
    const st = s as Record<string, unknown>;
    if (typeof st.Effect !== 'string' || st.Effect.toLowerCase() !== 'allow') return false;
    // A Condition does not make it less than admin (a trivially true one is an easy way around a check), so it is ignored.
    // "*" and "*:*" both mean every action of every service.
    return listOf(st.Action).some((a) => a === '*' || a === '*:*') && listOf(st.Resource).includes('*');
  });
}

function parsePolicy(document: unknown): Record<string, unknown> | undefined {
  if (document && typeof document === 'object') return document as Record<string, unknown>;
  if (typeof document !== 'string') return undefined;
  for (const text of [document, safeDecode(document)]) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
    } catch {
      // Not JSON as written: try the URL-decoded form next.
    }
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function listOf(value: unknown): string[] {
  if (typeof value === 'string') return [value.trim()];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()) : [];
}
