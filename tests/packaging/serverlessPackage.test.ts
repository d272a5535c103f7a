/**
 * `serverless package` checks: packages the prod stage offline, with no AWS credentials, and asserts
 * on the generated CloudFormation (and the bundles). A quick `serverless print` of dev proves the
 * per-stage parameters differ.
 *
 * Intrinsics (Ref, Fn::GetAtt, Fn::Sub, Fn::Join) are evaluated against a fake account and region,
 * so an assertion holds whichever form the template uses (a Fn::GetAtt or a Fn::Sub of the name).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { parseCloudFormationYaml } from '../../infra/local';
import { loadFunctionCatalogue } from '../../infra/manifest/loadFunctionManifests';
import { loadRuleFiles } from '../../infra/manifest/rules';

const run = promisify(execFile);

const ROOT = path.resolve(__dirname, '..', '..');
const SERVERLESS = path.join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
const STAGE = 'prod';
const SERVICE = 'vigil';
const BUS_NAME = `${SERVICE}-${STAGE}`;
const FAKE = { partition: 'aws', region: 'eu-west-1', account: '123456789012' };

/** CloudFormation is untyped JSON. */
type Cfn = any;
interface Resource {
  Type: string;
  Properties: Cfn;
  DeletionPolicy?: string;
  DependsOn?: string | string[];
}

/**
 * Each rule file with the function that one of the manifests says it feeds (functions/<folder>/manifest.ts),
 * and how (queue or direct): what the template must show.
 */
interface RuleFile {
  name: string;
  description: string;
  bus: 'default' | 'vigil';
  target: string;
  delivery: 'queue' | 'direct';
  pattern: Record<string, unknown>;
}

/** The function manifests, read once: what the template must show for each function. */
const CATALOGUE = loadFunctionCatalogue();

const RULES: RuleFile[] = loadRuleFiles().map((rule) => {
  const fed = CATALOGUE.functions.flatMap(({ manifest }) =>
    manifest.triggers.flatMap((t) =>
      (t.kind === 'queue' || t.kind === 'direct') && t.rule === rule.name ? [{ target: manifest.key, delivery: t.kind }] : [],
    ),
  );
  if (fed.length !== 1) throw new Error(`rule ${rule.name} feeds ${fed.length} functions`);
  return { ...rule, ...fed[0]! };
});

/** serverless.yml, parsed once: its shared IAM statements and per-stage parameters. */
const SERVERLESS_YML = parseCloudFormationYaml(readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8')) as Cfn;

/** The log subscriptions of the manifests, their group named as the packaged stage resolves it. */
const SUBSCRIPTIONS = CATALOGUE.functions.flatMap(({ manifest }) =>
  manifest.triggers.flatMap((t) => {
    if (t.kind !== 'logSubscription') return [];
    const params = SERVERLESS_YML.params;
    const logGroup = typeof t.logGroup === 'string' ? t.logGroup : (params[STAGE]?.[t.logGroup.param] ?? params.default[t.logGroup.param]);
    return [{ target: manifest.key, logGroup: logGroup as string, filterPattern: t.filterPattern }];
  }),
);

/** The schedules of the manifests: each deploys as a rule vigil-<stage>-<folder>-<name>. */
const SCHEDULES = CATALOGUE.functions.flatMap(({ manifest }) =>
  manifest.triggers.flatMap((t) =>
    t.kind === 'schedule' ? [{ name: `${manifest.folder}-${t.name}`, expression: t.expression, target: manifest.key }] : [],
  ),
);

const COMMON_ENV = [
  'STAGE',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
  'POWERTOOLS_LOG_LEVEL',
  'EVENT_BUS_NAME',
  'IDEMPOTENCY_TABLE',
  'QUARANTINE_TABLE',
  'FIELD_KEY_ID',
];
/** The function contract, from the manifests: key -> handler folder (also POWERTOOLS_SERVICE_NAME) and the variables it reads. */
const FUNCTIONS: Record<string, { concern: string; env: string[] }> = Object.fromEntries(
  CATALOGUE.functions.map(({ manifest }) => [manifest.key, { concern: manifest.folder, env: Object.keys(manifest.environment) }]),
);

/**
 * Least privilege, written down: the exact actions of each function role (logs for its own group
 * and the SQS event-source actions come from the plugin). A change here is a security review.
 */
const LOGS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];
const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const SQS_CONSUMER = ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'];
const ROUTER_ACTIONS = [
  ...LOGS,
  ...XRAY,
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'secretsmanager:GetSecretValue',
  'sqs:SendMessage',
];
const EXPECTED_ACTIONS: Record<string, string[]> = {
  securityDetector: [
    ...LOGS,
    ...XRAY,
    ...SQS_CONSUMER,
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
  ],
  // No Idempotency table: stored events are conditional puts keyed by event id (a redelivered batch writes nothing).
  appTelemetry: [
    ...LOGS,
    ...XRAY,
    ...SQS_CONSUMER,
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    // The app signal detections read their state back (exposure counts, latency buckets, export baselines).
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'kms:GenerateMac',
  ],
  endpointLatency: [
    ...LOGS,
    ...XRAY,
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'sqs:SendMessage',
  ],
  modelMonitor: [
    ...LOGS,
    ...XRAY,
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    // Drift history and run arrivals (DetectionState, shared/modelMonitor): a Query per model and feature.
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    's3:GetObject',
    'sqs:SendMessage',
  ],
  guarddutyRelay: [
    ...LOGS,
    ...XRAY,
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'sqs:SendMessage',
  ],
  // Appends to the audit trail (conditional puts and updates, consistent chain reads: no DeleteItem, no
  // Scan, no index), seals Cognito subs with the field key, reads the pseudonym key, publishes audit records.
  auditRecorder: [
    ...LOGS,
    ...XRAY,
    ...SQS_CONSUMER,
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'secretsmanager:GetSecretValue',
  ],
  // Idempotent publication (the Idempotency table), quarantine sealed with the field key, PutEvents of its own
  // source and detail-type on the Vigil bus, its on-failure queue. Nothing to read: the subscription pushes.
  cognitoAuthBridge: [
    ...LOGS,
    ...XRAY,
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'sqs:SendMessage',
  ],
  // The metric stream's Firehose transformation: records onto the Vigil bus (its own source and detail-type only), a bad
  // line quarantined (sealed with the field key). Nothing to read; Firehose invokes it with its own role.
  metricStreamForwarder: [
    ...LOGS,
    ...XRAY,
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
  ],
  // The outbox (records, and the status index the drain reads), its delivery secrets, quarantine sealed with the
  // field key, its on-failure queue. No idempotency table: deliveries are made safe by the outbox and the alias.
  alertRouter: [...ROUTER_ACTIONS],
  // The router's role: it delivers what waits in the outbox through the same sinks.
  outboxDrain: [...ROUTER_ACTIONS],
  // The router's outbox statements plus BatchGetItem (the receipts of one drill at once), the delivery secrets (to close
  // drill alerts), PutEvents of drill findings, quarantine sealed with the field key, its on-failure queue.
  alertDrill: [
    ...LOGS,
    ...XRAY,
    'dynamodb:BatchGetItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'secretsmanager:GetSecretValue',
    'sqs:SendMessage',
  ],
  // Reads the OpsGenie key and pings; quarantines a malformed Scheduled Event (sealed); its on-failure queue.
  heartbeat: [
    ...LOGS,
    ...XRAY,
    'dynamodb:UpdateItem',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'secretsmanager:GetSecretValue',
    'sqs:SendMessage',
  ],
  // Strips telemetry past its retention (the strip index, then a conditional rewrite); quarantine; on-failure queue.
  telemetryRetention: [
    ...LOGS,
    ...XRAY,
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'sqs:SendMessage',
  ],
  // The crash check: crash, error and session events through the telemetry store's kind index (Query), the issue
  // state and its cursor in DetectionState (conditional Get/Put/Update), findings, PutEvents; its on-failure queue.
  crashCheck: [
    ...LOGS,
    ...XRAY,
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'sqs:SendMessage',
  ],
  // Missing Model Monitor runs: run arrivals (DetectionState Query), findings, PutEvents; its on-failure queue.
  modelMonitorCheck: [
    ...LOGS,
    ...XRAY,
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
    'events:PutEvents',
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'sqs:SendMessage',
  ],
};
/**
 * The actions a function's manifest asks for: its shared statements (serverless.yml `custom.iam`), its own,
 * and what the plugin and the triggers add (its log group; the SQS consumer actions of a queue trigger; the
 * on-failure queue of an asynchronously invoked function).
 */
