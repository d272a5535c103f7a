import { randomUUID } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { readConfig } from '../../../shared/config';
import { RuleSet } from '../../../shared/eventPattern';
import type { EventBridgeEvent } from '../../../shared/events/envelope';
import { FindingStore, type Finding } from '../../../shared/findings';
import { DynamoOutboxStore, type OutboxEntry } from '../../../shared/outbox';
import { type TelemetryCounts, TelemetryIngestCounters } from '../../../shared/telemetry/TelemetryIngestCounters';
import { loadFunctionCatalogue, type FunctionCatalogue } from '../../manifest/loadFunctionManifests';
import { PROJECT_ROOT } from '../../manifest/paths';
import type { RuleFile } from '../../manifest/rules';
import type { FunctionManifest, LogSubscriptionTrigger, QueueTrigger, ScheduleTrigger, TableId } from '../../manifest/types';
import { localClientConfig, localEndpointEnv } from '../awsClients';
import {
  hecCapture,
  opsGenieCapture,
  startCaptureEndpoint,
  type CaptureAnswer,
  type CaptureRequest,
  type CapturedRequest,
} from '../captureEndpoint';
import { DataDirError, prepareDataDir } from '../dataDir';
import { ensureTables, loadTableDefinitions, startDynamo } from '../dynamo';
import { startEventBridge } from '../eventBridgeEndpoint';
import { startKms } from '../kmsEndpoint';
import { TtlSweeper, ttlTables } from '../ttlSweeper';
import { OpsGenieStandIn, type StandInState } from '../opsgenieStandIn';
import { startS3 } from '../s3Endpoint';
import { secretArn, startSecretsManager } from '../secretsManagerEndpoint';
import { checkDetectionOverrides } from './checkDetectionOverrides';
import { RuntimeError } from './errors';
import { EventClock, type Schedule } from './EventClock';
import { functionEnvironment, type LocalResources } from './functionEnvironment';
import { loadHandler, type Handler } from './handlerModule';
import { lambdaContext } from './lambdaContext';
import { LOCAL_PSEUDONYM_KEY, parseLocalConfig, type LocalConfig } from './localConfig';
import { controlMessageEvent, logFilter, logSubscriptionEvent, scheduledEvent, type LogEvent } from './triggerEvents';

export type BusName = 'default' | 'vigil';

/** Where an event came from: the capture being replayed, a function (PutEvents), or a schedule. */
export type EventOrigin = 'input' | 'internal' | 'schedule' | 'logs';

export interface RuntimeOptions {
  config?: LocalConfig;
  /** Persist DynamoDB (and the local KMS key material) here; in memory when absent. */
  dataDir?: string;
  /** Every request captured in place of OpsGenie or the SIEM (sinks with a real endpoint configured are not captured). */
  onDelivery?: (sink: 'opsgenie' | 'siem', request: CapturedRequest) => void;
  /** The functions to run; by default every function of functions/ (tests may run fixtures). */
  catalogue?: FunctionCatalogue;
  /** Served by the embedded S3 as `<dir>/<bucket>/<key>` (Model Monitor reports); no bucket when absent. */
  s3Dir?: string;
}

export interface DeadLetter {
  function: string;
  eventId: string;
  /** The finding the event carried (a "Vigil Finding" to the router), to name what a failure concerns. */
  findingId?: string;
  reason: string;
  origin: EventOrigin;
}

export interface RuntimeStats {
  /** Events routed to at least one function. */
  delivered: number;
  /** Events no rule matched. */
  unmatched: number;
  /** Invocations per function key. */
  invocations: Record<string, number>;
  /** Scheduled runs per function key (included in invocations). */
  scheduledRuns: Record<string, number>;
  /** Queue records that failed maxReceiveCount times: what the buffer queue's DLQ would hold. */
  deadLetters: DeadLetter[];
  /** Asynchronous invocations that failed every retry: what the on-failure destination would receive. */
  failedInvocations: DeadLetter[];
}

interface RuntimeFunction {
  manifest: FunctionManifest;
  handlerPath: string;
  /** Loaded on the function's first invocation (its cold start), as Lambda loads it. */
  handler?: Handler;
  env: Record<string, string>;
  /** One buffer per queue trigger (a function may read several, each fed by its own rule). */
  queues: RuntimeQueue[];
}

