import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManifestError } from '../../../infra/manifest/errors';
import { loadFunctionCatalogue } from '../../../infra/manifest/loadFunctionManifests';
import { renderServerless, stageConfig } from '../../../infra/manifest/renderServerless';
import { parseCloudFormationYaml } from '../../../infra/local';
import { parseLocalConfig } from '../../../infra/local/runtime/localConfig';
import { PROJECT_ROOT } from '../../../infra/manifest/paths';
import { loadRuleFiles } from '../../../infra/manifest/rules';
import { COGNITO_AUTH_DETAIL_TYPE, COGNITO_AUTH_SOURCE } from '../../../events/schemas';
import { DEFAULT_USER_AUTH_EVENTS_LOG_GROUP } from '../../../shared/cognito';

/** The rendering itself; tests/packaging checks what the framework makes of it. */
const rendered = renderServerless({ stage: 'prod' });

test('one function per manifest, each with its own environment and a role built from its manifest', () => {
  expect(Object.keys(rendered.functions).sort()).toEqual(
    loadFunctionCatalogue()
      .functions.map((f) => f.manifest.key)
      .sort(),
  );
  const detector = rendered.functions.securityDetector as Record<string, any>;
  expect(detector.environment).toMatchObject({
    POWERTOOLS_SERVICE_NAME: 'security-detector',
    STATE_TABLE: { Ref: 'DetectionState' },
    DETECTION_OVERRIDES: '{}',
  });
  expect(detector.environment.OUTBOX_TABLE).toBeUndefined();
  expect(detector.iamRoleStatements.slice(0, 2)).toEqual(['${self:custom.iam.xray}', '${self:custom.iam.idempotency}']);
});

test('a queue trigger brings its buffer, DLQ, rule and alarms; a direct one its rule DLQ and an on-failure queue', () => {
  const ids = Object.keys(rendered.resources.Resources);
  for (const id of [
    'SecurityEventsQueue',
    'SecurityEventsDlq',
    'SecurityEventsQueuePolicy',
    'CloudtrailActivityRule',
    'CloudtrailActivityRuleDlq',
  ]) {
    expect(ids).toContain(id);
  }
  for (const id of ['FindingsRuleDlq', 'FindingsRuleDlqPolicy', 'AlertRouterFailureQueue', 'AlertRouterDestinationFailuresAlarm'])
    expect(ids).toContain(id);
  expect(ids).not.toContain('SecurityDetectorFailureQueue');
  const queue = rendered.resources.Resources.SecurityEventsQueue as Record<string, any>;
  // Six times the consumer's timeout (60 s), as AWS advises for SQS event sources.
  expect(queue.Properties.VisibilityTimeout).toBe(360);
});

test('a function reading two buffers gets one per queue trigger, each admitting its own rule', () => {
  const resources = rendered.resources.Resources as Record<string, any>;
  const detector = rendered.functions.securityDetector as Record<string, any>;
  expect(detector.events.map((e: any) => e.sqs.arn['Fn::GetAtt'][0])).toEqual(['SecurityEventsQueue', 'CognitoAuthEventsQueue']);
  const admitted = (policy: string) => resources[policy].Properties.PolicyDocument.Statement[0].Condition.ArnEquals['aws:SourceArn'];
  expect(admitted('SecurityEventsQueuePolicy')).toEqual({ 'Fn::GetAtt': ['CloudtrailActivityRule', 'Arn'] });
  expect(admitted('CognitoAuthEventsQueuePolicy')).toEqual({ 'Fn::GetAtt': ['CognitoAuthEventsRule', 'Arn'] });
  expect(resources.CognitoAuthEventsRule.Properties.EventBusName).toEqual({ Ref: 'VigilEventBus' });
});

test('a log subscription naming a stage parameter renders the parameter; the function is asynchronous', () => {
  const bridge = rendered.functions.cognitoAuthBridge as Record<string, any>;
  expect(bridge.events).toEqual([{ cloudwatchLog: { logGroup: '${param:cognitoUserAuthEventsLogGroup}', filter: '' } }]);
  expect(bridge.destinations).toEqual({ onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['CognitoAuthBridgeFailureQueue', 'Arn'] } } });
  // The stage parameter's default is the embedded runtime's.
  const params = (parseCloudFormationYaml(readFileSync(join(PROJECT_ROOT, 'serverless.yml'), 'utf8')) as any).params;
  expect(params.default.cognitoUserAuthEventsLogGroup).toBe(DEFAULT_USER_AUTH_EVENTS_LOG_GROUP);
  expect(parseLocalConfig({}).cognitoUserAuthEventsLogGroup).toBe(DEFAULT_USER_AUTH_EVENTS_LOG_GROUP);
});

