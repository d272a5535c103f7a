import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { z } from 'zod';
import {
  AppTelemetryBatchEventSchema,
  CLOUDTRAIL_DETAIL_TYPES,
  CloudTrailEventSchema,
  CloudTrailRecordSchema,
  CloudWatchLogsPayloadSchema,
  CognitoUserAuthLogSchema,
  GuardDutyFindingEventSchema,
  MAX_EVENTS_PER_BATCH,
  MAX_PROPERTIES_PER_EVENT,
  SageMakerProcessingJobEventSchema,
  SCHEMAS_BY_DETAIL_TYPE,
  schemaForDetailType,
} from '../../events/schemas';

const REPO_ROOT = join(__dirname, '..', '..');
const SAMPLES_DIR = join(REPO_ROOT, 'events', 'samples');
const RULES_DIR = join(REPO_ROOT, 'events', 'rules');
const CAPTURE_DAY = '2026-11-20';
/** The batch in app/telemetry-batches.jsonl that is malformed on purpose (see events/samples/README.md). */
const MALFORMED_BATCH_EVENT_ID = '0155c2df-3884-4513-a9d6-b81eb63eba3b';

type Json = Record<string, any>;
type CaptureFormat =
  | 'eventbridge-jsonl'
  | 'eventbridge-array'
  | 'cloudtrail-log-file'
  | 'cloudtrail-jsonl'
  | 'cloudtrail-array'
  | 'cloudwatch-logs-jsonl';

interface Capture {
  file: string;
  format: CaptureFormat;
  gzipped: boolean;
  /** EventBridge events, raw CloudTrail records or CloudWatch Logs subscription payloads (decoded), as the format says. */
  items: Json[];
  /** For CloudWatch Logs captures: which items came as the Lambda event `{"awslogs": {"data": ...}}`. */
  encoded?: boolean[];
}

/** A subscription payload as given: the Lambda event (base64 of gzip) or decoded. */
const isLogPayload = (item: Json) => 'awslogs' in item || ('messageType' in item && 'logEvents' in item);
const decodeLogPayload = (item: Json): Json =>
  'awslogs' in item ? JSON.parse(gunzipSync(Buffer.from(item.awslogs.data, 'base64')).toString('utf8')) : item;

// A small reader for the formats `vigil replay` accepts, kept local so the test checks the files,
// not the replay tool.
function readCapture(path: string): Capture {
  const gzipped = path.endsWith('.gz');
  const raw = readFileSync(path);
  const text = (gzipped ? gunzipSync(raw) : raw).toString('utf8').trim();
  const file = relative(SAMPLES_DIR, path);

  let whole: unknown;
  let isWholeDocument = true;
  try {
    whole = JSON.parse(text);
  } catch {
    isWholeDocument = false;
  }

  let items: Json[];
  let container: 'array' | 'log-file' | 'lines';
  if (isWholeDocument && Array.isArray(whole)) {
    items = whole;
    container = 'array';
  } else if (isWholeDocument && isObject(whole) && Array.isArray(whole.Records)) {
    items = whole.Records;
    container = 'log-file';
  } else {
    items = text.split('\n').flatMap((line, index) => {
      if (line.trim() === '') return [];
      try {
        return [JSON.parse(line)];
      } catch (error) {
        throw new Error(`${file}:${index + 1}: not JSON (${(error as Error).message})`);
      }
    });
    container = 'lines';
  }

  if (container === 'lines' && items.length > 0 && items.every(isLogPayload)) {
    return {
      file,
      format: 'cloudwatch-logs-jsonl',
      gzipped,
      items: items.map(decodeLogPayload),
      encoded: items.map((i) => 'awslogs' in i),
    };
  }
  const rawCloudTrail = items.length > 0 && items.every((item) => !('detail-type' in item) && 'eventSource' in item);
  const format: CaptureFormat =
    container === 'log-file'
      ? 'cloudtrail-log-file'
      : rawCloudTrail
        ? container === 'array'
          ? 'cloudtrail-array'
          : 'cloudtrail-jsonl'
        : container === 'array'
          ? 'eventbridge-array'
          : 'eventbridge-jsonl';
  return { file, format, gzipped, items };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listCaptureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listCaptureFiles(path);
      return /\.(json|jsonl)(\.gz)?$/.test(entry.name) ? [path] : [];
    })
    .sort();
}

function isCloudTrailFormat(format: CaptureFormat): boolean {
  return format.startsWith('cloudtrail-');
}

function issuePaths(result: { success: boolean; error?: z.ZodError }): string[] {
  return result.error?.issues.map((issue) => issue.path.join('.')) ?? [];
}

