import type { CloudTrailEnvelope } from '../../../shared/detections';
import { cloudTrailCaptured } from '../../helpers/capturedEvent';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';
import { eventIds, idsOf, occurrencesOf, redelivered } from './statefulRun';

const ID = 'secrets-bulk-retrieval';
const HOUR = 3_600_000;
const START = Date.parse('2026-11-20T10:00:00Z');
const iso = (time: number) => new Date(time).toISOString().replace('.000Z', 'Z');
const role = 'arn:aws:sts::111122223333:assumed-role/billing-api/billing-api-7f9c';

/** The captured GetSecretValue (tests/events/cloudtrail/secretsmanager-get-secret-value.json) of `secret` at `time`. */
let serial = 0;
function getSecret(secret: string, time: number, overrides: Record<string, unknown> = {}): CloudTrailEnvelope {
  serial += 1;
  return cloudTrailCaptured('secretsmanager-get-secret-value', {
    id: `gsv-${serial}`,
    time: iso(time),
    detail: { eventTime: iso(time), eventID: `ct-gsv-${serial}`, requestParameters: { secretId: secret }, ...overrides },
  } as never) as CloudTrailEnvelope;
}

/** `count` distinct secrets read one after the other, a minute apart, from `from`. */
const sweep = (count: number, from: number, prefix = 'prod/app') =>
  Array.from({ length: count }, (_, i) => getSecret(`${prefix}/secret-${i}`, from + i * 60_000));

function ssmGetParameters(names: string[], time: number, withDecryption = true): CloudTrailEnvelope {
  return cloudTrailEvent({
    eventSource: 'ssm.amazonaws.com',
    eventName: 'GetParameters',
    eventTime: iso(time),
    requestParameters: { names, withDecryption },
    readOnly: true,
  });
}

function batchGet(time: number, userAgent?: string): CloudTrailEnvelope {
  return cloudTrailEvent({
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'BatchGetSecretValue',
    eventTime: iso(time),
    requestParameters: { filters: [{ key: 'name', values: ['prod/'] }] },
    readOnly: true,
    ...(userAgent ? { userAgent } : {}),
  });
}

test('20 distinct secrets read by one caller within 24 hours fire; 19 do not', async () => {
  const twenty = sweep(20, START);
  expect(eventIds(await occurrencesOf(ID, [twenty]))).toEqual(idsOf(twenty));
  expect(await occurrencesOf(ID, [sweep(19, START)])).toEqual([]);
});

test('the same secret read a hundred times is one distinct secret', async () => {
  const again = Array.from({ length: 100 }, (_, i) => getSecret('prod/app/db-password', START + i * 30_000));
  expect(await occurrencesOf(ID, [again])).toEqual([]);
});

test('20 distinct secrets spread over more than 24 hours do not fire', async () => {
  const slow = Array.from({ length: 20 }, (_, i) => getSecret(`prod/app/secret-${i}`, START + i * 80 * 60_000));
  expect(await occurrencesOf(ID, [slow])).toEqual([]);
});

test('failed reads count: a denied sweep is still a sweep', async () => {
  const denied = sweep(20, START).map((e) => ({ ...e, detail: { ...e.detail, errorCode: 'AccessDeniedException' } }));
  expect(await occurrencesOf(ID, [denied])).toHaveLength(20);
});

test('five BatchGetSecretValue calls fire, four do not', async () => {
  const five = Array.from({ length: 5 }, (_, i) => batchGet(START + i * HOUR));
  expect(eventIds(await occurrencesOf(ID, [five]))).toEqual(idsOf(five));
  expect(await occurrencesOf(ID, [five.slice(0, 4)])).toEqual([]);
});

test('25 distinct parameters read with decryption within an hour fire; without decryption, or 24, they do not', async () => {
  const names = Array.from({ length: 25 }, (_, i) => `/prod/payments/param-${i}`);
  const decrypted = [ssmGetParameters(names.slice(0, 10), START), ssmGetParameters(names.slice(10), START + 20 * 60_000)];
  expect(eventIds(await occurrencesOf(ID, [decrypted]))).toEqual(idsOf(decrypted));
  expect(await occurrencesOf(ID, [[ssmGetParameters(names, START, false)]])).toEqual([]);
  expect(await occurrencesOf(ID, [[ssmGetParameters(names.slice(1), START)]])).toEqual([]);
});

test('a service that reads its 40 secrets every day is normal for it; three times that is not', async () => {
  const days = Array.from({ length: 5 }, (_, day) => sweep(40, START + day * 24 * HOUR));
  const quiet = await occurrencesOf(ID, [...days, sweep(45, START + 5 * 24 * HOUR)]);
  // Only the first day (no history yet) fires.
  expect(eventIds(quiet)).toEqual(idsOf(days[0]!));
  const harvest = sweep(120, START + 5 * 24 * HOUR, 'all');
  const loud = await occurrencesOf(ID, [...days, harvest]);
  expect([...eventIds(loud)].filter((id) => idsOf(harvest).has(id))).toHaveLength(120);
});

test('a deploy principal is not counted from an infrastructure-as-code tool, and is counted from anything else', async () => {
  const parameters = { deployPrincipals: ['arn:aws:iam::111122223333:user/alice'] };
  const terraform = Array.from({ length: 5 }, (_, i) =>
    batchGet(START + i * 60_000, 'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.76.0'),
  );
  expect(await occurrencesOf(ID, [terraform], parameters)).toEqual([]);
  const cli = Array.from({ length: 5 }, (_, i) => batchGet(START + i * 60_000));
  expect(await occurrencesOf(ID, [cli], parameters)).toHaveLength(5);
});

test('every event twice, in reverse and in two batches: the same events', async () => {
  const twenty = sweep(20, START);
  expect(eventIds(await occurrencesOf(ID, redelivered(twenty)))).toEqual(idsOf(twenty));
});

test('the finding says what was read and by whom', async () => {
  const [first] = await occurrencesOf(ID, [sweep(20, START)]);
  expect(first).toMatchObject({ subject: role, severity: 'high', evidence: { distinctSecrets: 20, batchCalls: 0 } });
});
