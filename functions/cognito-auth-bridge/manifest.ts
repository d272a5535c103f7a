import { COGNITO_AUTH_DETAIL_TYPE, COGNITO_AUTH_SOURCE } from '../../events/schemas/cognitoAuthEvent';
import { BaseConfigSchema } from '../../shared/config/schemas';
import type { FunctionManifest } from '../../infra/manifest/types';

export const CognitoAuthBridgeConfigSchema = BaseConfigSchema;

/**
 * Cognito threat protection's verdicts never reach EventBridge: the user pool exports them to a log
 * group (userAuthEvents). This function is subscribed to it and puts each auth event on the Vigil bus.
 */
export const manifest = {
  key: 'cognitoAuthBridge',
  folder: 'cognito-auth-bridge',
  description: 'Forwards Cognito threat-protection auth events (userAuthEvents log export) to the Vigil bus',
  memorySize: 512,
  timeoutSeconds: 60,
  config: CognitoAuthBridgeConfigSchema,
  environment: {},
  // Every record of the group is an auth event: no filter, so a malformed one is quarantined rather than never seen.
  triggers: [{ kind: 'logSubscription', logGroup: { param: 'cognitoUserAuthEventsLogGroup' }, filterPattern: '' }],
  iam: {
    // Idempotency: an auth event is published once, however often its payload is delivered. Quarantine
    // (sealed with the field key) for what cannot be read.
    shared: ['xray', 'idempotency', 'quarantine', 'tableKey', 'sealFields'],
    statements: [
      {
        Sid: 'PublishCognitoAuthEvents',
        Effect: 'Allow',
        Action: ['events:PutEvents'],
        Resource: { 'Fn::GetAtt': ['VigilEventBus', 'Arn'] },
        Condition: { StringEquals: { 'events:source': [COGNITO_AUTH_SOURCE], 'events:detail-type': [COGNITO_AUTH_DETAIL_TYPE] } },
      },
    ],
  },
} satisfies FunctionManifest<typeof CognitoAuthBridgeConfigSchema>;