const isLogsFormat = (format: CaptureFormat) => format.startsWith('cloudwatch-logs');

const captures = listCaptureFiles(SAMPLES_DIR).map(readCapture);
const captureByFile = new Map(captures.map((capture) => [capture.file, capture]));
const eventBridgeEvents = captures.filter((c) => !isCloudTrailFormat(c.format) && !isLogsFormat(c.format)).flatMap((c) => c.items);
/** The log events of the CloudWatch Logs captures, each with its export record parsed. */
const logEvents = captures
  .filter((c) => isLogsFormat(c.format))
  .flatMap((c) => c.items.flatMap((p) => p.logEvents as Json[]))
  .map((e) => ({ id: e.id as string, timestamp: e.timestamp as number, record: JSON.parse(e.message) as Json }));
const rawCloudTrailRecords = captures.filter((c) => isCloudTrailFormat(c.format)).flatMap((c) => c.items);
const cloudTrailRecords = [
  ...rawCloudTrailRecords,
  ...eventBridgeEvents.filter((e) => (CLOUDTRAIL_DETAIL_TYPES as readonly string[]).includes(e['detail-type'])).map((e) => e.detail),
];

function itemsOf(file: string): Json[] {
  const capture = captureByFile.get(file);
  if (!capture) throw new Error(`sample ${file} is missing`);
  return capture.items;
}

/** A deep copy of the first sample item matching `predicate`, to mutate in a negative case. */
function sampleFrom(file: string, predicate: (item: Json) => boolean = () => true): Json {
  const found = itemsOf(file).find(predicate);
  if (!found) throw new Error(`no matching item in ${file}`);
  return structuredClone(found);
}