function actionsFromManifest(key: string): string[] {
  const { manifest } = CATALOGUE.functions.find((f) => f.manifest.key === key)!;
  const shared = SERVERLESS_YML.custom.iam;
  const actions = [
    ...LOGS,
    ...manifest.iam.shared.flatMap((name) => asArray(shared[name].Action as string[])),
    ...manifest.iam.statements.flatMap((statement) => statement.Action),
    ...(manifest.triggers.some((t) => t.kind === 'queue') ? SQS_CONSUMER : []),
    ...(manifest.triggers.some((t) => t.kind !== 'queue') ? ['sqs:SendMessage'] : []),
  ];
  return [...new Set(actions)].sort();
}

/** Actions without resource-level permissions: the only ones allowed on Resource "*". */
const STAR_RESOURCE_ACTIONS = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

const TABLES: Record<string, { name: string; ttl: string }> = {
  Findings: { name: 'findings', ttl: 'expiresAt' },
  DetectionState: { name: 'detection-state', ttl: 'expiresAt' },
  Idempotency: { name: 'idempotency', ttl: 'expiration' },
  Quarantine: { name: 'quarantine', ttl: 'expiresAt' },
  Outbox: { name: 'outbox', ttl: 'expiresAt' },
  AuditTrail: { name: 'audit', ttl: 'expiresAt' },
  TelemetryEvents: { name: 'telemetry-events', ttl: 'expiresAt' },
};

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const functionLogicalId = (key: string) => `${key[0]!.toUpperCase()}${key.slice(1)}LambdaFunction`;

let outDir: string;
let template: { Resources: Record<string, Resource>; Outputs?: Record<string, Cfn> };
let resources: Record<string, Resource>;
let devConfig: Cfn;
/** The package run's own TMPDIR (os.tmpdir() in the child), so nothing else writes there. */
let packageTmp: string;
/** Its entries before and after `serverless package`. */
const tmpEntries: { before: string[]; after: string[] } = { before: [], after: [] };

/**
 * serverless-esbuild stages each zip in `<tmpdir>/<function key>-<pid>-<ms>-<8 hex>` and, unpatched,
 * leaves it there (infra/serverless/esbuildTempCleanup.js explains why and removes it).
 */
const ESBUILD_STAGING = /^[A-Za-z0-9_-]+-\d+-\d+-[0-9a-f]{8}$/;

/** A clean environment: no AWS credentials or config reachable, an empty HOME. */
function offlineEnv(home: string, tmp: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    TMPDIR: tmp,
    AWS_CONFIG_FILE: path.join(home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-aws-credentials'),
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
  };
}

