import { parseArgs } from 'node:util';
import { LocalConfigError } from '../../infra/local/runtime/errors';
import { readLocalConfig } from '../../infra/local/runtime/localConfig';
import { ConfigError } from '../../shared/config/errors';
import { DrillError, renderDrillTable, type DrillReport } from '../../shared/drill';
import { runLocalDrill } from './drillLocal';
import { runStageDrill } from './drillStage';
import type { Command } from './types';

const USAGE = `usage: vigil drill (--all | --detection ID...) [--json] [--config FILE]
       vigil drill (--all | --detection ID...) --stage S --region R [--json] [--wait SECONDS]

Tests the alert path: sends one synthetic finding per detection, marked as a drill (title "[DRILL] ...",
OpsGenie tag "drill", OCSF label "drill" and unmapped.drill), through the real alert router (put on the
Vigil bus, routed by the alert-router function), verifies that it reached OpsGenie and the SIEM, prints
a table (detection, OpsGenie, SIEM, latency, verdict), then closes the drill alerts (OpsGenie close by
alias, an OCSF Close record). A drill pages exactly when a real finding of its severity would, outside
suppression and maintenance windows, and never counts towards a detection's flapping guard or hourly cap.

Without --stage: the whole pipeline on the embedded runtime, with an OpsGenie stand-in and a Splunk HEC
stand-in (indexer acknowledgement on); verified through OpsGenie's request-status API and HEC's
acknowledgement as in a stage, and against the requests the stand-ins captured. Needs no AWS and no
configuration.
With --stage S --region R: on the deployed stage (its serverless.yml params name the endpoints and the
secrets; AWS credentials from the usual environment). The drill waits for the router's receipts in the
stage's Outbox table, then asks OpsGenie about each create's requestId.

options:
  --all              every detection: the registered and relayed ones and the pipeline's own
  --detection ID     this detection (repeatable)
  --json             the result as JSON instead of the table
  --config FILE      local configuration (as vigil replay's): stage, pageAtOrAbove, routing, a real opsgenie or siem
  --stage S          drill a deployed stage instead (with --region)
  --region R         the stage's region
  --wait SECONDS     with --stage: how long to wait for receipts and OpsGenie's processing (default 60)
  -h, --help         this help

Exit codes: 0 every drill passed, 1 a drill failed (or could not run), 2 bad usage.
`;

export const drillCommand: Command = {
  summary: 'send a marked drill finding per detection through the real router and verify OpsGenie and the SIEM got it',
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          all: { type: 'boolean' },
          detection: { type: 'string', multiple: true },
          json: { type: 'boolean' },
          config: { type: 'string' },
          stage: { type: 'string' },
          region: { type: 'string' },
          wait: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      }));
    } catch (error) {
      process.stderr.write(`vigil drill: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const problem = usageProblem(values);
    if (problem !== undefined) {
      process.stderr.write(`vigil drill: ${problem}\n\n${USAGE}`);
      return 2;
    }
    const detections = values.all ? undefined : values.detection;
    let report: DrillReport;
    try {
      report =
        values.stage === undefined
          ? (
              await runLocalDrill({
                ...(detections ? { detections } : {}),
                ...(values.config ? { config: readLocalConfig(values.config) } : {}),
              })
            ).report
          : await runStageDrill({
              stage: values.stage,
              region: values.region!,
              ...(detections ? { detections } : {}),
              ...(values.wait === undefined ? {} : { waitSeconds: Number(values.wait) }),
            });
    } catch (error) {
      if (!(error instanceof DrillError || error instanceof ConfigError || error instanceof LocalConfigError)) throw error;
      process.stderr.write(`vigil drill: ${error.message}\n`);
      return 1;
    }
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderDrillTable(report));
    return report.verdict === 'pass' ? 0 : 1;
  },
};

function usageProblem(values: { all?: boolean; detection?: string[]; stage?: string; region?: string; wait?: string; config?: string }) {
  if (values.all && values.detection) return '--all and --detection exclude each other';
  if (!values.all && !values.detection) return 'say which detections: --all or --detection ID';
  if ((values.stage === undefined) !== (values.region === undefined)) return '--stage and --region go together';
  if (values.stage !== undefined && values.config !== undefined)
    return '--config is for a local drill; a stage has its serverless.yml params';
  if (values.wait !== undefined && !(Number(values.wait) > 0 && Number(values.wait) <= 900)) return '--wait takes 1 to 900 seconds';
  return undefined;
}
