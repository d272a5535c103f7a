import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const only = (id: string, event: ReturnType<typeof cloudTrailEvent>, engine = new DetectionEngine(DETECTIONS)) =>
  engine.evaluate(event).filter((o) => o.detection === id);
const role = { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/dev/alice', accountId: '111122223333' };

describe('sts-token-minting-by-iam-user', () => {
  const mint = (eventName: string, extra = {}) => cloudTrailEvent({ eventSource: 'sts.amazonaws.com', eventName, ...extra });

  test.each(['GetSessionToken', 'GetFederationToken'])('%s by an IAM user raises a low finding on the user', (eventName) => {
    const [hit] = only('sts-token-minting-by-iam-user', mint(eventName, { requestParameters: { durationSeconds: 129600, name: 'x' } }));
    expect(hit).toMatchObject({
      severity: 'low',
      subject: 'arn:aws:iam::111122223333:user/alice',
      dedupKey: '111122223333:arn:aws:iam::111122223333:user/alice',
    });
    expect(hit.evidence).toMatchObject({ durationSeconds: 129600, withMfa: false });
  });

  test('an MFA-backed call and a denied one still raise, saying so', () => {
    const mfa = only(
      'sts-token-minting-by-iam-user',
      mint('GetSessionToken', { requestParameters: { serialNumber: 'arn:aws:iam::111122223333:mfa/alice' } }),
    );
    expect(mfa[0].evidence.withMfa).toBe(true);
    expect(only('sts-token-minting-by-iam-user', mint('GetSessionToken', { errorCode: 'AccessDenied' }))[0].description).toContain(
      'failed',
    );
  });

  test('a role session, another STS call or an allowed user raises nothing', () => {
    expect(only('sts-token-minting-by-iam-user', mint('GetSessionToken', { userIdentity: role }))).toEqual([]);
    expect(only('sts-token-minting-by-iam-user', mint('AssumeRole'))).toEqual([]);
    const engine = new DetectionEngine(DETECTIONS, { 'sts-token-minting-by-iam-user': { parameters: { allowedUsers: ['alice'] } } });
    expect(only('sts-token-minting-by-iam-user', mint('GetSessionToken'), engine)).toEqual([]);
  });
});
