import { describe, expect, it } from 'vitest';
import { ingressRule, messagesOf, resource, securityGroup, securityGroupRule } from '../testing/builders.js';
import { noPublicIngressPolicy } from './no-public-ingress.js';

const FIX =
  "restrict the source to the VPC's CIDR or a security group (reach nodes through SSM Session " +
  'Manager, not SSH or RDP); only TCP 443 may be open to the internet';

describe('karst-no-public-ingress', () => {
  it("passes the nodes' group (HTTPS from the VPC) and HTTPS from anywhere", () => {
    const https = {
      protocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrBlocks: ['0.0.0.0/0'],
      ipv6CidrBlocks: ['::/0'],
    };
    const defaultGroup = resource('aws:ec2/defaultSecurityGroup:DefaultSecurityGroup', 'default', {
      ingress: [],
    });
    expect(
      messagesOf(noPublicIngressPolicy, [securityGroup(), securityGroup([https], 'edge'), defaultGroup]),
    ).toEqual([]);
  });

  it('passes open egress, and ingress from private ranges', () => {
    const rules = [
      securityGroupRule('egress', {
        type: 'egress',
        protocol: '-1',
        fromPort: 0,
        toPort: 0,
        cidrBlocks: ['0.0.0.0/0'],
      }),
      ingressRule('ssh-from-vpc', { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '10.40.0.0/16' }),
      ingressRule('https', { ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv6: '::/0' }),
    ];
    expect(messagesOf(noPublicIngressPolicy, rules)).toEqual([]);
  });

  it('refuses SSH and RDP from the internet, naming them', () => {
    const group = securityGroup(
      [
        { protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: ['10.40.0.0/16'] },
        { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] },
        { protocol: '6', fromPort: 3389, toPort: 3389, ipv6CidrBlocks: ['::/0'] },
      ],
      'bastion',
    );
    expect(messagesOf(noPublicIngressPolicy, [group])).toEqual([
      `security group 'bastion' ingress[1] opens TCP port 22 (SSH) to 0.0.0.0/0: ${FIX}`,
      `security group 'bastion' ingress[2] opens TCP port 3389 (RDP) to ::/0: ${FIX}`,
    ]);
  });

  it('refuses all traffic and port ranges that include 443', () => {
    const group = securityGroup(
      [
        { protocol: '-1', fromPort: 0, toPort: 0, cidrBlocks: ['0.0.0.0/0'] },
        { protocol: 'tcp', fromPort: 0, toPort: 65535, cidrBlocks: ['0.0.0.0/0'] },
        { protocol: 'udp', fromPort: 443, toPort: 443, cidrBlocks: ['0.0.0.0/0'] },
      ],
      'wide',
    );
    expect(messagesOf(noPublicIngressPolicy, [group])).toEqual([
      `security group 'wide' ingress[0] opens all traffic (every protocol and port, including SSH ` +
        `22 and RDP 3389) to 0.0.0.0/0: ${FIX}`,
      `security group 'wide' ingress[1] opens TCP ports 0-65535 (including SSH 22 and RDP 3389) to ` +
        `0.0.0.0/0: ${FIX}`,
      `security group 'wide' ingress[2] opens UDP port 443 to 0.0.0.0/0: ${FIX}`,
    ]);
  });

  it('refuses open standalone rules of both kinds', () => {
    const rules = [
      ingressRule('all-v6', { ipProtocol: '-1', cidrIpv6: '::/0' }),
      ingressRule('ssh', { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }),
      securityGroupRule('admin', {
        type: 'ingress',
        protocol: 'all',
        fromPort: 0,
        toPort: 0,
        cidrBlocks: ['0.0.0.0/0'],
      }),
      securityGroupRule('web', {
        type: 'ingress',
        protocol: 'tcp',
        fromPort: 80,
        toPort: 443,
        cidrBlocks: ['0.0.0.0/0'],
      }),
    ];
    expect(messagesOf(noPublicIngressPolicy, rules)).toEqual([
      `security group rule 'all-v6' opens all traffic (every protocol and port, including SSH 22 ` +
        `and RDP 3389) to ::/0: ${FIX}`,
      `security group rule 'ssh' opens TCP port 22 (SSH) to 0.0.0.0/0: ${FIX}`,
      `security group rule 'admin' opens all traffic (every protocol and port, including SSH 22 and ` +
        `RDP 3389) to 0.0.0.0/0: ${FIX}`,
      `security group rule 'web' opens TCP ports 80-443 to 0.0.0.0/0: ${FIX}`,
    ]);
  });
});

