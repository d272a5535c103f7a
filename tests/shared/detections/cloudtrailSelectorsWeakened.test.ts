import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const put = (requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'PutEventSelectors', requestParameters, ...extra });
const ours = (event: ReturnType<typeof put>) => engine.evaluate(event).filter((o) => o.detection === 'cloudtrail-selectors-weakened');
const category = (op: string, values: string[]) => ({ fieldSelectors: [{ field: 'eventCategory', [op]: values }] });

describe('cloudtrail-selectors-weakened', () => {
  test('a basic selector with includeManagementEvents false raises a high finding on the trail', () => {
    const [occurrence] = ours(
      put({ trailName: 'org-trail', eventSelectors: [{ readWriteType: 'All', includeManagementEvents: false, dataResources: [] }] }),
    );
    expect(occurrence).toMatchObject({
      severity: 'high',
      subject: 'org-trail',
      dedupKey: '111122223333:org-trail',
      mitre: ['T1562.008'],
      runbook: 'docs/runbooks/cloudtrail-selectors-weakened.md',
    });
    expect(occurrence!.evidence).toMatchObject({
      actor: 'arn:aws:iam::111122223333:user/alice',
      weakening: 'no longer records management events',
      succeeded: true,
    });
  });

  test('includeManagementEvents spelt "false" means the same', () => {
    expect(ours(put({ trailName: 't', eventSelectors: [{ includeManagementEvents: 'false' }] }))).toHaveLength(1);
  });

  test('selectors that keep management events raise nothing', () => {
    expect(ours(put({ trailName: 't', eventSelectors: [{ readWriteType: 'All', includeManagementEvents: true }] }))).toEqual([]);
    expect(ours(put({ trailName: 't', advancedEventSelectors: [category('equals', ['Management'])] }))).toEqual([]);
    expect(
      ours(put({ trailName: 't', advancedEventSelectors: [category('equals', ['Management']), category('equals', ['Data'])] })),
    ).toEqual([]);
  });

  test.each([
    ['no selector names Management', [category('equals', ['Data'])], 'no longer records management events'],
    ['empty advanced selectors', [], 'no longer records management events'],
    ['Management excluded', [category('notEquals', ['Management'])], 'excludes the Management event category'],
    ['Data excluded', [category('equals', ['Management']), category('notEquals', ['Data'])], 'excludes the Data event category'],
  ])('advanced selectors: %s raises', (_label, advancedEventSelectors, weakening) => {
    const [occurrence] = ours(put({ trailName: 't', advancedEventSelectors }));
    expect(occurrence!.evidence.weakening).toBe(weakening);
  });

  test('a failed attempt still raises (the row counts attempts), and is a tamper attempt too', () => {
    const event = put({ trailName: 't', eventSelectors: [{ includeManagementEvents: false }] }, { errorCode: 'AccessDenied' });
    const raised = engine.evaluate(event);
    expect(raised.map((o) => o.detection).sort()).toEqual(['cloudtrail-selectors-weakened', 'cloudtrail-tamper-attempt']);
    expect(raised.find((o) => o.detection === 'cloudtrail-selectors-weakened')!.description).toContain('failed with AccessDenied');
  });
});
