import type { TelemetryRecord } from './telemetryRecord';

export const EXPOSURE_EVENT = 'experiment_exposure';
export const CONVERSION_EVENT = 'experiment_conversion';

/** What the assignment hashes (events/telemetry/catalogue.ts assignmentUnit). */
export type AssignmentUnit = 'user' | 'device' | 'session';

interface Base {
  readonly eventId: string;
  readonly experimentKey: string;
  readonly variant: string;
  readonly assignmentUnit: AssignmentUnit;
  /** `<assignment unit>:<id>`; undefined when the event lacks the id its unit needs (a user not signed in). */
  readonly unit: string | undefined;
  readonly time: number;
}

export type ExperimentObservation =
  | (Base & { readonly type: 'exposure' })
  | (Base & { readonly type: 'conversion'; readonly goal: string });

/** The id an event gives to its assignment unit. */
function unitId(record: TelemetryRecord, unit: AssignmentUnit): string | undefined {
  const id = unit === 'user' ? record.userPseudonym : unit === 'session' ? record.sessionId : record.deviceId;
  return id === undefined ? undefined : `${unit}:${id}`;
}

/** An exposure or a conversion, from a record the spec accepted; undefined for every other event. */
export function experimentObservation(record: TelemetryRecord): ExperimentObservation | undefined {
  if (record.name !== EXPOSURE_EVENT && record.name !== CONVERSION_EVENT) return undefined;
  const p = record.properties;
  const assignmentUnit = p.assignmentUnit as AssignmentUnit;
  const base: Base = {
    eventId: record.eventId,
    experimentKey: String(p.experimentKey),
    variant: String(p.variant),
    assignmentUnit,
    unit: unitId(record, assignmentUnit),
    time: Date.parse(record.timestamp),
  };
  return record.name === EXPOSURE_EVENT ? { ...base, type: 'exposure' } : { ...base, type: 'conversion', goal: String(p.goal) };
}
