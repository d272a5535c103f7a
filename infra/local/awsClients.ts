/*
 * SDK v3 client configuration for the embedded endpoints: the unmodified clients, pointed at
 * 127.0.0.1 with dummy static credentials (the endpoints do not check signatures) and a fixed region.
 */

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' });

export interface LocalClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Present only when asked for; otherwise the SDK's default (3 attempts, as in Lambda). */
  maxAttempts?: number;
}

/**
 * `new DynamoDBClient(localClientConfig(dynamo.endpoint))`, likewise for EventBridgeClient and KMSClient;
 * the second argument is a region, or `{ region?, maxAttempts? }`.
 * Retries are left at the SDK default unless `maxAttempts` is given, so the retry behaviour is the
 * production one (tests asserting a first-attempt error can pass `{ maxAttempts: 1 }`).
 */
export function localClientConfig(
  endpoint: string,
  regionOrOptions: string | { region?: string; maxAttempts?: number } = {},
): LocalClientConfig {
  const options = typeof regionOrOptions === 'string' ? { region: regionOrOptions } : regionOrOptions;
  const config: LocalClientConfig = {
    endpoint,
    region: options.region ?? LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
  };
  if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts;
  return config;
}

/**
 * The environment that points clients built with no explicit config (`new DynamoDBClient({})`, as
 * shared/aws/clients.ts does) at the embedded endpoints: the SDK's service-specific endpoint
 * variables (AWS_ENDPOINT_URL_<SERVICE>), a region and dummy credentials.
 */
export function localEndpointEnv(
  endpoints: { dynamodb?: string; eventBridge?: string; kms?: string; secretsManager?: string; s3?: string },
  region = LOCAL_REGION,
): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  };
  if (endpoints.dynamodb) env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
  if (endpoints.eventBridge) env.AWS_ENDPOINT_URL_EVENTBRIDGE = endpoints.eventBridge;
  if (endpoints.kms) env.AWS_ENDPOINT_URL_KMS = endpoints.kms;
  if (endpoints.secretsManager) env.AWS_ENDPOINT_URL_SECRETS_MANAGER = endpoints.secretsManager;
  if (endpoints.s3) env.AWS_ENDPOINT_URL_S3 = endpoints.s3;
  return env;
}
