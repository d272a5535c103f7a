import { replayCommand } from './replay';
import { telemetryCommand } from './telemetry';
import { testPatternCommand } from './testPattern';
import type { Command } from './types';

export const COMMANDS: Record<string, Command> = {
  replay: replayCommand,
  'test-pattern': testPatternCommand,
  telemetry: telemetryCommand,
};
