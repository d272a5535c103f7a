import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'ec2-unusual-instance-launch';
const fired = (event: ReturnType<typeof cloudTrailEvent>, e = engine) => e.evaluate(event).find((o) => o.detection === ID);
const tuned = (parameters: Record<string, unknown>) => new DetectionEngine(DETECTIONS, { [ID]: { parameters } });
const run = (requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances', requestParameters, ...extra });
const launch = (instanceType: string, count = 1, extra: Record<string, unknown> = {}) =>
  run({ instanceType, instancesSet: { items: [{ imageId: 'ami-0123456789abcdef0', minCount: count, maxCount: count }] } }, extra);

describe(ID, () => {
  test.each(['p4d.24xlarge', 'g5.xlarge', 'inf2.xlarge', 'trn1.2xlarge', 'dl1.24xlarge', 'x2iedn.xlarge', 'c5.metal', 'm6i.32xlarge'])(
    '%s raises a high finding on the caller',
    (type) => {
      expect(fired(launch(type))).toMatchObject({
        severity: 'high',
        subject: 'arn:aws:iam::111122223333:user/alice',
        dedupKey: '111122223333:eu-west-1:arn:aws:iam::111122223333:user/alice',
        evidence: { unusualTypes: type, instanceCount: 1 },
      });
    },
  );

  test('a 24xlarge of an ordinary family and a metal-24xl size count; 16xlarge and t3 do not', () => {
    expect(fired(launch('c6i.24xlarge'))).toBeDefined();
    expect(fired(launch('c7i.metal-24xl'))).toBeDefined();
    expect(fired(launch('m5.16xlarge'))).toBeUndefined();
    expect(fired(launch('t3.micro'))).toBeUndefined();
  });

  test('a denied launch still counts and says it failed', () => {
    const occurrence = fired(launch('p5.48xlarge', 1, { errorCode: 'Client.UnauthorizedOperation' }));
    expect(occurrence?.description).toContain('(failed: Client.UnauthorizedOperation)');
    expect(occurrence?.evidence.errorCode).toBe('Client.UnauthorizedOperation');
  });

  test('the type given per item, or only in the response (launch template), is read; response instances are resources', () => {
    expect(
      fired(run({ instancesSet: { items: [{ imageId: 'ami-1', instanceType: 'g4dn.xlarge', minCount: 1, maxCount: 1 }] } })),
    ).toBeDefined();
    const fromTemplate = fired(
      run(
        { launchTemplate: { launchTemplateId: 'lt-0abc' }, instancesSet: { items: [{ minCount: 1, maxCount: 1 }] } },
        { responseElements: { instancesSet: { items: [{ instanceId: 'i-0aaa', instanceType: 'p3.2xlarge' }] } } },
      ),
    );
    expect(fromTemplate?.resources).toEqual(['arn:aws:ec2:eu-west-1:111122223333:instance/i-0aaa']);
  });

  test('10 instances in one call fire whatever the type (≥ maxInstances); 9 do not', () => {
    expect(fired(launch('t3.micro', 10))?.evidence).toMatchObject({ instanceCount: 10, unusualTypes: null });
    expect(fired(launch('t3.micro', 9))).toBeUndefined();
    expect(fired(run({ instanceType: 't3.micro', minCount: 1, maxCount: 12 }))?.evidence.instanceCount).toBe(12);
  });

  test('maxInstances is a parameter', () => {
    expect(fired(launch('t3.micro', 3), tuned({ maxInstances: 3 }))).toBeDefined();
    expect(fired(launch('t3.micro', 10), tuned({ maxInstances: 20 }))).toBeUndefined();
  });

  test('allowedInstanceTypes silences a type, exactly or by a trailing *, but not the count', () => {
    const allowing = tuned({ allowedInstanceTypes: ['g5.xlarge', 'p4d.*'] });
    expect(fired(launch('g5.xlarge'), allowing)).toBeUndefined();
    expect(fired(launch('p4d.24xlarge'), allowing)).toBeUndefined();
    expect(fired(launch('g5.2xlarge'), allowing)).toBeDefined();
    expect(fired(launch('g5.xlarge', 10), allowing)?.evidence.unusualTypes).toBeNull();
  });

  test('other EC2 calls raise nothing', () => {
    expect(fired(cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'StartInstances' }))).toBeUndefined();
  });
});
