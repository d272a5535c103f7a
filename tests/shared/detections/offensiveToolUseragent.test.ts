import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const id = 'offensive-tool-useragent';
const hits = (event: ReturnType<typeof cloudTrailEvent>, engine = new DetectionEngine(DETECTIONS)) =>
  engine.evaluate(event).filter((o) => o.detection === id);
const call = (userAgent: string, eventName = 'GetCallerIdentity') =>
  cloudTrailEvent({ eventSource: 'sts.amazonaws.com', eventName, userAgent });

describe(id, () => {
  test('TruffleHog checking a key raises a medium finding on the caller', () => {
    const [hit] = hits(call('TruffleHog'));
    expect(hit).toMatchObject({
      severity: 'medium',
      subject: 'arn:aws:iam::111122223333:user/alice',
      dedupKey: '111122223333:arn:aws:iam::111122223333:user/alice:trufflehog',
    });
    expect(hit.evidence).toMatchObject({ marker: 'trufflehog', eventName: 'GetCallerIdentity' });
  });

  test.each([
    ['trufflehog/3.63.0', 'trufflehog'],
    ['Pacu/1.5 Python/3.11', 'pacu'],
    ['aws-cli/2.17.0 ua/2.0 os/linux#6.5.0-kali3-amd64 md/arch#x86_64', 'kali'],
    ['Boto3/1.34 Python/3.11 Linux/6.1.0-parrot1-amd64', 'parrot'],
  ])('%s names %s, on any call', (agent, marker) => {
    expect(hits(call(agent, 'ListBuckets'))[0].evidence.marker).toBe(marker);
  });

  test('ordinary clients, and a marker inside another word, raise nothing', () => {
    expect(hits(call('aws-cli/2.17.0 os/linux#6.8.0-49-generic'))).toEqual([]);
    expect(hits(call('aws-sdk-js/3 app/kalimba-2'))).toEqual([]);
  });

  test('ignoredPrincipals skips an authorised red team', () => {
    const engine = new DetectionEngine(DETECTIONS, {
      [id]: { parameters: { ignoredPrincipals: ['arn:aws:iam::111122223333:user/alice'] } },
    });
    expect(hits(call('TruffleHog'), engine)).toEqual([]);
  });
});
