import { parseArgs } from 'node:util';
import { ON_CALL } from '../../infra/oncall';
import { OPSGENIE_FLAVOURS, type OpsGenieFlavour } from '../../shared/alerts/opsgenie/endpoint';
import { ConfigError } from '../../shared/config/errors';
import { OnCallApi, OnCallError, applyOnCall, planOnCall, renderPlan, validateOnCall, type OnCall } from '../../shared/oncall';
import type { Command } from './types';

const USAGE = `usage: vigil oncall validate
       vigil oncall plan  [--base-url URL] [--flavour opsgenie|jsm]
       vigil oncall apply [--base-url URL] [--flavour opsgenie|jsm]

On-call as code (infra/oncall/): teams, schedules with their rotations, escalation policies and each
stage's heartbeat.

  validate   checks the definition: unique names, every team with a schedule and an escalation policy,
             every member, participant and recipient defined, no gap in any schedule's coverage
  plan       reads OpsGenie's current state and prints what apply would create (+), change (~, or ±
             replace) and delete (-): only resources Vigil made are ever deleted
  apply      makes those changes, in dependency order: teams, schedules with rotations, escalations,
             heartbeats (deletes last, in reverse); a plan right after is empty

The key is read from the environment variable OPSGENIE_API_KEY: an account API key with configuration
access (an integration key cannot manage teams). It is never printed.

options:
  --base-url URL   OpsGenie's API host: https://api.opsgenie.com (default) or https://api.eu.opsgenie.com
  --flavour F      opsgenie (default); jsm is refused: Jira Service Management keeps its on-call
                   configuration in another API (see docs/incident-response/README.md)
  -h, --help       this help

Exit codes: 0 done (plan: printed), 1 invalid definition, refused or failed request, 2 bad usage.
`;

function summary(onCall: OnCall): string {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  return [
    n(onCall.users.length, 'user'),
    n(onCall.teams.length, 'team'),
    n(onCall.schedules.length, 'schedule'),
    n(onCall.escalations.length, 'escalation'),
    n(onCall.heartbeats.length, 'heartbeat'),
  ].join(', ');
}

function api(values: { 'base-url'?: string | undefined; flavour?: string | undefined }): OnCallApi {
  const flavour = (values.flavour ?? 'opsgenie') as OpsGenieFlavour;
  if (!(flavour in OPSGENIE_FLAVOURS)) throw new ConfigError(`unknown flavour "${flavour}" (opsgenie or jsm)`);
  const apiKey = process.env.OPSGENIE_API_KEY ?? '';
  if (apiKey.trim() === '') throw new ConfigError('set OPSGENIE_API_KEY to an OpsGenie API key with configuration access');
  return new OnCallApi({ apiKey, flavour, ...(values['base-url'] === undefined ? {} : { baseUrl: values['base-url'] }) });
}

export const oncallCommand: Command = {
  summary: 'validate, plan or apply on-call as code (infra/oncall/) against OpsGenie',
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { 'base-url': { type: 'string' }, flavour: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      });
    } catch (error) {
      process.stderr.write(`vigil oncall: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const [action, ...extra] = positionals;
    if (!['validate', 'plan', 'apply'].includes(action ?? '') || extra.length > 0) {
      const what = action === undefined ? 'no subcommand given' : `unknown subcommand "${positionals.join(' ')}"`;
      process.stderr.write(`vigil oncall: ${what}\n\n${USAGE}`);
      return 2;
    }
    try {
      const onCall = validateOnCall(ON_CALL);
      if (action === 'validate') {
        process.stdout.write(`infra/oncall/ is valid: ${summary(onCall)}\n`);
        return 0;
      }
      const client = api(values);
      if (action === 'plan') {
        const plan = planOnCall(onCall, await client.current());
        process.stdout.write(renderPlan(plan));
        return plan.blockers.length === 0 ? 0 : 1;
      }
      const plan = await applyOnCall(client, onCall, (c) => process.stdout.write(`${c.action}d ${c.kind} "${c.name}"\n`));
      process.stdout.write(
        plan.changes.length === 0 ? 'No changes: OpsGenie matched infra/oncall/ already.\n' : `Applied ${plan.changes.length} change(s).\n`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof OnCallError || error instanceof ConfigError)) throw error;
      process.stderr.write(`vigil oncall ${action}: ${error.message}\n`);
      return 1;
    }
  },
};
