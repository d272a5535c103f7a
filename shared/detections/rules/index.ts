import type { Detection } from '../detection';
import { amiShared } from './amiShared';
import { ebsSnapshotShared } from './ebsSnapshotShared';
import { kmsKeyDestruction } from './kmsKeyDestruction';
import { rdsExportOrPublicRestore } from './rdsExportOrPublicRestore';
import { rdsSnapshotSharedOrPublic } from './rdsSnapshotSharedOrPublic';
import { resourcePolicyMadePublic } from './resourcePolicyMadePublic';
import { s3AclPublic } from './s3AclPublic';
import { s3BucketPolicyPublic } from './s3BucketPolicyPublic';
import { s3CopyToExternalAccount } from './s3CopyToExternalAccount';
import { s3PublicAccessBlockRemoved } from './s3PublicAccessBlockRemoved';
import { securityGroupOpenedToWorld } from './securityGroupOpenedToWorld';
import { cloudtrailSelectorsWeakened } from './cloudtrailSelectorsWeakened';
import { guarddutyDisabledOrBlinded } from './guarddutyDisabledOrBlinded';
import { configRecorderStopped } from './configRecorderStopped';
import { vpcFlowOrDnsLogsDeleted } from './vpcFlowOrDnsLogsDeleted';
import { securityhubMacieFindingsEvasion } from './securityhubMacieFindingsEvasion';
import { leaveOrganization } from './leaveOrganization';
import { cloudtrailTamperAttempt } from './cloudtrailTamperAttempt';
import { ebsDefaultEncryptionDisabled } from './ebsDefaultEncryptionDisabled';
import { modelMonitoringDisabled } from './modelMonitoringDisabled';
import { mfaDeviceRemoved } from './mfaDeviceRemoved';
import { accessKeyCreatedForOtherUser } from './accessKeyCreatedForOtherUser';
import { adminPolicyGranted } from './adminPolicyGranted';
import { consoleLoginWithoutMfa } from './consoleLoginWithoutMfa';
import { federationIdpChange } from './federationIdpChange';
import { getsignintokenAbuse } from './getsignintokenAbuse';
import { loginProfileSetForOtherUser } from './loginProfileSetForOtherUser';
import { offensiveToolUseragent } from './offensiveToolUseragent';
import { rootAccessKeyCreated } from './rootAccessKeyCreated';
import { rootAccountUsage } from './rootAccountUsage';
import { stsTokenMintingByIamUser } from './stsTokenMintingByIamUser';
import { bruteforceThenSuccess } from './bruteforceThenSuccess';
import { cloudtrailStoppedOrDeleted } from './cloudtrailStoppedOrDeleted';
import { consoleBruteforcePerUser } from './consoleBruteforcePerUser';
import { reconAccessDeniedBurst } from './reconAccessDeniedBurst';
import { rootConsoleLogin } from './rootConsoleLogin';
import { ec2UserDataModified } from './ec2UserDataModified';
import { ec2InstanceConnectKeyPushed } from './ec2InstanceConnectKeyPushed';
import { ec2UnusualInstanceLaunch } from './ec2UnusualInstanceLaunch';
import { ssmCommandOnInstances } from './ssmCommandOnInstances';
import { lambdaBackdoor } from './lambdaBackdoor';
import { cognitoMfaOrThreatProtectionWeakened } from './cognitoMfaOrThreatProtectionWeakened';
import { cognitoClientOrIdpChange } from './cognitoClientOrIdpChange';

import { cognitoSignupOrResetBurst } from './cognitoSignupOrResetBurst';
import { consoleMfaFailures } from './consoleMfaFailures';
import { consolePasswordSpray } from './consolePasswordSpray';
import { ec2PasswordDataBurst } from './ec2PasswordDataBurst';
import { ec2UserDataReadBurst } from './ec2UserDataReadBurst';
import { ssmSessionBurst } from './ssmSessionBurst';
import { s3GetobjectVolumeSpike } from './s3GetobjectVolumeSpike';
import { secretsBulkRetrieval } from './secretsBulkRetrieval';
import { cognitoAuthFailureBurstPerUser } from './cognitoAuthFailureBurstPerUser';
import { bedrockModelAccessEnabled } from './bedrockModelAccessEnabled';
import { roleTrustBackdoor } from './roleTrustBackdoor';
import { unusedRegionActivity } from './unusedRegionActivity';
import { s3BucketPolicyExternalAccount } from './s3BucketPolicyExternalAccount';
import { s3ReplicationToExternalAccount } from './s3ReplicationToExternalAccount';
import { monitoringPipelineTampering } from './monitoringPipelineTampering';
import { cloudtrailLogBucketShortLifecycle } from './cloudtrailLogBucketShortLifecycle';
import { cognitoHighRiskAuth } from './cognitoHighRiskAuth';

