import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@smithy/core/client';
import { readReplayInputs } from '../infra/local/replay';
import { EmbeddedRuntime } from '../infra/local/runtime/EmbeddedRuntime';
import { parseLocalConfig } from '../infra/local/runtime/localConfig';
import { runReplay } from '../infra/local/runtime/replayRun';
import { loadFunctionCatalogue } from '../infra/manifest/loadFunctionManifests';
import { DETECTIONS, DetectionEngine, type CloudTrailEnvelope } from '../shared/detections';
import type { EventBridgeEvent } from '../shared/events/envelope';
import { median, type Figure } from './harness';
import { mixedCloudTrail, type MixedCapture } from './mixedCloudTrail';

/** The benchmark's capture: a day of mixed CloudTrail (bench/mixedCloudTrail.ts). */
export const MIXED_EVENTS = 100_000;
/** The whole replay (every function, the router and its sinks included) runs on the first events of the capture. */
export const REPLAY_SLICE = 10_000;

const cpuMicros = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};

/**
 * Rule evaluation (DetectionEngine evaluate + observe: the triggers' match and every detection it
 * selects) per event, relative to JSON.parse of the same event; process CPU time, the median of the
 * rounds. Each round evaluates freshly parsed objects: the engine keeps its match per event object.
 */
function ruleEvaluationFigure(texts: readonly string[], rounds = 3): Figure {
  const engine = new DetectionEngine(DETECTIONS);
  let sink = 0;
  const ratios: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const objects = texts.map((t) => JSON.parse(t) as CloudTrailEnvelope);
    let start = process.cpuUsage();
    for (const text of texts) sink += (JSON.parse(text) as object) ? 1 : 0;
    const parse = cpuMicros(start);
    start = process.cpuUsage();
    for (const event of objects) sink += engine.evaluate(event).length + engine.observe(event).length;
    const evaluate = cpuMicros(start);
    if (r > 0) ratios.push(evaluate / parse); // round 0 warms the JIT up
  }
  if (sink < 0) process.stdout.write('');
  return {
    name:
      `rule evaluation (evaluate + observe, ${DETECTIONS.length} detections) per event, ` +
      `${texts.length} mixed CloudTrail events, vs JSON.parse`,
    value: Math.round(median(ratios) * 1000) / 1000,
    unit: 'ratio',
    baseline: 'JSON.parse of the same events (process CPU time)',
    target: { op: '<=', value: 3 },
  };
}

const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'BatchWriteCommand',
  'TransactWriteCommand',
]);

/**
 * Counts DynamoDB write requests by table while `run` runs: every SDK client the functions build
 * sends through the one smithy Client.prototype.send, so the count is what DynamoDB would bill.
 */
async function countingWrites<T>(run: () => Promise<T>): Promise<{ result: T; writes: Map<string, number> }> {
  const writes = new Map<string, number>();
  const original = Client.prototype.send;
  Client.prototype.send = function send(
    this: unknown,
    command: { constructor: { name: string }; input?: Record<string, unknown> },
    ...rest: unknown[]
  ) {
    if (WRITE_COMMANDS.has(command.constructor.name)) {
      const input = command.input ?? {};
      const tables =
        typeof input.TableName === 'string'
          ? [input.TableName]
          : Object.keys((input.RequestItems as object | undefined) ?? {}).concat(
              ((input.TransactItems as Array<Record<string, { TableName?: string }>> | undefined) ?? []).map(
                (t) => Object.values(t)[0]?.TableName ?? '?',
              ),
            );
      for (const table of tables) writes.set(table, (writes.get(table) ?? 0) + 1);
    }
    return (original as (...args: unknown[]) => unknown).call(this, command, ...rest);
  } as typeof original;
  try {
    return { result: await run(), writes };
  } finally {
    Client.prototype.send = original;
  }
}

/**
 * DynamoDB writes per event through the whole security detector (its handler on the embedded
 * runtime, SQS batches of 100, idempotency, finding store, detection state), alone: no other
 * function runs, so every write counted is the detector's.
 */
