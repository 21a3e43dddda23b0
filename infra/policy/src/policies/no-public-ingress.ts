import type { ResourceValidationPolicy } from '@pulumi/policy';
import { asArray, asNumber, asRecord, asString, stringList } from './shared.js';

const SECURITY_GROUP_TYPES: readonly string[] = [
  'aws:ec2/securityGroup:SecurityGroup',
  'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup',
];
const INGRESS_RULE = 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule';
const SECURITY_GROUP_RULE = 'aws:ec2/securityGroupRule:SecurityGroupRule';

/** Ports named in messages: the remote shells an open range most often exposes by accident. */
const NAMED_PORTS: readonly { port: number; service: string; protocols: readonly string[] }[] = [
  { port: 22, service: 'SSH', protocols: ['tcp'] },
  { port: 3389, service: 'RDP', protocols: ['tcp', 'udp'] },
];

/** One ingress permission, whatever resource declared it. */
interface Ingress {
  protocol: string;
  fromPort: number | undefined;
  toPort: number | undefined;
  cidrs: string[];
}

/** 'tcp', 'udp', 'icmp', 'icmpv6' or 'all'; numbers and case as AWS accepts them. */
function normalizeProtocol(value: unknown): string {
  const protocol = String(value ?? '').toLowerCase();
  const byNumber: Record<string, string> = {
    '-1': 'all',
    '6': 'tcp',
    '17': 'udp',
    '1': 'icmp',
    '58': 'icmpv6',
  };
  return byNumber[protocol] ?? protocol;
}

/** A CIDR with prefix length 0 covers every address: 0.0.0.0/0 and ::/0. */
function isOpen(cidr: string): boolean {
  return cidr.trim().endsWith('/0');
}

function describePorts(rule: Ingress): string {
  if (rule.protocol === 'all' || rule.protocol === '') {
    return 'all traffic (every protocol and port, including SSH 22 and RDP 3389)';
  }
  const proto = rule.protocol.toUpperCase();
  // ICMP's "ports" are message types and codes.
  if (rule.protocol === 'icmp' || rule.protocol === 'icmpv6') return proto;
  const from = rule.fromPort;
  const to = rule.toPort ?? from;
  if (from === undefined || to === undefined) return `${proto} on every port`;
  const named = NAMED_PORTS.filter(
    ({ port, protocols }) => protocols.includes(rule.protocol) && port >= from && port <= to,
  );
  if (from === to) {
    const service = named[0]?.service;
    return `${proto} port ${from}${service === undefined ? '' : ` (${service})`}`;
  }
  const including =
    named.length === 0
      ? ''
      : ` (including ${named.map(({ port, service }) => `${service} ${port}`).join(' and ')})`;
  return `${proto} ports ${from}-${to}${including}`;
}

/** Open to the internet is allowed for HTTPS alone. */
function isHttpsOnly(rule: Ingress): boolean {
  return rule.protocol === 'tcp' && rule.fromPort === 443 && (rule.toPort ?? rule.fromPort) === 443;
}

function ingressOf(type: string, props: Record<string, unknown>): { label: string; rule: Ingress }[] {
  if (SECURITY_GROUP_TYPES.includes(type)) {
    return asArray(props.ingress).map((entry, index) => {
      const rule = asRecord(entry) ?? {};
      return {
        label: `ingress[${index}]`,
        rule: {
          protocol: normalizeProtocol(rule.protocol),
          fromPort: asNumber(rule.fromPort),
          toPort: asNumber(rule.toPort),
          cidrs: [...stringList(rule.cidrBlocks), ...stringList(rule.ipv6CidrBlocks)],
        },
      };
    });
  }
  if (type === INGRESS_RULE) {
    const cidrs = [asString(props.cidrIpv4), asString(props.cidrIpv6)].filter((cidr) => cidr !== undefined);
    return [
      {
        label: '',
        rule: {
          protocol: normalizeProtocol(props.ipProtocol),
          fromPort: asNumber(props.fromPort),
          toPort: asNumber(props.toPort),
          cidrs,
        },
      },
    ];
  }
  if (type === SECURITY_GROUP_RULE && asString(props.type) === 'ingress') {
    return [
      {
        label: '',
        rule: {
          protocol: normalizeProtocol(props.protocol),
          fromPort: asNumber(props.fromPort),
          toPort: asNumber(props.toPort),
          cidrs: [...stringList(props.cidrBlocks), ...stringList(props.ipv6CidrBlocks)],
        },
      },
    ];
  }
  return [];
}

/**
 * Nothing is reachable from the whole internet except HTTPS: no security group ingress from 0.0.0.0/0 or
 * ::/0 other than TCP 443, whether inline in the group, a `vpc.SecurityGroupIngressRule` or an
 * `ec2.SecurityGroupRule`.
 */
export const noPublicIngressPolicy: ResourceValidationPolicy = {
  name: 'karst-no-public-ingress',
  description: 'Security groups allow ingress from 0.0.0.0/0 or ::/0 on TCP 443 only.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    for (const { label, rule } of ingressOf(args.type, args.props)) {
      if (isHttpsOnly(rule)) continue;
      for (const cidr of rule.cidrs.filter(isOpen)) {
        const what =
          label === '' ? `security group rule '${args.name}'` : `security group '${args.name}' ${label}`;
        reportViolation(
          `${what} opens ${describePorts(rule)} to ${cidr}: restrict the source to the VPC's ` +
            'CIDR or a security group (reach nodes through SSM Session Manager, not SSH or RDP); ' +
            'only TCP 443 may be open to the internet',
        );
      }
    }
  },
};
