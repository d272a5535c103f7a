import type { OnCallInput } from '../../shared/oncall/model';
import { ESCALATIONS } from './escalations';
import { DEPLOYED_STAGES, pipelineHeartbeat } from './heartbeat';
import { SCHEDULES } from './schedules';
import { TEAMS } from './teams';
import { USERS } from './users';

/**
 * On-call as code: the whole definition `vigil oncall validate | plan | apply` works on, and the
 * Incident Response Playbook's escalation paths are generated from (docs/incident-response/).
 * One OpsGenie account serves every stage: the teams, schedules and escalations are shared, and each
 * deployed stage has its own heartbeat.
 */
export const ON_CALL: OnCallInput = {
  users: USERS,
  teams: TEAMS,
  schedules: SCHEDULES,
  escalations: ESCALATIONS,
  heartbeats: DEPLOYED_STAGES.map(pipelineHeartbeat),
};

export { DEPLOYED_STAGES, HEARTBEAT_PING_MINUTES, pipelineHeartbeat } from './heartbeat';
