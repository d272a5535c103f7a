import { z } from 'zod';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * When a scheduled drill may start: on these days, from `fromHour` until `toHour` (local hours in
 * `timeZone`, an IANA name). A drill pages on-call exactly as a real finding would, so it must start in
 * working hours, when a page is expected and cheap, never at 3 a.m. or at the weekend. `"any"` lifts it.
 */
export const DrillWindowSchema = z.union([
  z.literal('any'),
  z
    .object({
      days: z.array(z.enum(WEEKDAYS)).min(1).default(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']),
      fromHour: z.number().int().min(0).max(23).default(10),
      toHour: z.number().int().min(1).max(24).default(16),
      timeZone: z
        .string()
        .default('UTC')
        .refine((zone) => knownTimeZone(zone), { message: 'not an IANA time zone (e.g. "UTC", "Europe/Berlin")' }),
    })
    .strict()
    .refine((w) => w.fromHour < w.toHour, { message: 'fromHour must be before toHour' }),
]);

export type DrillWindow = z.infer<typeof DrillWindowSchema>;

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Whether `at` (epoch ms) falls in the window: its weekday and hour read in the window's time zone. */
export function inDrillWindow(at: number, window: DrillWindow): boolean {
  if (window === 'any') return true;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: window.timeZone,
    weekday: 'short',
    hour: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const weekday = parts.find((p) => p.type === 'weekday')?.value as Weekday | undefined;
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  return weekday !== undefined && window.days.includes(weekday) && hour >= window.fromHour && hour < window.toHour;
}
