import type { OnCallInput } from '../../shared/oncall/model';

/**
 * The people on call, by their OpsGenie username. `vigil oncall apply` does not invite anyone: a plan that
 * names a user the account lacks stops with the list (invite them in OpsGenie first). Placeholder
 * addresses until the teams' real rosters are filled in.
 */
export const USERS = [
  { username: 'ana.silva@vigil.example', fullName: 'Ana Silva' },
  { username: 'bo.chen@vigil.example', fullName: 'Bo Chen' },
  { username: 'chidi.okafor@vigil.example', fullName: 'Chidi Okafor' },
  { username: 'dana.weiss@vigil.example', fullName: 'Dana Weiss' },
  { username: 'emil.novak@vigil.example', fullName: 'Emil Novak' },
  { username: 'farah.haddad@vigil.example', fullName: 'Farah Haddad' },
  { username: 'grace.lee@vigil.example', fullName: 'Grace Lee (head of security)' },
] satisfies OnCallInput['users'];
