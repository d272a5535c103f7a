import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderServerless } from '../../../infra/manifest/renderServerless';
import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'monitoring-pipeline-tampering';
const fired = (event: ReturnType<typeof cloudTrailEvent>, e = engine) => e.evaluate(event).find((o) => o.detection === ID);
const call = (eventSource: string, eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource, eventName, requestParameters, readOnly: false, ...extra });
const events = (eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  call('events.amazonaws.com', eventName, requestParameters, extra);
const lambda = (eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  call('lambda.amazonaws.com', eventName, requestParameters, extra);
const RULE_ARN = 'arn:aws:events:eu-west-1:111122223333:rule/vigil-prod-cloudtrail-activity';
const DETECTOR = 'arn:aws:lambda:eu-west-1:111122223333:function:vigil-prod-securityDetector';
const cloudFormation = {
  type: 'AssumedRole',
  arn: 'arn:aws:sts::111122223333:assumed-role/vigil-deploy/AWSCloudFormation',
  accountId: '111122223333',
  invokedBy: 'cloudformation.amazonaws.com',
  sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/vigil-deploy' } },
};

describe(ID, () => {
  test('deleting or disabling one of our rules is critical, on the rule', () => {
    const hit = fired(events('DeleteRule', { name: 'vigil-prod-cloudtrail-activity', force: false }));
    expect(hit).toMatchObject({
      severity: 'critical',
      mitre: ['T1562.001'],
      subject: RULE_ARN,
      resources: [RULE_ARN],
      dedupKey: '111122223333:rule:vigil-prod-cloudtrail-activity',
      evidence: { change: 'DeleteRule', resourceKind: 'rule' },
    });
    expect(fired(events('DisableRule', { name: 'vigil-prod-cloudtrail-activity' }))?.description).toContain('disabled rule');
  });

  test('RemoveTargets and PutRule on a rule of our bus fire, with the bus in the ARN; the state is said', () => {
    const removed = fired(events('RemoveTargets', { rule: 'vigil-prod-findings', eventBusName: 'vigil-prod', ids: ['alertRouter'] }));
    expect(removed?.subject).toBe('arn:aws:events:eu-west-1:111122223333:rule/vigil-prod/vigil-prod-findings');
    const put = fired(
      events('PutRule', { name: 'vigil-prod-findings', eventBusName: 'vigil-prod', state: 'DISABLED', eventPattern: '{}' }),
    );
    expect(put?.description).toContain('rewrote (state DISABLED) rule vigil-prod-findings');
  });

  test("other teams' rules, functions and log groups raise nothing", () => {
    expect(fired(events('DeleteRule', { name: 'payments-nightly-batch' }))).toBeUndefined();
    expect(fired(lambda('DeleteFunction20150331', { functionName: 'payments-api' }))).toBeUndefined();
    expect(fired(call('logs.amazonaws.com', 'DeleteLogGroup', { logGroupName: '/aws/lambda/payments-api' }))).toBeUndefined();
  });

  test('deleting our function fires, whether named, by ARN with a qualifier or by partial ARN', () => {
    for (const functionName of ['vigil-prod-securityDetector', `${DETECTOR}:7`, '111122223333:function:vigil-prod-securityDetector']) {
      expect(fired(lambda('DeleteFunction20150331', { functionName }))).toMatchObject({
        subject: DETECTOR,
        evidence: { change: 'DeleteFunction' },
      });
    }
  });

  test('reserved concurrency 0 on our function fires (number or string); any other value does not', () => {
    const zero = fired(lambda('PutFunctionConcurrency20171031', { functionName: DETECTOR, reservedConcurrentExecutions: 0 }));
    expect(zero?.description).toContain('reserved concurrency 0');
    expect(fired(lambda('PutFunctionConcurrency20171031', { functionName: DETECTOR, reservedConcurrentExecutions: '0' }))).toBeDefined();
    expect(fired(lambda('PutFunctionConcurrency20171031', { functionName: DETECTOR, reservedConcurrentExecutions: 50 }))).toBeUndefined();
  });

  test("deleting our function's log group fires, also given as an ARN", () => {
    const group = '/aws/lambda/vigil-prod-securityDetector';
    const hit = fired(call('logs.amazonaws.com', 'DeleteLogGroup', { logGroupName: group }));
    expect(hit).toMatchObject({ subject: `arn:aws:logs:eu-west-1:111122223333:log-group:${group}`, evidence: { resourceName: group } });
    const byArn = { logGroupIdentifier: `arn:aws:logs:eu-west-1:111122223333:log-group:${group}:*` };
    expect(fired(call('logs.amazonaws.com', 'DeleteLogGroup', byArn))?.evidence.resourceName).toBe(group);
  });

  test('our own deploys (calls CloudFormation makes) are skipped unless the stage turns that off; a forged user agent is not', () => {
    const deploy = events('PutRule', { name: 'vigil-prod-cloudtrail-activity', eventPattern: '{}' }, { userIdentity: cloudFormation });
    expect(fired(deploy)).toBeUndefined();
    const strict = new DetectionEngine(DETECTIONS, { [ID]: { parameters: { ignoreCloudFormation: false } } });
    expect(fired(deploy, strict)).toBeDefined();
    const forged = events('DeleteRule', { name: 'vigil-prod-cloudtrail-activity' }, { userAgent: 'cloudformation.amazonaws.com' });
    expect(fired(forged)).toBeDefined();
  });

  test('name prefixes are a parameter; a denied attempt fires and says it failed', () => {
    const renamed = new DetectionEngine(DETECTIONS, { [ID]: { parameters: { namePrefixes: ['sentinel-'] } } });
    expect(fired(events('DeleteRule', { name: 'vigil-prod-cloudtrail-activity' }), renamed)).toBeUndefined();
    expect(fired(events('DeleteRule', { name: 'sentinel-prod-cloudtrail' }), renamed)).toBeDefined();
    const denied = fired(events('DisableRule', { name: 'vigil-prod-findings' }, { errorCode: 'AccessDeniedException' }));
    expect(denied?.description).toContain('(failed: AccessDeniedException)');
  });

  test('the default prefixes cover every rule, function and log group serverless deploys for a stage', () => {
    const service = /^service:\s*(\S+)/m.exec(readFileSync(join(__dirname, '..', '..', '..', 'serverless.yml'), 'utf8'))?.[1];
    const rendered = renderServerless({ stage: 'prod' });
    const resolve = (name: string) => name.replace('${self:service}', service ?? '?').replace('${sls:stage}', 'prod');
    const rules = [
      ...Object.values(rendered.resources.Resources)
        .filter((r) => r.Type === 'AWS::Events::Rule')
        .map((r) => (r.Properties as Record<string, string>).Name!),
      ...Object.values(rendered.functions).flatMap((f) =>
        (f.events as Array<Record<string, Record<string, string>>>).flatMap((e) => (e.eventBridge ? [e.eventBridge.name!] : [])),
      ),
    ].map(resolve);
    expect(rules).toContain('vigil-prod-cloudtrail-activity');
    for (const name of rules) expect([name, fired(events('DeleteRule', { name }))?.detection]).toEqual([name, ID]);
    // Functions keep the framework's default name, <service>-<stage>-<key>, and log to /aws/lambda/<name>.
    for (const key of Object.keys(rendered.functions)) {
      const name = `${service}-prod-${key}`;
      expect([name, fired(lambda('DeleteFunction20150331', { functionName: name }))?.detection]).toEqual([name, ID]);
      const group = `/aws/lambda/${name}`;
      expect([group, fired(call('logs.amazonaws.com', 'DeleteLogGroup', { logGroupName: group }))?.detection]).toEqual([group, ID]);
    }
  });
});
