import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReplayInputs } from '../infra/local/replay';
import { parseLocalConfig } from '../infra/local/runtime/localConfig';
import { runReplay } from '../infra/local/runtime/replayRun';
import { median, type Figure } from './harness';
import { benchEvents } from './events';

const EVENTS = 5000;
const ROUNDS = 3;
/** One event in this many is one a detection fires on (StopLogging): CloudTrail traffic is mostly routine. */
const FIRING_ONE_IN = 100;

function captureEvent(i: number) {
  const [getObject, stopLogging, consoleLogin, ec2StateChange, describeInstances] = benchEvents();
  if (i % FIRING_ONE_IN === 0) {
    // a different trail every few events: several findings, each with several occurrences
    const trail = `arn:aws:cloudtrail:eu-west-1:111122223333:trail/t${Math.floor(i / (FIRING_ONE_IN * 5))}`;
    return { ...stopLogging, id: `bench-${i}`, detail: { ...(stopLogging.detail as object), requestParameters: { name: trail } } };
  }
  const routine = [getObject, getObject, getObject, consoleLogin, ec2StateChange, describeInstances][i % 6];
  return { ...routine, id: `bench-${i}` };
}

/**
 * The whole pipeline per event (routing, SQS batches, schema check, detections, findings, alerts)
 * relative to only reading and parsing the same capture: what the functions add on top of I/O.
 */
export async function replayThroughputFigure(): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  try {
    const capture = join(dir, 'capture.jsonl');
    const lines = Array.from({ length: EVENTS }, (_, i) => JSON.stringify(captureEvent(i)));
    writeFileSync(capture, `${lines.join('\n')}\n`);
    const config = parseLocalConfig({});

    const read = async () => {
      let n = 0;
      for await (const item of readReplayInputs([capture])) if (item.kind === 'event') n += 1;
      return n;
    };
    const replay = () => runReplay({ inputs: [capture], outDir: join(dir, 'out'), config, progressStream: { write: () => true } as never });

    await read();
    await replay();
    const ratios: number[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      let start = process.hrtime.bigint();
      await read();
      const base = Number(process.hrtime.bigint() - start);
      start = process.hrtime.bigint();
      await replay();
      ratios.push(Number(process.hrtime.bigint() - start) / base);
    }
    return {
      name:
        `replay through the embedded pipeline per event (${EVENTS} events, 1 in ${FIRING_ONE_IN} firing), ` +
        'vs reading and parsing the capture',
      value: Math.round(median(ratios) * 100) / 100,
      unit: 'ratio',
      baseline: 'readReplayInputs over the same capture',
      target: { op: '<=', value: 40 },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
