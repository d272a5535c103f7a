import type { Heartbeat } from '../../shared/oncall/model';
import { PLATFORM_TEAM } from './teams';

/**
 * Vigil's own liveness, as code: one OpsGenie heartbeat per stage, pinged by functions/heartbeat every
 * {@link HEARTBEAT_PING_MINUTES} minutes. OpsGenie raises the expiry alert when no ping arrives within
 * the interval, three pings long, so one lost ping (a cold start, a throttled request) does not page.
 *
 * What a ping proves: the schedule fires, the function starts with its configuration and secret, and
 * OpsGenie is reachable with the key. What it does not: that detectors see events (drills and the
 * pipeline-delivery-failures alarm cover that). The expiry alert is P1 (SEV1, "Vigil is blind") and goes
 * to the platform team.
 *
 * Jira Service Management: its Opsgenie-compatible integration API (the alert path Vigil uses) has no
 * heartbeat ping; JSM's heartbeats live in its ops REST API under `/jsm/ops/api/{cloudId}/v1`, with
 * Atlassian account auth (shared/alerts/opsgenie/endpoint.ts). With the jsm flavour the function does not
 * ping: it logs an error and counts `HeartbeatUnsupported` on every run, and `vigil oncall apply` refuses
 * the flavour. Moving a stage to JSM therefore needs the JSM heartbeat API first (docs/incident-response/).
 */
export const HEARTBEAT_PING_MINUTES = 5;
const MISSED_PINGS_BEFORE_ALERT = 3;

/** The stages deployed from infra/config/<stage>.yml (a test keeps the list and the folder in step). */
export const DEPLOYED_STAGES = ['dev', 'staging', 'prod'] as const;

export function pipelineHeartbeat(stage: string): Heartbeat {
  const interval = HEARTBEAT_PING_MINUTES * MISSED_PINGS_BEFORE_ALERT;
  return {
    name: `vigil-${stage}-pipeline`,
    description: `Vigil ${stage}: pinged every ${HEARTBEAT_PING_MINUTES} minutes by functions/heartbeat.`,
    interval,
    intervalUnit: 'minutes',
    enabled: true,
    ownerTeam: PLATFORM_TEAM,
    alertMessage: `Vigil ${stage} is silent: no heartbeat for ${interval} minutes`,
    alertTags: ['vigil', `stage:${stage}`, 'heartbeat', 'pipeline-liveness'],
    alertPriority: 'P1',
  };
}
