export { actorOf, succeeded } from './cloudTrailRecord';
export type { CloudTrailEnvelope, CloudTrailRecord } from './cloudTrailRecord';
export { DETECTION_KINDS, runbookFor } from './definition';
export type { DetectionDefinition, DetectionKind } from './definition';
export type {
  Detection,
  DetectionHit,
  ParameterSchema,
  SequenceDetection,
  SequenceState,
  StatefulDetection,
  StatefulHit,
  StatelessDetection,
  TriggerPattern,
  WindowDetection,
} from './detection';
export { DetectionEngine } from './DetectionEngine';
export type { ConfiguredDetection, StreamObservation } from './DetectionEngine';
export { DetectionError, DetectionRegistryError } from './errors';
export type { KeyState, Observation, StateMember } from './observation';
export { parseDetectionOverrides, resolveParameters } from './overrides';
export type { DetectionOverride, DetectionOverrides } from './overrides';
export { DETECTIONS } from './rules';
export { GUARDDUTY_FINDING, guarddutyFinding } from './rules/guarddutyFinding';
export type { GuardDutyDecision, GuardDutyFindingParams } from './rules/guarddutyFinding';
export { GuardDutyRelay } from './GuardDutyRelay';
export type { RelayOutcome } from './GuardDutyRelay';
export { RELAYED_DETECTIONS, TUNABLE_DETECTIONS, configureRelay } from './relayed';
export type { ConfiguredRelay, RelayedDetection, TunableDetection } from './relayed';
export { SecurityDetector } from './SecurityDetector';
export type { BatchOutcome, DetectorMetrics, DetectorOutcome } from './SecurityDetector';
export { SECURITY_METRICS, SecurityMetrics, consoleSignInOf, isLoggingTamper, isRootActivity } from './securityMetrics';
export type { ConsoleSignIn } from './securityMetrics';
export { StatefulEngine } from './StatefulEngine';
export type { StatefulEngineOptions, StatefulOutcome } from './StatefulEngine';
export { MAX_MEMBERS_PER_BUCKET } from './state/DetectionStateStore';
export type { DetectionStateStore, StateUpdate } from './state/DetectionStateStore';
export { DynamoDetectionStateStore } from './state/DynamoDetectionStateStore';
export { InMemoryDetectionStateStore } from './state/InMemoryDetectionStateStore';
export { thresholdGroups } from './windows';
export type { ThresholdGroup } from './windows';