interface RuntimeQueue {
  trigger: QueueTrigger;
  records: QueuedRecord[];
  batchSize: number;
}

interface QueuedRecord {
  event: EventBridgeEvent;
  origin: EventOrigin;
  receiveCount: number;
  messageId: string;
}

interface AsyncJob {
  fn: RuntimeFunction;
  event: unknown;
  eventId: string;
  origin: EventOrigin;
  attempt: number;
}

interface RuleTarget {
  rule: RuleFile;
  fn: RuntimeFunction;
  kind: 'queue' | 'direct';
  /** The buffer a queue trigger's rule feeds. */
  queue?: RuntimeQueue;
}

interface LogTarget {
  fn: RuntimeFunction;
  trigger: LogSubscriptionTrigger;
  /** The group's name, the stage parameter resolved to its local value. */
  logGroup: string;
  matches: (message: string) => boolean;
}

/** SQS moves a record to the buffer's DLQ after this many receives (the redrive policy). */
const MAX_RECEIVE_COUNT = 5;
/** Lambda retries a failed asynchronous invocation twice. */
const MAX_ASYNC_ATTEMPTS = 3;

/** The OpsGenie key the functions read from the embedded Secrets Manager when no real OpsGenie is configured. */
const LOCAL_OPSGENIE_KEY = 'local-capture-key';

const TABLE_SUFFIXES: Record<TableId, string> = {
  Findings: 'findings',
  DetectionState: 'detection-state',
  Idempotency: 'idempotency',
  Quarantine: 'quarantine',
  Outbox: 'outbox',
  AuditTrail: 'audit',
  TelemetryEvents: 'telemetry-events',
};

/**
 * The whole pipeline in one process: the functions' real (middy-wrapped) handlers, each with only
 * its own environment as in Lambda, their SDK clients pointed at embedded endpoints (dynalite, and
 * the EventBridge, KMS and Secrets Manager operations Vigil uses). What invokes a function is its
 * manifest's triggers, through one adapter per kind:
 *   queue             rule match → buffer → SQS batches with partial failures and redrive to a DLQ;
 *   direct            rule match → asynchronous invocation, retried, then the on-failure list;
 *   schedule          tick(eventTime) → the Scheduled Event at every time it would have fired;
 *   log subscription  putLogEvents(group, events) → the gzipped awslogs payload (putControlMessage: the
 *                     subscription's CONTROL_MESSAGE).
 */
export class EmbeddedRuntime {
  readonly stats: RuntimeStats = { delivered: 0, unmatched: 0, invocations: {}, scheduledRuns: {}, deadLetters: [], failedInvocations: [] };
  /** The OpsGenie stand-in behind the capture endpoint (its alerts, request outcomes, pings); absent when a real OpsGenie is configured. */
  opsGenieStandIn?: OpsGenieStandIn;
  private readonly functions: RuntimeFunction[] = [];
  private readonly asyncJobs: AsyncJob[] = [];
  private rules!: Record<BusName, RuleSet<RuleTarget>>;
  private clock!: EventClock<{ fn: RuntimeFunction; trigger: ScheduleTrigger }>;
  private logTargets: LogTarget[] = [];
  private closers: Array<() => Promise<void>> = [];
  private ddb!: DynamoDBDocumentClient;
  private tables!: Record<TableId, string>;
  private sweeper!: TtlSweeper;
  private draining?: Promise<void>;
  private localAwsResources!: LocalAws;
  private readonly originalEnv = { ...process.env };
  private managedEnvKeys = new Set<string>();

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

  /** The embedded endpoints, table names and field key, for callers that inspect what the functions wrote. */
  get localAws(): LocalAws {
    return this.localAwsResources;
  }

  /** The keys of the functions this runtime runs. */
  get functionKeys(): string[] {
    return this.functions.map((f) => f.manifest.key);
  }

