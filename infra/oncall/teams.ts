import type { OnCallInput } from '../../shared/oncall/model';

/** Who owns what: security findings (every detection's alerts) and the pipeline itself (its heartbeat, delivery failures). */
export const SECOPS_TEAM = 'vigil-secops';
export const PLATFORM_TEAM = 'vigil-platform';

export const TEAMS = [
  {
    name: SECOPS_TEAM,
    description: "Security on-call: triages Vigil's findings with their runbooks (docs/runbooks/) and runs incidents.",
    members: [
      { username: 'ana.silva@vigil.example', role: 'admin' },
      { username: 'bo.chen@vigil.example', role: 'user' },
      { username: 'chidi.okafor@vigil.example', role: 'user' },
      { username: 'dana.weiss@vigil.example', role: 'user' },
      { username: 'grace.lee@vigil.example', role: 'admin' },
    ],
  },
  {
    name: PLATFORM_TEAM,
    description: 'Pipeline on-call: keeps Vigil itself running (heartbeat, delivery failures, dead letters, quarantine).',
    members: [
      { username: 'emil.novak@vigil.example', role: 'admin' },
      { username: 'farah.haddad@vigil.example', role: 'user' },
      { username: 'dana.weiss@vigil.example', role: 'user' },
    ],
  },
] satisfies OnCallInput['teams'];
