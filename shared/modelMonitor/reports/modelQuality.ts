import { z } from 'zod';
import {
  ModelCheckError,
  type ModelQualityConstraints,
  type ModelQualityStatistics,
  parseModelQualityConstraints,
  parseModelQualityStatistics,
} from '../check';
import { ReportError } from '../errors';
import { parseReport } from './parseReport';

/**
 * A model-quality run's statistics.json and its baseline's constraints.json (the schemas of
 * shared/modelMonitor/check/modelQualityFiles.ts), their errors as ReportError naming the object.
 */
export function parseModelQualityStatisticsReport(text: string, location: string): ModelQualityStatistics {
  return asReportError(location, () => parseModelQualityStatistics(parseReport(text, z.unknown(), location, 'statistics.json'), location));
}

export function parseModelQualityConstraintsReport(text: string, location: string): ModelQualityConstraints {
  return asReportError(location, () =>
    parseModelQualityConstraints(parseReport(text, z.unknown(), location, 'constraints.json'), location),
  );
}

function asReportError<T>(location: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ModelCheckError) throw new ReportError(location, error.message.replace(`${location}: `, ''), { cause: error });
    throw error;
  }
}
