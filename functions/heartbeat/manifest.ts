import { z } from 'zod';
import { HEARTBEAT_PING_MINUTES } from '../../infra/oncall/heartbeat';
import type { FunctionManifest } from '../../infra/manifest/types';
import { opsGenieEndpointProblem } from '../../shared/alerts/opsgenie/endpoint';
import { BaseConfigSchema, requiredString } from '../../shared/config/schemas';

export const HeartbeatConfigSchema = BaseConfigSchema.extend({
  OPSGENIE_FLAVOUR: z.enum(['opsgenie', 'jsm']).default('opsgenie'),
  OPSGENIE_BASE_URL: z.url().default('https://api.opsgenie.com'),
  OPSGENIE_API_KEY_SECRET_ARN: requiredString('OPSGENIE_API_KEY_SECRET_ARN'),
}).superRefine((config, ctx) => {
  const problem = opsGenieEndpointProblem({ flavour: config.OPSGENIE_FLAVOUR, baseUrl: config.OPSGENIE_BASE_URL });
  if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['OPSGENIE_BASE_URL'], message: problem });
});

/** Vigil's liveness: pings the stage's OpsGenie heartbeat (infra/oncall/heartbeat.ts), which alerts when the pings stop. */
export const manifest = {
  key: 'heartbeat',
  folder: 'heartbeat',
  description: "Pings the stage's OpsGenie heartbeat so that OpsGenie alerts when Vigil goes quiet",
  memorySize: 256,
  timeoutSeconds: 30,
  config: HeartbeatConfigSchema,
  environment: {
    OPSGENIE_FLAVOUR: { param: 'opsgenieFlavour' },
    OPSGENIE_BASE_URL: { param: 'opsgenieBaseUrl' },
    OPSGENIE_API_KEY_SECRET_ARN: { secretArn: 'opsgenieApiKeySecretName' },
  },
  triggers: [
    {
      kind: 'schedule',
      name: 'ping',
      expression: `rate(${HEARTBEAT_PING_MINUTES} minutes)`,
      description: "Pings the stage's OpsGenie heartbeat",
      // A replay's quiet stretches: one run at their end does what every run in them would.
      replayCatchUp: 'latest',
    },
  ],
  iam: {
    shared: ['xray', 'quarantine', 'tableKey', 'sealFields'],
    statements: [
      // Secret ARNs end in a random 6-character suffix: name-?????? matches exactly that secret.
      {
        Sid: 'OpsGenieKey',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: {
          'Fn::Sub':
            'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${param:opsgenieApiKeySecretName}-??????',
        },
      },
    ],
  },
} satisfies FunctionManifest<typeof HeartbeatConfigSchema>;
