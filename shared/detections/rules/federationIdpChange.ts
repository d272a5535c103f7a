import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { StatelessDetection } from '../detection';
import { accountOf, callerEvidence, outcomeOf, stringAt } from './identityHelpers';

const IAM_NAMES = ['CreateSAMLProvider', 'UpdateSAMLProvider', 'DeleteSAMLProvider', 'CreateOpenIDConnectProvider'];
// IAM Identity Center: its external identity provider (sso-directory) and the directory it uses (sso).
const SSO_DIRECTORY_NAMES = [
  'CreateExternalIdPConfigurationForDirectory',
  'UpdateExternalIdPConfigurationForDirectory',
  'EnableExternalIdPConfigurationForDirectory',
  'DisableExternalIdPConfigurationForDirectory',
  'DeleteExternalIdPConfigurationForDirectory',
];
const SSO_NAMES = ['AssociateDirectory', 'DisassociateDirectory'];

/**
 * federation-idp-change: a change, attempted or done, to who can federate into the account: IAM SAML and OIDC
 * providers, and IAM Identity Center's external identity provider or directory.
 */
export const federationIdpChange: StatelessDetection<{ ignoreIdentityCenterProvisioning: boolean; allowedCallers: string[] }> = {
  kind: 'stateless',
  definition: {
    id: 'federation-idp-change',
    title: 'Federation identity provider created, changed or removed',
    severity: 'high',
    mitre: ['T1484.002'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({
    ignoreIdentityCenterProvisioning: z
      .boolean()
      .default(true)
      .describe(
        'Skip the SAML providers IAM Identity Center itself manages in member accounts ' +
          '(its service-linked role, invoked by sso.amazonaws.com)',
      ),
    allowedCallers: z
      .array(z.string().min(1))
      .default([])
      .describe('Caller ARNs (role ARNs match their sessions) that manage identity providers by design, e.g. the IaC deploy role'),
  }),
  trigger: {
    $or: [
      { source: ['aws.iam'], detail: { eventSource: ['iam.amazonaws.com'], eventName: IAM_NAMES } },
      { source: ['aws.sso-directory'], detail: { eventSource: ['sso-directory.amazonaws.com'], eventName: SSO_DIRECTORY_NAMES } },
      { source: ['aws.sso'], detail: { eventSource: ['sso.amazonaws.com'], eventName: SSO_NAMES } },
    ],
  },
  evaluate(event, params) {
    const record = event.detail;
    const names = { 'iam.amazonaws.com': IAM_NAMES, 'sso-directory.amazonaws.com': SSO_DIRECTORY_NAMES, 'sso.amazonaws.com': SSO_NAMES };
    if (!names[record.eventSource as keyof typeof names]?.includes(record.eventName)) return undefined;
    const actor = actorOf(record);
    const issuer = record.userIdentity.sessionContext?.sessionIssuer?.arn;
    // Only the Identity Center service can act as its service-linked role: that is AWS provisioning, not a person.
    const provisioning =
      record.userIdentity.invokedBy === 'sso.amazonaws.com' &&
      /:role\/aws-service-role\/sso\.amazonaws\.com\/AWSServiceRoleForSSO$/.test(issuer ?? '');
    if (params.ignoreIdentityCenterProvisioning && provisioning) return undefined;
    if (params.allowedCallers.some((c) => c === actor || c === issuer)) return undefined;
    const account = accountOf(event);
    const provider = providerOf(record.requestParameters, record.responseElements);
    const target = provider ?? `${record.eventSource.split('.')[0]}:${account}`;
    return {
      subject: target,
      dedupKey: `${account}:${target}`,
      description:
        `${actor} called ${record.eventSource} ${record.eventName}${outcomeOf(record)} in account ${account} ` +
        `(${record.awsRegion}, from ${record.sourceIPAddress ?? 'an unknown IP'})${provider ? ` on ${provider}` : ''}. ` +
        'An identity provider the attacker controls lets them sign in as any role that trusts it.',
      resources: provider?.startsWith('arn:') ? [provider] : [],
      evidence: { ...callerEvidence(record), account, eventSource: record.eventSource, provider: provider ?? null },
    };
  },
};

/** The provider's ARN when the record has it, else its name (CreateSAMLProvider carries only the name in the request). */
function providerOf(request: Record<string, unknown> | null | undefined, response: Record<string, unknown> | null | undefined) {
  return (
    stringAt(request, 'sAMLProviderArn') ??
    stringAt(response, 'sAMLProviderArn') ??
    stringAt(request, 'openIDConnectProviderArn') ??
    stringAt(response, 'openIDConnectProviderArn') ??
    stringAt(request, 'name') ??
    stringAt(request, 'url') ??
    stringAt(request, 'directoryId') ??
    stringAt(request, 'instanceArn')
  );
}
