import { parseHecReply, serializeHecBatches, toHecEvent, toOcsfDetectionFinding, type HecEvent } from '../../../shared/alerts';
import { sampleFinding } from './sampleFinding';

const record = toOcsfDetectionFinding(sampleFinding(), { productVersion: '0.1.0', stage: 'prod' });

describe('Function: toHecEvent', () => {
  it('wraps an OCSF record with epoch-second time and the defaults', () => {
    const event = toHecEvent(record);
    expect(event).toEqual({
      time: 1791532721.25,
      host: 'vigil',
      source: 'vigil',
      sourcetype: 'ocsf:detection_finding',
      event: record,
    });
    expect('index' in event).toBe(false);
  });

  it('takes index, sourcetype, source and host', () => {
    expect(toHecEvent(record, { index: 'security', sourcetype: '_json', source: 'vigil-prod', host: 'eu-west-1' })).toMatchObject({
      index: 'security',
      sourcetype: '_json',
      source: 'vigil-prod',
      host: 'eu-west-1',
    });
  });

  it('refuses a record without a time', () => {
    expect(() => toHecEvent({ time: Number.NaN })).toThrow(/time/);
  });
});

describe('Function: serializeHecBatches', () => {
  const events: HecEvent[] = Array.from({ length: 10 }, (_, i) => toHecEvent({ ...record, message: `m${i}` }));
  const lineBytes = Buffer.byteLength(JSON.stringify(events[0]));

  it('concatenates envelopes, one JSON object per line, each parseable alone', () => {
    const { batches, oversized } = serializeHecBatches(events);
    expect(oversized).toEqual([]);
    expect(batches).toHaveLength(1);
    const lines = batches[0]!.body.split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.map((l) => JSON.parse(l))).toEqual(events);
    expect(batches[0]!.bytes).toBe(Buffer.byteLength(batches[0]!.body));
  });

  it('splits at the byte limit, in order, never over it', () => {
    const maxBytes = lineBytes * 3 + 2; // three lines and their two newlines
    const { batches } = serializeHecBatches(events, { maxBytes });
    expect(batches.map((b) => b.indices)).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    for (const b of batches) expect(Buffer.byteLength(b.body)).toBeLessThanOrEqual(maxBytes);
  });

  it('counts bytes, not characters', () => {
    const wide = [toHecEvent({ ...record, message: 'é'.repeat(1000) }), toHecEvent({ ...record, message: 'é'.repeat(1000) })];
    const one = Buffer.byteLength(JSON.stringify(wide[0]));
    const { batches } = serializeHecBatches(wide, { maxBytes: one + 500 });
    expect(batches).toHaveLength(2);
  });

  it('sets aside an envelope that alone exceeds the limit', () => {
    const big = toHecEvent({ ...record, message: 'x'.repeat(5000) });
    const { batches, oversized } = serializeHecBatches([events[0]!, big, events[1]!], { maxBytes: 4000 });
    expect(oversized).toEqual([{ index: 1, bytes: Buffer.byteLength(JSON.stringify(big)) }]);
    expect(batches.flatMap((b) => b.indices)).toEqual([0, 2]);
  });

  it('returns nothing for nothing', () => {
    expect(serializeHecBatches([])).toEqual({ batches: [], oversized: [] });
  });
});

describe('Function: parseHecReply', () => {
  it('reads text, code, invalid-event-number and ackId', () => {
    expect(parseHecReply('{"text":"Success","code":0}')).toEqual({ text: 'Success', code: 0 });
    expect(parseHecReply('{"text":"Invalid data format","code":6,"invalid-event-number":2}')).toEqual({
      text: 'Invalid data format',
      code: 6,
      invalidEventNumber: 2,
    });
    expect(parseHecReply('{"text":"Success","code":0,"ackId":7}')?.ackId).toBe(7);
    expect(parseHecReply('<html>Bad gateway</html>')).toBeUndefined();
    expect(parseHecReply('[1]')).toBeUndefined();
  });
});
