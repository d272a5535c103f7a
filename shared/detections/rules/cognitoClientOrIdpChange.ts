import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { outcomeOf } from './identityHelpers';
import { fieldOf } from './personHelpers';
import { accountOf, callEvidence, isTrue, stringParam, stringsOf } from './requestValues';

const parameters = z.strictObject({
  allowedCallbackUrlPrefixes: z
    .array(z.string())
    .default([])
    .describe('Callback URL prefixes of the applications themselves (e.g. "https://app.example.com/"); URLs under them do not fire'),
});
type Params = z.infer<typeof parameters>;

const IDP = 'cognito-idp.amazonaws.com';
const IDENTITY = 'cognito-identity.amazonaws.com';
/** Password sign-in sent to Cognito in the clear, without SRP; the legacy name means the same. */
const PASSWORD_FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH'];

/** What the call changes that matters, or [] . */
function changes(record: { eventSource: string; eventName: string }, request: Record<string, unknown>, params: Params): string[] {
  const name = record.eventName;
  if (record.eventSource === IDP && (name === 'CreateUserPoolClient' || name === 'UpdateUserPoolClient')) {
    // Update replaces the whole client, so CloudTrail shows the full list, not what was added: allow-list the app's own.
    const urls = stringsOf(fieldOf(request, 'callbackURLs')).filter((u) => !params.allowedCallbackUrlPrefixes.some((p) => u.startsWith(p)));
    const flows = stringsOf(fieldOf(request, 'explicitAuthFlows')).filter((f) => PASSWORD_FLOWS.includes(f.toUpperCase()));
    return [...(urls.length > 0 ? [`callback URLs ${urls.join(', ')}`] : []), ...flows.map((f) => `auth flow ${f}`)];
  }
  if (record.eventSource === IDP && (name === 'CreateIdentityProvider' || name === 'UpdateIdentityProvider')) {
    const provider = stringParam(fieldOf(request, 'providerName')) ?? 'unknown';
    return [`identity provider ${provider} (${stringParam(fieldOf(request, 'providerType')) ?? 'type unchanged'})`];
  }
  if (record.eventSource === IDENTITY && (name === 'CreateIdentityPool' || name === 'UpdateIdentityPool')) {
    return isTrue(fieldOf(request, 'allowUnauthenticatedIdentities')) ? ['unauthenticated identities allowed'] : [];
  }
  if (record.eventSource === IDENTITY && name === 'SetIdentityPoolRoles') return ['identity pool roles set'];
  return [];
}

/**
 * cognito-client-or-idp-change: an app client given callback URLs (where tokens are sent) or password
 * auth; an identity provider created or changed (who may sign in); an identity pool opened to
 * unauthenticated identities or given roles (what AWS credentials it hands out). The row does not say
 * "success": attempts count.
 */
export const cognitoClientOrIdpChange: StatelessDetection<Params> = {
  kind: 'stateless',
  definition: {
    id: 'cognito-client-or-idp-change',
    title: 'Cognito app client, identity provider or identity pool changed',
    severity: 'high',
    mitre: ['T1556'],
    dedupWindowMinutes: 60,
  },
  parameters,
  trigger: {
    source: ['aws.cognito-idp', 'aws.cognito-identity'],
    detail: {
      eventSource: [IDP, IDENTITY],
      eventName: [
        'CreateUserPoolClient',
        'UpdateUserPoolClient',
        'CreateIdentityProvider',
        'UpdateIdentityProvider',
        'CreateIdentityPool',
        'UpdateIdentityPool',
        'SetIdentityPoolRoles',
      ],
    },
  },
  evaluate(event, params) {
    const record = event.detail;
    const request = record.requestParameters ?? {};
    const changed = changes(record, request, params);
    if (changed.length === 0) return undefined;
    const account = accountOf(event);
    const userPool = stringParam(fieldOf(request, 'userPoolId'));
    const identityPool = stringParam(fieldOf(request, 'identityPoolId')) ?? stringParam(fieldOf(record.responseElements, 'identityPoolId'));
    const arn = userPool
      ? `arn:aws:cognito-idp:${record.awsRegion}:${account}:userpool/${userPool}`
      : `arn:aws:cognito-identity:${record.awsRegion}:${account}:identitypool/${identityPool ?? 'unknown-pool'}`;
    const client = stringParam(fieldOf(request, 'clientId')) ?? stringParam(fieldOf(request, 'clientName')) ?? null;
    return {
      subject: arn,
      dedupKey: `${account}:${arn}:${record.eventName}`,
      description:
        `${actorOf(record)} called ${record.eventName} on ${arn}${client ? ` (app client ${client})` : ''}${outcomeOf(record)}: ` +
        `${changed.join('; ')}. Clients, identity providers and identity pools decide who signs in, where tokens go and ` +
        'which AWS credentials are handed out.',
      resources: [arn],
      evidence: { ...callEvidence(record), account, client, changes: changed.join('; '), errorCode: record.errorCode || null },
    } satisfies DetectionHit;
  },
};
