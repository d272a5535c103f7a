import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'ec2-user-data-modified';
const instance = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234def567890';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const modify = (requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'ModifyInstanceAttribute', requestParameters, ...extra });

describe(ID, () => {
  test('a userData key (value redacted by CloudTrail) raises a high finding on the instance', () => {
    expect(fired(modify({ instanceId: 'i-0abc1234def567890', userData: '<sensitiveDataRemoved>' }))).toMatchObject({
      severity: 'high',
      subject: instance,
      dedupKey: '111122223333:i-0abc1234def567890',
      resources: [instance],
      evidence: { instanceId: 'i-0abc1234def567890', actor: 'arn:aws:iam::111122223333:user/alice' },
    });
  });

  test('the attribute/value form of the request counts the same', () => {
    expect(fired(modify({ instanceId: 'i-0abc1234def567890', attribute: 'userData', value: 'IyEvYmluL2Jhc2g=' }))?.subject).toBe(instance);
  });

  test('other attributes, a failed change and a read of the user data raise nothing', () => {
    expect(fired(modify({ instanceId: 'i-0abc1234def567890', instanceType: { value: 't3.large' } }))).toBeUndefined();
    expect(fired(modify({ instanceId: 'i-0abc1234def567890', attribute: 'disableApiTermination', value: 'false' }))).toBeUndefined();
    expect(
      fired(modify({ instanceId: 'i-0abc1234def567890', userData: '<sensitiveDataRemoved>' }, { errorCode: 'IncorrectInstanceState' })),
    ).toBeUndefined();
    const read = cloudTrailEvent({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstanceAttribute',
      requestParameters: { instanceId: 'i-0abc1234def567890', attribute: 'userData' },
    });
    expect(fired(read)).toBeUndefined();
  });
});
