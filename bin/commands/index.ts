import { auditCommand } from './audit';
import { crashesCommand } from './crashes';
import { drillCommand } from './drill';
import { driftCommand } from './drift';
import { modelCommand } from './model';
import { experimentsCommand } from './experiments';
import { oncallCommand } from './oncall';
import { decryptCommand } from './decrypt';
import { eraseCommand } from './erase';
import { replayCommand } from './replay';
import { telemetryCommand } from './telemetry';
import { testPatternCommand } from './testPattern';
import type { Command } from './types';

export const COMMANDS: Record<string, Command> = {
  audit: auditCommand,
  replay: replayCommand,
  'test-pattern': testPatternCommand,
  drift: driftCommand,
  telemetry: telemetryCommand,
  model: modelCommand,
  crashes: crashesCommand,
  experiments: experimentsCommand,
  oncall: oncallCommand,
  drill: drillCommand,
  decrypt: decryptCommand,
  erase: eraseCommand,
};
