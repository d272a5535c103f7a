import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
type Event = ReturnType<typeof cloudTrailEvent>;
const ours = (event: Event) => engine.evaluate(event).filter((o) => o.detection === 'vpc-flow-or-dns-logs-deleted');
const resolver = (eventName: string, requestParameters: Record<string, unknown>) =>
  cloudTrailEvent({ eventSource: 'route53resolver.amazonaws.com', eventName, requestParameters });

describe('vpc-flow-or-dns-logs-deleted', () => {
  test('DeleteFlowLogs raises a high finding naming the flow logs', () => {
    const [occurrence] = ours(
      cloudTrailEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DeleteFlowLogs',
        requestParameters: { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-0ef673ef70c4f07cc', tag: 1 } } },
      }),
    );
    expect(occurrence).toMatchObject({
      severity: 'high',
      subject: 'fl-0ef673ef70c4f07cc',
      dedupKey: '111122223333:eu-west-1:fl-0ef673ef70c4f07cc',
      resources: ['arn:aws:ec2:eu-west-1:111122223333:vpc-flow-log/fl-0ef673ef70c4f07cc'],
      mitre: ['T1562.008'],
    });
    expect(occurrence!.evidence).toMatchObject({ flowLogIds: 'fl-0ef673ef70c4f07cc', actor: 'arn:aws:iam::111122223333:user/alice' });
  });

  test('several flow logs in one call are listed', () => {
    const ids = [
      { content: 'fl-1', tag: 1 },
      { content: 'fl-2', tag: 2 },
    ];
    const event = cloudTrailEvent({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DeleteFlowLogs',
      requestParameters: { DeleteFlowLogsRequest: { FlowLogId: ids } },
    });
    expect(ours(event)[0]!.subject).toBe('fl-1,fl-2');
  });

  test('deleting or detaching DNS query logging raises', () => {
    const deleted = ours(resolver('DeleteResolverQueryLogConfig', { resolverQueryLogConfigId: 'rqlc-5aa596fe3bd84ec6' }));
    expect(deleted.map((o) => o.subject)).toEqual(['rqlc-5aa596fe3bd84ec6']);
    const [detached] = ours(
      resolver('DisassociateResolverQueryLogConfig', { resolverQueryLogConfigId: 'rqlc-5aa596fe3bd84ec6', resourceId: 'vpc-0abc' }),
    );
    expect(detached!.evidence.resourceId).toBe('vpc-0abc');
    expect(detached!.description).toContain('from vpc-0abc');
  });

  test('a denied attempt raises too (the row counts attempts)', () => {
    const event = cloudTrailEvent({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DeleteFlowLogs',
      requestParameters: { DeleteFlowLogsRequest: { FlowLogId: { content: 'fl-1', tag: 1 } } },
      errorCode: 'Client.UnauthorizedOperation',
    });
    expect(ours(event)[0]!.evidence.succeeded).toBe(false);
  });

  test('creating logs, or a same-named call from the other service, raises nothing', () => {
    expect(ours(cloudTrailEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'CreateFlowLogs' }))).toEqual([]);
    expect(ours(resolver('AssociateResolverQueryLogConfig', { resolverQueryLogConfigId: 'rqlc-1', resourceId: 'vpc-1' }))).toEqual([]);
    expect(ours(resolver('DeleteFlowLogs', {}))).toEqual([]);
  });
});
