import type { ResourceValidationPolicy } from '@pulumi/policy';
import { asArray, asRecord, asString, isTrue } from './shared.js';

const LAUNCH_TEMPLATE = 'aws:ec2/launchTemplate:LaunchTemplate';

/** Launch templates require IMDSv2 and encrypt every EBS volume they declare. */
export const launchTemplateHardenedPolicy: ResourceValidationPolicy = {
  name: 'karst-launch-template-hardened',
  description:
    'Launch templates require IMDSv2 (metadataOptions.httpTokens required) and declare encrypted ' +
    'EBS volumes.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (args.type !== LAUNCH_TEMPLATE) return;
    const label = `launch template '${args.name}'`;

    const metadata = asRecord(args.props.metadataOptions);
    // With the endpoint off there is no metadata service to steal credentials from.
    const endpointOff = asString(metadata?.httpEndpoint) === 'disabled';
    const tokens = asString(metadata?.httpTokens);
    if (!endpointOff && tokens !== 'required') {
      const now = tokens === undefined ? 'is not set, so IMDSv1 stays on' : `is '${tokens}'`;
      reportViolation(
        `${label}'s metadataOptions.httpTokens ${now}: set metadataOptions.httpTokens to 'required' (IMDSv2)`,
      );
    }

    const mappings = asArray(args.props.blockDeviceMappings);
    if (mappings.length === 0) {
      reportViolation(
        `${label} declares no block device mappings, so its root volume's encryption is left to the AMI: ` +
          "add a blockDeviceMappings entry for the root device with ebs.encrypted 'true'",
      );
    }
    mappings.forEach((entry, index) => {
      const mapping = asRecord(entry);
      const ebs = asRecord(mapping?.ebs);
      // Instance-store (virtualName) and suppressed (noDevice) mappings have no EBS volume.
      if (ebs === undefined) return;
      if (isTrue(ebs.encrypted)) return;
      const device = asString(mapping?.deviceName) ?? `#${index}`;
      reportViolation(
        `${label} leaves EBS volume ${device} unencrypted: set ` +
          `blockDeviceMappings[${index}].ebs.encrypted to 'true'`,
      );
    });
  },
};
