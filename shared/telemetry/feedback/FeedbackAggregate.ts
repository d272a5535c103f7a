import type { TelemetryRecord } from '../experiments/telemetryRecord';
import { netPromoterScore, type NpsSummary } from './nps';

export const RATING_EVENT = 'app_rating';
export const NPS_EVENT = 'nps_response';
export const FEEDBACK_EVENT = 'feedback_submitted';

export interface RatingSummary {
  readonly count: number;
  /** null without ratings. */
  readonly mean: number | null;
  /** Ratings per star, "1" to "5". */
  readonly distribution: Readonly<Record<string, number>>;
}

/** One release's feedback. Free text (the NPS comment, the feedback message) is Restricted: only counted, never carried. */
export interface ReleaseFeedback {
  readonly release: string;
  readonly ratings: RatingSummary;
  readonly nps: NpsSummary & { readonly withComment: number };
  readonly feedback: {
    readonly count: number;
    /** Per category the user chose (`uncategorised` when none). */
    readonly byCategory: Readonly<Record<string, number>>;
    /** The stars given with feedback, where given. */
    readonly ratings: RatingSummary;
    /** Feedback tied to a crash or error event, or to a session recording. */
    readonly aboutAnEvent: number;
    readonly aboutARecording: number;
  };
}

interface Tally {
  stars: number[];
  scores: number[];
  comments: number;
  feedbackStars: number[];
  categories: Map<string, number>;
  feedback: number;
  aboutAnEvent: number;
  aboutARecording: number;
}

const STARS = ['1', '2', '3', '4', '5'];

function ratingSummary(stars: readonly number[]): RatingSummary {
  const distribution = Object.fromEntries(STARS.map((s) => [s, 0])) as Record<string, number>;
  for (const s of stars) distribution[String(s)] = (distribution[String(s)] ?? 0) + 1;
  return { count: stars.length, mean: stars.length > 0 ? stars.reduce((a, b) => a + b, 0) / stars.length : null, distribution };
}

/**
 * Ratings, NPS and free-text feedback per release, from records the spec accepted, in any order and
 * with duplicates (an event id counts once). The aggregate holds counts, means and scores only: the
 * text of a comment or a message never enters it, so it is safe to print, store and export.
 */
export class FeedbackAggregate {
  private readonly seen = new Set<string>();
  private readonly releases = new Map<string, Tally>();

  add(record: TelemetryRecord): void {
    if (record.name !== RATING_EVENT && record.name !== NPS_EVENT && record.name !== FEEDBACK_EVENT) return;
    if (this.seen.has(record.eventId)) return;
    this.seen.add(record.eventId);
    const t = this.tally(record.release);
    const p = record.properties;
    if (record.name === RATING_EVENT) t.stars.push(p.rating as number);
    else if (record.name === NPS_EVENT) {
      t.scores.push(p.score as number);
      if (typeof p.comment === 'string' && p.comment.length > 0) t.comments += 1;
    } else {
      t.feedback += 1;
      const category = typeof p.category === 'string' ? p.category : 'uncategorised';
      t.categories.set(category, (t.categories.get(category) ?? 0) + 1);
      if (typeof p.rating === 'number') t.feedbackStars.push(p.rating);
      if (typeof p.associatedEventId === 'string') t.aboutAnEvent += 1;
      if (typeof p.replayId === 'string') t.aboutARecording += 1;
    }
  }

  /** Per release, in release name order. */
  results(): ReleaseFeedback[] {
    return [...this.releases.keys()].sort().map((release) => {
      const t = this.releases.get(release)!;
      const byCategory = Object.fromEntries([...t.categories].sort(([a], [b]) => (a < b ? -1 : 1)));
      return {
        release,
        ratings: ratingSummary(t.stars),
        nps: { ...netPromoterScore(t.scores), withComment: t.comments },
        feedback: {
          count: t.feedback,
          byCategory,
          ratings: ratingSummary(t.feedbackStars),
          aboutAnEvent: t.aboutAnEvent,
          aboutARecording: t.aboutARecording,
        },
      };
    });
  }

  private tally(release: string): Tally {
    let t = this.releases.get(release);
    if (!t) {
      t = {
        stars: [],
        scores: [],
        comments: 0,
        feedbackStars: [],
        categories: new Map(),
        feedback: 0,
        aboutAnEvent: 0,
        aboutARecording: 0,
      };
      this.releases.set(release, t);
    }
    return t;
  }
}