  /**
   * An event as EventBridge would deliver it on `bus`: matched against that bus's rules and queued
   * for their targets; returns the number of rules matched. `origin` says where it came from (a
   * failure of an event a function published is not a failure of the replayed capture).
   */
  deliver(event: EventBridgeEvent, bus: BusName, origin: EventOrigin = 'input'): number {
    const matched = this.rules[bus].match(event);
    if (matched.length === 0) {
      this.stats.unmatched += 1;
      return 0;
    }
    this.stats.delivered += 1;
    for (const { fn, kind, queue } of matched) {
      if (kind === 'queue') queue!.records.push({ event, origin, receiveCount: 0, messageId: randomUUID() });
      else this.asyncJobs.push({ fn, event, eventId: event.id, origin, attempt: 1 });
    }
    return matched.length;
  }

  /**
   * Moves event time forward to `eventTime` and runs every scheduled function at each time its
   * schedule fires in between (after the events delivered so far are processed, as they would have
   * been by then). Event time never goes back: a late event leaves the clock where it is.
   */
  async tick(eventTime: Date): Promise<void> {
    const due = this.clock.advance(eventTime);
    for (const { time, target } of due) {
      await this.drain();
      const ruleName = `vigil-${this.config.stage}-${target.fn.manifest.folder}-${target.trigger.name}`;
      const arn = `arn:aws:events:${this.config.region}:${this.config.account}:rule/${ruleName}`;
      const event = scheduledEvent(arn, time, this.config);
      const key = target.fn.manifest.key;
      this.stats.scheduledRuns[key] = (this.stats.scheduledRuns[key] ?? 0) + 1;
      this.asyncJobs.push({ fn: target.fn, event, eventId: event.id, origin: 'schedule', attempt: 1 });
    }
    if (due.length > 0) await this.drain();
    // dynalite never expires TTL items: swept here on event time, once every 6 hours of event time (infra/local/ttlSweeper.ts).
    if (this.clock.time) await this.sweeper.sweepIfDue(this.clock.time);
  }

  /** Items the TTL sweeper deleted, per table (what DynamoDB's TTL would have removed by this event time). */
  get ttlDeleted(): Readonly<Record<string, number>> {
    return this.sweeper.deleted;
  }

  /** The current event time (undefined before the first tick). */
  get eventTime(): Date | undefined {
    return this.clock.time;
  }

  /**
   * Log events written to a log group, handed to the functions subscribed to it (as CloudWatch Logs
   * would, in one batch); returns the number of subscriptions that received them. `owner` is the
   * account that owns the group (by default the local account; a replayed capture keeps its own).
   */
  putLogEvents(logGroup: string, events: readonly LogEvent[], logStream = 'local', owner = this.config.account): number {
    let targets = 0;
    for (const { fn, logGroup: subscribed, matches } of this.logTargets) {
      if (subscribed !== logGroup) continue;
      const passing = events.filter((e) => matches(e.message));
      if (passing.length === 0) continue;
      const filterName = `vigil-${this.config.stage}-${fn.manifest.folder}`;
      const event = logSubscriptionEvent(logGroup, logStream, filterName, passing, owner);
      this.asyncJobs.push({ fn, event, eventId: `${logGroup}/${logStream}@${passing[0]!.timestamp}`, origin: 'logs', attempt: 1 });
      targets += 1;
    }
    return targets;
  }

  /**
   * The CONTROL_MESSAGE CloudWatch Logs sends a destination when a subscription filter is created, to
   * every subscribed function (a captured one names no group); returns how many received it.
   */
  putControlMessage(): number {
    for (const { fn } of this.logTargets) {
      const event = controlMessageEvent();
      this.asyncJobs.push({ fn, event, eventId: 'CONTROL_MESSAGE', origin: 'logs', attempt: 1 });
    }
    return this.logTargets.length;
  }

  /**
   * An asynchronous invocation of one function with any event (Lambda's InvocationType Event): retried,
   * then listed in failedInvocations. For an input no trigger would shape (a corrupt log payload, say).
   */
  invokeAsync(functionKey: string, event: unknown, eventId = 'invoke'): void {
    const fn = this.functions.find((f) => f.manifest.key === functionKey);
    if (!fn) throw new RuntimeError(`no function ${functionKey} (have: ${this.functionKeys.join(', ')})`);
    this.asyncJobs.push({ fn, event, eventId, origin: 'input', attempt: 1 });
  }