async function detectorWrites(events: readonly EventBridgeEvent[]) {
  const all = loadFunctionCatalogue();
  const catalogue = { ...all, functions: all.functions.filter((f) => f.manifest.key === 'securityDetector') };
  const started = Date.now();
  const { result: runtime, writes } = await countingWrites(async () => {
    const rt = await EmbeddedRuntime.start({ config: parseLocalConfig({}), catalogue });
    try {
      for (const event of events) {
        rt.deliver(event, 'default');
        if (rt.backlog >= rt.batchSize) await rt.drain();
      }
      await rt.drain();
      let findings = 0;
      for await (const _ of rt.findings()) findings += 1;
      return { findings, invocations: rt.stats.invocations.securityDetector ?? 0, tables: rt.localAws.tables };
    } finally {
      await rt.close();
    }
  });
  const byTable = (table: string) => writes.get(table) ?? 0;
  const { tables } = runtime;
  const breakdown = {
    state: byTable(tables.DetectionState),
    findings: byTable(tables.Findings),
    idempotency: byTable(tables.Idempotency),
    other: [...writes.entries()]
      .filter(([t]) => ![tables.DetectionState, tables.Findings, tables.Idempotency].includes(t))
      .reduce((s, [, n]) => s + n, 0),
  };
  const total = breakdown.state + breakdown.findings + breakdown.idempotency + breakdown.other;
  return {
    perEvent: total / events.length,
    breakdown,
    total,
    findings: runtime.findings,
    invocations: runtime.invocations,
    ms: Date.now() - started,
  };
}

/** The whole replay (every function) per event, relative to reading and parsing the same capture. */
async function replayFigure(events: readonly EventBridgeEvent[]) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-mixed-'));
  try {
    const capture = join(dir, 'capture.jsonl');
    writeFileSync(capture, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const read = async () => {
      let n = 0;
      for await (const item of readReplayInputs([capture])) if (item.kind === 'event') n += 1;
      return n;
    };
    await read();
    let start = process.hrtime.bigint();
    for (let r = 0; r < 3; r++) await read();
    const readNs = Number(process.hrtime.bigint() - start) / 3;
    start = process.hrtime.bigint();
    const summary = await runReplay({
      inputs: [capture],
      outDir: join(dir, 'out'),
      config: parseLocalConfig({}),
      progressStream: { write: () => true } as never,
    });
    const replayNs = Number(process.hrtime.bigint() - start);
    return {
      figure: {
        name: `whole replay per event (${events.length} mixed CloudTrail events, every function), vs reading and parsing the capture`,
        value: Math.round((replayNs / readNs) * 100) / 100,
        unit: 'ratio',
        baseline: 'readReplayInputs over the same capture',
        target: { op: '<=', value: 40 },
      } satisfies Figure,
      eventsPerSecond: Math.round(events.length / (replayNs / 1e9)),
      readEventsPerSecond: Math.round(events.length / (readNs / 1e9)),
      findings: summary.findings,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The security detector's figures on the mixed capture, and what the report should say about them. */
export async function securityDetectorFigures(): Promise<{ figures: Figure[]; notes: string[] }> {
  const capture: MixedCapture = mixedCloudTrail(MIXED_EVENTS);
  const texts = capture.events.map((e) => JSON.stringify(e));
  const evaluation = ruleEvaluationFigure(texts);
  const writes = await detectorWrites(capture.events);
  const replay = await replayFigure(capture.events.slice(0, REPLAY_SLICE));
  const { state, findings, idempotency, other } = writes.breakdown;
  return {
    figures: [
      evaluation,
      {
        name: `DynamoDB writes per event through the security detector (${MIXED_EVENTS} mixed CloudTrail events, batches of 100)`,
        value: Math.round(writes.perEvent * 10_000) / 10_000,
        unit: 'writes/event',
        baseline: 'none: an absolute count (state, finding and idempotency writes over events)',
        target: { op: '<=', value: 0.2 },
      },
      replay.figure,
    ],
    notes: [
      `mixed capture: ${JSON.stringify(capture.mix)}`,
      `security detector alone on ${MIXED_EVENTS} events: ${writes.total} writes (state ${state}, findings ${findings}, ` +
        `idempotency ${idempotency}, other ${other}), ${writes.findings} findings, ${writes.invocations} invocations, ${writes.ms} ms`,
      `whole replay of the first ${REPLAY_SLICE} events: ${replay.eventsPerSecond} events/s ` +
        `(reading and parsing alone: ${replay.readEventsPerSecond} events/s), ${replay.findings} findings`,
    ],
  };
}
