import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'ssm-command-on-instances';
const fired = (event: ReturnType<typeof cloudTrailEvent>, e = engine) => e.evaluate(event).find((o) => o.detection === ID);
const tuned = (parameters: Record<string, unknown>) => new DetectionEngine(DETECTIONS, { [ID]: { parameters } });
const role = (name: string, session: string) => ({
  type: 'AssumedRole',
  principalId: `AROAEXAMPLE:${session}`,
  arn: `arn:aws:sts::111122223333:assumed-role/${name}/${session}`,
  accountId: '111122223333',
  sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::111122223333:role/${name}`, userName: name } },
});
const send = (requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'ssm.amazonaws.com',
    eventName: 'SendCommand',
    requestParameters,
    responseElements: { command: { commandId: '0b8d3f6e-aaaa-bbbb-cccc-e2c6a1d9b034' } },
    ...extra,
  });
const shellOn = (...instanceIds: string[]) => ({
  documentName: 'AWS-RunShellScript',
  instanceIds,
  parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS',
});

describe(ID, () => {
  test('an IAM user running a shell document on one instance is medium', () => {
    expect(fired(send(shellOn('i-0aaa')))).toMatchObject({
      severity: 'medium',
      subject: 'arn:aws:iam::111122223333:user/alice',
      resources: ['arn:aws:ec2:eu-west-1:111122223333:instance/i-0aaa'],
      evidence: { person: 'IAM user', documentName: 'AWS-RunShellScript', commandId: '0b8d3f6e-aaaa-bbbb-cccc-e2c6a1d9b034' },
    });
  });

  test('the PowerShell document, given by ARN, counts', () => {
    const arn = 'arn:aws:ssm:eu-west-1::document/AWS-RunPowerShellScript';
    expect(fired(send({ documentName: arn, instanceIds: ['i-0aaa'] }))?.evidence.documentName).toBe('AWS-RunPowerShellScript');
  });

  test('5 instances, InstanceIds "*", tag and resource-group targets are high, whatever the document', () => {
    const five = ['i-01', 'i-02', 'i-03', 'i-04', 'i-05'];
    expect(fired(send({ documentName: 'AWS-ConfigureAWSPackage', instanceIds: five }))?.severity).toBe('high');
    expect(fired(send({ documentName: 'AWS-RunShellScript', targets: [{ key: 'InstanceIds', values: ['*'] }] }))?.severity).toBe('high');
    expect(
      fired(send({ documentName: 'AWS-RunShellScript', targets: [{ key: 'tag:env', values: ['prod'] }] }))?.evidence.broadTargets,
    ).toBe('every instance matching tag:env=prod');
    expect(fired(send({ documentName: 'X', targets: [{ key: 'resource-groups:Name', values: ['web'] }] }))?.severity).toBe('high');
  });

  test('a non-shell document on a few instances, a failed call and other SSM calls raise nothing', () => {
    expect(fired(send({ documentName: 'AWS-ConfigureAWSPackage', instanceIds: ['i-0aaa'] }))).toBeUndefined();
    expect(
      fired(send({ documentName: 'AWS-RunShellScript', targets: [{ key: 'InstanceIds', values: ['i-0aaa', 'i-0bbb'] }] })),
    ).toBeDefined();
    expect(fired(send(shellOn('i-0aaa'), { errorCode: 'InvalidInstanceId' }))).toBeUndefined();
    expect(fired(cloudTrailEvent({ eventSource: 'ssm.amazonaws.com', eventName: 'StartSession' }))).toBeUndefined();
  });

  test('SSO and console sessions are people; an automation role session and a service acting for someone are not', () => {
    const sso = role('AWSReservedSSO_Admin_0123456789abcdef', 'bob@example.com');
    expect(fired(send(shellOn('i-0aaa'), { userIdentity: sso }))?.evidence.person).toBe('IAM Identity Center session');
    const ops = role('ops-admin', 'dana.ops');
    expect(fired(send(shellOn('i-0aaa'), { userIdentity: ops, sessionCredentialFromConsole: 'true' }))?.evidence.person).toBe(
      'console session',
    );
    expect(fired(send(shellOn('i-0aaa'), { userIdentity: role('deploy-pipeline', 'run-42') }))).toBeUndefined();
    const viaService = { ...sso, invokedBy: 'cloudformation.amazonaws.com' };
    expect(fired(send(shellOn('i-0aaa'), { userIdentity: viaService }))).toBeUndefined();
  });

  test('allowedAutomationArns silences a listed user or role (all its sessions)', () => {
    const allowing = tuned({ allowedAutomationArns: ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:role/ops-admin'] });
    expect(fired(send(shellOn('i-0aaa')), allowing)).toBeUndefined();
    const console = { userIdentity: role('ops-admin', 'dana.ops'), sessionCredentialFromConsole: 'true' };
    expect(fired(send(shellOn('i-0aaa'), console), allowing)).toBeUndefined();
  });

  test('minInstances is a parameter', () => {
    const three = { documentName: 'AWS-ConfigureAWSPackage', instanceIds: ['i-01', 'i-02', 'i-03'] };
    expect(fired(send(three))).toBeUndefined();
    expect(fired(send(three), tuned({ minInstances: 3 }))?.severity).toBe('high');
  });
});
