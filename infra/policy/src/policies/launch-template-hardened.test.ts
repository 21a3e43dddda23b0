import { describe, expect, it } from 'vitest';
import { launchTemplate, messagesOf } from '../testing/builders.js';
import { launchTemplateHardenedPolicy } from './launch-template-hardened.js';

const TEMPLATE = "launch template 'karst-guiyang-pool-nodes'";

describe('karst-launch-template-hardened', () => {
  it("passes the pool's template (IMDSv2, encrypted root volume)", () => {
    expect(messagesOf(launchTemplateHardenedPolicy, [launchTemplate()])).toEqual([]);
  });

  it('passes a template with the metadata service off, and boolean encrypted', () => {
    const template = launchTemplate({
      metadataOptions: { httpEndpoint: 'disabled' },
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { encrypted: true } },
        { deviceName: '/dev/sdb', virtualName: 'ephemeral0' },
      ],
    });
    expect(messagesOf(launchTemplateHardenedPolicy, [template])).toEqual([]);
  });

  it('refuses IMDSv1 and unencrypted volumes', () => {
    const template = launchTemplate({
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'optional' },
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { volumeSize: 20, encrypted: 'true' } },
        { deviceName: '/dev/sdf', ebs: { volumeSize: 100, encrypted: 'false' } },
      ],
    });
    expect(messagesOf(launchTemplateHardenedPolicy, [template])).toEqual([
      `${TEMPLATE}'s metadataOptions.httpTokens is 'optional': set metadataOptions.httpTokens to ` +
        `'required' (IMDSv2)`,
      `${TEMPLATE} leaves EBS volume /dev/sdf unencrypted: set blockDeviceMappings[1].ebs.encrypted ` +
        `to 'true'`,
    ]);
  });

  it('refuses a template that leaves metadata options and the root volume to defaults', () => {
    const template = launchTemplate({ metadataOptions: undefined, blockDeviceMappings: undefined });
    expect(messagesOf(launchTemplateHardenedPolicy, [template])).toEqual([
      `${TEMPLATE}'s metadataOptions.httpTokens is not set, so IMDSv1 stays on: set ` +
        `metadataOptions.httpTokens ` +
        "to 'required' (IMDSv2)",
      `${TEMPLATE} declares no block device mappings, so its root volume's encryption is left to ` +
        "the AMI: add a blockDeviceMappings entry for the root device with ebs.encrypted 'true'",
    ]);
  });
});

describe('karst-launch-template-hardened on odd mappings', () => {
  it('names an unencrypted volume without a device name by its index, and skips entries that are not objects', () => {
    const template = launchTemplate({
      blockDeviceMappings: ['/dev/xvda', { ebs: { volumeSize: 20 } }],
    });
    expect(messagesOf(launchTemplateHardenedPolicy, [template])).toEqual([
      `${TEMPLATE} leaves EBS volume #1 unencrypted: set blockDeviceMappings[1].ebs.encrypted to 'true'`,
    ]);
  });
});