beforeAll(async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'vigil-sls-'));
  outDir = path.join(work, 'package');
  const home = path.join(work, 'home');
  mkdirSync(home);
  packageTmp = path.join(work, 'tmp-package');
  const printTmp = path.join(work, 'tmp-print');
  mkdirSync(packageTmp);
  mkdirSync(printTmp);
  const options = (tmp: string) => ({ cwd: ROOT, env: offlineEnv(home, tmp), maxBuffer: 64 * 1024 * 1024, timeout: 170_000 });
  tmpEntries.before = readdirSync(packageTmp);
  const [, printed] = await Promise.all([
    run(process.execPath, [SERVERLESS, 'package', '--stage', STAGE, '--package', outDir], options(packageTmp)),
    run(process.execPath, [SERVERLESS, 'print', '--stage', 'dev', '--format', 'json'], options(printTmp)),
  ]);
  tmpEntries.after = readdirSync(packageTmp);
  template = JSON.parse(readFileSync(path.join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'));
  resources = template.Resources;
  devConfig = JSON.parse(printed.stdout.slice(printed.stdout.indexOf('{')));
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(path.dirname(outDir), { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Intrinsic evaluation against a fake account

function resource(id: string): Resource {
  const r = resources[id];
  if (!r) throw new Error(`no resource ${id} in the template`);
  return r;
}

function ref(id: string): string {
  if (id === 'AWS::Partition') return FAKE.partition;
  if (id === 'AWS::Region') return FAKE.region;
  if (id === 'AWS::AccountId') return FAKE.account;
  if (id === 'AWS::URLSuffix') return 'amazonaws.com';
  const r = resource(id);
  switch (r.Type) {
    case 'AWS::SQS::Queue':
      return `https://sqs.${FAKE.region}.amazonaws.com/${FAKE.account}/${evaluate(r.Properties.QueueName)}`;
    case 'AWS::Events::EventBus':
    case 'AWS::Events::Rule':
      return evaluate(r.Properties.Name);
    case 'AWS::DynamoDB::Table':
      return evaluate(r.Properties.TableName);
    case 'AWS::Lambda::Function':
      return evaluate(r.Properties.FunctionName);
    case 'AWS::SNS::Topic':
      return `arn:${FAKE.partition}:sns:${FAKE.region}:${FAKE.account}:${evaluate(r.Properties.TopicName)}`;
    case 'AWS::KMS::Key':
      return `key-${id}`;
    default:
      return `ref:${id}`;
  }
}

function getAtt(id: string, attribute: string): string {
  const r = resource(id);
  const arn = (service: string, rest: string) => `arn:${FAKE.partition}:${service}:${FAKE.region}:${FAKE.account}:${rest}`;
  const key = `${r.Type}.${attribute}`;
  switch (key) {
    case 'AWS::SQS::Queue.Arn':
      return arn('sqs', evaluate(r.Properties.QueueName));
    case 'AWS::SQS::Queue.QueueName':
      return evaluate(r.Properties.QueueName);
    case 'AWS::Events::EventBus.Arn':
      return arn('events', `event-bus/${evaluate(r.Properties.Name)}`);
    case 'AWS::Events::EventBus.Name':
      return evaluate(r.Properties.Name);
    case 'AWS::Events::Rule.Arn':
      return ruleArn(r);
    case 'AWS::DynamoDB::Table.Arn':
      return arn('dynamodb', `table/${evaluate(r.Properties.TableName)}`);
    case 'AWS::Lambda::Function.Arn':
      return arn('lambda', `function:${evaluate(r.Properties.FunctionName)}`);
    case 'AWS::KMS::Key.Arn':
      return arn('kms', `key/key-${id}`);
    case 'AWS::S3::Bucket.Arn':
      return `arn:${FAKE.partition}:s3:::bucket-${id}`;
    case 'AWS::KinesisFirehose::DeliveryStream.Arn':
      return arn('firehose', `deliverystream/${evaluate(r.Properties.DeliveryStreamName)}`);
    case 'AWS::IAM::Role.Arn':
      return `arn:${FAKE.partition}:iam::${FAKE.account}:role/${id}`;
    default:
      throw new Error(`Fn::GetAtt ${id}.${attribute} (${r.Type}) is not modelled by this test`);
  }
}

function busOf(rule: Resource): string {
  const bus = rule.Properties.EventBusName;
  return bus === undefined ? 'default' : evaluate(bus);
}

function ruleArn(rule: Resource): string {
  const bus = busOf(rule);
  const name = evaluate(rule.Properties.Name);
  const path = bus === 'default' ? `rule/${name}` : `rule/${bus}/${name}`;
  return `arn:${FAKE.partition}:events:${FAKE.region}:${FAKE.account}:${path}`;
}

function evaluate(value: Cfn): any {
  if (Array.isArray(value)) return value.map(evaluate);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [fn] = keys as [string];
    const arg = value[fn];
    if (fn === 'Ref') return ref(arg);
    if (fn === 'Fn::GetAtt') {
      const [id, attribute] = typeof arg === 'string' ? (arg.split(/\.(.*)/s) as [string, string]) : (arg as [string, string]);
      return getAtt(id, attribute);
    }
    if (fn === 'Fn::Join') {
      const [separator, parts] = arg as [string, Cfn[]];
      return evaluate(parts).join(separator);
    }
    if (fn === 'Fn::Sub') {
      const [text, vars] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, Cfn>]);
      return text.replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
        if (name in vars) return evaluate(vars[name]);
        const dot = name.indexOf('.');
        return dot > 0 && !name.startsWith('AWS::') ? getAtt(name.slice(0, dot), name.slice(dot + 1)) : ref(name);
      });
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v)]));
}

// ---------------------------------------------------------------------------------------------
// Template queries

const ofType = (type: string): Array<[string, Resource]> => Object.entries(resources).filter(([, r]) => r.Type === type);

function rulesNamed(name: string): Array<[string, Resource]> {
  return ofType('AWS::Events::Rule').filter(([, r]) => evaluate(r.Properties.Name) === `${SERVICE}-${STAGE}-${name}`);
}

/** Statements of the queue policies attached to the queue with this ARN. */
function queuePolicyStatements(queueArn: string): Cfn[] {
  const queueUrl = `https://sqs.${FAKE.region}.amazonaws.com/${FAKE.account}/${queueArn.split(':').pop()}`;
  return ofType('AWS::SQS::QueuePolicy')
    .filter(([, p]) => evaluate(p.Properties.Queues).includes(queueUrl))
    .flatMap(([, p]) => asArray(evaluate(p.Properties.PolicyDocument).Statement));
}

function admitsRule(statement: Cfn, queueArn: string, sourceArn: string): boolean {
  const condition = statement.Condition ?? {};
  const sources = ['ArnEquals', 'ArnLike', 'StringEquals'].flatMap((op) => asArray(condition[op]?.['aws:SourceArn']));
  return (
    statement.Effect === 'Allow' &&
    asArray(statement.Principal?.Service).includes('events.amazonaws.com') &&
    asArray(statement.Action).includes('sqs:SendMessage') &&
    asArray(statement.Resource).includes(queueArn) &&
    sources.length === 1 &&
    sources[0] === sourceArn
  );
}

function roleOf(functionKey: string): [string, Resource] {
  const fn = resource(functionLogicalId(functionKey));
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return [roleId, resource(roleId)];
}

function statementsOf(role: Resource): Cfn[] {
  return asArray(role.Properties.Policies as Cfn[]).flatMap((p) => asArray(evaluate(p.PolicyDocument).Statement));
}

