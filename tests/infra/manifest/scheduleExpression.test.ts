import { parseScheduleExpression, ScheduleExpressionError } from '../../../infra/manifest/scheduleExpression';

const next = (expression: string, after: string) => parseScheduleExpression(expression).next(new Date(after)).toISOString();

describe('rate expressions fire on epoch-aligned multiples of their period', () => {
  it.each([
    ['rate(1 minute)', '2026-11-20T10:00:00.000Z', '2026-11-20T10:01:00.000Z'],
    ['rate(5 minutes)', '2026-11-20T10:03:59.999Z', '2026-11-20T10:05:00.000Z'],
    ['rate(5 minutes)', '2026-11-20T10:05:00.000Z', '2026-11-20T10:10:00.000Z'],
    ['rate(1 hour)', '2026-11-20T10:59:00.000Z', '2026-11-20T11:00:00.000Z'],
    ['rate(2 days)', '2026-11-20T10:00:00.000Z', '2026-11-21T00:00:00.000Z'],
  ])('%s after %s is %s', (expression, after, expected) => expect(next(expression, after)).toBe(expected));

  it.each(['rate(1 minutes)', 'rate(5 minute)', 'rate(0 minutes)', 'rate(5 weeks)', 'every 5 minutes'])('refuses %s', (expression) => {
    expect(() => parseScheduleExpression(expression)).toThrow(ScheduleExpressionError);
  });
});

describe('cron expressions take AWS six fields in UTC', () => {
  it.each([
    // The monthly KPI report: 08:00 on the 1st.
    ['cron(0 8 1 * ? *)', '2026-11-20T10:00:00.000Z', '2026-12-01T08:00:00.000Z'],
    ['cron(0 8 1 * ? *)', '2026-12-31T09:00:00.000Z', '2027-01-01T08:00:00.000Z'],
    // Every 15 minutes during working hours on weekdays (2-6 = MON-FRI).
    ['cron(0/15 9-17 ? * MON-FRI *)', '2026-11-20T17:50:00.000Z', '2026-11-23T09:00:00.000Z'],
    ['cron(0/15 9-17 ? * 2-6 *)', '2026-11-20T10:14:00.000Z', '2026-11-20T10:15:00.000Z'],
    ['cron(30 2 ? * SUN *)', '2026-11-20T00:00:00.000Z', '2026-11-22T02:30:00.000Z'],
    ['cron(0 0 29 FEB ? 2028)', '2026-01-01T00:00:00.000Z', '2028-02-29T00:00:00.000Z'],
  ])('%s after %s is %s', (expression, after, expected) => expect(next(expression, after)).toBe(expected));

  it.each([
    ['cron(0 8 1 * *)', /6 fields/],
    ['cron(0 8 1 * MON *)', /one of day-of-month and day-of-week must be "\?"/],
    ['cron(0 8 L * ? *)', /L, W and # are not supported/],
    ['cron(61 8 1 * ? *)', /minutes "61" is not in 0\.\.59/],
    ['cron(0 8 1 13 ? *)', /month "13"/],
  ])('refuses %s', (expression, message) => expect(() => parseScheduleExpression(expression)).toThrow(message));

  it('says so when a schedule never fires again', () => {
    expect(() => next('cron(0 0 1 1 ? 2020)', '2026-01-01T00:00:00.000Z')).toThrow(/never fires/);
  });
});
