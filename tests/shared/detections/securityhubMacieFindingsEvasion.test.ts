import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
type Event = ReturnType<typeof cloudTrailEvent>;
const ours = (event: Event) => engine.evaluate(event).filter((o) => o.detection === 'securityhub-macie-findings-evasion');
const hub = (eventName: string, requestParameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'securityhub.amazonaws.com', eventName, requestParameters, ...extra });
const macie = (eventName: string, requestParameters: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'macie2.amazonaws.com', eventName, requestParameters });
const finding = (id: string) => ({ Id: id, ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/guardduty' });

describe('securityhub-macie-findings-evasion', () => {
  test('BatchUpdateFindings to SUPPRESSED raises a high finding counting the findings', () => {
    const [occurrence] = ours(
      hub('BatchUpdateFindings', { FindingIdentifiers: [finding('a'), finding('b')], Workflow: { Status: 'SUPPRESSED' } }),
    );
    expect(occurrence).toMatchObject({
      severity: 'high',
      subject: 'Security Hub 111122223333/eu-west-1',
      dedupKey: '111122223333:eu-west-1:Security Hub:arn:aws:iam::111122223333:user/alice',
      mitre: ['T1562.001'],
    });
    expect(occurrence!.evidence).toMatchObject({ service: 'Security Hub', findings: 2 });
  });

  test('BatchUpdateFindings that resolves or notes findings raises nothing', () => {
    expect(ours(hub('BatchUpdateFindings', { FindingIdentifiers: [finding('a')], Workflow: { Status: 'RESOLVED' } }))).toEqual([]);
    expect(ours(hub('BatchUpdateFindings', { FindingIdentifiers: [finding('a')], Note: { Text: 'seen', UpdatedBy: 'x' } }))).toEqual([]);
  });

  test('DeleteInsight names the insight; DisableSecurityHub raises', () => {
    const insight = 'arn:aws:securityhub:eu-west-1:111122223333:insight/111122223333/custom/abc';
    const [deleted] = ours(hub('DeleteInsight', { InsightArn: insight }));
    expect(deleted).toMatchObject({ subject: insight, resources: [insight] });
    expect(ours(hub('DisableSecurityHub'))).toHaveLength(1);
    expect(ours(hub('CreateInsight', { Name: 'x' }))).toEqual([]);
  });

  test.each([
    ['DisableMacie', {}],
    ['ArchiveFindings', { findingIds: ['f1', 'f2', 'f3'] }],
    ['CreateFindingsFilter', { name: 'hide', action: 'ARCHIVE', findingCriteria: {} }],
    ['UpdateFindingsFilter', { id: 'flt', action: 'ARCHIVE' }],
    ['UpdateMacieSession', { status: 'PAUSED' }],
  ])('Macie %s %j raises', (eventName, params) => {
    const [occurrence] = ours(macie(eventName, params));
    expect(occurrence!.evidence.service).toBe('Macie');
  });

  test.each([
    ['a NOOP filter', 'CreateFindingsFilter', { name: 'tag', action: 'NOOP' }],
    ['a session frequency change', 'UpdateMacieSession', { findingPublishingFrequency: 'SIX_HOURS' }],
    ['re-enabling', 'UpdateMacieSession', { status: 'ENABLED' }],
  ])('Macie %s raises nothing', (_label, eventName, params) => {
    expect(ours(macie(eventName, params))).toEqual([]);
  });

  test('a denied attempt raises too (the row counts attempts)', () => {
    expect(ours(hub('DisableSecurityHub', {}, { errorCode: 'AccessDeniedException' }))[0]!.evidence.succeeded).toBe(false);
  });
});
