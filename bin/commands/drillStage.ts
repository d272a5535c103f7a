import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { version } from '../../package.json';
import { parseCloudFormationYaml } from '../../infra/local/dynamo';
import { PROJECT_ROOT } from '../../infra/manifest/paths';
import { OpsGenieClient } from '../../shared/alerts/opsgenie/client';
import type { OpsGenieFlavour } from '../../shared/alerts/opsgenie/endpoint';
import { createSiemSink, type SiemSinkKind } from '../../shared/alerts/sinks/createSiemSink';
import { ConfigError } from '../../shared/config/errors';
import { AlertDrill, DynamoDrillStore, drillReport, drillTargets, type DrillReport } from '../../shared/drill';
import { FindingPublisher } from '../../shared/findings/FindingPublisher';
import type { Severity } from '../../shared/findings/severity';
import { parseRoutingConfig } from '../../shared/routing/routingConfig';

/** A stage's parameters as serverless.yml gives them: `params.default` under `params.<stage>`, `${sls:stage}` resolved. */
export function stageParams(stage: string, file = join(PROJECT_ROOT, 'serverless.yml')): Record<string, string> {
  const doc = parseCloudFormationYaml(readFileSync(file, 'utf8'), file) as { params?: Record<string, Record<string, unknown>> };
  const merged = { ...(doc.params?.default ?? {}), ...(doc.params?.[stage] ?? {}) };
  return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, String(v).replaceAll('${sls:stage}', stage)]));
}

export interface StageDrillOptions {
  stage: string;
  region: string;
  detections?: readonly string[];
  /** How long to wait for the router's receipts and OpsGenie's processing (default 60 s). */
  waitSeconds?: number;
}

/**
 * `vigil drill --stage S --region R`: the drill findings go on the stage's bus (vigil-S), the deployed
 * alert router routes them, and the drill waits for its receipts in the stage's Outbox table, then asks
 * OpsGenie's request-status API about each create's requestId; the router's HEC sink reports indexer
 * acknowledgement when the stage has it on (siemHecAck). Endpoints and secret names are the stage's
 * serverless.yml params; AWS credentials come from the usual environment.
 */
export async function runStageDrill(options: StageDrillOptions): Promise<DrillReport> {
  const params = stageParams(options.stage);
  const routing = parseRoutingConfig(params.alertRouting ?? '{}', `serverless.yml params.${options.stage}.alertRouting`);
  const clientConfig = { region: options.region };
  const secrets = new SecretsManagerClient(clientConfig);
  const eventBridge = new EventBridgeClient(clientConfig);
  const ddbClient = new DynamoDBClient(clientConfig);
  try {
    const [apiKey, token] = await Promise.all([
      secretText(secrets, need(params, 'opsgenieApiKeySecretName')),
      secretText(secrets, need(params, 'siemHecTokenSecretName')),
    ]);
    const drill = new AlertDrill({
      stage: options.stage,
      // The stage's own account: the drill findings name it only as their account field.
      account: process.env.AWS_ACCOUNT_ID ?? '000000000000',
      region: options.region,
      pageAtOrAbove: need(params, 'pageAtOrAbove') as Severity,
      productVersion: version,
      publisher: new FindingPublisher({ eventBridge, busName: `vigil-${options.stage}` }),
      store: new DynamoDrillStore(DynamoDBDocumentClient.from(ddbClient), `vigil-${options.stage}-outbox`),
      opsgenie: new OpsGenieClient({
        apiKey,
        baseUrl: need(params, 'opsgenieBaseUrl'),
        flavour: (params.opsgenieFlavour ?? 'opsgenie') as OpsGenieFlavour,
      }),
      siem: createSiemSink({
        kind: (params.siemKind ?? 'splunk-hec') as SiemSinkKind,
        url: need(params, 'siemHecUrl'),
        token,
        ack: params.siemHecAck === 'true',
        ...(params.siemHecIndex ? { index: params.siemHecIndex } : {}),
      }),
      ...(routing.runbookBaseUrl === undefined ? {} : { runbookBaseUrl: routing.runbookBaseUrl }),
    });
    const run = await drill.start(drillTargets(options.detections), Date.now());
    const pollIntervalMs = 2000;
    const polls = Math.ceil(((options.waitSeconds ?? 60) * 1000) / pollIntervalMs);
    const rows = await drill.close(run, await drill.verify(run, { polls, pollIntervalMs }));
    const done = await drill.finish(run, rows, Date.now());
    return drillReport(done, rows);
  } finally {
    secrets.destroy();
    eventBridge.destroy();
    ddbClient.destroy();
  }
}

function need(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw new ConfigError(`serverless.yml params has no ${name} for this stage`);
  return value;
}

async function secretText(client: SecretsManagerClient, name: string): Promise<string> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: name }));
  if (typeof SecretString !== 'string' || SecretString === '') throw new ConfigError(`secret ${name} is not a plain-text secret`);
  return SecretString;
}
