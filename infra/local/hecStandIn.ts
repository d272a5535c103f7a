import http from 'node:http';
import { listenOnLoopback, type LoopbackEndpoint } from './loopbackServer';

/**
 * Splunk's HTTP Event Collector as tests and benchmarks run it in place of a Splunk indexer, with the
 * rules Vigil's sink relies on (Splunk docs "HTTP Event Collector REST API endpoints" and "Format events
 * for HTTP Event Collector"; reply codes as gjanders/SplunkAdmins lookups/splunkadmins_hec_reply_code_lookup.csv
 * tabulates them):
 *
 * - `Authorization: Splunk <token>`: none → 401 code 2, another scheme → 401 code 3, a wrong token → 403 code 4;
 * - `POST /services/collector/event` (also `/services/collector`, `/services/collector/event/1.0`): envelopes
 *   one per line; an empty body → 400 code 5; a line that is not a JSON object → 400 code 6 with
 *   `invalid-event-number` (0-based), and the events before it are indexed, as HEC does; `event` missing →
 *   code 12, blank → 13; `fields` not flat → 15; an index outside `indexes` → 7; a body over
 *   `maxContentLength` bytes → 413;
 * - indexer acknowledgement (`ack: true`): a channel GUID required on every POST (`X-Splunk-Request-Channel`
 *   or `?channel=`; missing → 400 code 10, not a GUID → 400 code 11); each accepted POST answers
 *   `{"text":"Success","code":0,"ackId":n}` (ids counted per channel from 0); `POST /services/collector/ack`
 *   with `{"acks":[ids]}` answers `{"acks":{"<id>":bool}}`, an id turning true once `ackAfterPolls` polls
 *   asked about it (default 1: the first poll sees it indexed). Without `ack` the ack endpoint answers 400
 *   code 14 (ACK is disabled);
 * - `GET /services/collector/health` → 200 code 17.
 *
 * `fault` lets a test answer a request its own way first (a status and body, a hang, a connection reset
 * after the request was read) before the stand-in handles it.
 */

interface HecStandInOptions {
  /** The token accepted. */
  token: string;
  /** Indexes the token may write; any when absent. */
  indexes?: readonly string[];
  ack?: boolean;
  /** Polls asking about an ack id before it reads true. Default 1. */
  ackAfterPolls?: number;
  /** Default 1,000,000 bytes (Splunk Cloud's documented cap; Enterprise defaults to 800 MiB). */
  maxContentLength?: number;
  /** Consulted first for every request (n counts requests from 1). */
  fault?: (request: HecStandInRequest, n: number) => HecFault | undefined;
}

interface HecStandInRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  text: string;
}

type HecFault = { kind: 'reply'; status: number; body: unknown; headers?: Record<string, string> } | { kind: 'hang' } | { kind: 'reset' };

interface HecAnswer {
  status: number;
  body: unknown;
}

/** A HEC event as indexed: the envelope, with the channel and ack id of the request that brought it. */
interface IndexedEvent {
  envelope: Record<string, unknown>;
  channel?: string;
  ackId?: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_PATHS = new Set(['/services/collector', '/services/collector/event', '/services/collector/event/1.0']);

class HecStandIn {
  /** Every event indexed, in arrival order. */
  public readonly events: IndexedEvent[] = [];
  /** Event POSTs received (accepted or not). */
  public eventRequests = 0;
  /** Ack status POSTs received. */
  public ackPolls = 0;
  readonly #options: HecStandInOptions;
  readonly #channels = new Map<string, { next: number; polls: Map<number, number> }>();

  public constructor(options: HecStandInOptions) {
    this.#options = options;
  }

