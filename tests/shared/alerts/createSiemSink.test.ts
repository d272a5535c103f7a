import { z } from 'zod';
import { JsonLinesSink, SIEM_CONFIG_KEYS, SIEM_SINK_KINDS, SplunkHecSink, createSiemSink, type SiemSinkKind } from '../../../shared/alerts';

describe('Function: createSiemSink', () => {
  it('builds the sink of each kind', () => {
    expect(createSiemSink({ kind: 'splunk-hec', url: 'https://splunk.example.com:8088', token: 't' })).toBeInstanceOf(SplunkHecSink);
    expect(createSiemSink({ kind: 'json-lines', url: 'https://ingest.example.com/ocsf' })).toBeInstanceOf(JsonLinesSink);
    expect(SIEM_SINK_KINDS).toEqual(['splunk-hec', 'json-lines']);
  });

  it('refuses a HEC sink without a token and an unknown kind', () => {
    expect(() => createSiemSink({ kind: 'splunk-hec', url: 'https://splunk.example.com:8088' })).toThrow(/token/);
    expect(() => createSiemSink({ kind: 'syslog' as SiemSinkKind, url: 'https://x.example.com' })).toThrow(
      /unknown SIEM sink kind "syslog"/,
    );
  });

  it('reads its stage settings from the environment: kind, ack, index, with defaults', () => {
    const schema = z.object(SIEM_CONFIG_KEYS);
    expect(schema.parse({})).toEqual({ SIEM_KIND: 'splunk-hec', SIEM_HEC_ACK: false, SIEM_HEC_INDEX: '' });
    expect(schema.parse({ SIEM_KIND: 'json-lines', SIEM_HEC_ACK: 'true', SIEM_HEC_INDEX: 'security' })).toEqual({
      SIEM_KIND: 'json-lines',
      SIEM_HEC_ACK: true,
      SIEM_HEC_INDEX: 'security',
    });
    expect(schema.safeParse({ SIEM_KIND: 'syslog' }).success).toBe(false);
    expect(schema.safeParse({ SIEM_HEC_ACK: 'maybe' }).success).toBe(false);
  });
});
