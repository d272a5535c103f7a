import { z } from 'zod';
import { BaseConfigSchema, requiredString } from '../../shared/config/schemas';
import { opsGenieEndpointProblem } from '../../shared/alerts/opsgenie/endpoint';
import { DEFAULT_PAGE_AT_OR_ABOVE } from '../../shared/alerts/severity';
import { SIEM_CONFIG_KEYS } from '../../shared/alerts/sinks/createSiemSink';
import { SEVERITIES } from '../../shared/findings/severity';
import { parseRoutingConfig } from '../../shared/routing/routingConfig';
import type { FunctionManifest } from '../../infra/manifest/types';

export const AlertRouterConfigSchema = BaseConfigSchema.extend({
  OUTBOX_TABLE: requiredString('OUTBOX_TABLE'),
  /** OpsGenie, or Jira Service Management ops (same body and key scheme, another base URL and path). */
  OPSGENIE_FLAVOUR: z.enum(['opsgenie', 'jsm']).default('opsgenie'),
  OPSGENIE_BASE_URL: z.url().default('https://api.opsgenie.com'),
  OPSGENIE_API_KEY_SECRET_ARN: requiredString('OPSGENIE_API_KEY_SECRET_ARN'),
  SIEM_HEC_URL: z.url({ error: 'SIEM_HEC_URL must be a URL' }),
  SIEM_HEC_TOKEN_SECRET_ARN: requiredString('SIEM_HEC_TOKEN_SECRET_ARN'),
  PAGE_AT_OR_ABOVE: z.enum(SEVERITIES).default(DEFAULT_PAGE_AT_OR_ABOVE),
  /** SIEM_KIND (splunk-hec | json-lines), SIEM_HEC_ACK, SIEM_HEC_INDEX: shared/alerts/sinks/createSiemSink.ts. */
  ...SIEM_CONFIG_KEYS,
  /** The routing policy (shared/routing/routingConfig.ts) as JSON; a problem in it fails the cold start, listed. */
  ALERT_ROUTING: routingConfigText('ALERT_ROUTING'),
}).superRefine((config, ctx) => {
  // US, EU or JSM host for the flavour, https (http only to a loopback stand-in): checked at cold start.
  const problem = opsGenieEndpointProblem({ flavour: config.OPSGENIE_FLAVOUR, baseUrl: config.OPSGENIE_BASE_URL });
  if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['OPSGENIE_BASE_URL'], message: problem });
});

/** A JSON routing policy in an environment variable, parsed and checked (RoutingConfigError's list as the issue). */
export function routingConfigText(name: string) {
  return z
    .string()
    .default('{}')
    .transform((text, ctx) => {
      try {
        return parseRoutingConfig(text, name);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });
}

/** Findings from the detectors: dedup, suppression, routing to OpsGenie and the SIEM; audit records to the SIEM. */
export const manifest = {
  key: 'alertRouter',
  folder: 'alert-router',
  description: 'Routes Vigil findings to OpsGenie and the SIEM, and audit records to the SIEM (Splunk HEC, OCSF)',
  memorySize: 512,
  timeoutSeconds: 30,
  // Lambda runs this many invocations at once (and so does the embedded runtime): a hung receiver stalls one, not the rest.
  reservedConcurrency: 10,
  config: AlertRouterConfigSchema,
  environment: {
    OUTBOX_TABLE: { table: 'Outbox' },
    OPSGENIE_FLAVOUR: { param: 'opsgenieFlavour' },
    OPSGENIE_BASE_URL: { param: 'opsgenieBaseUrl' },
    OPSGENIE_API_KEY_SECRET_ARN: { secretArn: 'opsgenieApiKeySecretName' },
    SIEM_HEC_URL: { param: 'siemHecUrl' },
    SIEM_KIND: { param: 'siemKind' },
    SIEM_HEC_ACK: { param: 'siemHecAck' },
    SIEM_HEC_INDEX: { param: 'siemHecIndex' },
    SIEM_HEC_TOKEN_SECRET_ARN: { secretArn: 'siemHecTokenSecretName' },
    PAGE_AT_OR_ABOVE: { param: 'pageAtOrAbove' },
    ALERT_ROUTING: { param: 'alertRouting' },
  },
  triggers: [
    { kind: 'direct', rule: 'findings' },
    // Batches of OCSF audit records (up to 50 an event) from the audit recorder.
    { kind: 'direct', rule: 'audit-records' },
  ],
  iam: {
    shared: ['xray', 'quarantine', 'tableKey', 'sealFields'],
    statements: [
      {
        Sid: 'OutboxRecords',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        Resource: { 'Fn::GetAtt': ['Outbox', 'Arn'] },
      },
      { Sid: 'OutboxByStatus', Effect: 'Allow', Action: ['dynamodb:Query'], Resource: { 'Fn::Sub': '${Outbox.Arn}/index/status-index' } },
      // Secret ARNs end in a random 6-character suffix: name-?????? matches exactly that secret.
      {
        Sid: 'DeliverySecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [
          {
            'Fn::Sub':
              'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${param:opsgenieApiKeySecretName}-??????',
          },
          {
            'Fn::Sub':
              'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${param:siemHecTokenSecretName}-??????',
          },
        ],
      },
    ],
  },
} satisfies FunctionManifest<typeof AlertRouterConfigSchema>;
