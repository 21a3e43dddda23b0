// The pack as the Pulumi CLI runs it: started by the language host's command line, asked over Analyzer
// gRPC. Before the pack was built to CommonJS this failed at start (ERR_MODULE_NOT_FOUND, exit 32).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KARST_POLICIES } from './policies/index.js';
import { type OfflineResource, runPolicies } from './run-offline.js';
import {
  ensureBuilt,
  type GrpcViolation,
  languageHostArgs,
  type RunningPack,
  startPack,
  UNKNOWN_SENTINEL,
} from './testing/analyzer-process.js';
import {
  bucket,
  compliantStack,
  computePool,
  guiyangBudgetTags,
  karstTags,
  launchTemplate,
  rolePolicy,
  securityGroup,
  table,
} from './testing/builders.js';

let pack: RunningPack;

beforeAll(async () => {
  ensureBuilt();
  pack = await startPack();
  // Generous: on a busy 2-core CI machine the build plus run-policy-pack's ts-node registration and the
  // @pulumi/policy import can take tens of seconds; nothing here measures speed.
}, 180_000);

afterAll(() => {
  pack?.stop();
});

/** What `pulumi preview` sends per resource: Analyze for each, then AnalyzeStack over all of them. */
async function analyzeLikeTheEngine(resources: readonly OfflineResource[]): Promise<GrpcViolation[]> {
  const perResource: GrpcViolation[] = [];
  for (const resource of resources) perResource.push(...(await pack.analyze(resource)));
  return [...perResource, ...(await pack.analyzeStack(resources))];
}

/** The compliant stack with the records of the same type and name replaced. */
function replacing(...records: OfflineResource[]): OfflineResource[] {
  return compliantStack().map(
    (existing) =>
      records.find((record) => record.type === existing.type && record.name === existing.name) ?? existing,
  );
}

const byPolicy = (violations: readonly { policy: string; urn: string; message: string }[]) =>
  [...violations].sort((a, b) =>
    `${a.policy}${a.urn}${a.message}`.localeCompare(`${b.policy}${b.urn}${b.message}`),
  );

describe('the policy pack started as the Pulumi CLI starts it', () => {
  it('uses the language host command line: run-policy-pack, nodeargs, engine address, pack dir', () => {
    const args = languageHostArgs('127.0.0.1:1');
    expect(args[0]).toMatch(/@pulumi\/pulumi\/cmd\/run-policy-pack\/index\.js$/);
    expect(args.slice(-2)[0]).toBe('127.0.0.1:1');
  });

  it('lists every Karst policy with its level over GetAnalyzerInfo', async () => {
    const info = await pack.info();
    expect(info.name).toBe('karst');
    expect(info.policies).toEqual(
      KARST_POLICIES.map((policy) => ({
        name: policy.name,
        enforcementLevel: policy.enforcementLevel ?? 'advisory',
      })),
    );
  });

  it('passes the compliant stack, resource by resource and as a stack', async () => {
    expect(await analyzeLikeTheEngine(compliantStack())).toEqual([]);
  });

  // Each unsafe shape is refused by its policy over gRPC, with the message the offline run gives.
  const unsafe: [string, string, OfflineResource[]][] = [
    [
      'IMDSv1 allowed',
      'karst-launch-template-hardened',
      replacing(launchTemplate({ metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'optional' } })),
    ],
    [
      'an unencrypted root volume',
      'karst-launch-template-hardened',
      replacing(
        launchTemplate({
          blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 20, encrypted: 'false' } }],
        }),
      ),
    ],
    [
      'SSH from the internet',
      'karst-no-public-ingress',
      replacing(securityGroup([{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'] }])),
    ],
    [
      'an IAM wildcard',
      'karst-iam-no-wildcards',
      [
        ...compliantStack(),
        rolePolicy('karst-guiyang-admin', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
      ],
    ],
    [
      "Action '*' on one table",
      'karst-iam-no-wildcards',
      [
        ...compliantStack(),
        rolePolicy('karst-guiyang-any-action', [
          {
            Effect: 'Allow',
            Action: '*',
            Resource: 'arn:aws-cn:dynamodb:cn-northwest-1:123456789012:table/karst-guiyang-telemetry',
          },
        ]),
      ],
    ],
    [
      'an unencrypted table',
      'karst-dynamodb-encrypted-pitr',
      replacing(table({ serverSideEncryption: { enabled: false } })),
    ],
    [
      'a public bucket (a stack policy)',
      'karst-s3-private-encrypted',
      replacing(bucket('karst-guiyang-telemetry-archive', { acl: 'public-read', tags: karstTags() })),
    ],
  ];
  for (const [shape, policy, resources] of unsafe) {
    it(`refuses ${shape} with ${policy}`, async () => {
      const violations = await analyzeLikeTheEngine(resources);
      expect(violations.map((violation) => violation.policy)).toContain(policy);
      expect(violations.every((violation) => violation.enforcementLevel === 'mandatory')).toBe(true);
      expect(byPolicy(violations)).toEqual(byPolicy(runPolicies(resources)));
    });
  }

  it('refuses an over-cap plan with the mandatory karst-power-headroom violation', async () => {
    // The guiyang plan (peak 3958.2 kW) under `--set karst:powerCapKw=3000`: 958.2 kW over the cap.
    const pool = computePool({
      maxSize: 0,
      desiredCapacity: 0,
      minSize: 0,
      tags: {
        ...karstTags(),
        ...guiyangBudgetTags({
          'karst:budget-cap-kw': '3000.0',
          'karst:budget-within-cap': 'false',
          'karst:budget-max-it-kw': '0.0',
        }),
      },
    });
    const violations = await pack.analyze(pool);
    expect(violations).toEqual([
      {
        policy: 'karst-power-headroom',
        enforcementLevel: 'mandatory',
        urn: pool.urn,
        message:
          "the plan's peak facility power, 3958.2 kW, is 958.2 kW over the grid cap of 3000 kW " +
          "(karst:budget-within-cap is 'false'): lower karst:itPlan.racks or raise karst:powerCapKw",
      },
    ]);
  });

  it('does not fail a preview on unknown values (a resource not created yet)', async () => {
    // A real preview sends the unknown sentinel for outputs of resources that do not exist yet.
    const unknownIds = replacing(
      launchTemplate({ imageId: UNKNOWN_SENTINEL }),
      computePool(),
      bucket('karst-guiyang-telemetry-archive', { bucket: UNKNOWN_SENTINEL, tags: karstTags() }),
    ).map((resource) =>
      resource.type === 'aws:autoscaling/group:Group'
        ? { ...resource, props: { ...resource.props, launchTemplate: { id: UNKNOWN_SENTINEL } } }
        : resource,
    );
    const violations = await analyzeLikeTheEngine(unknownIds);
    expect(violations.filter((violation) => violation.enforcementLevel === 'mandatory')).toEqual([]);
  });
});
