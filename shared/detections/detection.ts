import type { z } from 'zod';
import type { EvidenceValue, Severity } from '../findings/types';
import type { CloudTrailEnvelope } from './cloudTrailRecord';
import type { DetectionDefinition } from './definition';
import type { KeyState, Observation, StateMember } from './observation';
import type { HourlyRollup } from './baseline';
import type { ThresholdGroup } from './windows';

/**
 * A detection's tunable parameters: a strict zod object with a default for every key, so that
 * `parse({})` gives the defaults and a stage override naming an unknown key fails at cold start.
 */
export type ParameterSchema<P> = z.ZodType<P> & { readonly shape: Readonly<Record<string, z.ZodType>> };

/** An EventBridge event pattern (shared/eventPattern): all triggers are matched in one RuleSet. */
export type TriggerPattern = Readonly<Record<string, unknown>>;

interface DetectionBase<P> {
  readonly definition: DetectionDefinition;
  readonly parameters: ParameterSchema<P>;
  /** The events the detection reads. An event no trigger matches runs no detection code at all. */
  readonly trigger: TriggerPattern;
}

/** What every stateful kind shares. */
interface StatefulBase<P> extends DetectionBase<P> {
  /**
   * Minutes of event time one state item (bucket) covers, dividing 60; 1 by default. Members keep
   * their own time, so windows stay exact; a wider bucket only means fewer items, hence fewer writes
   * per batch for a key seen every minute (a bucket holds at most MAX_MEMBERS_PER_BUCKET members).
   */
  readonly bucketMinutes?: number;
}

/** What a finding says, whatever the kind that raised it. */
interface HitDescription {
  subject: string;
  dedupKey: string;
  /** Set once, when the finding opens: depends on the group, not on which event came first. */
  description: string;
  /** Raise above the default (e.g. Root); never lowers it. */
  severity?: Severity;
  /**
   * A variant the catalogue rates below the detection's default (a failed attempt, a weaker signal):
   * the finding is at most this severe. Applied after `severity`, and to a stage's severity too.
   */
  lowerTo?: Severity;
  resources: string[];
  evidence: Record<string, EvidenceValue>;
}

/** What a stateless detection concludes from one event. */
export type DetectionHit = HitDescription;

/** What a stateful decision concludes from a key's aggregated state. */
export interface StatefulHit extends HitDescription {
  /** Envelope source, account and region of the finding: from the group, never from whichever event came first. */
  source: string;
  account: string;
  region?: string;
  /** The events behind the hit: each becomes an occurrence (the finding's count and eventIds). */
  members: readonly StateMember[];
  /**
   * Event time (ms) the finding is placed at, for every member; by default each member's own time.
   * A sequence anchors at its last step so that the whole sequence lands in one finding.
   */
  anchor?: number;
  /** Window detections: where the threshold was reached (what a sequence's first step reads). */
  groups?: readonly ThresholdGroup[];
}

export interface StatelessDetection<P = unknown> extends DetectionBase<P> {
  readonly kind: 'stateless';
  evaluate(event: CloudTrailEnvelope, params: P): DetectionHit | undefined;
}

/** Window and distinct-count detections: observe (pure, per event), then decide per key on the batch's aggregate. */
export interface WindowDetection<P = unknown> extends StatefulBase<P> {
  readonly kind: 'window' | 'distinct-count';
  observe(event: CloudTrailEnvelope, params: P): Observation[];
  /** How far (minutes of event time) on either side of a new observation the decision reads state. */
  horizonMinutes(params: P): number;
  decide(state: KeyState, params: P): StatefulHit[];
}

/** The state a sequence decides on: its own (last-step) members, and the hits of the detections it follows. */
export interface SequenceState extends KeyState {
  readonly preceding: readonly StatefulHit[];
}

/**
 * An ordered sequence: the first step is another detection's window state under the same key (the
 * engine runs that detection's decide), the last step the sequence's own observations.
 */
export interface SequenceDetection<P = unknown> extends StatefulBase<P> {
  readonly kind: 'sequence';
  /** Ids of window detections whose hits are a first step; their keys must be the sequence's keys. */
  readonly precededBy: readonly string[];
  observe(event: CloudTrailEnvelope, params: P): Observation[];
  /** Minutes of event time after the first step within which the last step counts. */
  horizonMinutes(params: P): number;
  decide(state: SequenceState, params: P): StatefulHit[];
}

/** What a baseline decides on: the key's recent members, its candidate windows and its hourly history. */
export interface BaselineState<G extends ThresholdGroup = ThresholdGroup> extends KeyState {
  /** The windows `candidates` returned (above the static floor). */
  readonly candidates: readonly G[];
  /** The key's hourly rollups from lookbackDays before the first candidate to the last (shared/detections/baseline.ts). */
  readonly history: readonly HourlyRollup[];
}

/**
 * A per-subject baseline: members carry an amount and an attribute (baseline.ts baselineValue); the
 * engine keeps an hourly rollup of them per key for lookbackDays. A decision first picks the windows
 * worth a look (above a static floor, so a subject with no history is still covered) from the recent
 * members alone; only when there are some does it read the history and decide.
 */
export interface BaselineDetection<P = unknown, G extends ThresholdGroup = ThresholdGroup> extends StatefulBase<P> {
  readonly kind: 'baseline';
  observe(event: CloudTrailEnvelope, params: P): Observation[];
  /** The window (minutes of event time) the decision counts over. */
  horizonMinutes(params: P): number;
  /** Days of hourly history kept and read. */
  lookbackDays(params: P): number;
  /** Windows of the recent members that reach the static floor; none means no history read, no hit. */
  candidates(state: KeyState, params: P): G[];
  decide(state: BaselineState<G>, params: P): StatefulHit[];
}

export type StatefulDetection<P = unknown> = WindowDetection<P> | SequenceDetection<P> | BaselineDetection<P>;
export type Detection<P = unknown> = StatelessDetection<P> | StatefulDetection<P>;
