import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback, type LoopbackEndpoint } from './loopbackServer';

/*
 * The AWS JSON 1.1 wire protocol, server side, as the embedded KMS and EventBridge endpoints speak it:
 * POST / with `X-Amz-Target: <Prefix>.<Operation>`, a JSON object body, and either a JSON result
 * (200) or an error `{"__type": "<Code>", "message": "..."}` whose `__type` the SDK v3 turns into an
 * exception of that name (a modelled class where the service models it, a ServiceException with
 * `name === code` otherwise).
 */

/** A service error as the real endpoint would answer it. HTTP 400 unless said otherwise. */
export class AwsServiceError extends Error {
  readonly code: string;
  readonly statusCode: number;

  constructor(code: string, message: string, statusCode = 400) {
    super(message);
    this.name = code;
    this.code = code;
    this.statusCode = statusCode;
  }
}

/** Coral's wording for a constraint failed by one request member (as AWS JSON services answer it). */
export function validationError(detail: string): AwsServiceError {
  return new AwsServiceError('ValidationException', `1 validation error detected: ${detail}`);
}

/** A body or member that does not deserialise into the operation's input shape. */
export function serializationError(message: string): AwsServiceError {
  return new AwsServiceError('SerializationException', message);
}

export interface RequestContext {
  requestId: string;
  /** Size of the raw request body in bytes. */
  bodyBytes: number;
}

export type OperationHandler = (input: Record<string, unknown>, context: RequestContext) => unknown;

export interface AwsJsonServerOptions {
  /** `AWSEvents`, `TrentService`, ...: the part of X-Amz-Target before the dot. */
  targetPrefix: string;
  operations: Record<string, OperationHandler>;
  /** Bodies larger than this are not parsed; the request is answered with `bodyTooLarge()`. */
  maxBodyBytes: number;
  bodyTooLarge: (bytes: number) => AwsServiceError;
}

export type EmbeddedEndpoint = LoopbackEndpoint;

const CONTENT_TYPE = 'application/x-amz-json-1.1';

function send(res: http.ServerResponse, requestId: string, status: number, payload: unknown, errorCode?: string): void {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  const headers: http.OutgoingHttpHeaders = {
    'content-type': CONTENT_TYPE,
    'content-length': body.length,
    'x-amzn-requestid': requestId,
  };
  if (errorCode) headers['x-amzn-errortype'] = errorCode;
  res.writeHead(status, headers);
  res.end(body);
}

function sendError(res: http.ServerResponse, requestId: string, error: AwsServiceError): void {
  send(res, requestId, error.statusCode, { __type: error.code, message: error.message }, error.code);
}

/** Reads the body, keeping at most `limit` bytes; reports the full size so an oversized body can be refused. */
function readBody(req: http.IncomingMessage, limit: number): Promise<{ body: Buffer | undefined; bytes: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: bytes <= limit ? Buffer.concat(chunks) : undefined, bytes }));
    req.on('error', reject);
  });
}

async function handle(options: AwsJsonServerOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const { body, bytes } = await readBody(req, options.maxBodyBytes);

  const target = req.headers['x-amz-target'];
  const targetText = Array.isArray(target) ? target[0] : target;
  const dot = targetText ? targetText.indexOf('.') : -1;
  const prefix = targetText && dot > 0 ? targetText.slice(0, dot) : undefined;
  const operationName = targetText && dot > 0 ? targetText.slice(dot + 1) : undefined;
  const operation =
    req.method === 'POST' && prefix === options.targetPrefix && operationName && Object.hasOwn(options.operations, operationName)
      ? options.operations[operationName]
      : undefined;
  if (!operation) {
    // What Coral answers for a target it does not know (also for a missing target or a non-POST).
    sendError(
      res,
      requestId,
      new AwsServiceError('UnknownOperationException', `Unknown operation: ${targetText ?? '(no X-Amz-Target header)'}`),
    );
    return;
  }

  if (!body) {
    sendError(res, requestId, options.bodyTooLarge(bytes));
    return;
  }

  let input: unknown;
  const text = body.toString('utf8');
  try {
    input = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    sendError(res, requestId, serializationError('The request body is not valid JSON.'));
    return;
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    sendError(res, requestId, serializationError('Start of structure or map found where not expected.'));
    return;
  }

  try {
    const output = await operation(input as Record<string, unknown>, { requestId, bodyBytes: bytes });
    send(res, requestId, 200, output ?? {});
  } catch (err) {
    if (err instanceof AwsServiceError) {
      sendError(res, requestId, err);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      sendError(res, requestId, new AwsServiceError('InternalFailure', message, 500));
    }
  }
}

/** Starts an AWS JSON 1.1 endpoint on 127.0.0.1 with an ephemeral port. */
export async function startAwsJsonServer(options: AwsJsonServerOptions): Promise<EmbeddedEndpoint> {
  const server = http.createServer((req, res) => {
    handle(options, req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        sendError(res, randomUUID(), new AwsServiceError('InternalFailure', err instanceof Error ? err.message : String(err), 500));
      } else {
        res.destroy();
      }
    });
  });
  return listenOnLoopback(server);
}

/** Member helpers: JSON values as the operation's input shape expects them, else a SerializationException. */
export function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serializationError(`${member}: expected a string.`);
  return value;
}

export function optionalStringMap(input: Record<string, unknown>, member: string): Record<string, string> | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw serializationError(`${member}: expected a map.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw serializationError(`${member}.${k}: expected a string.`);
    out[k] = v;
  }
  return out;
}
