import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'lambda-backdoor';
const fn = 'arn:aws:lambda:eu-west-1:111122223333:function:payments-api';
const raised = (event: ReturnType<typeof cloudTrailEvent>, e = engine) => e.evaluate(event).map((o) => o.detection);
const fired = (event: ReturnType<typeof cloudTrailEvent>, e = engine) => e.evaluate(event).find((o) => o.detection === ID);
const tuned = (parameters: Record<string, unknown>) => new DetectionEngine(DETECTIONS, { [ID]: { parameters } });
const pipeline = {
  type: 'AssumedRole',
  arn: 'arn:aws:sts::111122223333:assumed-role/deploy-pipeline/run-42',
  accountId: '111122223333',
  sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/deploy-pipeline', userName: 'deploy-pipeline' } },
};
const lambda = (eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'lambda.amazonaws.com', eventName, requestParameters, ...extra });
const grant = (principal: string, extra: Record<string, unknown> = {}) =>
  lambda('AddPermission20150331v2', {
    functionName: 'payments-api',
    statementId: 's1',
    action: 'lambda:InvokeFunction',
    principal,
    ...extra,
  });

describe(ID, () => {
  test('a person replacing the code (any API version) is medium, on the function', () => {
    for (const name of ['UpdateFunctionCode20150331v2', 'UpdateFunctionCode20150331', 'UpdateFunctionCode']) {
      expect(fired(lambda(name, { functionName: 'payments-api', zipFile: 'HIDDEN' }))).toMatchObject({
        severity: 'medium',
        subject: fn,
        resources: [fn],
        evidence: { change: 'UpdateFunctionCode' },
      });
    }
  });

  test('a person setting layers raises; a configuration change without layers does not', () => {
    const layer = 'arn:aws:lambda:eu-west-1:444455556666:layer:ext:3';
    const withLayers = fired(lambda('UpdateFunctionConfiguration20150331v2', { functionName: fn, layers: [layer] }));
    expect(withLayers?.evidence).toMatchObject({ layers: layer, change: 'UpdateFunctionConfiguration' });
    expect(fired(lambda('UpdateFunctionConfiguration20150331v2', { functionName: fn, timeout: 30 }))).toBeUndefined();
  });

  test('a pipeline role and a service acting for a person are not people; a failed attempt by a person counts', () => {
    expect(fired(lambda('UpdateFunctionCode20150331v2', { functionName: 'payments-api' }, { userIdentity: pipeline }))).toBeUndefined();
    const via = { ...pipeline, type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', invokedBy: 'cloudformation.amazonaws.com' };
    expect(fired(lambda('UpdateFunctionCode20150331v2', { functionName: 'payments-api' }, { userIdentity: via }))).toBeUndefined();
    const denied = fired(lambda('UpdateFunctionCode20150331v2', { functionName: 'payments-api' }, { errorCode: 'AccessDeniedException' }));
    expect(denied?.description).toContain('(failed: AccessDeniedException)');
  });

  test('AddPermission to another account, by id or ARN, raises whoever calls; the own account does not', () => {
    expect(fired(grant('444455556666'))?.evidence.grantedAccount).toBe('444455556666');
    expect(fired(grant('arn:aws:iam::444455556666:root'))?.evidence.grantedAccount).toBe('444455556666');
    expect(
      fired(lambda('AddPermission20150331v2', { functionName: 'payments-api', principal: '444455556666' }, { userIdentity: pipeline })),
    ).toBeDefined();
    expect(fired(grant('111122223333'))).toBeUndefined();
  });

  test('a service principal or "*" limited to another source account is a grant to that account', () => {
    expect(fired(grant('s3.amazonaws.com', { sourceAccount: '444455556666' }))?.evidence.grantedAccount).toBe('444455556666');
    expect(fired(grant('s3.amazonaws.com', { sourceAccount: '111122223333' }))).toBeUndefined();
    expect(fired(grant('*', { sourceAccount: '444455556666' }))).toBeDefined();
  });

  test('principal "*" alone is resource-policy-made-public only, not raised twice', () => {
    const everyone = raised(grant('*'));
    expect(everyone).toContain('resource-policy-made-public');
    expect(everyone).not.toContain(ID);
  });

  test('allowedAccounts and allowedAutomationArns are parameters', () => {
    expect(fired(grant('444455556666'), tuned({ allowedAccounts: ['444455556666'] }))).toBeUndefined();
    const allowing = tuned({ allowedAutomationArns: ['arn:aws:iam::111122223333:user/alice'] });
    expect(fired(lambda('UpdateFunctionCode20150331v2', { functionName: 'payments-api' }), allowing)).toBeUndefined();
  });

  test('other Lambda calls raise nothing', () => {
    expect(fired(lambda('DeleteFunction20150331', { functionName: 'payments-api' }))).toBeUndefined();
    expect(fired(lambda('AddLayerVersionPermission20181031', { layerName: 'ext', principal: '444455556666' }))).toBeUndefined();
  });
});