function allIamStatements(): Array<[string, Cfn]> {
  const fromRoles = ofType('AWS::IAM::Role').flatMap(([id, r]) => statementsOf(r).map((s): [string, Cfn] => [id, s]));
  const fromPolicies = [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')].flatMap(([id, p]) =>
    asArray(evaluate(p.Properties.PolicyDocument).Statement).map((s): [string, Cfn] => [id, s]),
  );
  return [...fromRoles, ...fromPolicies];
}

/** The bus a rule file's `bus` names, as deployed. */
const deployedBus = (bus: RuleFile['bus']) => (bus === 'default' ? 'default' : BUS_NAME);

// ---------------------------------------------------------------------------------------------
// Minimal zip reader (central directory + deflate), to look inside the function bundles

function unzip(file: string): Map<string, Buffer> {
  const zip = readFileSync(file);
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd -= 1;
  if (eocd < 0) throw new Error(`${file}: not a zip`);
  const entries = new Map<string, Buffer>();
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0, n = zip.readUInt16LE(eocd + 10); i < n; i += 1) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------

describe('serverless package --stage prod (offline, no AWS credentials)', () => {
  it('creates the custom bus vigil-<stage>', () => {
    const buses = ofType('AWS::Events::EventBus');
    expect(buses).toHaveLength(1);
    expect(evaluate(buses[0]![1].Properties.Name)).toBe(BUS_NAME);
  });

  it('has exactly one rule per events/rules file and per schedule of a manifest, and no other rule', () => {
    expect(RULES.length).toBeGreaterThan(0);
    expect(ofType('AWS::Events::Rule')).toHaveLength(RULES.length + SCHEDULES.length);
    for (const rule of RULES) expect(rulesNamed(rule.name)).toHaveLength(1);
    for (const schedule of SCHEDULES) expect(rulesNamed(schedule.name)).toHaveLength(1);
  });

  it('gives every scheduled function a schedule rule with a retry policy and a dead-letter queue, allowed to invoke it', () => {
    for (const schedule of SCHEDULES) {
      const [[, rule]] = rulesNamed(schedule.name) as [[string, Resource]];
      expect(rule.Properties.ScheduleExpression).toBe(schedule.expression);
      const [target] = rule.Properties.Targets as Cfn[];
      expect(evaluate(target.Arn)).toBe(getAtt(functionLogicalId(schedule.target), 'Arn'));
      expect(target.RetryPolicy.MaximumRetryAttempts).toEqual(expect.any(Number));
      const dlqArn = evaluate(target.DeadLetterConfig.Arn) as string;
      expect(queuePolicyStatements(dlqArn).some((st) => admitsRule(st, dlqArn, ruleArn(rule)))).toBe(true);
      const permissions = ofType('AWS::Lambda::Permission').map(([, p]) => evaluate(p.Properties));
      expect(permissions).toContainEqual(expect.objectContaining({ Principal: 'events.amazonaws.com', SourceArn: ruleArn(rule) }));
    }
  });

  describe.each(RULES.map((r) => [r.name, r] as const))('rule %s', (_name, rule) => {
    const deployed = () => rulesNamed(rule.name)[0]![1];
    const target = () => {
      const targets = deployed().Properties.Targets as Cfn[];
      expect(targets).toHaveLength(1);
      return targets[0];
    };

    it('uses the pattern of its events/rules file (patterns kept once)', () => {
      expect(deployed().Properties.EventPattern).toEqual(rule.pattern);
    });

    it('is on the bus the file names, enabled', () => {
      expect(busOf(deployed())).toBe(deployedBus(rule.bus));
      expect(deployed().Properties.State ?? 'ENABLED').toBe('ENABLED');
    });

    it('has a retry policy and a dead-letter queue whose policy admits exactly this rule', () => {
      const { RetryPolicy, DeadLetterConfig } = target();
      expect(RetryPolicy).toEqual({ MaximumEventAgeInSeconds: expect.any(Number), MaximumRetryAttempts: expect.any(Number) });
      expect(RetryPolicy.MaximumEventAgeInSeconds).toBeGreaterThanOrEqual(60);
      const dlqArn = evaluate(DeadLetterConfig.Arn) as string;
      expect(dlqArn).toMatch(/^arn:aws:sqs:/);
      const statements = queuePolicyStatements(dlqArn);
      expect(statements.some((s) => admitsRule(s, dlqArn, ruleArn(deployed())))).toBe(true);
    });

    if (rule.delivery === 'direct') {
      it(`targets the ${rule.target} function, which EventBridge may invoke from this rule only`, () => {
        const fnArn = getAtt(functionLogicalId(rule.target), 'Arn');
        expect(evaluate(target().Arn)).toBe(fnArn);
        const permissions = ofType('AWS::Lambda::Permission')
          .map(([, p]) => evaluate(p.Properties))
          .filter((p) => p.FunctionName === fnArn || p.FunctionName === ref(functionLogicalId(rule.target)));
        // One permission per direct rule of the function (the alert router has two), each for exactly that rule.
        const direct = RULES.filter((r) => r.delivery === 'direct' && r.target === rule.target);
        expect(permissions).toHaveLength(direct.length);
        expect(permissions.filter((p) => p.SourceArn === ruleArn(deployed()))).toEqual([
          expect.objectContaining({ Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: ruleArn(deployed()) }),
        ]);
      });
    } else {
      it(`targets a buffer queue that ${rule.target} consumes in batches, with a redrive policy`, () => {
        const queueArn = evaluate(target().Arn) as string;
        expect(queueArn).toMatch(/^arn:aws:sqs:/);
        expect(queuePolicyStatements(queueArn).some((s) => admitsRule(s, queueArn, ruleArn(deployed())))).toBe(true);

        const [, queue] = ofType('AWS::SQS::Queue').find(([id]) => getAtt(id, 'Arn') === queueArn)!;
        const redrive = evaluate(queue.Properties.RedrivePolicy);
        expect(redrive).toEqual({ deadLetterTargetArn: expect.stringMatching(/^arn:aws:sqs:/), maxReceiveCount: expect.any(Number) });
        expect(redrive.deadLetterTargetArn).not.toBe(queueArn);

        const mappings = ofType('AWS::Lambda::EventSourceMapping')
          .map(([, m]) => evaluate(m.Properties))
          .filter((m) => m.EventSourceArn === queueArn);
        expect(mappings).toEqual([
          expect.objectContaining({
            FunctionName: getAtt(functionLogicalId(rule.target), 'Arn'),
            BatchSize: 100,
            MaximumBatchingWindowInSeconds: 5,
            FunctionResponseTypes: ['ReportBatchItemFailures'],
          }),
        ]);
        // Lambda refuses an SQS event source whose visibility timeout is shorter than the function timeout.
        const timeout = resource(functionLogicalId(rule.target)).Properties.Timeout as number;
        expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
      });
    }
  });

  describe('log subscriptions', () => {
    it('has the Cognito bridge among them', () => {
      expect(SUBSCRIPTIONS.map((s) => [s.target, s.logGroup])).toContainEqual([
        'cognitoAuthBridge',
        '/aws/vendedlogs/cognito/user-auth-events',
      ]);
    });

    it.each(SUBSCRIPTIONS.map((s) => [s.target, s] as const))(
      '%s: a subscription filter on its log group, and CloudWatch Logs of that group alone may invoke it',
      (_key, subscription) => {
        const fnArn = getAtt(functionLogicalId(subscription.target), 'Arn');
        const filters = ofType('AWS::Logs::SubscriptionFilter').filter(([, f]) => evaluate(f.Properties.DestinationArn) === fnArn);
        expect(filters.map(([, f]) => evaluate(f.Properties))).toEqual([
          { LogGroupName: subscription.logGroup, FilterPattern: subscription.filterPattern, DestinationArn: fnArn },
        ]);
        const permissions = ofType('AWS::Lambda::Permission').filter(([, p]) => evaluate(p.Properties.FunctionName) === fnArn);
        expect(permissions.map(([, p]) => evaluate(p.Properties))).toEqual([
          {
            FunctionName: fnArn,
            Action: 'lambda:InvokeFunction',
            Principal: `logs.${FAKE.region}.amazonaws.com`,
            SourceArn: `arn:aws:logs:${FAKE.region}:${FAKE.account}:log-group:${subscription.logGroup}:*`,
          },
        ]);
        // The filter is created once the permission exists (CloudWatch Logs checks it on creation).
        expect(asArray(filters[0]![1].DependsOn)).toContain(permissions[0]![0]);
        // Invoked asynchronously: an on-failure queue it may write to.
        const configs = ofType('AWS::Lambda::EventInvokeConfig')
          .map(([, c]) => evaluate(c.Properties))
          .filter((c) => c.FunctionName === ref(functionLogicalId(subscription.target)));
        expect(configs).toHaveLength(1);
        expect(configs[0].DestinationConfig.OnFailure.Destination).toMatch(/^arn:aws:sqs:/);
      },
    );

    it('lets the Cognito bridge put only its own source and detail-type on the Vigil bus', () => {
      const puts = statementsOf(roleOf('cognitoAuthBridge')[1]).filter((s) => asArray(s.Action).includes('events:PutEvents'));
      expect(puts).toEqual([
        expect.objectContaining({
          Resource: getAtt('VigilEventBus', 'Arn'),
          Condition: {
            StringEquals: { 'events:source': ['vigil.cognito'], 'events:detail-type': ['Cognito Threat Protection Auth Event'] },
          },
        }),
      ]);
    });
  });

  describe('functions', () => {
    it('has one function per concern, each with the runtime, architecture and its handler', () => {
      const functions = ofType('AWS::Lambda::Function');
      expect(functions.map(([id]) => id).sort()).toEqual(Object.keys(FUNCTIONS).map(functionLogicalId).sort());
      for (const [key, { concern }] of Object.entries(FUNCTIONS)) {
        const fn = resource(functionLogicalId(key)).Properties;
        expect(fn.Handler).toBe(`functions/${concern}/handler.handler`);
        expect(fn.Runtime).toBe('nodejs22.x');
        expect(fn.Architectures).toEqual(['arm64']);
      }
    });

    it.each(Object.entries(FUNCTIONS))('%s gets the environment it reads', (key, { concern, env }) => {
      const vars = evaluate(resource(functionLogicalId(key)).Properties.Environment.Variables) as Record<string, string>;
      for (const name of [...COMMON_ENV, ...env]) expect([name, typeof vars[name]]).toEqual([name, 'string']);
      expect(vars.STAGE).toBe(STAGE);
      expect(vars.POWERTOOLS_SERVICE_NAME).toBe(concern);
      expect(vars.POWERTOOLS_METRICS_NAMESPACE).toBe('Vigil');
      expect(vars.EVENT_BUS_NAME).toBe(BUS_NAME);
      expect(vars.IDEMPOTENCY_TABLE).toBe(`${SERVICE}-${STAGE}-idempotency`);
      expect(vars.QUARANTINE_TABLE).toBe(`${SERVICE}-${STAGE}-quarantine`);
      expect(vars.FIELD_KEY_ID).toBe(getAtt('FieldKey', 'Arn'));
      if (vars.FINDINGS_TABLE) expect(vars.FINDINGS_TABLE).toBe(`${SERVICE}-${STAGE}-findings`);
      if (vars.STATE_TABLE) expect(vars.STATE_TABLE).toBe(`${SERVICE}-${STAGE}-detection-state`);
      if (vars.OUTBOX_TABLE) expect(vars.OUTBOX_TABLE).toBe(`${SERVICE}-${STAGE}-outbox`);
      if (vars.DETECTION_OVERRIDES) expect(typeof JSON.parse(vars.DETECTION_OVERRIDES)).toBe('object');
      if (vars.AUDIT_TABLE) expect(vars.AUDIT_TABLE).toBe(`${SERVICE}-${STAGE}-audit`);
      for (const secret of ['OPSGENIE_API_KEY_SECRET_ARN', 'SIEM_HEC_TOKEN_SECRET_ARN', 'PSEUDONYM_KEY_SECRET_ARN']) {
        if (vars[secret]) expect(vars[secret]).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:\S+$/);
      }
    });

    it('gives every directly invoked function an async config with an onFailure queue it may write to', () => {
      const direct = RULES.filter((r) => r.delivery === 'direct').map((r) => r.target);
      expect(direct.length).toBeGreaterThan(0);
      for (const key of direct) {
        const configs = ofType('AWS::Lambda::EventInvokeConfig')
          .map(([, c]) => evaluate(c.Properties))
          .filter((c) => c.FunctionName === ref(functionLogicalId(key)));
        expect(configs).toHaveLength(1);
        const config = configs[0];
        expect(config.MaximumRetryAttempts).toEqual(expect.any(Number));
        expect(config.MaximumEventAgeInSeconds).toEqual(expect.any(Number));
        const destination = config.DestinationConfig.OnFailure.Destination as string;
        expect(destination).toMatch(/^arn:aws:sqs:/);
        const send = statementsOf(roleOf(key)[1]).filter((s) => asArray(s.Action).includes('sqs:SendMessage'));
        expect(send.flatMap((s) => asArray(s.Resource))).toEqual([destination]);
      }
    });
  });

  describe('IAM', () => {
    it('gives every function its own role', () => {
      const roles = Object.keys(FUNCTIONS).map((key) => roleOf(key)[0]);
      expect(new Set(roles).size).toBe(roles.length);
      expect(roles).not.toContain('IamRoleLambdaExecution');
    });

    it('has no wildcard action and no NotAction/NotResource anywhere', () => {
      for (const [, statement] of allIamStatements()) {
        expect(statement.NotAction).toBeUndefined();
        expect(statement.NotResource).toBeUndefined();
        for (const action of asArray(statement.Action as string[])) expect(action).not.toContain('*');
      }
    });

    it('uses Resource "*" only for actions that have no resource-level permissions', () => {
      for (const [, statement] of allIamStatements()) {
        if (!asArray(statement.Resource).includes('*')) continue;
        for (const action of asArray(statement.Action as string[]))
          expect([action, STAR_RESOURCE_ACTIONS.has(action)]).toEqual([action, true]);
      }
    });

    it.each(Object.keys(FUNCTIONS))('%s has exactly its actions, each scoped to its own resources', (key) => {
      const [, role] = roleOf(key);
      const statements = statementsOf(role);
      const actions = [...new Set(statements.flatMap((s) => asArray(s.Action as string[])))].sort();
      // The role is what the manifest asks for, and nothing else ...
      expect({ [key]: actions }).toEqual({ [key]: actionsFromManifest(key) });
      // ... and what the review wrote down: every function's role is pinned (a new function needs its review).
      expect({ [key]: actions }).toEqual({ [key]: [...(EXPECTED_ACTIONS[key] ?? ['(not pinned in EXPECTED_ACTIONS)'])].sort() });

      const fnName = ref(functionLogicalId(key));
      const tableArns = Object.keys(TABLES).map((id) => getAtt(id, 'Arn'));
      const keyArns = ofType('AWS::KMS::Key').map(([id]) => getAtt(id, 'Arn'));
      const queueArns = ofType('AWS::SQS::Queue').map(([id]) => getAtt(id, 'Arn'));
      for (const statement of statements) {
        expect(statement.Effect).toBe('Allow');
        for (const action of asArray(statement.Action as string[])) {
          const service = action.split(':')[0];
          for (const res of asArray(statement.Resource as string[])) {
            const where = `${key} ${action} on ${res}`;
            switch (service) {
              case 'logs':
                expect([where, res]).toEqual([where, `arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/${fnName}:*:*`]);
                break;
              case 'dynamodb':
                expect([where, tableArns.some((t) => res === t || res.startsWith(`${t}/index/`))]).toEqual([where, true]);
                break;
              case 'kms':
                expect([where, keyArns.includes(res)]).toEqual([where, true]);
                break;
              case 'events':
                expect([where, res]).toEqual([where, getAtt('VigilEventBus', 'Arn')]);
                break;
              case 'sqs':
                expect([where, queueArns.includes(res)]).toEqual([where, true]);
                break;
              case 'secretsmanager':
                expect([where, res]).toEqual([
                  where,
                  expect.stringMatching(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:[^*?]+-\?{6}$/),
                ]);
                break;
              case 's3':
                // Objects under one named bucket or bucket/prefix, never a bucket pattern (per stage: 'model monitoring buckets').
                expect([where, res]).toEqual([where, expect.stringMatching(/^arn:aws:s3:::[a-z0-9.-]+(\/[^*?]+)?\/\*$/)]);
                break;
              case 'xray':
                expect(res).toBe('*');
                break;
              default:
                throw new Error(`unexpected service in ${where}`);
            }
          }
        }
      }
    });

    it('grants the Idempotency table to no delivery function (the router and the drain deliver through the outbox)', () => {
      for (const key of ['alertRouter', 'outboxDrain']) {
        const resources = statementsOf(roleOf(key)[1]).flatMap((statement) => asArray(statement.Resource as unknown[]));
        expect({ [key]: resources.filter((r) => JSON.stringify(r).includes('Idempotency')) }).toEqual({ [key]: [] });
      }
    });

    it('scopes the table key to DynamoDB and the field key to the field-encryption context', () => {
      for (const key of Object.keys(FUNCTIONS)) {
        for (const statement of statementsOf(roleOf(key)[1])) {
          const resources = asArray(statement.Resource as string[]);
          if (resources.includes(getAtt('TableKey', 'Arn'))) {
            expect(statement.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } });
          }
          if (resources.includes(getAtt('FieldKey', 'Arn'))) {
            expect(statement.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'vigil-field-encryption' } });
          }
        }
      }
    });
  });

  describe('DynamoDB and KMS', () => {
    it('has the seven tables, each on-demand, SSE-KMS with the customer managed key, PITR and TTL, retained in prod', () => {
      expect(
        ofType('AWS::DynamoDB::Table')
          .map(([id]) => id)
          .sort(),
      ).toEqual(Object.keys(TABLES).sort());
      for (const [id, { name, ttl }] of Object.entries(TABLES)) {
        const table = resource(id);
        const p = evaluate(table.Properties);
        expect(p.TableName).toBe(`${SERVICE}-${STAGE}-${name}`);
        expect(p.BillingMode).toBe('PAY_PER_REQUEST');
        expect(p.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt('TableKey', 'Arn') });
        expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
        expect(p.TimeToLiveSpecification).toEqual({ AttributeName: ttl, Enabled: true });
        expect(p.DeletionProtectionEnabled).toBe(true);
        expect(table.DeletionPolicy).toBe('Retain');
      }
    });

    it('has the table, field and pseudonym keys, aliased per stage, their policies delegating to the account', () => {
      const aliases = Object.fromEntries(
        ofType('AWS::KMS::Alias').map(([, a]) => [evaluate(a.Properties.AliasName), a.Properties.TargetKeyId]),
      );
      expect(aliases).toEqual({
        [`alias/${SERVICE}-${STAGE}-tables`]: { Ref: 'TableKey' },
        [`alias/${SERVICE}-${STAGE}-fields`]: { Ref: 'FieldKey' },
        [`alias/${SERVICE}-${STAGE}-telemetry-pseudonym`]: { Ref: 'TelemetryPseudonymKey' },
      });
      for (const [id, key] of ofType('AWS::KMS::Key')) {
        // Symmetric keys rotate yearly; an HMAC key cannot (KMS rotates symmetric encryption keys only).
        const hmac = key.Properties.KeyUsage === 'GENERATE_VERIFY_MAC';
        expect([id, key.Properties.EnableKeyRotation]).toEqual([id, hmac ? undefined : true]);
        if (hmac) expect(key.Properties.KeySpec).toBe('HMAC_256');
        expect(key.DeletionPolicy).toBe('Retain');
        const statements = asArray(evaluate(key.Properties.KeyPolicy).Statement) as Cfn[];
        expect(statements).toContainEqual(
          expect.objectContaining({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*' }),
        );
        // kms:* only ever for the account itself (which then delegates to IAM policies).
        for (const s of statements.filter((st) => asArray(st.Action).some((a: string) => a.includes('*')))) {
          expect(s.Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
        }
      }
      const tableKeyStatements = asArray(evaluate(resource('TableKey').Properties.KeyPolicy).Statement) as Cfn[];
      expect(tableKeyStatements.some((s) => s.Condition?.StringEquals?.['kms:ViaService'] === 'dynamodb.eu-west-1.amazonaws.com')).toBe(
        true,
      );
    });
  });

  describe('queues, logs and alarms', () => {
    const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => evaluate(a.Properties));
    const dims = (alarm: Cfn): Record<string, string> =>
      Object.fromEntries(asArray(alarm.Dimensions as Cfn[]).map((d) => [d.Name, d.Value]));
    const sameDimensions = (a: Record<string, string>, b: Record<string, string>) =>
      Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

    it('encrypts every queue (SSE-SQS, so EventBridge and Lambda need no key policy)', () => {
      for (const [id, queue] of ofType('AWS::SQS::Queue')) expect([id, queue.Properties.SqsManagedSseEnabled]).toEqual([id, true]);
    });

    it('alarms on the depth of every dead-letter and failure queue, to the stage alarm topic', () => {
      const topics = ofType('AWS::SNS::Topic').filter(([, t]) => evaluate(t.Properties.TopicName) === `${SERVICE}-${STAGE}-alarms`);
      expect(topics).toHaveLength(1);
      const topicArn = ref(topics[0]![0]);

      const failureQueues = new Set<string>();
      for (const [, q] of ofType('AWS::SQS::Queue')) {
        if (q.Properties.RedrivePolicy) failureQueues.add(evaluate(q.Properties.RedrivePolicy).deadLetterTargetArn);
      }
      for (const [, r] of ofType('AWS::Events::Rule'))
        for (const t of r.Properties.Targets as Cfn[]) failureQueues.add(evaluate(t.DeadLetterConfig.Arn));
      for (const [, c] of ofType('AWS::Lambda::EventInvokeConfig'))
        failureQueues.add(evaluate(c.Properties.DestinationConfig.OnFailure.Destination));
      expect(failureQueues.size).toBeGreaterThanOrEqual(RULES.length);

      for (const queueArn of failureQueues) {
        const queueName = queueArn.split(':').pop();
        const depth = alarms().filter(
          (a) => a.Namespace === 'AWS/SQS' && a.MetricName === 'ApproximateNumberOfMessagesVisible' && dims(a).QueueName === queueName,
        );
        expect([queueName, depth.length]).toEqual([queueName, 1]);
        expect(depth[0]).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topicArn] });
      }
      for (const alarm of alarms()) expect([alarm.AlarmName, alarm.AlarmActions]).toEqual([alarm.AlarmName, [topicArn]]);
    });

    it('alarms on errors of every function', () => {
      for (const key of Object.keys(FUNCTIONS)) {
        const errors = alarms().filter(
          (a) => a.Namespace === 'AWS/Lambda' && a.MetricName === 'Errors' && dims(a).FunctionName === ref(functionLogicalId(key)),
        );
        expect([key, errors.length]).toEqual([key, 1]);
      }
    });

    it('alarms on FailedInvocations and InvocationsFailedToBeSentToDlq of every rule', () => {
      for (const rule of RULES) {
        const expected: Record<string, string> = { RuleName: `${SERVICE}-${STAGE}-${rule.name}` };
        if (rule.bus !== 'default') expected.EventBusName = BUS_NAME;
        for (const metric of ['FailedInvocations', 'InvocationsFailedToBeSentToDlq']) {
          const found = alarms().filter(
            (a) => a.Namespace === 'AWS/Events' && a.MetricName === metric && sameDimensions(dims(a), expected),
          );
          expect([rule.name, metric, found.length]).toEqual([rule.name, metric, 1]);
        }
      }
    });

    it('keeps the logs of every function for the prod retention', () => {
      const groups = ofType('AWS::Logs::LogGroup').map(([, g]) => g.Properties);
      expect(groups.map((g) => g.LogGroupName).sort()).toEqual(
        Object.keys(FUNCTIONS)
          .map((k) => `/aws/lambda/${ref(functionLogicalId(k))}`)
          .sort(),
      );
      for (const group of groups) expect(group.RetentionInDays).toBe(365);
    });
  });

  describe('bundles', () => {
    it('packages each function individually: its bundle and source map only', () => {
      for (const [key, { concern }] of Object.entries(FUNCTIONS)) {
        const zip = path.join(outDir, `${key}.zip`);
        expect(existsSync(zip)).toBe(true);
        expect([...unzip(zip).keys()].sort()).toEqual([`functions/${concern}/handler.js`, `functions/${concern}/handler.js.map`]);
      }
    });

    // A CommonJS bundle that loads on this Node with nothing but itself (middy, Powertools and SDK v3
    // inside), given the environment the template gives the function, and exports the handler.
    it.each(Object.keys(FUNCTIONS))('%s bundle loads stand-alone with its deployed environment', async (key) => {
      const { concern } = FUNCTIONS[key]!;
      const dir = path.join(path.dirname(outDir), 'bundles', key);
      for (const [name, data] of unzip(path.join(outDir, `${key}.zip`))) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), data);
      }
      const code = readFileSync(path.join(dir, 'functions', concern, 'handler.js'), 'utf8');
      expect(code).not.toMatch(/^\s*(import|export)\s/m);
      const variables = evaluate(resource(functionLogicalId(key)).Properties.Environment.Variables) as Record<string, string>;
      const probe = "const m = require(process.argv[1]); if (typeof m.handler !== 'function') throw new Error('no handler export');";
      await expect(
        run(process.execPath, ['-e', probe, path.join(dir, 'functions', concern, 'handler.js')], {
          cwd: dir,
          env: { PATH: process.env.PATH, AWS_REGION: FAKE.region, AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1', ...variables },
          timeout: 30_000,
        }),
      ).resolves.toBeDefined();
    });

    // Without infra/serverless/esbuildTempCleanup.js each run left five folders of about 5 MB here.
    it('leaves no esbuild staging folders in the temp directory', () => {
      expect(tmpEntries.before).toEqual([]);
      expect(tmpEntries.after.filter((name) => ESBUILD_STAGING.test(name))).toEqual([]);
      expect(tmpEntries.after).toEqual([]);
    });
  });
});

