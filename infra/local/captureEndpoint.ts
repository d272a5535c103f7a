import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback, type LoopbackEndpoint } from './loopbackServer';

/** One delivery as it would have left for OpsGenie or the SIEM. Headers are left out: they carry the key. */
export interface CapturedRequest {
  method: string;
  url: string;
  body: unknown;
}

/** `endpoint` is the base URL to configure in place of the real service. */
export type CaptureEndpoint = LoopbackEndpoint;

export interface CaptureEndpointOptions {
  /** The URL the requests would have gone to, recorded in place of this endpoint's own. */
  nominalBaseUrl: string;
  /** What the real service answers on success. */
  respond: (path: string) => { status: number; body: unknown };
  /** Splits one request body into the records to keep (HEC takes several concatenated events). */
  record: (request: CapturedRequest) => void;
  parseBody?: (text: string) => unknown[];
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
      const text = Buffer.concat(chunks).toString('utf8');
      let bodies: unknown[];
      try {
        bodies = options.parseBody ? options.parseBody(text) : [text === '' ? null : JSON.parse(text)];
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Request body is not valid JSON', requestId: randomUUID() }));
        return;
      }
      for (const body of bodies) options.record({ method: req.method ?? 'POST', url: `${options.nominalBaseUrl}${path}`, body });
      const answer = options.respond(path);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  return listenOnLoopback(server);
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
