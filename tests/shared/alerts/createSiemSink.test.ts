import { JsonLinesSink, SIEM_SINK_KINDS, SplunkHecSink, createSiemSink, type SiemSinkKind } from '../../../shared/alerts';

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
});
