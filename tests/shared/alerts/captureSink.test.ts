import { CaptureOpsGenieSink, CaptureSiemSink, createAlertRequest, toOcsfDetectionFinding } from '../../../shared/alerts';
import { sampleFinding } from './sampleFinding';

describe('Class: CaptureOpsGenieSink', () => {
  it('records exactly { method, url, body }, nothing else', async () => {
    // Prepare
    const lines: object[] = [];
    const sink = new CaptureOpsGenieSink((line) => void lines.push(line));
    const request = createAlertRequest(sampleFinding(), { stage: 'prod', team: 'secops' });
    // Act
    const result = await sink.deliver(request);
    // Assess
    expect(result).toEqual({ sink: 'capture:opsgenie', delivered: 1, attempts: 0 });
    expect(lines).toEqual([{ method: 'POST', url: 'https://api.opsgenie.com/v2/alerts', body: request.body }]);
    expect(Object.keys(lines[0]!)).toEqual(['method', 'url', 'body']);
  });

  it('records a copy: later changes to the request do not alter the line', async () => {
    const lines: Array<{ body: { message: string } }> = [];
    const sink = new CaptureOpsGenieSink((line) => void lines.push(line as never));
    const request = createAlertRequest(sampleFinding(), { stage: 'prod' });
    await sink.deliver(request);
    request.body.message = 'changed';
    expect(lines[0]!.body.message).toBe('CloudTrail logging stopped on trail org-trail');
  });

  it('waits for an asynchronous writer and surfaces its failure', async () => {
    const written: object[] = [];
    const slow = new CaptureOpsGenieSink(async (line) => {
      await new Promise((r) => setTimeout(r, 5));
      written.push(line);
    });
    await slow.deliver(createAlertRequest(sampleFinding(), { stage: 'prod' }));
    expect(written).toHaveLength(1);
    const failing = new CaptureOpsGenieSink(() => Promise.reject(new Error('disk full')));
    await expect(failing.deliver(createAlertRequest(sampleFinding(), { stage: 'prod' }))).rejects.toThrow('disk full');
  });
});

describe('Class: CaptureSiemSink', () => {
  it('records one OCSF record per line, as forwarded', async () => {
    const lines: object[] = [];
    const sink = new CaptureSiemSink((line) => void lines.push(line));
    const records = ['a', 'b', 'c'].map((c) =>
      toOcsfDetectionFinding(sampleFinding({ id: c.repeat(32) }), { productVersion: '0.1.0', stage: 'dev' }),
    );
    const result = await sink.deliver(records);
    expect(result).toEqual({ sink: 'capture:siem', delivered: 3, attempts: 0 });
    expect(lines).toEqual(records);
  });
});
