import { ON_CALL } from '../../../infra/oncall';
import { DEFAULT_PAGE_AT_OR_ABOVE, OPSGENIE_PRIORITY, shouldPage, toOpsGeniePriority } from '../../../shared/alerts/severity';
import { SEVERITIES } from '../../../shared/findings/severity';
import { RESPONSE_SLAS, severityLevels } from '../../../shared/oncall';

test("each severity level carries the routing's priority and paging, most severe first", () => {
  const levels = severityLevels();
  expect(levels.map((l) => l.severity)).toEqual([...SEVERITIES]);
  for (const level of levels) {
    expect(level.priority).toBe(toOpsGeniePriority(level.severity));
    expect(level.pages).toBe(shouldPage(level.severity, DEFAULT_PAGE_AT_OR_ABOVE));
  }
  expect(
    severityLevels('critical')
      .filter((l) => l.pages)
      .map((l) => l.severity),
  ).toEqual(['critical']);
});

test('what pages is answered around the clock within minutes, and opens an incident; what does not page, does not', () => {
  for (const level of severityLevels()) {
    expect(level.hours === '24/7').toBe(level.pages);
    expect(level.incident).toBe(level.pages);
    if (level.pages) expect(level.acknowledgeMinutes).toBeLessThanOrEqual(15);
    expect(level.resolveHours * 60).toBeGreaterThan(level.acknowledgeMinutes);
  }
  const acks = severityLevels().map((l) => l.acknowledgeMinutes);
  expect([...acks].sort((a, b) => a - b)).toEqual(acks);
});

test("the escalations call the next line when the P1 acknowledge SLA runs out; the heartbeat's expiry is SEV1", () => {
  for (const escalation of ON_CALL.escalations) {
    expect(escalation.rules[0]!.delayMinutes).toBe(0);
    expect(escalation.rules[1]!.delayMinutes).toBe(RESPONSE_SLAS.critical.acknowledgeMinutes);
  }
  for (const heartbeat of ON_CALL.heartbeats) expect(heartbeat.alertPriority).toBe(OPSGENIE_PRIORITY.critical);
});