import { cognitoSprayPerIp } from './cognitoSprayPerIp';
import { cognitoAdminAccountManipulation } from './cognitoAdminAccountManipulation';
import { s3RansomwarePattern } from './s3RansomwarePattern';
import { adminUserCreatedSequence } from './adminUserCreatedSequence';
import { instanceCredentialsUsedOutside } from './instanceCredentialsUsedOutside';
/**
 * The registry: every detection the security detector runs, each defined whole in its own module
 * (definition, parameters, trigger, logic). Adding a detection is one module and one line here;
 * docs/detections.md is generated from this list (npm run docs:detections).
 */
export const DETECTIONS: readonly Detection[] = [
  cloudtrailStoppedOrDeleted,
  rootConsoleLogin,
  consoleBruteforcePerUser,
  bruteforceThenSuccess,
  reconAccessDeniedBurst,
  // Data exfiltration and impact.
  s3BucketPolicyPublic,
  s3AclPublic,
  s3PublicAccessBlockRemoved,
  s3CopyToExternalAccount,
  ebsSnapshotShared,
  amiShared,
  rdsSnapshotSharedOrPublic,
  rdsExportOrPublicRestore,
  resourcePolicyMadePublic,
  kmsKeyDestruction,
  securityGroupOpenedToWorld,
  lambdaBackdoor,
  // Defence evasion: logging and detection tampering.
  cloudtrailSelectorsWeakened,
  guarddutyDisabledOrBlinded,
  configRecorderStopped,
  vpcFlowOrDnsLogsDeleted,
  securityhubMacieFindingsEvasion,
  leaveOrganization,
  cloudtrailTamperAttempt,
  ebsDefaultEncryptionDisabled,
  modelMonitoringDisabled,
  mfaDeviceRemoved,
  // Identity, authentication, credential access.
  rootAccountUsage,
  consoleLoginWithoutMfa,
  accessKeyCreatedForOtherUser,
  rootAccessKeyCreated,
  loginProfileSetForOtherUser,
  adminPolicyGranted,
  getsignintokenAbuse,
  offensiveToolUseragent,
  stsTokenMintingByIamUser,
  federationIdpChange,
  // Execution, lateral movement and resource hijacking.
  ec2UserDataModified,
  ec2InstanceConnectKeyPushed,
  ec2UnusualInstanceLaunch,
  ssmCommandOnInstances,
  // Cognito user pools and identity pools.
  cognitoMfaOrThreatProtectionWeakened,
  cognitoClientOrIdpChange,
  // Baselines: volumes compared with the subject's own history (exfiltration).
  s3GetobjectVolumeSpike,
  secretsBulkRetrieval,
  cognitoAuthFailureBurstPerUser,
  bedrockModelAccessEnabled,
  // Windows: bursts and sprays counted over event time (credential access, lateral movement, Cognito abuse).
  consoleMfaFailures,
  consolePasswordSpray,
  ec2PasswordDataBurst,
  ec2UserDataReadBurst,
  ssmSessionBurst,
  cognitoSignupOrResetBurst,
  // Cross-account trust and exfiltration, unused regions, tampering with this pipeline and with trail buckets (sec-rows-a).
  roleTrustBackdoor,
  unusedRegionActivity,
  s3BucketPolicyExternalAccount,
  s3ReplicationToExternalAccount,
  monitoringPipelineTampering,
  cloudtrailLogBucketShortLifecycle,
  // Cognito threat protection: auth events bridged from the userAuthEvents log export (functions/cognito-auth-bridge).
  cognitoHighRiskAuth,
  // Catalogue rows A and B with window state: Cognito spray and admin changes, S3 ransomware, admin-user sequence, IMDS credentials.
  cognitoSprayPerIp,
  cognitoAdminAccountManipulation,
  s3RansomwarePattern,
  adminUserCreatedSequence,
  instanceCredentialsUsedOutside,
];