describe('events/samples', () => {
  it('covers every input format the replay tool accepts', () => {
    const formats = new Set(captures.map((c) => c.format));
    expect(formats).toEqual(
      new Set<CaptureFormat>([
        'eventbridge-jsonl',
        'eventbridge-array',
        'cloudtrail-log-file',
        'cloudtrail-jsonl',
        'cloudwatch-logs-jsonl',
      ]),
    );
    // Both forms of a subscription payload: as the Lambda receives it, and decoded.
    expect(new Set(captures.flatMap((c) => c.encoded ?? []))).toEqual(new Set([true, false]));
    expect(captures.some((c) => c.gzipped)).toBe(true);
    expect(captures.every((c) => c.items.length > 0)).toBe(true);
  });

  it.each(captures.map((c) => [c.file, c] as const))('%s: every item matches its contract', (_file, capture) => {
    const failures: string[] = [];
    for (const item of capture.items) {
      if (isLogsFormat(capture.format)) {
        const payload = CloudWatchLogsPayloadSchema.safeParse(item);
        if (!payload.success) failures.push(`${item.logStream}: ${issuePaths(payload).join(', ')}`);
        for (const logEvent of item.logEvents as Json[]) {
          const record = CognitoUserAuthLogSchema.safeParse(JSON.parse(logEvent.message));
          if (!record.success) failures.push(`${logEvent.id}: ${issuePaths(record).join(', ')}`);
        }
        continue;
      }
      if (isCloudTrailFormat(capture.format)) {
        const result = CloudTrailRecordSchema.safeParse(item);
        if (!result.success) failures.push(`${item.eventID}: ${issuePaths(result).join(', ')}`);
        continue;
      }
      const schema = schemaForDetailType(item['detail-type']);
      if (!schema) {
        failures.push(`${item.id}: no schema for detail-type "${item['detail-type']}"`);
        continue;
      }
      const result = schema.safeParse(item);
      if (!result.success && item.id !== MALFORMED_BATCH_EVENT_ID) {
        failures.push(`${item.id}: ${issuePaths(result).join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('rejects the deliberately malformed telemetry batch, naming the missing fields', () => {
    const batch = sampleFrom('app/telemetry-batches.jsonl', (e) => e.id === MALFORMED_BATCH_EVENT_ID);

    const result = AppTelemetryBatchEventSchema.safeParse(batch);

    expect(result.success).toBe(false);
    expect(issuePaths(result).sort()).toEqual(['detail.app.version', 'detail.events.1.name']);
  });

  it('gives every EventBridge event, CloudTrail record, batch and app event a unique id', () => {
    const ids = [
      ...eventBridgeEvents.map((e) => `envelope:${e.id}`),
      ...cloudTrailRecords.map((r) => `cloudtrail:${r.eventID}`),
      ...eventBridgeEvents.filter((e) => e.source === 'vigil.app').map((e) => `batch:${e.detail.batchId}`),
      ...eventBridgeEvents
        .filter((e) => e.source === 'vigil.app')
        .flatMap((e) => e.detail.events.map((appEvent: Json) => `app-event:${appEvent.eventId}`)),
      ...logEvents.flatMap((e) => [`log-event:${e.id}`, `cognito-event:${e.record.message.eventId}`]),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('wraps CloudTrail records as EventBridge does', () => {
    const wrapped = eventBridgeEvents.filter((e) => (CLOUDTRAIL_DETAIL_TYPES as readonly string[]).includes(e['detail-type']));
    expect(wrapped.length).toBeGreaterThan(0);
    for (const event of wrapped) {
      const record = event.detail;
      expect({
        version: event.version,
        time: event.time,
        account: event.account,
        region: event.region,
        source: event.source,
        resources: event.resources,
      }).toEqual({
        version: '0',
        time: record.eventTime,
        account: record.recipientAccountId,
        region: record.awsRegion,
        source: `aws.${record.eventSource.split('.')[0]}`,
        resources: [],
      });
    }
  });

  it('keeps every capture on the same day', () => {
    const times = [
      ...eventBridgeEvents.map((e) => e.time),
      ...rawCloudTrailRecords.map((r) => r.eventTime),
      ...logEvents.flatMap((e) => [new Date(e.timestamp).toISOString(), new Date(Number(e.record.eventTimestamp)).toISOString()]),
    ];
    expect(times.filter((time) => !time.startsWith(CAPTURE_DAY))).toEqual([]);
  });

  it('only holds events that a rule in events/rules routes to a function', () => {
    const patterns = readdirSync(RULES_DIR)
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(join(RULES_DIR, name), 'utf8')).pattern as Json);
    const sourceMatches = (allowed: unknown[], source: string) =>
      allowed.some((a) => (typeof a === 'string' ? a === source : isObject(a) && source.startsWith(a.prefix)));
    const unrouted = eventBridgeEvents.filter(
      (e) => !patterns.some((p) => sourceMatches(p.source, e.source) && p['detail-type'].includes(e['detail-type'])),
    );
    expect(unrouted.map((e) => e.id)).toEqual([]);
  });

  // The outcomes the README promises depend on these records; keep them from being edited away.
  describe('scenario records', () => {
    const management = () => itemsOf('cloudtrail/management-events.json');

    it('has a successful StopLogging and an UpdateTrail turning multi-region off', () => {
      const stop = management().filter((r) => r.eventName === 'StopLogging' && !r.errorCode);
      const multiRegionOff = management().filter(
        (r) => r.eventName === 'UpdateTrail' && !r.errorCode && r.requestParameters?.isMultiRegionTrail === false,
      );
      expect(stop).toHaveLength(1);
      expect(multiRegionOff).toHaveLength(1);
    });

    it('has a DeleteTrail that failed with AccessDenied and no successful one', () => {
      const deletes = management().filter((r) => r.eventName === 'DeleteTrail');
      expect(deletes.map((r) => r.errorCode)).toEqual(['AccessDenied']);
    });

    it('has exactly one successful Root console login, without MFA', () => {
      const rootLogins = itemsOf('cloudtrail/console-signin.jsonl')
        .map((e) => e.detail)
        .filter((r) => r.userIdentity.type === 'Root' && r.responseElements?.ConsoleLogin === 'Success');
      expect(rootLogins.map((r) => r.additionalEventData.MFAUsed)).toEqual(['No']);
    });

    it('has one high-risk Cognito sign-in and one benign one in the userAuthEvents export', () => {
      const risks = logEvents.map((e) => [e.record.message.riskLevel, e.record.message.compromisedCredentialDetected]);
      expect(risks.sort()).toEqual([
        ['High', 'false'],
        ['Low', 'false'],
      ]);
    });

    it('holds the userAuthEvents export in its documented form: USER_ACTIVITY, a flat message, string booleans', () => {
      const shapes = logEvents.map((e) => ({
        eventSource: e.record.eventSource,
        eventTimestamp: typeof e.record.eventTimestamp,
        compromisedCredentialDetected: typeof e.record.message.compromisedCredentialDetected,
        hasContextData: typeof e.record.message.hasContextData,
        challenges: Array.isArray(e.record.message.challenges),
        nested: ['eventRisk', 'eventContextData', 'challengeResponses', 'eventFeedback'].filter((key) => key in e.record.message),
      }));
      const documented = {
        eventSource: 'USER_ACTIVITY',
        eventTimestamp: 'string',
        compromisedCredentialDetected: 'string',
        hasContextData: 'string',
        challenges: true,
        nested: [],
      };
      expect(shapes).toEqual([documented, documented]);
    });

    it('has one GuardDuty sample finding among real ones', () => {
      const samples = itemsOf('guardduty/findings.jsonl').filter((e) => e.detail.service.additionalInfo?.sample === true);
      expect(samples).toHaveLength(1);
    });
  });
});

describe('SCHEMAS_BY_DETAIL_TYPE', () => {
  it('has a schema for every detail-type a rule routes to a function', () => {
    const ruleDetailTypes = readdirSync(RULES_DIR)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => JSON.parse(readFileSync(join(RULES_DIR, name), 'utf8')).pattern['detail-type'] as string[]);

    expect(ruleDetailTypes.filter((detailType) => !schemaForDetailType(detailType))).toEqual([]);
  });

  it('routes the three CloudTrail detail-types to the CloudTrail envelope', () => {
    for (const detailType of CLOUDTRAIL_DETAIL_TYPES) {
      expect(SCHEMAS_BY_DETAIL_TYPE[detailType]).toBe(CloudTrailEventSchema);
    }
  });

  it('has no schema for detail-types without a Vigil contract', () => {
    expect(schemaForDetailType('EC2 Instance State-change Notification')).toBeUndefined();
    expect(schemaForDetailType('toString')).toBeUndefined();
  });
});

describe('CloudTrailRecordSchema', () => {
  const stopLogging = () => sampleFrom('cloudtrail/management-events.json', (r) => r.eventName === 'StopLogging');

  it('keeps fields it does not know, since CloudTrail adds fields over versions', () => {
    const record = { ...stopLogging(), addendum: { reason: 'DELIVERY_DELAY' } };

    const parsed = CloudTrailRecordSchema.parse(record);

    expect(parsed.addendum).toEqual({ reason: 'DELIVERY_DELAY' });
  });

  it.each(['eventVersion', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'eventID', 'userIdentity'])('requires %s', (field) => {
    const record = stopLogging();
    delete record[field];

    expect(issuePaths(CloudTrailRecordSchema.safeParse(record))).toEqual([field]);
  });

  it('rejects an eventTime that is not ISO 8601', () => {
    const record = { ...stopLogging(), eventTime: 'Nov 20, 2026, 2:07:52 PM' };

    expect(issuePaths(CloudTrailRecordSchema.safeParse(record))).toEqual(['eventTime']);
  });

  it('rejects a readOnly flag written as a string', () => {
    const record = { ...stopLogging(), readOnly: 'false' };

    expect(issuePaths(CloudTrailRecordSchema.safeParse(record))).toEqual(['readOnly']);
  });
});

describe('CloudTrailEventSchema', () => {
  const rootLogin = () =>
    sampleFrom(
      'cloudtrail/console-signin.jsonl',
      (e) => e.detail.userIdentity.type === 'Root' && e.detail.responseElements.ConsoleLogin === 'Success',
    );

  it('accepts a console sign-in and a Cognito hosted-UI service event', () => {
    const hostedUi = sampleFrom('cognito/user-pool-calls.json', (e) => e['detail-type'] === 'AWS Service Event via CloudTrail');

    expect(CloudTrailEventSchema.safeParse(rootLogin()).success).toBe(true);
    expect(CloudTrailEventSchema.safeParse(hostedUi).success).toBe(true);
  });

  it('rejects a detail-type the CloudTrail rule does not subscribe to', () => {
    const event = { ...rootLogin(), 'detail-type': 'AWS Console Action via CloudTrail' };

    expect(issuePaths(CloudTrailEventSchema.safeParse(event))).toEqual(['detail-type']);
  });

  it('rejects a source outside aws.*', () => {
    const event = { ...rootLogin(), source: 'vigil.app' };

    expect(issuePaths(CloudTrailEventSchema.safeParse(event))).toEqual(['source']);
  });

  it('points into the record when the detail is broken', () => {
    const event = rootLogin();
    delete event.detail.eventSource;

    expect(issuePaths(CloudTrailEventSchema.safeParse(event))).toEqual(['detail.eventSource']);
  });
});

describe('SageMakerProcessingJobEventSchema', () => {
  const failedJob = () => sampleFrom('sagemaker/processing-job-state-change.jsonl', (e) => e.detail.ProcessingJobStatus === 'Failed');

  it('reads a monitoring execution: status, failure reason, schedule and report location', () => {
    const parsed = SageMakerProcessingJobEventSchema.parse(failedJob());

    expect(parsed.detail.FailureReason).toBe('Job inputs had no data');
    expect(parsed.detail.MonitoringScheduleArn).toMatch(/:monitoring-schedule\//);
    expect(parsed.detail.ProcessingOutputConfig?.Outputs[0]?.S3Output?.S3Uri).toMatch(/^s3:\/\//);
  });

  it('rejects a status SageMaker does not have', () => {
    const event = failedJob();
    event.detail.ProcessingJobStatus = 'CompletedWithViolations';

    expect(issuePaths(SageMakerProcessingJobEventSchema.safeParse(event))).toEqual(['detail.ProcessingJobStatus']);
  });

  it('rejects an ISO CreationTime: these events carry epoch milliseconds', () => {
    const event = failedJob();
    event.detail.CreationTime = '2026-11-20T14:12:09Z';

    expect(issuePaths(SageMakerProcessingJobEventSchema.safeParse(event))).toEqual(['detail.CreationTime']);
  });

  it('rejects another SageMaker detail-type', () => {
    const event = { ...failedJob(), 'detail-type': 'SageMaker Training Job State Change' };

    expect(issuePaths(SageMakerProcessingJobEventSchema.safeParse(event))).toEqual(['detail-type']);
  });
});

describe('GuardDutyFindingEventSchema', () => {
  const finding = () => sampleFrom('guardduty/findings.jsonl', (e) => e.detail.service.additionalInfo?.sample !== true);

  it('rejects a severity outside GuardDuty’s 0–10 scale', () => {
    const event = finding();
    event.detail.severity = 11;

    expect(issuePaths(GuardDutyFindingEventSchema.safeParse(event))).toEqual(['detail.severity']);
  });

  it('requires the finding id, the relay’s dedup key', () => {
    const event = finding();
    delete event.detail.id;

    expect(issuePaths(GuardDutyFindingEventSchema.safeParse(event))).toEqual(['detail.id']);
  });

  it('rejects a finding from another source', () => {
    const event = { ...finding(), source: 'aws.securityhub' };

    expect(issuePaths(GuardDutyFindingEventSchema.safeParse(event))).toEqual(['source']);
  });
});

describe('AppTelemetryBatchEventSchema', () => {
  const validBatch = () => sampleFrom('app/telemetry-batches.jsonl', (e) => e.id !== MALFORMED_BATCH_EVENT_ID);
  const parse = (event: Json) => AppTelemetryBatchEventSchema.safeParse(event);

  it(`caps a batch at ${MAX_EVENTS_PER_BATCH} events`, () => {
    const event = validBatch();
    const template = event.detail.events[0];
    event.detail.events = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => ({
      ...template,
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));

    expect(issuePaths(parse(event))).toEqual(['detail.events']);
  });

  it('rejects an empty batch', () => {
    const event = validBatch();
    event.detail.events = [];

    expect(issuePaths(parse(event))).toEqual(['detail.events']);
  });

  it('rejects an event kind outside the contract', () => {
    const event = validBatch();
    event.detail.events[0].kind = 'purchase';

    expect(issuePaths(parse(event))).toEqual(['detail.events.0.kind']);
  });

  it('rejects unknown keys rather than passing unclassified data on', () => {
    const event = validBatch();
    event.detail.events[0].email = 'someone@example.com';

    const result = parse(event);

    // The envelope is enforced in every stage: an unknown key on an event is refused, named by its path.
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ message: 'envelope: not in the telemetry spec', path: ['detail', 'events', 0, 'email'] }),
    ]);
  });

  it('rejects a repeated eventId within a batch', () => {
    const event = validBatch();
    event.detail.events[1].eventId = event.detail.events[0].eventId;

    expect(issuePaths(parse(event))).toEqual(['detail.events.1.eventId']);
  });

  it(`rejects more than ${MAX_PROPERTIES_PER_EVENT} properties, and nested values`, () => {
    const tooMany = validBatch();
    tooMany.detail.events[0].properties = Object.fromEntries(Array.from({ length: MAX_PROPERTIES_PER_EVENT + 1 }, (_, i) => [`p${i}`, i]));
    const nested = validBatch();
    nested.detail.events[0].properties = { screen: { name: 'home' } };

    expect(issuePaths(parse(tooMany))).toEqual(['detail.events.0.properties']);
    expect(issuePaths(parse(nested))).toEqual(['detail.events.0.properties.screen']);
  });

  it('rejects an unknown platform and a schema version it does not know', () => {
    const event = validBatch();
    event.detail.app.platform = 'tvos';
    event.detail.schemaVersion = 3;

    expect(issuePaths(parse(event)).sort()).toEqual(['detail.app.platform', 'detail.schemaVersion']);
  });
});
