import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { RuleSet } from '../../../shared/eventPattern';
import type { EventBridgeEvent } from '../../../shared/events/envelope';
import { FindingStore, type Finding } from '../../../shared/findings';
import { localClientConfig, localEndpointEnv } from '../awsClients';
import { startCaptureEndpoint, splitConcatenatedJson, type CapturedRequest } from '../captureEndpoint';
import { ensureTables, loadTableDefinitions, startDynamo } from '../dynamo';
import { startEventBridge } from '../eventBridgeEndpoint';
import { startKms } from '../kmsEndpoint';
import { secretArn, startSecretsManager } from '../secretsManagerEndpoint';
import { RuntimeError } from './errors';
import { FUNCTIONS, PROJECT_ROOT, handlerPath, isFunctionKey, type FunctionKey } from './functionCatalog';
import { lambdaContext } from './lambdaContext';
import { parseLocalConfig, type LocalConfig } from './localConfig';
import { loadRuleFiles, type RuleFile } from './rules';

export type BusName = 'default' | 'vigil';

export interface RuntimeOptions {
  config?: LocalConfig;
  /** Persist DynamoDB (and the local KMS key material) here; in memory when absent. */
  dataDir?: string;
  /** Every request captured in place of OpsGenie or the SIEM (sinks with a real endpoint configured are not captured). */
  onDelivery?: (sink: 'opsgenie' | 'siem', request: CapturedRequest) => void;
}

export interface DeadLetter {
  function: FunctionKey;
  eventId: string;
  reason: string;
}

export interface RuntimeStats {
  /** Events routed to at least one function. */
  delivered: number;
  /** Events no rule matched. */
  unmatched: number;
  invocations: Partial<Record<FunctionKey, number>>;
  /** Queue records that failed maxReceiveCount times: what the buffer queue's DLQ would hold. */
  deadLetters: DeadLetter[];
  /** Direct invocations that failed every retry: what the on-failure destination would receive. */
  failedInvocations: DeadLetter[];
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

interface QueuedRecord {
  event: EventBridgeEvent;
  receiveCount: number;
  messageId: string;
}

const MAX_RECEIVE_COUNT = 3;
/** Lambda retries a failed asynchronous invocation twice. */
const MAX_ASYNC_ATTEMPTS = 3;

const TABLES = {
  Findings: 'findings',
  DetectionState: 'detection-state',
  Idempotency: 'idempotency',
  Quarantine: 'quarantine',
  Outbox: 'outbox',
} as const;

/**
 * The whole pipeline in one process: the functions' real (middy-wrapped) handlers, routed by the
 * rule patterns of events/rules, their SDK clients pointed at embedded endpoints (dynalite, and the
 * EventBridge, KMS and Secrets Manager operations Vigil uses). Buffered functions receive SQS batches
 * and report partial failures as in Lambda; direct targets are retried as asynchronous invocations.
 */
export class EmbeddedRuntime {
  readonly stats: RuntimeStats = { delivered: 0, unmatched: 0, invocations: {}, deadLetters: [], failedInvocations: [] };
  private readonly queues = new Map<FunctionKey, QueuedRecord[]>();
  private readonly direct: Array<{ fn: FunctionKey; event: EventBridgeEvent; attempt: number }> = [];
  private handlers = new Map<FunctionKey, Handler>();
  private rules!: Record<BusName, RuleSet<RuleFile>>;
  private closers: Array<() => Promise<void>> = [];
  private ddb!: DynamoDBDocumentClient;
  private tableNames!: Record<keyof typeof TABLES, string>;
  private draining?: Promise<void>;

  private constructor(
    readonly config: LocalConfig,
    private readonly options: RuntimeOptions,
  ) {}

  static async start(options: RuntimeOptions = {}): Promise<EmbeddedRuntime> {
    const runtime = new EmbeddedRuntime(options.config ?? parseLocalConfig({}), options);
    try {
      await runtime.boot();
    } catch (error) {
      await runtime.close();
      throw error;
    }
    return runtime;
  }

  get busName(): string {
    return `vigil-${this.config.stage}`;
  }

  /** An event as EventBridge would deliver it on `bus`: matched against that bus's rules and queued for its targets; returns the number of rules matched. */
  deliver(event: EventBridgeEvent, bus: BusName): number {
    const matched = this.rules[bus].match(event);
    if (matched.length === 0) {
      this.stats.unmatched += 1;
      return 0;
    }
    this.stats.delivered += 1;
    for (const rule of matched) {
      const fn = rule.target as FunctionKey;
      if (rule.delivery === 'queue') {
        this.queues.get(fn)!.push({ event, receiveCount: 0, messageId: randomUUID() });
      } else {
        this.direct.push({ fn, event, attempt: 1 });
      }
    }
    return matched.length;
  }

