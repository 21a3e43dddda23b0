import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { parseInfraConfig } from './config.js';
import { karstKeys } from './load.js';
import { readStackConfig } from './offline/stack-file.js';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');

// Pulumi's published project schema, https://github.com/pulumi/pulumi/blob/master/sdk/go/common/workspace/project.json
// (JSON Schema 2020-12), restated in zod for the properties it defines: `name` and `runtime` required,
// runtime a non-empty string or {name, options} with no other keys, the optional strings, config
// declarations of a simple type, template/backend/options objects with no other keys; other top-level
// keys are allowed (additionalProperties: true).
const nullableString = z.string().nullable().optional();
const simpleConfigType = z.enum(['string', 'integer', 'boolean', 'array']);
const pulumiProjectSchema = z
  .object({
    name: z.string().min(1),
    description: nullableString,
    author: nullableString,
    website: nullableString,
    license: nullableString,
    runtime: z.union([
      z.string().min(1),
      z.strictObject({
        name: z.string().min(1).optional(),
        options: z.record(z.string(), z.unknown()).optional(),
      }),
    ]),
    main: nullableString,
    config: z
      .record(
        z.string(),
        z.union([
          z.string(),
          z.number().int(),
          z.boolean(),
          z.strictObject({
            type: simpleConfigType,
            items: z.unknown().optional(),
            description: z.string().optional(),
            secret: z.boolean().optional(),
            default: z.unknown().optional(),
          }),
        ]),
      )
      .nullable()
      .optional(),
    stackConfigDir: nullableString,
    backend: z.strictObject({ url: z.string().optional() }).nullable().optional(),
    options: z
      .strictObject({ refresh: z.literal('always').optional() })
      .nullable()
      .optional(),
    template: z
      .strictObject({
        description: nullableString,
        quickstart: nullableString,
        important: z.boolean().nullable().optional(),
        config: z.record(z.string(), z.unknown()).nullable().optional(),
      })
      .nullable()
      .optional(),
  })
  .loose();

describe('Pulumi.yaml', () => {
  const project = parse(readFileSync(join(projectDir, 'Pulumi.yaml'), 'utf8'));

  it("conforms to Pulumi's project schema", () => {
    const result = pulumiProjectSchema.safeParse(project);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('is the karst project on the Node.js runtime with pnpm, running the TypeScript source through tsx', () => {
    expect(project.name).toBe('karst');
    expect(project.runtime).toEqual({
      name: 'nodejs',
      options: {
        packagemanager: 'pnpm',
        typescript: false,
        nodeargs: '--conditions=karst-source --import tsx',
      },
    });
    expect(project.main).toBe('src/index.ts');
    // The nodejs language host accepts these package managers (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs).
    expect(['npm', 'yarn', 'pnpm', 'bun']).toContain(project.runtime.options.packagemanager);
  });

  it('ships an example guiyang stack whose karst:* keys all validate', () => {
    const config = parseInfraConfig(karstKeys(readStackConfig(projectDir, 'guiyang')));
    expect(config.site).toBe('guiyang');
    expect(config.itPlan.racks).toBe(500);
    expect(readStackConfig(projectDir, 'guiyang')['aws:region']).toBe('cn-northwest-1');
  });
});
