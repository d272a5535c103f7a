import { z } from 'zod';

/**
 * The parameters of a time-of-day reference (shared/detections/baseline.ts referenceFor), written
 * once for every baseline detection that uses one; `what` names the history ("reads", "failures").
 * Spread them into the detection's parameter object.
 */
export function referenceParameters(what: string) {
  return {
    lookbackDays: z.number().int().min(1).max(30).default(14).describe(`Days of hourly ${what} history the reference is taken from`),
    minHistoryDays: z
      .number()
      .int()
      .min(1)
      .max(30)
      .default(3)
      .describe(`Days with ${what} needed before the time-of-day profile is the reference; before that, the peak hour of any time is`),
    hourSpread: z
      .number()
      .int()
      .min(0)
      .max(11)
      .default(1)
      .describe("Hours on either side of the window's hour of day that the time-of-day profile reads"),
    settleHours: z
      .number()
      .int()
      .min(1)
      .max(24)
      .default(2)
      .describe('Hours just before the window left out of the reference: late events may still be arriving for them'),
  };
}