describe('model latency metric stream (infra/resources/metricStream.yml)', () => {
  it('streams AWS/SageMaker ModelLatency as JSON with a percentile rank, into the Firehose the forwarder transforms', () => {
    const [[, stream]] = ofType('AWS::CloudWatch::MetricStream') as [[string, Resource]];
    const p = evaluate(stream.Properties);
    expect(p.OutputFormat).toBe('json');
    expect(p.IncludeFilters).toEqual([{ Namespace: 'AWS/SageMaker', MetricNames: ['ModelLatency'] }]);
    expect(p.StatisticsConfigurations[0].AdditionalStatistics.every((s: string) => /^PR\(:\d+\)$/.test(s))).toBe(true);
    const firehose = evaluate(resource('MetricStreamDeliveryStream').Properties);
    expect(p.FirehoseArn).toBe(getAtt('MetricStreamDeliveryStream', 'Arn'));
    const processor = firehose.ExtendedS3DestinationConfiguration.ProcessingConfiguration.Processors[0];
    expect(processor.Type).toBe('Lambda');
    expect(processor.Parameters.find((x: Cfn) => x.ParameterName === 'LambdaArn').ParameterValue).toBe(
      getAtt(functionLogicalId('metricStreamForwarder'), 'Arn'),
    );
  });

  it("gives the stream and Firehose roles their one job each, on this stack's resources", () => {
    const actionsOn = (roleId: string) =>
      statementsOf(resource(roleId)).map((s) => [asArray(s.Action as string[]).sort(), asArray(s.Resource as string[])]);
    expect(actionsOn('MetricStreamRole')).toEqual([
      [['firehose:PutRecord', 'firehose:PutRecordBatch'], [getAtt('MetricStreamDeliveryStream', 'Arn')]],
    ]);
    const bucket = getAtt('MetricStreamBucket', 'Arn');
    expect(actionsOn('MetricStreamDeliveryRole')).toEqual([
      [['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], [bucket]],
      [['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], [`${bucket}/*`]],
      [['lambda:GetFunctionConfiguration', 'lambda:InvokeFunction'], [getAtt(functionLogicalId('metricStreamForwarder'), 'Arn')]],
    ]);
    const bucketProps = resource('MetricStreamBucket').Properties;
    expect(bucketProps.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucketProps.LifecycleConfiguration.Rules[0].ExpirationInDays).toBeGreaterThan(0);
  });
});

/** A stage's `modelMonitorBuckets` from serverless.yml, as the object ARNs the role must hold. */
function monitoringBucketArns(stage: string): string[] {
  const params = SERVERLESS_YML.params;
  const list = String(params[stage]?.modelMonitorBuckets ?? params.default.modelMonitorBuckets).replaceAll('${sls:stage}', stage);
  return list.split(',').map((entry) => `arn:aws:s3:::${entry.trim().replace(/\/+$/, '')}/*`);
}

describe('model monitoring buckets (modelMonitorBuckets, per stage)', () => {
  it("the prod role reads exactly the stage's list, with s3:GetObject alone, and the function gets the same list", () => {
    const s3 = statementsOf(roleOf('modelMonitor')[1]).filter((s) => asArray(s.Action as string[]).some((a) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect(s3[0].Action).toEqual(['s3:GetObject']);
    expect(asArray(s3[0].Resource)).toEqual(monitoringBucketArns(STAGE));
    const env = resource(functionLogicalId('modelMonitor')).Properties.Environment.Variables;
    expect(env.MONITORING_BUCKETS.split(',').map((e: string) => `arn:aws:s3:::${e}/*`)).toEqual(monitoringBucketArns(STAGE));
  });

  it("the dev role reads dev's list, not prod's", () => {
    const statements = devConfig.functions.modelMonitor.iamRoleStatements as Cfn[];
    const s3 = statements.filter((s) => typeof s === 'object' && asArray(s.Action as string[]).includes('s3:GetObject'));
    expect(s3.flatMap((s) => asArray(s.Resource)).map(evaluate)).toEqual(monitoringBucketArns('dev'));
    expect(monitoringBucketArns('dev')).not.toEqual(monitoringBucketArns(STAGE));
    expect(devConfig.functions.modelMonitor.environment.MONITORING_BUCKETS).toBe(String(SERVERLESS_YML.params.dev.modelMonitorBuckets));
  });
});

describe('per-stage parameters (serverless print --stage dev)', () => {
  it('differ from prod: log retention and log level', () => {
    expect(devConfig.provider.logRetentionInDays).toBe(14);
    expect(devConfig.functions.securityDetector.environment.POWERTOOLS_LOG_LEVEL).toBe('DEBUG');
    const prodFn = resource(functionLogicalId('securityDetector')).Properties.Environment.Variables;
    expect(prodFn.POWERTOOLS_LOG_LEVEL).toBe('INFO');
    expect(devConfig.provider.logRetentionInDays).not.toBe(ofType('AWS::Logs::LogGroup')[0]![1].Properties.RetentionInDays);
    expect(devConfig.functions.securityDetector.environment.STAGE).toBe('dev');
  });
});
