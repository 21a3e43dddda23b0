import type { ResourceValidationPolicy } from '@pulumi/policy';
import { AUTOSCALING_GROUP, tagsOf } from './shared.js';

/** Tags every taggable Karst resource carries: cost reports and the status service group by them. */
export const REQUIRED_TAGS = ['project', 'karst:site'] as const;

/** The resource types checked for {@link REQUIRED_TAGS}. */
export const TAGGED_TYPES: readonly string[] = [
  'aws:ec2/vpc:Vpc',
  'aws:ec2/subnet:Subnet',
  'aws:s3/bucket:Bucket',
  'aws:s3/bucketV2:BucketV2',
  'aws:dynamodb/table:Table',
  'aws:lambda/function:Function',
  'aws:ec2/launchTemplate:LaunchTemplate',
  'aws:cloudwatch/logGroup:LogGroup',
  'aws:sns/topic:Topic',
  AUTOSCALING_GROUP,
];

/** Taggable resources carry the `project` and `karst:site` tags. */
export const requiredTagsPolicy: ResourceValidationPolicy = {
  name: 'karst-required-tags',
  description:
    "Taggable resources carry the 'project' and 'karst:site' tags (an auto scaling group in its tag list).",
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (!TAGGED_TYPES.includes(args.type)) return;
    const tags = tagsOf(args.type, args.props);
    const missing = REQUIRED_TAGS.filter((key) => (tags[key] ?? '').trim() === '');
    if (missing.length === 0) return;
    const list = missing.map((key) => `'${key}'`).join(' and ');
    const fix =
      args.type === AUTOSCALING_GROUP
        ? 'add them to its tags list as { key, value, propagateAtLaunch: true }'
        : "add them to its tags (the program's shared tags set both)";
    reportViolation(`${args.type} '${args.name}' is missing the tag(s) ${list}: ${fix}`);
  },
};
