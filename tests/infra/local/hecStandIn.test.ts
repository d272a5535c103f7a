import { HecStandIn } from '../../../infra/local/hecStandIn';

const TOKEN = '0b7d4c1e-2f3a-4b5c-8d9e-a1b2c3d4e5f6';
const CHANNEL = '5f0c3a9e-8b7d-4e6f-a1b2-c3d4e5f60718';
const auth = { authorization: `Splunk ${TOKEN}` };
const envelope = (event: unknown = { class_uid: 2004 }, extra: object = {}) => JSON.stringify({ time: 1, event, ...extra });
const post = (standIn: HecStandIn, text: string, headers: Record<string, string> = auth, path = '/services/collector/event') =>
  standIn.handle({ method: 'POST', path, headers, text });

describe('Class: HecStandIn (HEC as infra/local/hecStandIn.ts serves it)', () => {
  it('indexes envelopes one per line and answers Success, code 0', () => {
    const hec = new HecStandIn({ token: TOKEN });
    expect(post(hec, `${envelope()}\n${envelope()}`)).toEqual({ status: 200, body: { text: 'Success', code: 0 } });
    expect(hec.events).toHaveLength(2);
  });

  it.each([
    [{}, 401, 2],
    [{ authorization: `GenieKey ${TOKEN}` }, 401, 3],
    [{ authorization: 'Splunk 11111111-2222-3333-4444-555555555555' }, 403, 4],
  ])('refuses authorization %j with HTTP %i, code %i', (headers, status, code) => {
    expect(post(new HecStandIn({ token: TOKEN }), envelope(), headers)).toMatchObject({ status, body: { code } });
  });

  it.each([
    ['an empty body', '', 5],
    ['a line that is not JSON', `${envelope()}\n{oops`, 6],
    ['an envelope without event', JSON.stringify({ time: 1 }), 12],
    ['a blank event', envelope('  '), 13],
    ['nested indexed fields', envelope({ a: 1 }, { fields: { a: { b: 'c' } } }), 15],
    ['an index the token may not write', envelope({ a: 1 }, { index: 'main' }), 7],
  ])('refuses %s with code %i', (_what, text, code) => {
    const hec = new HecStandIn({ token: TOKEN, indexes: ['security'] });
    expect(post(hec, text)).toMatchObject({ status: 400, body: { code } });
  });

  it('on a bad line, names it (invalid-event-number) and keeps the events before it, as HEC does', () => {
    const hec = new HecStandIn({ token: TOKEN });
    expect(post(hec, `${envelope()}\n${envelope()}\nnot json`).body).toMatchObject({ code: 6, 'invalid-event-number': 2 });
    expect(hec.events).toHaveLength(2);
  });

  it('answers 413 over maxContentLength', () => {
    expect(post(new HecStandIn({ token: TOKEN, maxContentLength: 10 }), envelope())).toMatchObject({ status: 413 });
  });

  it('with ack: a GUID channel is required, ack ids count per channel, and read true after ackAfterPolls polls', () => {
    const hec = new HecStandIn({ token: TOKEN, ack: true, ackAfterPolls: 2 });
    expect(post(hec, envelope())).toMatchObject({ status: 400, body: { code: 10 } });
    expect(post(hec, envelope(), { ...auth, 'x-splunk-request-channel': 'not-a-guid' })).toMatchObject({ body: { code: 11 } });
    const onChannel = { ...auth, 'x-splunk-request-channel': CHANNEL };
    expect(post(hec, envelope(), onChannel).body).toEqual({ text: 'Success', code: 0, ackId: 0 });
    expect(post(hec, envelope(), onChannel).body).toMatchObject({ ackId: 1 });
    const poll = () => post(hec, JSON.stringify({ acks: [0, 1, 7] }), auth, `/services/collector/ack?channel=${CHANNEL}`).body;
    expect(poll()).toEqual({ acks: { '0': false, '1': false, '7': false } });
    expect(poll()).toEqual({ acks: { '0': true, '1': true, '7': false } });
    expect(hec.ackPolls).toBe(2);
  });

  it('without ack, the ack endpoint answers code 14 (ACK is disabled)', () => {
    const hec = new HecStandIn({ token: TOKEN });
    const answer = post(hec, JSON.stringify({ acks: [0] }), auth, `/services/collector/ack?channel=${CHANNEL}`);
    expect(answer).toMatchObject({ status: 400, body: { code: 14 } });
  });

  it('reports health without a token (code 17)', () => {
    const hec = new HecStandIn({ token: TOKEN });
    expect(hec.handle({ method: 'GET', path: '/services/collector/health', headers: {}, text: '' }).body).toMatchObject({ code: 17 });
  });
});