test('the rule of the bridged events and the bridge publish the same source and detail-type', () => {
  const rule = loadRuleFiles().find((r) => r.name === 'cognito-auth-events')!;
  expect(rule.pattern).toEqual({ source: [COGNITO_AUTH_SOURCE], 'detail-type': [COGNITO_AUTH_DETAIL_TYPE] });
  const publish = (rendered.functions.cognitoAuthBridge as Record<string, any>).iamRoleStatements.find(
    (s: any) => s.Sid === 'PublishCognitoAuthEvents',
  );
  expect(publish.Condition.StringEquals).toEqual({
    'events:source': rule.pattern.source,
    'events:detail-type': rule.pattern['detail-type'],
  });
});

describe('infra/config/<stage>.yml', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-stage-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('falls back to default.yml for a stage without a file of its own', () => {
    writeFileSync(join(dir, 'default.yml'), 'detectionOverrides:\n  root-console-login: { dedupWindowMinutes: 30 }\n');
    expect(stageConfig('feature-x', dir)).toEqual({ detectionOverrides: { 'root-console-login': { dedupWindowMinutes: 30 } } });
  });

  it('refuses a threshold name the detection does not have, naming the file', () => {
    writeFileSync(join(dir, 'prod.yml'), 'detectionOverrides:\n  console-bruteforce-per-user: { parameters: { treshold: 3 } }\n');
    expect(() => stageConfig('prod', dir)).toThrow(ManifestError);
    expect(() => stageConfig('prod', dir)).toThrow(/prod\.yml: .*console-bruteforce-per-user.*treshold/);
  });

  it('refuses an unknown detection id and an unknown top-level key', () => {
    writeFileSync(join(dir, 'prod.yml'), 'detectionOverrides:\n  root-console-logon: { enabled: false }\n');
    expect(() => stageConfig('prod', dir)).toThrow(/unknown detection\(s\): root-console-logon/);
    writeFileSync(join(dir, 'prod.yml'), 'detectionOverides: {}\n');
    expect(() => stageConfig('prod', dir)).toThrow(/unknown key\(s\) detectionOverides/);
  });
});

describe('a role resource over a list parameter (modelMonitorBuckets)', () => {
  const s3Reads = (functions: Record<string, any>) =>
    (functions.modelMonitor.iamRoleStatements as any[]).filter((s) => typeof s === 'object' && s.Action.includes('s3:GetObject'));

  it("expands the stage's serverless.yml value, one s3:GetObject resource per entry", () => {
    expect(s3Reads(rendered.functions)).toEqual([
      expect.objectContaining({
        Action: ['s3:GetObject'],
        Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::vigil-prod-model-monitor/model-monitor/*' }],
      }),
    ]);
    expect((rendered.functions.modelMonitor as any).environment.MONITORING_BUCKETS).toBe('${param:modelMonitorBuckets}');
  });

  it('takes the value the framework resolved (a --param override) over serverless.yml', () => {
    const custom = renderServerless({ stage: 'prod', listParams: { modelMonitorBuckets: 'ml-reports/monitor, ml-baselines' } });
    expect(s3Reads(custom.functions)[0].Resource).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::ml-reports/monitor/*' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::ml-baselines/*' },
    ]);
  });

  it.each([
    ['', /modelMonitorBuckets of stage prod is empty/],
    ['ml-reports/*', /modelMonitorBuckets of stage prod: .*wildcards are not allowed/],
  ])('refuses %j when the stage is packaged', (value, message) => {
    expect(() => renderServerless({ stage: 'prod', listParams: { modelMonitorBuckets: value } })).toThrow(message);
  });

  it('reads a stage without its own value from default, ${sls:stage} substituted', () => {
    const feature = renderServerless({ stage: 'feature-x' });
    expect(s3Reads(feature.functions)[0].Resource).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::vigil-feature-x-model-monitor/model-monitor/*' },
    ]);
  });
});
