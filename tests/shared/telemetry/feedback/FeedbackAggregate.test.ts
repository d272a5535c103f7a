import { FeedbackAggregate, netPromoterScore } from '../../../../shared/telemetry/feedback';
import type { TelemetryRecord } from '../../../../shared/telemetry/experiments';

const COMMENT = 'MARKER-FREE-TEXT my sister Jane says the app is slow';
const MESSAGE = 'MARKER-FREE-TEXT the transfer page froze, call me on 07700 900123';
let serial = 0;

function record(name: string, release: string, properties: Record<string, unknown>): TelemetryRecord {
  serial += 1;
  return { eventId: `f-${serial}`, name, kind: 'feedback', timestamp: '2026-11-20T10:00:00.000Z', release, properties };
}

test('NPS: promoters 9-10, passives 7-8, detractors 0-6, score = %P - %D', () => {
  expect(netPromoterScore([10, 9, 9, 8, 7, 6, 0, 3, 10, 10])).toEqual({
    responses: 10,
    promoters: 5,
    passives: 2,
    detractors: 3,
    score: 20,
  });
  expect(netPromoterScore([6, 6])).toMatchObject({ score: -100 });
  expect(netPromoterScore([])).toMatchObject({ responses: 0, score: null });
});

test('ratings, NPS and feedback per release; duplicates count once; free text never in the aggregate', () => {
  const a = 'app@4.12.0+1';
  const b = 'app@4.13.0+2';
  const records = [
    record('app_rating', a, { rating: 5 }),
    record('app_rating', a, { rating: 3, promptLocation: 'home' }),
    record('nps_response', a, { surveyId: 'nps_q4', score: 10, comment: COMMENT }),
    record('nps_response', a, { surveyId: 'nps_q4', score: 4 }),
    record('nps_response', a, { surveyId: 'nps_q4', score: 8 }),
    record('feedback_submitted', a, { message: MESSAGE, category: 'bug', rating: 2, associatedEventId: 'e' }),
    record('feedback_submitted', b, { message: MESSAGE, replayId: '4f2a9c1e8d7b4a6f9e3c2b1a0d9e8f7a' }),
    record('screen_view', b, { screen: 'home' }),
  ];
  const aggregate = new FeedbackAggregate();
  for (const r of [...records, records[0]!, records[2]!]) aggregate.add(r);
  const results = aggregate.results();
  expect(results).toEqual([
    {
      release: a,
      ratings: { count: 2, mean: 4, distribution: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 1 } },
      nps: { responses: 3, promoters: 1, passives: 1, detractors: 1, score: 0, withComment: 1 },
      feedback: {
        count: 1,
        byCategory: { bug: 1 },
        ratings: { count: 1, mean: 2, distribution: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 0 } },
        aboutAnEvent: 1,
        aboutARecording: 0,
      },
    },
    {
      release: b,
      ratings: { count: 0, mean: null, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
      nps: { responses: 0, promoters: 0, passives: 0, detractors: 0, score: null, withComment: 0 },
      feedback: {
        count: 1,
        byCategory: { uncategorised: 1 },
        ratings: { count: 0, mean: null, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
        aboutAnEvent: 0,
        aboutARecording: 1,
      },
    },
  ]);
  expect(JSON.stringify(results)).not.toContain('MARKER-FREE-TEXT');
});
