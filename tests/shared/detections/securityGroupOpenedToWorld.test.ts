import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'security-group-opened-to-world';
const fired = (event: ReturnType<typeof cloudTrailEvent>, e = engine) => e.evaluate(event).find((o) => o.detection === ID);
const ingress = (permission: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'AuthorizeSecurityGroupIngress',
    requestParameters: { groupId: 'sg-0abc', ipPermissions: { items: [permission] } },
    responseElements: { _return: true },
    ...extra,
  });
const tcp = (port: number, ranges: Record<string, unknown>) => ({ ipProtocol: 'tcp', fromPort: port, toPort: port, ...ranges });
const world4 = (cidrIp = '0.0.0.0/0') => ({ ipRanges: { items: [{ cidrIp }] } });

describe(ID, () => {
  test('HTTPS open to 0.0.0.0/0 raises a medium finding on the group', () => {
    const occurrence = fired(ingress(tcp(443, world4())));
    expect(occurrence).toMatchObject({
      severity: 'medium',
      subject: 'arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0abc',
      dedupKey: '111122223333:sg-0abc',
    });
    expect(occurrence?.evidence).toMatchObject({ openRules: 'tcp 443 from 0.0.0.0/0', adminOrAllPorts: false });
  });

  test.each([
    ['SSH from 0.0.0.0/0', tcp(22, world4())],
    ['RDP from ::/0', tcp(3389, { ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] } })],
    ['a range covering 22 from 198.51.100.7/0', { ipProtocol: 'tcp', fromPort: 20, toPort: 25, ...world4('198.51.100.7/0') }],
    ['all traffic', { ipProtocol: '-1', ...world4() }],
  ])('%s is high', (_label, permission) => {
    expect(fired(ingress(permission))?.severity).toBe('high');
  });

  test('the flat request form (cidrIp at the top level) is read too', () => {
    const event = cloudTrailEvent({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
      requestParameters: { groupId: 'sg-0abc', cidrIp: '0.0.0.0/0', ipProtocol: 'tcp', fromPort: 22, toPort: 22 },
    });
    expect(fired(event)?.severity).toBe('high');
  });

  test('a private range, ICMP is not all ports, and a failed call', () => {
    expect(fired(ingress(tcp(22, world4('10.0.0.0/8'))))).toBeUndefined();
    expect(fired(ingress({ ipProtocol: 'icmp', fromPort: -1, toPort: -1, ...world4() }))?.severity).toBe('medium');
    expect(fired(ingress(tcp(22, world4()), { errorCode: 'InvalidPermission.Duplicate' }))).toBeUndefined();
  });

  test('parameters: allowedGroupIds silences a group; adminPorts decides what is high', () => {
    const tuned = (parameters: Record<string, unknown>) => new DetectionEngine(DETECTIONS, { [ID]: { parameters } });
    expect(fired(ingress(tcp(443, world4())), tuned({ allowedGroupIds: ['sg-0abc'] }))).toBeUndefined();
    expect(fired(ingress(tcp(5432, world4())), tuned({ adminPorts: [22, 3389, 5432] }))?.severity).toBe('high');
    expect(fired(ingress(tcp(22, world4())), tuned({ adminPorts: [] }))?.severity).toBe('medium');
  });
});
