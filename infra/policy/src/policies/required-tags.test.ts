import { describe, expect, it } from 'vitest';
import { computePool, messagesOf, resource, table } from '../testing/builders.js';
import { requiredTagsPolicy } from './required-tags.js';

describe('karst-required-tags', () => {
  it('passes resources carrying project and karst:site, the pool in its tag list', () => {
    expect(messagesOf(requiredTagsPolicy, [table(), computePool()])).toEqual([]);
  });

  it('refuses a taggable resource without them', () => {
    const topic = resource('aws:sns/topic:Topic', 'alerts', { tags: { project: 'karst' } });
    const fn = resource('aws:lambda/function:Function', 'status', {});
    expect(messagesOf(requiredTagsPolicy, [topic, fn])).toEqual([
      "aws:sns/topic:Topic 'alerts' is missing the tag(s) 'karst:site': " +
        "add them to its tags (the program's " +
        'shared tags set both)',
      "aws:lambda/function:Function 'status' is missing the tag(s) 'project' and 'karst:site': add " +
        "them to its tags (the program's shared tags set both)",
    ]);
  });

  it('refuses a pool whose tag list lacks them', () => {
    const tags = { stack: 'guiyang', 'karst:site': '', Name: 'karst-guiyang-pool-node' };
    expect(messagesOf(requiredTagsPolicy, [computePool({ tags })])).toEqual([
      "aws:autoscaling/group:Group 'karst-guiyang-pool-nodes' is missing the tag(s) 'project' and " +
        "'karst:site': " +
        'add them to its tags list as { key, value, propagateAtLaunch: true }',
    ]);
  });

  it('ignores types outside the list', () => {
    expect(messagesOf(requiredTagsPolicy, [resource('aws:iam/role:Role', 'r', {})])).toEqual([]);
  });
});

describe('karst-required-tags on blank values', () => {
  it('counts a tag of only spaces as missing', () => {
    const topic = resource('aws:sns/topic:Topic', 'alerts', {
      tags: { project: '  ', 'karst:site': 'guiyang' },
    });
    expect(messagesOf(requiredTagsPolicy, [topic])).toEqual([
      "aws:sns/topic:Topic 'alerts' is missing the tag(s) 'project': add them to its tags (the program's " +
        'shared tags set both)',
    ]);
  });
});

describe('karst-required-tags on every taggable type', () => {
  it.each([
    'aws:ec2/vpc:Vpc',
    'aws:ec2/subnet:Subnet',
    'aws:s3/bucket:Bucket',
    'aws:s3/bucketV2:BucketV2',
    'aws:dynamodb/table:Table',
    'aws:lambda/function:Function',
    'aws:ec2/launchTemplate:LaunchTemplate',
    'aws:cloudwatch/logGroup:LogGroup',
    'aws:sns/topic:Topic',
  ])('refuses an untagged %s', (type) => {
    expect(messagesOf(requiredTagsPolicy, [resource(type, 'untagged', {})])).toEqual([
      `${type} 'untagged' is missing the tag(s) 'project' and 'karst:site': add them to its tags (the ` +
        "program's shared tags set both)",
    ]);
  });
});
