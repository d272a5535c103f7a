import { z } from 'zod';
import type { CloudTrailRecord } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, actorName, callEvidence, outcomeOf, sameWord, text } from './evasionHelpers';

const SECURITY_HUB = ['BatchUpdateFindings', 'DeleteInsight', 'DisableSecurityHub'];
const MACIE = ['DisableMacie', 'ArchiveFindings', 'CreateFindingsFilter', 'UpdateFindingsFilter', 'UpdateMacieSession'];

/**
 * securityhub-macie-findings-evasion: any attempt (the row does not say success) to suppress Security
 * Hub findings, delete an insight or disable Security Hub; to disable or pause Macie, archive its
 * findings or add a filter that auto-archives them.
 */
export const securityhubMacieFindingsEvasion: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'securityhub-macie-findings-evasion',
    title: 'Security Hub or Macie findings suppressed or service disabled',
    severity: 'high',
    mitre: ['T1562.001'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  // EventBridge names Macie's source aws.macie; the project's replay derives aws.macie2 from the
  // event source: both are indexed, evaluate checks the event source.
  trigger: {
    source: ['aws.securityhub', 'aws.macie', 'aws.macie2'],
    detail: { eventSource: ['securityhub.amazonaws.com', 'macie2.amazonaws.com'], eventName: [...SECURITY_HUB, ...MACIE] },
  },
  evaluate(event) {
    const record = event.detail;
    const change = describeChange(record);
    if (!change) return undefined;
    const account = accountOf(event);
    const region = record.awsRegion;
    const actor = actorName(record);
    const service = record.eventSource === 'macie2.amazonaws.com' ? 'Macie' : 'Security Hub';
    return {
      subject: change.subject ?? `${service} ${account}/${region}`,
      // One actor silencing one service in one region is one incident, however many batches it takes.
      dedupKey: `${account}:${region}:${service}:${actor}`,
      description:
        `${actor} ${change.action} in ${service} in ${region} (account ${account}); the call ${outcomeOf(record)}. ` +
        'Findings that are suppressed, archived or never produced reach nobody.',
      resources: change.subject?.startsWith('arn:') ? [change.subject] : [],
      evidence: { ...callEvidence(record), service, change: change.action, findings: change.findings ?? null },
    } satisfies DetectionHit;
  },
};

interface Change {
  action: string;
  subject?: string;
  findings?: number;
}

function describeChange(record: CloudTrailRecord): Change | undefined {
  const params = record.requestParameters ?? {};
  const count = (value: unknown) => (Array.isArray(value) ? value.length : undefined);
  if (record.eventSource === 'securityhub.amazonaws.com') {
    switch (record.eventName) {
      case 'BatchUpdateFindings': {
        const workflow = params.Workflow as Record<string, unknown> | undefined;
        if (!sameWord(workflow?.Status, 'SUPPRESSED')) return undefined;
        const findings = count(params.FindingIdentifiers);
        return { action: `set ${findings ?? 'some'} finding(s) to workflow status SUPPRESSED`, findings };
      }
      case 'DeleteInsight': {
        const insight = text(params.InsightArn) ?? text(params.insightArn);
        return { action: `deleted insight ${insight ?? text(params.Name) ?? ''}`.trim(), subject: insight };
      }
      case 'DisableSecurityHub':
        return { action: 'disabled Security Hub' };
      default:
        return undefined;
    }
  }
  if (record.eventSource !== 'macie2.amazonaws.com') return undefined;
  switch (record.eventName) {
    case 'DisableMacie':
      return { action: 'disabled Macie' };
    case 'ArchiveFindings': {
      const findings = count(params.findingIds);
      return { action: `archived ${findings ?? 'some'} finding(s)`, findings };
    }
    case 'CreateFindingsFilter':
    case 'UpdateFindingsFilter': {
      if (!sameWord(params.action, 'ARCHIVE')) return undefined;
      const name = text(params.name) ?? text(params.id) ?? '';
      return { action: `${record.eventName === 'CreateFindingsFilter' ? 'created' : 'updated'} auto-archive filter ${name}`.trim() };
    }
    case 'UpdateMacieSession':
      return sameWord(params.status, 'PAUSED') ? { action: 'paused Macie' } : undefined;
    default:
      return undefined;
  }
}
