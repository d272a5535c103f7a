import { auditCommand } from './audit';
import { driftCommand } from './drift';
import { oncallCommand } from './oncall';
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
  oncall: oncallCommand,
};
