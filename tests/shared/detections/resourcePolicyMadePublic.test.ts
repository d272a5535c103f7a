import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'resource-policy-made-public';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const openStatement = { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' };
const policy = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const secretArn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf';
const call = (eventSource: string, eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource, eventName, requestParameters, ...extra });

describe(ID, () => {
  test('a Secrets Manager resource policy open to everyone raises a high finding on the secret', () => {
    const occurrence = fired(
      call('secretsmanager.amazonaws.com', 'PutResourcePolicy', { secretId: secretArn, resourcePolicy: policy(openStatement) }),
    );
    expect(occurrence).toMatchObject({
      severity: 'high',
      subject: secretArn,
      dedupKey: `111122223333:secretsmanager:${secretArn}`,
      resources: [secretArn],
    });
    expect(occurrence?.evidence).toMatchObject({ service: 'secretsmanager', resource: secretArn });
  });

  test.each([
    [
      'sqs.amazonaws.com',
      'SetQueueAttributes',
      { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111122223333/orders', attributes: { Policy: policy(openStatement) } },
    ],
    [
      'sns.amazonaws.com',
      'SetTopicAttributes',
      { topicArn: 'arn:aws:sns:eu-west-1:111122223333:alerts', attributeName: 'Policy', attributeValue: policy(openStatement) },
    ],
    ['kms.amazonaws.com', 'PutKeyPolicy', { keyId: 'abcd', policyName: 'default', policy: policy(openStatement) }],
    ['ecr.amazonaws.com', 'SetRepositoryPolicy', { repositoryName: 'api', policyText: policy(openStatement) }],
    ['glacier.amazonaws.com', 'SetVaultAccessPolicy', { vaultName: 'archive', accountId: '-', policy: { policy: policy(openStatement) } }],
    ['es.amazonaws.com', 'UpdateDomainConfig', { domainName: 'logs', accessPolicies: policy(openStatement) }],
  ])('%s %s with an open policy fires', (eventSource, eventName, requestParameters) => {
    expect(fired(call(eventSource, eventName, requestParameters))).toBeDefined();
  });

  test('a statement limited by aws:PrincipalOrgID, a malformed policy and a failed call raise nothing', () => {
    const limited = { ...openStatement, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } };
    expect(
      fired(call('secretsmanager.amazonaws.com', 'PutResourcePolicy', { secretId: secretArn, resourcePolicy: policy(limited) })),
    ).toBeUndefined();
    expect(
      fired(call('secretsmanager.amazonaws.com', 'PutResourcePolicy', { secretId: secretArn, resourcePolicy: '{oops' })),
    ).toBeUndefined();
    expect(
      fired(
        call(
          'secretsmanager.amazonaws.com',
          'PutResourcePolicy',
          { secretId: secretArn, resourcePolicy: policy(openStatement) },
          { errorCode: 'AccessDeniedException' },
        ),
      ),
    ).toBeUndefined();
  });

  test('SNS attributes other than Policy are not read as a policy', () => {
    const event = call('sns.amazonaws.com', 'SetTopicAttributes', {
      topicArn: 'arn:aws:sns:eu-west-1:111122223333:a',
      attributeName: 'DisplayName',
      attributeValue: '*',
    });
    expect(fired(event)).toBeUndefined();
  });

  describe('lambda', () => {
    const fn = 'arn:aws:lambda:eu-west-1:111122223333:function:billing';
    test('AddPermission20150331v2 to principal "*" is AddPermission: it fires on the function', () => {
      const occurrence = fired(
        call('lambda.amazonaws.com', 'AddPermission20150331v2', {
          functionName: fn,
          statementId: 'x',
          action: 'lambda:InvokeFunction',
          principal: '*',
        }),
      );
      expect(occurrence).toMatchObject({ subject: fn, resources: [fn] });
    });

    test('AddPermission to "*" limited by a source account, or to a service principal, raises nothing', () => {
      const base = { functionName: fn, statementId: 'x', action: 'lambda:InvokeFunction' };
      expect(
        fired(call('lambda.amazonaws.com', 'AddPermission20150331v2', { ...base, principal: '*', sourceAccount: '111122223333' })),
      ).toBeUndefined();
      expect(fired(call('lambda.amazonaws.com', 'AddPermission20150331v2', { ...base, principal: 's3.amazonaws.com' }))).toBeUndefined();
    });

    test('a function URL with AuthType NONE fires; with AWS_IAM it does not', () => {
      expect(
        fired(call('lambda.amazonaws.com', 'CreateFunctionUrlConfig20211031', { functionName: 'billing', authType: 'NONE' }))?.subject,
      ).toBe(fn);
      expect(
        fired(call('lambda.amazonaws.com', 'UpdateFunctionUrlConfig20211031', { functionName: 'billing', authType: 'AWS_IAM' })),
      ).toBeUndefined();
    });

    test('a layer shared with every account fires on the layer', () => {
      const occurrence = fired(
        call('lambda.amazonaws.com', 'AddLayerVersionPermission20181031', {
          layerName: 'shared-libs',
          versionNumber: 3,
          principal: '*',
          action: 'lambda:GetLayerVersion',
        }),
      );
      expect(occurrence?.resources).toEqual(['arn:aws:lambda:eu-west-1:111122223333:layer:shared-libs']);
    });
  });
});
