import { gunzipSync, gzipSync } from 'node:zlib';
import { CloudWatchLogsPayloadSchema, type CloudWatchLogsPayload } from '../../events/schemas/cloudWatchLogs';
import { jsonErrorReason } from '../events/jsonErrorReason';
import { describeIssues } from '../ingest';
import { LogPayloadError } from './errors';

/**
 * A CloudWatch Logs subscription delivers `{"awslogs": {"data": ...}}`, where data is the base64 of
 * the gzipped JSON payload. A Lambda payload is at most 1 MB, and a subscription batch at most 1 MB of
 * log events once inflated: anything that inflates past this bound is refused, not inflated in full.
 */
export const MAX_INFLATED_PAYLOAD_BYTES = 8 * 1024 * 1024;

/** Strict base64 (RFC 4648 alphabet, padded): Buffer.from(…, 'base64') would skip what is not, silently. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * `awslogs.data` to the payload it carries: base64, then gzip, then JSON, then the subscription
 * payload contract (a DATA_MESSAGE or a CONTROL_MESSAGE). Throws LogPayloadError saying which step
 * failed; the message names the step and the error, never a piece of the input.
 */
export function decodeSubscriptionData(data: string, maxBytes = MAX_INFLATED_PAYLOAD_BYTES): CloudWatchLogsPayload {
  if (data.length === 0 || !BASE64.test(data)) throw new LogPayloadError('not-base64', 'awslogs.data is not base64');
  let inflated: Buffer;
  try {
    inflated = gunzipSync(Buffer.from(data, 'base64'), { maxOutputLength: maxBytes });
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new LogPayloadError('too-large', `awslogs.data inflates to more than ${maxBytes} bytes`, { cause });
    }
    throw new LogPayloadError('not-gzip', `awslogs.data is not gzip (${(cause as Error).message})`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(inflated.toString('utf8'));
  } catch (cause) {
    throw new LogPayloadError('not-json', `awslogs.data is not JSON once inflated: ${jsonErrorReason(cause)}`, { cause });
  }
  return parsePayload(parsed, 'awslogs.data');
}

/** A decoded payload (JSON already parsed) checked against the contract; `where` prefixes the reason. */
export function parsePayload(value: unknown, where = 'payload'): CloudWatchLogsPayload {
  const result = CloudWatchLogsPayloadSchema.safeParse(value);
  if (!result.success) {
    throw new LogPayloadError('not-a-payload', `${where} is not a CloudWatch Logs subscription payload: ${describeIssues(result.error)}`);
  }
  return result.data;
}

/** The `awslogs.data` of a payload, as CloudWatch Logs encodes it (for tests and replays). */
export function encodeSubscriptionData(payload: unknown): string {
  return gzipSync(JSON.stringify(payload)).toString('base64');
}
