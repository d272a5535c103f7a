import { COGNITO_AUTH_DETAIL_TYPE, COGNITO_AUTH_SOURCE, CognitoAuthEventSchema } from '../../events/schemas/cognitoAuthEvent';
import { type LogEventPlace, readLogEvent } from '../../shared/cognito';
import { encodeSubscriptionData } from '../../shared/logs';
import { loadCaptured, parseOrExplain } from './capturedEvent';

type Json = Record<string, unknown>;

/** A captured subscription payload (tests/events/cloudwatch-logs/<variant>.json), decoded, as a mutable copy. */
export function capturedPayload(variant: string): Json & { logEvents: Array<{ id: string; timestamp: number; message: string }> } {
  return structuredClone(loadCaptured('cloudwatch-logs', variant)) as ReturnType<typeof capturedPayload>;
}

/** The Lambda event a subscription delivers for `payload` (gzip + base64, as CloudWatch Logs encodes it). */
export function awslogsEvent(payload: unknown): { awslogs: { data: string } } {
  return { awslogs: { data: encodeSubscriptionData(payload) } };
}

/** The export record inside a captured payload's first log event, parsed, to edit and put back with `withRecord`. */
export function recordOf(variant: string): Json & { message: Json } {
  return JSON.parse(capturedPayload(variant).logEvents[0]!.message) as Json & { message: Json };
}

/** A captured payload whose log events carry these messages (records as objects are serialised). */
export function withMessages(variant: string, messages: Array<string | Json>): Json {
  const payload = capturedPayload(variant);
  const first = payload.logEvents[0]!;
  payload.logEvents = messages.map((message, i) => ({
    id: `${first.id.slice(0, -3)}${String(i).padStart(3, '0')}`,
    timestamp: first.timestamp + i,
    message: typeof message === 'string' ? message : JSON.stringify(message),
  }));
  return payload;
}

/** Where `bridgedEvent` reads a record by default: the captures' account, group and stream. */
export const CAPTURE_PLACE: LogEventPlace = {
  owner: '111122223333',
  logGroup: '/aws/vendedlogs/cognito/user-auth-events',
  logStream: 'eu-west-1_Vq3Lm8TzR',
  logEventId: '39241375283765012873409871264531092837465019283746501999',
  timestamp: Date.UTC(2026, 10, 20, 12),
};

/**
 * An export record (object or text) as the security detector receives it: read by the bridge
 * (readLogEvent), put on the bus as the bridge puts it, parsed with the detector's schema. Throws the
 * bridge's reason when it would quarantine the record.
 */
export function bridgedEvent(record: Json | string, place: Partial<LogEventPlace> = {}) {
  const where = { ...CAPTURE_PLACE, ...place };
  const reading = readLogEvent(typeof record === 'string' ? record : JSON.stringify(record), where);
  if (!reading.ok) throw new Error(`the bridge would quarantine the record: ${reading.reason}`);
  const { time, resources, detail } = reading.event;
  const event = {
    version: '0',
    id: '0f6e4b52-8d1a-4c39-b7e2-5a9c3d0e1f84',
    'detail-type': COGNITO_AUTH_DETAIL_TYPE,
    source: COGNITO_AUTH_SOURCE,
    account: where.owner,
    time: `${time.toISOString().slice(0, 19)}Z`,
    region: detail.awsRegion,
    resources,
    detail,
  };
  return parseOrExplain(CognitoAuthEventSchema, event, 'the bridged record');
}
