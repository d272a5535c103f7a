/**
 * EventBridge schedule expressions, `rate(...)` and `cron(...)`, as the embedded runtime fires them
 * on event time. Rates are aligned to the epoch (EventBridge aligns them to the rule's creation, which
 * a replay does not have), so a replay is repeatable. Cron takes AWS's six fields (minutes hours
 * day-of-month month day-of-week year) in UTC with `*`, `?`, lists, ranges, steps and names; `L`, `W`
 * and `#` are refused with a clear message rather than misread.
 */
export interface ScheduleExpression {
  /** The first time the schedule fires strictly after `after`. */
  next(after: Date): Date;
}

export class ScheduleExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleExpressionError';
  }
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export function parseScheduleExpression(expression: string): ScheduleExpression {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!.replace(/s$/, '') as keyof typeof UNIT_MS;
    if (value < 1) throw new ScheduleExpressionError(`"${expression}": a rate must be at least 1`);
    if ((value === 1) !== !rate[2]!.endsWith('s')) {
      throw new ScheduleExpressionError(`"${expression}": EventBridge wants "1 ${unit}" and "${value > 1 ? value : 'N'} ${unit}s"`);
    }
    const period = value * UNIT_MS[unit];
    return { next: (after) => new Date((Math.floor(after.getTime() / period) + 1) * period) };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) throw new ScheduleExpressionError(`"${expression}" is neither rate(...) nor cron(...)`);
  return parseCron(expression, cron[1]!.trim().split(/\s+/));
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  name: string;
  min: number;
  max: number;
  /** Names for the values, starting at `min`. */
  names?: string[];
}

const FIELDS: Field[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // AWS numbers days of the week 1 (Sunday) to 7 (Saturday).
  { name: 'day-of-week', min: 1, max: 7, names: DAYS },
  { name: 'year', min: 1970, max: 2199 },
];

/** The set of allowed values of one field, or undefined for "any" (`*` or `?`). */
function parseField(expression: string, text: string, field: Field): Set<number> | undefined {
  if (text === '*' || text === '?') return undefined;
  if (/[LW#]/.test(text)) throw new ScheduleExpressionError(`"${expression}": ${field.name} "${text}": L, W and # are not supported here`);
  const value = (token: string): number => {
    const named = field.names?.indexOf(token.toUpperCase()) ?? -1;
    const n = named >= 0 ? named + field.min : /^\d+$/.test(token) ? Number(token) : NaN;
    if (!Number.isInteger(n) || n < field.min || n > field.max) {
      throw new ScheduleExpressionError(`"${expression}": ${field.name} "${token}" is not in ${field.min}..${field.max}`);
    }
    return n;
  };
  const allowed = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new ScheduleExpressionError(`"${expression}": ${field.name} step "${stepText}" must be a positive integer`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [field.min, field.max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      [from, to] = [value(a), value(b)];
    } else [from, to] = [value(range), stepText === undefined ? value(range) : field.max];
    if (from > to) throw new ScheduleExpressionError(`"${expression}": ${field.name} range "${range}" runs backwards`);
    for (let v = from; v <= to; v += step) allowed.add(v);
  }
  return allowed;
}

function parseCron(expression: string, parts: string[]): ScheduleExpression {
  if (parts.length !== 6)
    throw new ScheduleExpressionError(`"${expression}": cron takes 6 fields (minutes hours day-of-month month day-of-week year)`);
  const [minutes, hours, dom, month, dow, year] = parts.map((p, i) => parseField(expression, p, FIELDS[i]!));
  if (parts[2] !== '?' && parts[4] !== '?') {
    throw new ScheduleExpressionError(`"${expression}": one of day-of-month and day-of-week must be "?"`);
  }
  const has = (set: Set<number> | undefined, v: number) => set === undefined || set.has(v);
  return {
    next(after) {
      const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
      // At most a few hundred steps per year searched: whole months, days and hours are skipped.
      for (let guard = 0; guard < 100_000; guard++) {
        const y = t.getUTCFullYear();
        if (y > 2199) break;
        if (!has(year, y)) {
          t.setUTCFullYear(y + 1, 0, 1);
          t.setUTCHours(0, 0, 0, 0);
        } else if (!has(month, t.getUTCMonth() + 1)) {
          t.setUTCMonth(t.getUTCMonth() + 1, 1);
          t.setUTCHours(0, 0, 0, 0);
        } else if (!has(dom, t.getUTCDate()) || !has(dow, t.getUTCDay() + 1)) {
          t.setUTCDate(t.getUTCDate() + 1);
          t.setUTCHours(0, 0, 0, 0);
        } else if (!has(hours, t.getUTCHours())) {
          t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
        } else if (!has(minutes, t.getUTCMinutes())) {
          t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
        } else {
          return t;
        }
      }
      throw new ScheduleExpressionError(`"${expression}" never fires after ${after.toISOString()}`);
    },
  };
}
