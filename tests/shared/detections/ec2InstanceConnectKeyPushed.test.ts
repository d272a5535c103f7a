import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'ec2-instance-connect-key-pushed';
const instance = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234def567890';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const connect = (eventName: string, requestParameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'ec2-instance-connect.amazonaws.com', eventName, requestParameters, ...extra });

describe(ID, () => {
  test('SendSSHPublicKey raises a medium finding on the instance, naming the OS user', () => {
    const occurrence = fired(connect('SendSSHPublicKey', { instanceId: 'i-0abc1234def567890', instanceOSUser: 'ec2-user' }));
    expect(occurrence).toMatchObject({ severity: 'medium', subject: instance, resources: [instance], evidence: { osUser: 'ec2-user' } });
    expect(occurrence?.description).toContain('SSH as ec2-user');
  });

  test('SendSerialConsoleSSHPublicKey is high', () => {
    const occurrence = fired(connect('SendSerialConsoleSSHPublicKey', { instanceId: 'i-0abc1234def567890', serialPort: 0 }));
    expect(occurrence).toMatchObject({ severity: 'high', subject: instance, evidence: { serialPort: 0 } });
  });

  test('EnableSerialConsoleAccess (ec2) is high, one finding per account and region', () => {
    const occurrence = fired(cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'EnableSerialConsoleAccess' }));
    expect(occurrence).toMatchObject({ severity: 'high', dedupKey: '111122223333:eu-west-1:serial-console' });
  });

  test('a denied push still counts (the row counts attempts) and says it failed', () => {
    const occurrence = fired(connect('SendSSHPublicKey', { instanceId: 'i-0abc1234def567890' }, { errorCode: 'AccessDenied' }));
    expect(occurrence?.description).toContain('(failed: AccessDenied)');
    expect(occurrence?.evidence.errorCode).toBe('AccessDenied');
  });

  test('disabling the serial console, reading its status and the names under another service raise nothing', () => {
    expect(fired(cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'DisableSerialConsoleAccess' }))).toBeUndefined();
    expect(fired(cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'GetSerialConsoleAccessStatus' }))).toBeUndefined();
    expect(fired(connect('EnableSerialConsoleAccess'))).toBeUndefined();
  });
});
