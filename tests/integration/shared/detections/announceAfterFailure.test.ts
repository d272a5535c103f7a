import { DETECTIONS, DetectionEngine, SecurityDetector, type CloudTrailEnvelope } from '../../../../shared/detections';
import { FindingStore, type Finding, type FindingPublisher } from '../../../../shared/findings';
import { cloudTrailEvent } from '../../../helpers/cloudTrailEvent';
import { startFindingsTable } from '../../../helpers/findingsTable';

/** A finding whose announcement failed is announced when the event is retried, not lost. */
let table: Awaited<ReturnType<typeof startFindingsTable>>;

beforeAll(async () => {
  table = await startFindingsTable('findings-announce');
});

afterAll(() => table.close());

test('the bus refuses the first announcement; the retried event announces the finding once', async () => {
  const announced: string[][] = [];
  let failures = 1;
  const publisher = {
    publish: async (findings: Finding[]) => {
      if (failures-- > 0) throw new Error('PutEvents: ThrottlingException');
      announced.push(findings.map((f) => f.detection));
    },
  } as unknown as FindingPublisher;
  const detector = new SecurityDetector(new DetectionEngine(DETECTIONS), new FindingStore(table.ddb, 'findings-announce'), publisher);
  const stop = cloudTrailEvent({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    requestParameters: { name: 'org-trail' },
  });

  await expect(detector.process(stop as CloudTrailEnvelope)).rejects.toThrow('ThrottlingException');
  expect(announced).toEqual([]);
  // Lambda retries the record: the finding exists already, but was never announced.
  await expect(detector.process(stop as CloudTrailEnvelope)).resolves.toMatchObject({ opened: [expect.any(String)] });
  expect(announced).toEqual([['cloudtrail-stopped-or-deleted']]);
  // A third delivery finds it announced: nothing more goes out.
  await expect(detector.process(stop as CloudTrailEnvelope)).resolves.toMatchObject({ opened: [] });
  expect(announced).toHaveLength(1);
});
