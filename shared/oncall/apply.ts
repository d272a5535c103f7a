import type { OnCallApi } from './configApi';
import { OnCallError } from './errors';
import type { OnCall } from './model';
import { planOnCall, type OnCallChange, type OnCallPlan } from './plan';

/**
 * `vigil oncall apply`: reads what OpsGenie holds, plans (plan.ts) and makes each change in the plan's
 * order (teams, schedules with their rotations, escalations, heartbeats; deletes last, in reverse). One
 * change at a time: each may name what the one before created. A failure stops the run there; what was
 * done stays done, and the next plan shows what is left (every change is idempotent to repeat by name).
 */
async function applyOnCall(
  api: Pick<OnCallApi, 'current' | 'apply'>,
  onCall: OnCall,
  onChange: (change: OnCallChange) => void = () => {},
): Promise<OnCallPlan> {
  const plan = planOnCall(onCall, await api.current());
  if (plan.blockers.length > 0) throw new OnCallError(`nothing applied: ${plan.blockers.join('; ')}`);
  for (const change of plan.changes) {
    await api.apply(change);
    onChange(change);
  }
  return plan;
}

export { applyOnCall };
