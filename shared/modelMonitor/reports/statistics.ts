import { InvalidStatisticsError, parseStatisticsFile, type StatisticsFile } from '../../drift';
import { ReportError } from '../errors';
import { parseReport } from './parseReport';
import { z } from 'zod';

/**
 * A data-quality statistics.json (a run's or the baseline's): the drift statistics' own parser
 * (shared/drift/statisticsFile.ts), its errors as ReportError naming the object.
 */
export function parseStatistics(text: string, location: string): StatisticsFile {
  const value = parseReport(text, z.unknown(), location, 'statistics.json');
  try {
    return parseStatisticsFile(value, location);
  } catch (error) {
    if (error instanceof InvalidStatisticsError)
      throw new ReportError(location, error.message.replace(`${location}: `, ''), { cause: error });
    throw error;
  }
}