describe('karst-no-public-ingress on protocol numbers, ICMP and missing ports', () => {
  it('reads protocol numbers as AWS does (IANA: 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6) and names them', () => {
    const group = securityGroup(
      [
        { protocol: '17', fromPort: 3389, toPort: 3389, cidrBlocks: ['0.0.0.0/0'] },
        { protocol: '1', fromPort: -1, toPort: -1, cidrBlocks: ['0.0.0.0/0'] },
        { protocol: '58', fromPort: -1, toPort: -1, ipv6CidrBlocks: ['::/0'] },
        { protocol: 'icmp', fromPort: 8, toPort: 0, cidrBlocks: ['0.0.0.0/0'] },
      ],
      'numbers',
    );
    expect(messagesOf(noPublicIngressPolicy, [group])).toEqual([
      `security group 'numbers' ingress[0] opens UDP port 3389 (RDP) to 0.0.0.0/0: ${FIX}`,
      `security group 'numbers' ingress[1] opens ICMP to 0.0.0.0/0: ${FIX}`,
      `security group 'numbers' ingress[2] opens ICMPV6 to ::/0: ${FIX}`,
      `security group 'numbers' ingress[3] opens ICMP to 0.0.0.0/0: ${FIX}`,
    ]);
  });

  it('reads a rule without a protocol as all traffic, and TCP without ports as every port', () => {
    const noProtocol = ingressRule('bare', { cidrIpv4: '0.0.0.0/0' });
    const noPorts = securityGroupRule('tcp-any', {
      type: 'ingress',
      protocol: 'tcp',
      cidrBlocks: ['0.0.0.0/0'],
    });
    const toOnly = ingressRule('to-only', { ipProtocol: 'tcp', toPort: 22, cidrIpv4: '0.0.0.0/0' });
    expect(messagesOf(noPublicIngressPolicy, [noProtocol, noPorts, toOnly])).toEqual([
      `security group rule 'bare' opens all traffic (every protocol and port, including SSH 22 and RDP 3389) ` +
        `to 0.0.0.0/0: ${FIX}`,
      `security group rule 'tcp-any' opens TCP on every port to 0.0.0.0/0: ${FIX}`,
      `security group rule 'to-only' opens TCP on every port to 0.0.0.0/0: ${FIX}`,
    ]);
  });

  it('takes HTTPS alone as 443 to 443: a range from 443 up is refused; an open CIDR is read trimmed', () => {
    const group = securityGroup(
      [{ protocol: 'tcp', fromPort: 443, toPort: 8443, cidrBlocks: [' 0.0.0.0/0 '] }],
      'https-and-more',
    );
    expect(messagesOf(noPublicIngressPolicy, [group])).toEqual([
      `security group 'https-and-more' ingress[0] opens TCP ports 443-8443 (including RDP 3389) to  0.0.0.0/0 : ${FIX}`,
    ]);
  });
});

describe("karst-no-public-ingress on the VPC's default security group", () => {
  it('refuses SSH from anywhere in a default security group too', () => {
    const group = resource('aws:ec2/defaultSecurityGroup:DefaultSecurityGroup', 'default', {
      ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }],
    });
    expect(messagesOf(noPublicIngressPolicy, [group])).toEqual([
      `security group 'default' ingress[0] opens TCP port 22 (SSH) to 0.0.0.0/0: ${FIX}`,
    ]);
  });
});