  /** Records waiting in buffer queues: the caller drains once a batch's worth is waiting. */
  get backlog(): number {
    let n = this.direct.length;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /** Runs every function until no event is waiting anywhere (findings published on the way are routed too). */
  drain(): Promise<void> {
    this.draining ??= this.drainLoop().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  async *findings(): AsyncGenerator<Finding> {
    yield* new FindingStore(this.ddb, this.tableNames.Findings).scan();
  }

  /** What the functions quarantined since a time: ids, components and reasons (payloads stay sealed in the table). */
  async quarantined(since = new Date(0)): Promise<Array<{ id: string; component: string; reason: string; source?: string; detailType?: string; eventId?: string }>> {
    const out = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new ScanCommand({
          TableName: this.tableNames.Quarantine,
          ProjectionExpression: 'id, component, reason, #s, detailType, eventId, receivedAt',
          FilterExpression: 'receivedAt >= :since',
          ExpressionAttributeNames: { '#s': 'source' },
          ExpressionAttributeValues: { ':since': since.toISOString() },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) out.push(item as { id: string; component: string; reason: string });
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }

  async close(): Promise<void> {
    const closers = this.closers.reverse();
    this.closers = [];
    for (const close of closers) await close();
  }

  private async boot(): Promise<void> {
    const { config, options } = this;
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });

    const dynamo = await startDynamo({ dataDir: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined });
    this.closers.push(() => dynamo.close());
    const kms = await startKms({
      keys: [`alias/vigil-${config.stage}-fields`],
      keyMaterialFile: options.dataDir ? join(options.dataDir, 'kms-keys.json') : undefined,
    });
    this.closers.push(() => kms.close());
    const eventBridge = await startEventBridge({
      account: config.account,
      region: config.region,
      buses: [this.busName],
      onEvents: (entries) => {
        for (const entry of entries) {
          const { eventBusName, ...event } = entry;
          this.deliver(event as EventBridgeEvent, eventBusName === this.busName || eventBusName.endsWith(`/${this.busName}`) ? 'vigil' : 'default');
        }
      },
    });
    this.closers.push(() => eventBridge.close());

    const opsgenieUrl =
      config.opsgenie?.baseUrl ??
      (await this.startCapture('opsgenie', 'https://api.opsgenie.com', () => ({
        status: 202,
        body: { result: 'Request will be processed', took: 0.01, requestId: randomUUID() },
      })));
    const siemUrl =
      config.siem?.hecUrl ??
      (await this.startCapture('siem', 'https://splunk.example.com:8088', () => ({ status: 200, body: { text: 'Success', code: 0 } })));
    const secretNames = { opsgenie: `vigil-${config.stage}/opsgenie-api-key`, siem: `vigil-${config.stage}/splunk-hec-token` };
    const secrets = await startSecretsManager({
      account: config.account,
      region: config.region,
      secrets: {
        [secretNames.opsgenie]: config.opsgenie?.apiKey ?? 'local-capture-key',
        [secretNames.siem]: config.siem?.token ?? 'local-capture-token',
      },
    });
    this.closers.push(() => secrets.close());

    this.tableNames = Object.fromEntries(
      Object.entries(TABLES).map(([logicalId, suffix]) => [logicalId, `vigil-${config.stage}-${suffix}`]),
    ) as Record<keyof typeof TABLES, string>;
    const client = new DynamoDBClient(localClientConfig(dynamo.endpoint, config.region));
    this.closers.push(async () => client.destroy());
    this.ddb = DynamoDBDocumentClient.from(client);
    const definitions = loadTableDefinitions(join(PROJECT_ROOT, 'infra', 'resources', 'tables.yml'), {
      resolveName: (logicalId) => {
        const name = this.tableNames[logicalId as keyof typeof TABLES];
        if (!name) throw new RuntimeError(`infra/resources/tables.yml defines table ${logicalId}, unknown to the embedded runtime`);
        return name;
      },
    });
    await ensureTables(client, definitions);

    const where = { account: config.account, region: config.region };
    Object.assign(process.env, {
      ...localEndpointEnv(
        { dynamodb: dynamo.endpoint, eventBridge: eventBridge.endpoint, kms: kms.endpoint, secretsManager: secrets.endpoint },
        config.region,
      ),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: config.logLevel,
      POWERTOOLS_METRICS_NAMESPACE: 'Vigil',
      POWERTOOLS_METRICS_DISABLED: 'true',
      STAGE: config.stage,
      EVENT_BUS_NAME: this.busName,
      FINDINGS_TABLE: this.tableNames.Findings,
      STATE_TABLE: this.tableNames.DetectionState,
      IDEMPOTENCY_TABLE: this.tableNames.Idempotency,
      QUARANTINE_TABLE: this.tableNames.Quarantine,
      OUTBOX_TABLE: this.tableNames.Outbox,
      FIELD_KEY_ID: `alias/vigil-${config.stage}-fields`,
      DETECTION_OVERRIDES: JSON.stringify(config.detectionOverrides),
      PAGE_AT_OR_ABOVE: config.pageAtOrAbove,
      OPSGENIE_FLAVOUR: config.opsgenie?.flavour ?? 'opsgenie',
      OPSGENIE_BASE_URL: opsgenieUrl,
      OPSGENIE_API_KEY_SECRET_ARN: secretArn(secretNames.opsgenie, where),
      SIEM_HEC_URL: siemUrl,
      SIEM_HEC_TOKEN_SECRET_ARN: secretArn(secretNames.siem, where),
      MODEL_MONITOR_BUCKET: `vigil-${config.stage}-model-monitor`,
    });

    const byBus: Record<BusName, Array<{ pattern: unknown; value: RuleFile }>> = { default: [], vigil: [] };
    for (const rule of loadRuleFiles()) {
      if (!isFunctionKey(rule.target)) throw new RuntimeError(`rule ${rule.name} targets unknown function ${rule.target}`);
      byBus[rule.bus].push({ pattern: rule.pattern, value: rule });
    }
    this.rules = { default: new RuleSet(byBus.default), vigil: new RuleSet(byBus.vigil) };
    this.loadHandlers();
  }

  /** A capture endpoint in place of a sink that has no real endpoint configured; returns its base URL. */
  private async startCapture(sink: 'opsgenie' | 'siem', nominalBaseUrl: string, respond: () => { status: number; body: unknown }): Promise<string> {
    const endpoint = await startCaptureEndpoint({
      nominalBaseUrl,
      respond,
      record: (request) => this.options.onDelivery?.(sink, request),
      parseBody: sink === 'siem' ? splitConcatenatedJson : undefined,
    });
    this.closers.push(() => endpoint.close());
    return endpoint.endpoint;
  }

  /** Handlers read their configuration at module load, so they are loaded after the environment is set. */
  private loadHandlers(): void {
    for (const key of Object.keys(FUNCTIONS) as FunctionKey[]) {
      const path = handlerPath(key);
      // Each function gets its own copy of the project's modules, as each Lambda has its own
      // process; and a second runtime in one process must not reuse modules configured for the first.
      forgetProjectModules();
      const mod = require(path) as { handler?: Handler };
      if (typeof mod.handler !== 'function') throw new RuntimeError(`${path} does not export a handler`);
      this.handlers.set(key, mod.handler);
      this.queues.set(key, []);
    }
  }

  private async invoke(fn: FunctionKey, event: unknown): Promise<unknown> {
    this.stats.invocations[fn] = (this.stats.invocations[fn] ?? 0) + 1;
    const context = lambdaContext(`vigil-${this.config.stage}-${fn}`, this.config.region, this.config.account);
    return this.handlers.get(fn)!(event, context);
  }

  private async drainLoop(): Promise<void> {
    while (this.backlog > 0) {
      while (this.direct.length > 0) {
        const job = this.direct.shift()!;
        try {
          await this.invoke(job.fn, job.event);
        } catch (error) {
          if (job.attempt < MAX_ASYNC_ATTEMPTS) this.direct.push({ ...job, attempt: job.attempt + 1 });
          else this.stats.failedInvocations.push({ function: job.fn, eventId: job.event.id, reason: errorText(error) });
        }
      }
      for (const [fn, queue] of this.queues) {
        if (queue.length === 0) continue;
        const batch = queue.splice(0, this.config.batchSize);
        await this.deliverBatch(fn, batch);
      }
    }
  }

  private async deliverBatch(fn: FunctionKey, batch: QueuedRecord[]): Promise<void> {
    const queueArn = `arn:aws:sqs:${this.config.region}:${this.config.account}:vigil-${this.config.stage}-${FUNCTIONS[fn].folder}`;
    for (const record of batch) record.receiveCount += 1;
    let failedIds: Set<string>;
    let reason = 'reported as a batch item failure';
    try {
      const event: SQSEvent = { Records: batch.map((r) => sqsRecord(r, queueArn, this.config.region)) };
      const response = (await this.invoke(fn, event)) as SQSBatchResponse | undefined;
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      failedIds = new Set(batch.map((r) => r.messageId));
      reason = errorText(error);
    }
    for (const record of batch) {
      if (!failedIds.has(record.messageId)) continue;
      if (record.receiveCount >= MAX_RECEIVE_COUNT) this.stats.deadLetters.push({ function: fn, eventId: record.event.id, reason });
      else this.queues.get(fn)!.push(record);
    }
  }
}

function sqsRecord(record: QueuedRecord, queueArn: string, region: string): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: record.messageId,
    receiptHandle: `local-${record.messageId}-${record.receiveCount}`,
    body: JSON.stringify(record.event),
    attributes: {
      ApproximateReceiveCount: String(record.receiveCount),
      SentTimestamp: now,
      SenderId: 'AIDAEVENTBRIDGE',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Drops the project's own modules from Node's cache (not dependencies, not the runtime itself). */
function forgetProjectModules(): void {
  const runtimeDir = join(PROJECT_ROOT, 'infra', 'local') + sep;
  for (const id of Object.keys(require.cache)) {
    if (id.startsWith(PROJECT_ROOT) && !id.includes(`${sep}node_modules${sep}`) && !id.startsWith(runtimeDir)) delete require.cache[id];
  }
}