  /** The log groups the functions subscribe to (stage parameters resolved). */
  get subscribedLogGroups(): string[] {
    return [...new Set(this.logTargets.map((t) => t.logGroup))];
  }

  /** Events waiting for a function (queued records and asynchronous invocations). */
  get backlog(): number {
    let n = this.asyncJobs.length;
    for (const fn of this.functions) for (const queue of fn.queues) n += queue.records.length;
    return n;
  }

  /** The smallest batch size among the buffered functions: the caller drains once that many records wait. */
  get batchSize(): number {
    const sizes = this.functions.flatMap((f) => f.queues.map((q) => q.batchSize));
    return sizes.length > 0 ? Math.min(...sizes) : 1;
  }

  /** Runs every function until no event is waiting anywhere (findings published on the way are routed too). */
  drain(): Promise<void> {
    this.draining ??= this.drainLoop().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  async *findings(): AsyncGenerator<Finding> {
    yield* new FindingStore(this.ddb, this.tables.Findings).scan();
  }

  /**
   * What the functions quarantined: ids, components, reasons and how many times each input was
   * refused (payloads stay sealed in the table).
   */
  async quarantined(): Promise<QuarantineRow[]> {
    const out: QuarantineRow[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new ScanCommand({
          TableName: this.tables.Quarantine,
          ProjectionExpression: 'id, component, reason, #s, detailType, eventId, #item, receivedAt, deliveries',
          ExpressionAttributeNames: { '#s': 'source', '#item': 'item' },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) out.push(item as QuarantineRow);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }

  /**
   * What waits in the outbox (retryable) or was refused for good, oldest first; the OpsGenie requests
   * accepted whose outcome no drain has confirmed yet (`checking`); and how many findings' first deliveries
   * each sink accepted (the router's route state: counts real endpoints too, which the capture callback never sees).
   */
  async deliveryLedger(): Promise<{ outbox: OutboxEntry[]; checking: OutboxEntry[]; sent: { opsgenie: number; siem: number } }> {
    const store = new DynamoOutboxStore(this.ddb, this.tables.Outbox);
    const outbox = [...(await store.list('waiting')), ...(await store.list('failed'))];
    const checking = await store.list('checking');
    const sent = { opsgenie: 0, siem: 0 };
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new ScanCommand({
          TableName: this.tables.Outbox,
          ProjectionExpression: 'opsgenie, siem',
          FilterExpression: 'begins_with(id, :route)',
          ExpressionAttributeValues: { ':route': 'route#' },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.opsgenie === 'sent') sent.opsgenie += 1;
        if (item.siem === 'sent') sent.siem += 1;
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return { outbox, checking, sent };
  }

  /** Audit records in the audit table, by kind (a --data-dir may hold earlier replays' records too). */
  async auditCounts(): Promise<{ authentication: number; operation: number }> {
    const counts = { authentication: 0, operation: 0 };
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.ddb.send(
        new ScanCommand({
          TableName: this.tables.AuditTrail,
          ProjectionExpression: 'body',
          FilterExpression: 'begins_with(pk, :chain) AND sk > :head',
          ExpressionAttributeValues: { ':chain': 'chain#', ':head': 0 },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const kind = /"kind":"(authentication|operation)"/.exec(String(item.body))?.[1] as keyof typeof counts | undefined;
        if (kind) counts[kind] += 1;
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return counts;
  }

  /** What app-telemetry counted (shared/telemetry/TelemetryIngestCounters.ts), summed over every app, release and hour. */
  telemetryCounts(): Promise<TelemetryCounts> {
    return new TelemetryIngestCounters({ ddb: this.ddb, table: this.tables.DetectionState }).totals();
  }

  async close(): Promise<void> {
    const closers = this.closers.reverse();
    this.closers = [];
    for (const close of closers) await close();
    this.applyEnvironment(undefined);
  }

  private async boot(): Promise<void> {
    const { config, options } = this;
    // A data dir that is not Vigil's, corrupt or in use is refused with the reason (DataDirError).
    const dataDir = options.dataDir ? prepareDataDir(options.dataDir) : undefined;

    const dynamo = await startDynamo({ dataDir: dataDir?.dynamodb });
    this.closers.push(() => dynamo.close());
    const fieldKeyId = `alias/vigil-${config.stage}-fields`;
    const pseudonymMacKeyId = telemetryPseudonymKeyAlias(config.stage);
    const kms = await startKms({
      keys: [fieldKeyId, { alias: pseudonymMacKeyId, keySpec: 'HMAC_256' }],
      keyMaterialFile: dataDir?.kmsKeys,
    });
    this.closers.push(() => kms.close());
    const eventBridge = await startEventBridge({
      account: config.account,
      region: config.region,
      buses: [this.busName],
      onEvents: (entries) => {
        for (const entry of entries) {
          const { eventBusName, ...event } = entry;
          const bus = eventBusName === this.busName || eventBusName.endsWith(`/${this.busName}`) ? 'vigil' : 'default';
          this.deliver(event as EventBridgeEvent, bus, 'internal');
        }
      },
    });
    this.closers.push(() => eventBridge.close());

    let opsgenieUrl = config.opsgenie?.baseUrl;
    if (opsgenieUrl === undefined) {
      // The stand-in accepts only the key the functions read from the embedded Secrets Manager below. On a data
      // dir it remembers its alerts and request outcomes between runs, as OpsGenie does: the outbox kept there
      // asks about requests an earlier run sent, and a resent create looks up an alert an earlier run opened.
      const state = dataDir ? readStandInState(dataDir.opsgenie) : undefined;
      const standIn = new OpsGenieStandIn({ apiKey: LOCAL_OPSGENIE_KEY, ...(state ? { state } : {}) });
      this.opsGenieStandIn = standIn;
      if (dataDir) this.closers.push(async () => writeStandInState(dataDir.opsgenie, standIn.state()));
      opsgenieUrl = await this.startCapture('opsgenie', 'https://api.opsgenie.com', opsGenieCapture(this.opsGenieStandIn));
    }
    const siemUrl = config.siem?.hecUrl ?? (await this.startCapture('siem', 'https://splunk.example.com:8088', hecCapture()));
    const secretNames = {
      opsgenieApiKeySecretName: `vigil-${config.stage}/opsgenie-api-key`,
      siemHecTokenSecretName: `vigil-${config.stage}/splunk-hec-token`,
      pseudonymKeySecretName: `vigil-${config.stage}/pseudonym-key`,
    };
    const secrets = await startSecretsManager({
      account: config.account,
      region: config.region,
      secrets: {
        [secretNames.opsgenieApiKeySecretName]: config.opsgenie?.apiKey ?? LOCAL_OPSGENIE_KEY,
        [secretNames.siemHecTokenSecretName]: config.siem?.token ?? 'local-capture-token',
        [secretNames.pseudonymKeySecretName]: config.pseudonymKey ?? LOCAL_PSEUDONYM_KEY,
      },
    });
    this.closers.push(() => secrets.close());
    const s3 = await startS3({ servedDir: options.s3Dir });
    this.closers.push(() => s3.close());

    this.tables = Object.fromEntries(
      Object.entries(TABLE_SUFFIXES).map(([logicalId, suffix]) => [logicalId, `vigil-${config.stage}-${suffix}`]),
    ) as Record<TableId, string>;
    const client = new DynamoDBClient(localClientConfig(dynamo.endpoint, config.region));
    this.closers.push(async () => client.destroy());
    this.ddb = DynamoDBDocumentClient.from(client);
    const definitions = loadTableDefinitions(join(PROJECT_ROOT, 'infra', 'resources', 'tables.yml'), {
      resolveName: (logicalId) => {
        const name = this.tables[logicalId as TableId];
        if (!name) throw new RuntimeError(`infra/resources/tables.yml defines table ${logicalId}, unknown to the embedded runtime`);
        return name;
      },
    });
    await ensureTables(client, definitions);
    this.sweeper = new TtlSweeper(client, ttlTables(definitions));

    const where = { account: config.account, region: config.region };
    const local: LocalResources = {
      stage: config.stage,
      busName: this.busName,
      fieldKeyId,
      pseudonymMacKeyId,
      tables: this.tables,
      params: {
        logLevel: config.logLevel,
        pageAtOrAbove: config.pageAtOrAbove,
        opsgenieFlavour: config.opsgenie?.flavour ?? 'opsgenie',
        opsgenieBaseUrl: opsgenieUrl,
        siemHecUrl: siemUrl,
        siemKind: config.siem?.kind ?? 'splunk-hec',
        siemHecAck: String(config.siem?.ack ?? false),
        siemHecIndex: config.siem?.index ?? '',
        // Locally every bucket of the served directory (--s3-dir) is readable.
        modelMonitorBuckets: Object.keys(s3.buckets).join(','),
        modelDriftHistoryDays: '400',
        cognitoUserAuthEventsLogGroup: config.cognitoUserAuthEventsLogGroup,
        auditRetentionDays: String(config.auditRetentionDays),
        auditShards: String(config.auditShards),
        telemetrySchemaViolations: config.telemetrySchemaViolations,
        alertRouting: JSON.stringify(config.routing),
        alertDrill: JSON.stringify(config.drill),
      },
      secretArns: {
        opsgenieApiKeySecretName: secretArn(secretNames.opsgenieApiKeySecretName, where),
        siemHecTokenSecretName: secretArn(secretNames.siemHecTokenSecretName, where),
        pseudonymKeySecretName: secretArn(secretNames.pseudonymKeySecretName, where),
      },
      detectionOverrides: config.detectionOverrides,
    };
    // What Lambda's environment holds for every function: region, credentials (here dummies) and,
    // locally, the SDK's endpoint variables that point the unmodified clients at the embedded endpoints.
    const platformEnv = {
      ...localEndpointEnv(
        {
          dynamodb: dynamo.endpoint,
          eventBridge: eventBridge.endpoint,
          kms: kms.endpoint,
          secretsManager: secrets.endpoint,
          s3: s3.endpoint,
        },
        config.region,
      ),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    this.localAwsResources = {
      region: config.region,
      endpoints: {
        dynamodb: dynamo.endpoint,
        eventBridge: eventBridge.endpoint,
        kms: kms.endpoint,
        secretsManager: secrets.endpoint,
        s3: s3.endpoint,
      },
      tables: this.tables,
      fieldKeyId,
      pseudonymMacKeyId,
    };
    const catalogue = options.catalogue ?? loadFunctionCatalogue();
    checkDetectionOverrides(catalogue.functions, local.detectionOverrides);
    this.registerFunctions(catalogue, local, platformEnv);
  }

  /** A capture endpoint in place of a sink that has no real endpoint configured; returns its base URL. */
  private async startCapture(
    sink: 'opsgenie' | 'siem',
    nominalBaseUrl: string,
    serve: (request: CaptureRequest) => CaptureAnswer,
  ): Promise<string> {
    const endpoint = await startCaptureEndpoint({
      nominalBaseUrl,
      serve,
      record: (request) => this.options.onDelivery?.(sink, request),
    });
    this.closers.push(() => endpoint.close());
    return endpoint.endpoint;
  }

  /**
   * Every function with its own environment and triggers. A handler loads on the function's first
   * invocation (coldStart: loading all thirteen took 2.65 s of a 3.1 s start, paid by every CLI run),
   * but each function's configuration is checked here, before any event: against its manifest's config
   * schema (a clear message, not a handler's cold-start error), and the stage's detection overrides in boot.
   */
  private registerFunctions(catalogue: FunctionCatalogue, local: LocalResources, platformEnv: Record<string, string>): void {
    const byBus: Record<BusName, Array<{ pattern: unknown; value: RuleTarget }>> = { default: [], vigil: [] };
    const schedules: Array<Schedule<{ fn: RuntimeFunction; trigger: ScheduleTrigger }>> = [];
    for (const { manifest, handlerPath } of catalogue.functions) {
      const env = { ...platformEnv, ...functionEnvironment(manifest, local, this.config.logLevel) };
      try {
        readConfig(manifest.config, env, manifest.folder);
      } catch (cause) {
        throw new RuntimeError(
          `functions/${manifest.folder}: its local environment does not satisfy its manifest: ${(cause as Error).message}`,
          { cause },
        );
      }
      const fn: RuntimeFunction = { manifest, handlerPath, env, queues: [] };
      this.functions.push(fn);
      for (const trigger of manifest.triggers) {
        switch (trigger.kind) {
          case 'queue': {
            const rule = catalogue.rules.get(trigger.rule)!;
            const queue: RuntimeQueue = { trigger, records: [], batchSize: this.config.batchSize ?? trigger.batchSize };
            fn.queues.push(queue);
            byBus[rule.bus].push({ pattern: rule.pattern, value: { rule, fn, kind: 'queue', queue } });
            break;
          }
          case 'direct': {
            const rule = catalogue.rules.get(trigger.rule)!;
            byBus[rule.bus].push({ pattern: rule.pattern, value: { rule, fn, kind: 'direct' } });
            break;
          }
          case 'schedule':
            schedules.push({ expression: trigger.expression, target: { fn, trigger }, latestOnly: trigger.replayCatchUp === 'latest' });
            break;
          case 'logSubscription': {
            const logGroup = typeof trigger.logGroup === 'string' ? trigger.logGroup : local.params[trigger.logGroup.param];
            this.logTargets.push({ fn, trigger, logGroup, matches: logFilter(trigger.filterPattern) });
            break;
          }
        }
      }
    }
    this.rules = { default: new RuleSet(byBus.default), vigil: new RuleSet(byBus.vigil) };
    this.clock = new EventClock(schedules);
  }

  /** Sets process.env to a function's environment (over the process's own), or back to the process's own. */
  private applyEnvironment(env: Record<string, string> | undefined): void {
    for (const key of this.managedEnvKeys) {
      if (key in this.originalEnv) process.env[key] = this.originalEnv[key];
      else delete process.env[key];
    }
    this.managedEnvKeys = new Set(Object.keys(env ?? {}));
    if (env) Object.assign(process.env, env);
  }

  private async invoke(fn: RuntimeFunction, event: unknown): Promise<unknown> {
    // One function's invocations at a time (drain runs them in turn, or a pool of one function), so the
    // process's environment is this function's.
    this.applyEnvironment(fn.env);
    try {
      return await this.call(fn, event);
    } finally {
      this.applyEnvironment(undefined);
    }
  }

  /**
   * Loads the function's handler under its own environment if this is its first invocation. Called before
   * an invocation's retry bookkeeping: a handler that refuses its configuration stops the run with the
   * reason (LocalConfigError), as it stopped the start when every handler loaded there.
   */
  private coldStart(fn: RuntimeFunction): void {
    if (fn.handler) return;
    this.applyEnvironment(fn.env);
    try {
      fn.handler = loadHandler(fn.manifest.folder, fn.handlerPath);
    } finally {
      this.applyEnvironment(undefined);
    }
  }

  /** The handler (loaded by coldStart), under an environment already applied. */
  private async call(fn: RuntimeFunction, event: unknown): Promise<unknown> {
    const { key } = fn.manifest;
    this.stats.invocations[key] = (this.stats.invocations[key] ?? 0) + 1;
    const context = lambdaContext(
      `vigil-${this.config.stage}-${key}`,
      this.config.region,
      this.config.account,
      fn.manifest.timeoutSeconds * 1000,
    );
    if (!fn.handler) throw new RuntimeError(`functions/${fn.manifest.folder} invoked before its cold start`);
    return fn.handler(event, context);
  }

  /**
   * Drops every event still waiting (queued records, asynchronous invocations); invocations in flight
   * finish. For an interrupted replay: drain() returns once they have.
   */
  stop(): number {
    const dropped = this.backlog;
    this.asyncJobs.length = 0;
    for (const fn of this.functions) for (const queue of fn.queues) queue.records.length = 0;
    return dropped;
  }

  private async drainLoop(): Promise<void> {
    while (this.backlog > 0) {
      while (this.asyncJobs.length > 0) {
        const { fn } = this.asyncJobs[0]!;
        this.coldStart(fn);
        const width = fn.manifest.reservedConcurrency ?? 1;
        if (width <= 1) {
          const job = this.asyncJobs.shift()!;
          await this.runJob(job, () => this.invoke(fn, job.event));
          continue;
        }
        await this.runPool(fn, width);
      }
      for (const fn of this.functions) {
        for (const queue of fn.queues) {
          if (queue.records.length === 0) continue;
          this.coldStart(fn);
          const batch = queue.records.splice(0, queue.batchSize);
          await this.deliverBatch(fn, queue, batch);
        }
      }
    }
  }

  /**
   * Lambda runs up to a function's reserved concurrency of its invocations at once: so does the runtime,
   * with that many workers taking the function's waiting invocations (a hung request holds one worker, not
   * the replay). The environment is the function's for the pool's whole run; other functions wait.
   */
  private async runPool(fn: RuntimeFunction, width: number): Promise<void> {
    const worker = async () => {
      for (;;) {
        const index = this.asyncJobs.findIndex((j) => j.fn === fn);
        if (index < 0) return;
        const [job] = this.asyncJobs.splice(index, 1);
        await this.runJob(job!, () => this.call(fn, job!.event));
      }
    };
    this.applyEnvironment(fn.env);
    try {
      await Promise.all(Array.from({ length: width }, worker));
    } finally {
      this.applyEnvironment(undefined);
    }
  }

  /** One asynchronous invocation: retried by Lambda (requeued), then listed in failedInvocations. */
  private async runJob(job: AsyncJob, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (job.attempt < MAX_ASYNC_ATTEMPTS) this.asyncJobs.push({ ...job, attempt: job.attempt + 1 });
      else {
        const findingId = findingOf(job.event);
        this.stats.failedInvocations.push({
          function: job.fn.manifest.key,
          eventId: job.eventId,
          ...(findingId === undefined ? {} : { findingId }),
          reason: errorText(error),
          origin: job.origin,
        });
      }
    }
  }

  private async deliverBatch(fn: RuntimeFunction, queue: RuntimeQueue, batch: QueuedRecord[]): Promise<void> {
    const queueArn = `arn:aws:sqs:${this.config.region}:${this.config.account}:vigil-${this.config.stage}-${queue.trigger.queue}`;
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
      if (record.receiveCount >= MAX_RECEIVE_COUNT) {
        this.stats.deadLetters.push({ function: fn.manifest.key, eventId: record.event.id, reason, origin: record.origin });
      } else queue.records.push(record);
    }
  }
}

export interface LocalAws {
  region: string;
  endpoints: { dynamodb: string; eventBridge: string; kms: string; secretsManager: string; s3: string };
  tables: Record<TableId, string>;
  fieldKeyId: string;
  /** The HMAC_256 key of telemetry user pseudonyms. */
  pseudonymMacKeyId: string;
}

/** The alias of a stage's telemetry pseudonym key (infra/resources/kms.yml), locally as deployed. */
export function telemetryPseudonymKeyAlias(stage: string): string {
  return `alias/vigil-${stage}-telemetry-pseudonym`;
}

export interface QuarantineRow {
  id: string;
  component: string;
  reason: string;
  source?: string;
  detailType?: string;
  eventId?: string;
  /** Set when an item inside the input was refused (an app event of a telemetry batch), not the input itself. */
  item?: string;
  receivedAt: string;
  /** How many times the same input was refused by the same component (shared/quarantine). */
  deliveries?: number;
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

function findingOf(event: unknown): string | undefined {
  const e = event as { 'detail-type'?: unknown; detail?: { id?: unknown } } | undefined;
  return e?.['detail-type'] === 'Vigil Finding' && typeof e.detail?.id === 'string' ? e.detail.id : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The OpsGenie stand-in's state an earlier run left in the data dir; undefined for a new one. */
function readStandInState(file: string): StandInState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataDirError(`cannot read the OpsGenie stand-in's state ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const state = JSON.parse(text) as StandInState;
    if (!Array.isArray(state.alerts) || typeof state.requests !== 'object' || typeof state.heartbeats !== 'object')
      throw new Error('not a stand-in state');
    return state;
  } catch (error) {
    throw new DataDirError(`the data dir is corrupt: ${file} is not the OpsGenie stand-in's state (${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** Written whole, then renamed over the old one: a run killed while writing leaves the previous state. */
function writeStandInState(file: string, state: StandInState): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state));
  renameSync(temporary, file);
}
