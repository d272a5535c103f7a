import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'ami-shared';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const modify = (launchPermission: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'ModifyImageAttribute',
    requestParameters: { imageId: 'ami-0123abcd', attributeType: 'launchPermission', launchPermission },
    responseElements: { _return: true },
    ...extra,
  });

describe(ID, () => {
  test('sharing with an account raises a high finding on the AMI', () => {
    const occurrence = fired(modify({ add: { items: [{ userId: '999988887777' }] } }));
    expect(occurrence).toMatchObject({
      severity: 'high',
      subject: 'arn:aws:ec2:eu-west-1::image/ami-0123abcd',
      dedupKey: '111122223333:ami-0123abcd',
    });
    expect(occurrence?.evidence).toMatchObject({ public: false, sharedWithAccounts: '999988887777' });
  });

  test('group all is public: critical; an organisation share is high', () => {
    expect(fired(modify({ add: { items: [{ group: 'all' }] } }))?.severity).toBe('critical');
    const org = fired(modify({ add: { items: [{ organizationArn: 'arn:aws:organizations::111122223333:organization/o-abc' }] } }));
    expect(org?.severity).toBe('high');
    expect(org?.evidence.sharedWithOrganizations).toBe('arn:aws:organizations::111122223333:organization/o-abc');
  });

  test('a removal, another attribute and a failed call raise nothing', () => {
    expect(fired(modify({ remove: { items: [{ group: 'all' }] } }))).toBeUndefined();
    expect(
      fired(
        cloudTrailEvent({
          eventSource: 'ec2.amazonaws.com',
          eventName: 'ModifyImageAttribute',
          requestParameters: { imageId: 'ami-0123abcd', description: { value: 'golden image' } },
        }),
      ),
    ).toBeUndefined();
    expect(fired(modify({ add: { items: [{ group: 'all' }] } }, { errorCode: 'UnauthorizedOperation' }))).toBeUndefined();
  });
});
