import { DEFAULT_PAGE_AT_OR_ABOVE } from '../../../shared/alerts';
import { AlertRouterConfigSchema as RouterConfigSchema } from '../../../functions/alert-router/manifest';
import { SEVERITIES, compareSeverity, isSeverity, moreSevere, severityRank } from '../../../shared/findings';
import { parseLocalConfig } from '../../../infra/local/runtime/localConfig';

describe('Module: findings/severity', () => {
  it('ranks the scale info 0 … critical 4 and refuses what is not on it', () => {
    expect(SEVERITIES.map(severityRank)).toEqual([4, 3, 2, 1, 0]);
    expect(() => severityRank('P1' as never)).toThrow(/Unknown severity "P1"/);
    expect(isSeverity('low')).toBe(true);
    expect(isSeverity('fatal')).toBe(false);
  });

  it('compares and picks the more severe of two, the first on a tie', () => {
    expect(compareSeverity('high', 'medium')).toBeGreaterThan(0);
    expect(moreSevere('low', 'critical')).toBe('critical');
    expect(moreSevere('critical', 'low')).toBe('critical');
    expect(moreSevere('medium', 'medium')).toBe('medium');
  });

  it('one paging default for the router config and the local runtime', () => {
    expect(DEFAULT_PAGE_AT_OR_ABOVE).toBe('high');
    expect(RouterConfigSchema.shape.PAGE_AT_OR_ABOVE.parse(undefined)).toBe(DEFAULT_PAGE_AT_OR_ABOVE);
    expect(parseLocalConfig({}).pageAtOrAbove).toBe(DEFAULT_PAGE_AT_OR_ABOVE);
  });
});