  public handle(request: HecStandInRequest): HecAnswer {
    const url = new URL(request.path, 'http://stand-in');
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/services/collector/health') return reply(200, 17, 'HEC is healthy');
    const auth = this.#authenticate(request.headers.authorization);
    if (auth) return auth;
    if (request.method !== 'POST') return reply(405, 5, `${request.method} is not allowed`);
    const channel = header(request.headers['x-splunk-request-channel']) ?? url.searchParams.get('channel') ?? undefined;
    if (path === '/services/collector/ack') return this.#ackStatus(channel, request.text);
    if (!EVENT_PATHS.has(path)) return reply(404, 404, 'Not found');
    this.eventRequests += 1;
    if (Buffer.byteLength(request.text) > (this.#options.maxContentLength ?? 1_000_000)) return reply(413, 413, 'Content too large');
    if (this.#options.ack) {
      if (channel === undefined) return reply(400, 10, 'Data channel is missing');
      if (!GUID.test(channel)) return reply(400, 11, 'Invalid data channel');
    }
    return this.#index(request.text, channel);
  }

  #authenticate(value: string | string[] | undefined): HecAnswer | undefined {
    const auth = header(value);
    if (auth === undefined || auth.trim() === '') return reply(401, 2, 'Token is required');
    const match = /^Splunk (\S+)$/.exec(auth);
    if (!match) return reply(401, 3, 'Invalid authorization');
    if (match[1] !== this.#options.token) return reply(403, 4, 'Invalid token');
    return undefined;
  }

  #index(text: string, channel: string | undefined): HecAnswer {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) return reply(400, 5, 'No data');
    const ackId = this.#options.ack && channel !== undefined ? this.#channel(channel).next++ : undefined;
    for (const [i, line] of lines.entries()) {
      const problem = this.#problem(line);
      if (problem) return { status: 400, body: { text: problem.text, code: problem.code, 'invalid-event-number': i } };
      const indexed: IndexedEvent = { envelope: JSON.parse(line) as Record<string, unknown> };
      if (channel !== undefined) indexed.channel = channel;
      if (ackId !== undefined) indexed.ackId = ackId;
      this.events.push(indexed);
    }
    return { status: 200, body: ackId === undefined ? { text: 'Success', code: 0 } : { text: 'Success', code: 0, ackId } };
  }

  #problem(line: string): { code: number; text: string } | undefined {
    let envelope: unknown;
    try {
      envelope = JSON.parse(line);
    } catch {
      return { code: 6, text: 'Invalid data format' };
    }
    if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) return { code: 6, text: 'Invalid data format' };
    const { event, fields, index } = envelope as Record<string, unknown>;
    if (event === undefined) return { code: 12, text: 'Event field is required' };
    if (event === null || (typeof event === 'string' && event.trim() === '')) return { code: 13, text: 'Event field cannot be blank' };
    if (fields !== undefined) {
      const flat =
        typeof fields === 'object' &&
        fields !== null &&
        Object.values(fields).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')));
      if (!flat) return { code: 15, text: 'Error in handling indexed fields' };
    }
    if (index !== undefined && this.#options.indexes && !this.#options.indexes.includes(String(index))) {
      return { code: 7, text: 'Incorrect index' };
    }
    return undefined;
  }

  #ackStatus(channel: string | undefined, text: string): HecAnswer {
    this.ackPolls += 1;
    if (!this.#options.ack) return reply(400, 14, 'ACK is disabled');
    if (channel === undefined) return reply(400, 10, 'Data channel is missing');
    if (!GUID.test(channel)) return reply(400, 11, 'Invalid data channel');
    let ids: unknown;
    try {
      ids = (JSON.parse(text) as { acks?: unknown }).acks;
    } catch {
      ids = undefined;
    }
    if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id))) return reply(400, 6, 'Invalid data format');
    const state = this.#channel(channel);
    const acks: Record<string, boolean> = {};
    for (const id of ids as number[]) {
      if (id >= state.next) {
        acks[String(id)] = false; // never issued on this channel: unknown reads as false
        continue;
      }
      const polls = (state.polls.get(id) ?? 0) + 1;
      state.polls.set(id, polls);
      acks[String(id)] = polls >= (this.#options.ackAfterPolls ?? 1);
    }
    return { status: 200, body: { acks } };
  }

  #channel(channel: string): { next: number; polls: Map<number, number> } {
    let state = this.#channels.get(channel);
    if (!state) {
      state = { next: 0, polls: new Map() };
      this.#channels.set(channel, state);
    }
    return state;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function reply(status: number, code: number, text: string): HecAnswer {
  return { status, body: { text, code } };
}

interface HecStandInServer extends LoopbackEndpoint {
  standIn: HecStandIn;
}

/** The stand-in on a loopback port: pass `endpoint` as the sink's `url`. */
async function startHecStandIn(options: HecStandInOptions): Promise<HecStandInServer> {
  const standIn = new HecStandIn(options);
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        text: Buffer.concat(chunks).toString('utf8'),
      };
      n += 1;
      const fault = options.fault?.(request, n);
      if (fault?.kind === 'hang') return;
      if (fault?.kind === 'reset') return void req.socket.destroy();
      const answer = fault?.kind === 'reply' ? fault : standIn.handle(request);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...(fault?.kind === 'reply' ? fault.headers : {}) });
      res.end(JSON.stringify(answer.body));
    });
  });
  const loopback = await listenOnLoopback(server);
  return {
    standIn,
    endpoint: loopback.endpoint,
    close: () => {
      server.closeAllConnections();
      return loopback.close();
    },
  };
}

export { HecStandIn, startHecStandIn };
export type { HecAnswer, HecFault, HecStandInOptions, HecStandInRequest, HecStandInServer, IndexedEvent };
