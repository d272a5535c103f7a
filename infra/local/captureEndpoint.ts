import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback, type LoopbackEndpoint } from './loopbackServer';
import type { OpsGenieStandIn } from './opsgenieStandIn';

/** One delivery as it would have left for OpsGenie or the SIEM. Headers are left out: they carry the key. */
export interface CapturedRequest {
  method: string;
  url: string;
  body: unknown;
}

/** `endpoint` is the base URL to configure in place of the real service. */
export type CaptureEndpoint = LoopbackEndpoint;

/** A request as the capture endpoint received it. */
export interface CaptureRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** How the stand-in answers, and which bodies to record (none for a read or a refused request). */
export interface CaptureAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
  records: unknown[];
}

export interface CaptureEndpointOptions {
  /** The URL the requests would have gone to, recorded in place of this endpoint's own. */
  nominalBaseUrl: string;
  /** The service's behaviour: answers a request as the real service would. */
  serve: (request: CaptureRequest) => CaptureAnswer;
  record: (request: CapturedRequest) => void;
}

/**
 * A stand-in for OpsGenie or a Splunk HEC endpoint: it answers as the service does and records the
 * exact request bodies. The sinks talk to it over HTTP like they would to the real service, so the
 * delivery code that runs locally is the code that runs in Lambda.
 */
export async function startCaptureEndpoint(options: CaptureEndpointOptions): Promise<CaptureEndpoint> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const method = req.method ?? 'GET';
      let answer: CaptureAnswer;
      try {
        answer = options.serve({ method, path, headers: req.headers, text: Buffer.concat(chunks).toString('utf8') });
      } catch (error) {
        answer = { status: 500, body: { message: `stand-in failure: ${(error as Error).message}` }, records: [] };
      }
      for (const body of answer.records) options.record({ method, url: `${options.nominalBaseUrl}${path}`, body });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  return listenOnLoopback(server);
}

/**
 * Splunk HEC's `/services/collector/event`: records each event of a body (JSON objects one after another)
 * and answers `{"text":"Success","code":0}`.
 */
export function hecCapture(): (request: CaptureRequest) => CaptureAnswer {
  return ({ text }) => {
    try {
      return { status: 200, body: { text: 'Success', code: 0 }, records: splitConcatenatedJson(text) };
    } catch {
      return { status: 400, body: { message: 'Request body is not valid JSON', requestId: randomUUID() }, records: [] };
    }
  };
}

/**
 * OpsGenie (opsgenieStandIn.ts): every accepted write and heartbeat ping is recorded as `{method, url,
 * body}` (a GET ping's body as null); reads (request status, get alert) and refused requests are not.
 */
export function opsGenieCapture(standIn: OpsGenieStandIn): (request: CaptureRequest) => CaptureAnswer {
  return (request) => {
    const answer = standIn.handle(request);
    return {
      status: answer.status,
      headers: answer.headers,
      body: answer.body,
      records: answer.accepted ? [answer.requestBody ?? null] : [],
    };
  };
}

/** HEC's /services/collector/event body: JSON objects one after another, optionally whitespace-separated. */
export function splitConcatenatedJson(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (ch === '}') {
      depth -= 1;
      if (depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  if (depth !== 0) throw new SyntaxError('unterminated JSON object');
  return out;
}
