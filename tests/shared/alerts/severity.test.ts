import {
  compareSeverity,
  isSeverity,
  severityFromOcsf,
  severityFromOpsGeniePriority,
  shouldPage,
  toOcsfSeverity,
  toOpsGeniePriority,
} from '../../../shared/alerts';
import { SEVERITIES, type Severity } from '../../../shared/findings/types';

describe('Module: severity', () => {
  it.each([
    ['critical', 'P1', 5, 'Critical'],
    ['high', 'P2', 4, 'High'],
    ['medium', 'P3', 3, 'Medium'],
    ['low', 'P4', 2, 'Low'],
    ['info', 'P5', 1, 'Informational'],
  ] as const)('maps %s to OpsGenie %s and OCSF %i %s, and back', (severity, priority, id, label) => {
    expect(toOpsGeniePriority(severity)).toBe(priority);
    expect(toOcsfSeverity(severity)).toEqual({ severity_id: id, severity: label });
    expect(severityFromOpsGeniePriority(priority)).toBe(severity);
    expect(severityFromOcsf(id)).toBe(severity);
  });

  it('folds OCSF 6 Fatal into critical and refuses Unknown/Other', () => {
    expect(severityFromOcsf(6)).toBe('critical');
    expect(() => severityFromOcsf(0)).toThrow(TypeError);
    expect(() => severityFromOcsf(99)).toThrow(TypeError);
  });

  it('pages only critical and high by default', () => {
    const paged = SEVERITIES.filter((s) => shouldPage(s));
    expect(paged).toEqual(['critical', 'high']);
  });

  it('pages at or above a configured threshold', () => {
    expect(SEVERITIES.filter((s) => shouldPage(s, 'medium'))).toEqual(['critical', 'high', 'medium']);
    expect(SEVERITIES.filter((s) => shouldPage(s, 'critical'))).toEqual(['critical']);
    expect(SEVERITIES.filter((s) => shouldPage(s, 'info'))).toEqual([...SEVERITIES]);
  });

  it('orders severities and rejects unknown ones', () => {
    expect(compareSeverity('critical', 'high')).toBeGreaterThan(0);
    expect(compareSeverity('info', 'low')).toBeLessThan(0);
    expect(compareSeverity('medium', 'medium')).toBe(0);
    expect(isSeverity('high')).toBe(true);
    expect(isSeverity('P1')).toBe(false);
    expect(() => shouldPage('urgent' as Severity)).toThrow(/Unknown severity/);
    expect(() => toOpsGeniePriority('urgent' as Severity)).toThrow(TypeError);
  });
});
