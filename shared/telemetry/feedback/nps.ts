/** Net Promoter Score bands on the 0-10 "how likely are you to recommend" scale. */
export const PROMOTER_MIN = 9;
export const DETRACTOR_MAX = 6;

export interface NpsSummary {
  readonly responses: number;
  /** 9-10 */
  readonly promoters: number;
  /** 7-8 */
  readonly passives: number;
  /** 0-6 */
  readonly detractors: number;
  /** % promoters − % detractors, from −100 to 100; null without responses. */
  readonly score: number | null;
}

/** The NPS of a list of scores: promoters 9-10, detractors 0-6, score = %P − %D. */
export function netPromoterScore(scores: Iterable<number>): NpsSummary {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const s of scores) {
    if (s >= PROMOTER_MIN) promoters += 1;
    else if (s <= DETRACTOR_MAX) detractors += 1;
    else passives += 1;
  }
  const responses = promoters + passives + detractors;
  return { responses, promoters, passives, detractors, score: responses > 0 ? ((promoters - detractors) / responses) * 100 : null };
}
