import { encodeSubscriptionData } from '../../shared/logs';
import { loadCaptured } from './capturedEvent';

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
