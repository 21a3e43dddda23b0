// The status service deployed by the program answers with the budget its alarms were set from, with a
// site file, a weather file and an 8,760-value hourly profile, and within Lambda's 4 KB of environment.
// The service runs from its built bundle (infra never imports apps/ source) in a Lambda-like task root
// built from the very archive the program hands Pulumi; an ALB event asks it for /v1/budget.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { getBuiltInSite, profileFromEpw } from '@karst/climate';
import { readEpw } from '@karst/climate/node';
import { realWeatherSuite, sharedWeatherAvailable, sharedWeatherPath } from '@karst/test-support';
import type * as pulumi from '@pulumi/pulumi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentBytes, LAMBDA_ENVIRONMENT_MAX_BYTES } from './components/status-service.js';
import { DEFAULT_PROJECT_DIR, type OfflinePreview, runOfflinePreview } from './offline/preview.js';
import { DEPLOYMENT_FILE } from './program.js';

const GUIYANG_EPW = 'CHN_Guizhou.Guiyang.578160_CSWD.epw';
const FUNCTION = 'aws:lambda/function:Function';

/** 8,760 hourly multipliers: a weekday/weekend and day/night pattern, as a year-long profile would be. */
const HOURLY_PROFILE = Array.from({ length: 8760 }, (_, hour) => {
  const day = Math.floor(hour / 24) % 7;
  const hourOfDay = hour % 24;
  return Number(((day < 5 ? 1.1 : 0.85) * (hourOfDay >= 8 && hourOfDay < 20 ? 1.05 : 0.92)).toFixed(4));
});

const functionOf = (preview: OfflinePreview) =>
  preview.resources.find((resource) => resource.type === FUNCTION)!;
/** The function's variables; Pulumi's mocks hand an input holding a secret over as one secret. */
function variablesOf(preview: OfflinePreview): Record<string, string> {
  const SECRET_KEY = '4dabf18193072939515e22adb298388d';
  const environment = functionOf(preview).inputs.environment as Record<string, unknown>;
  const plain = (SECRET_KEY in environment ? environment.value : environment) as {
    variables: Record<string, string>;
  };
  return plain.variables;
}

/** The files of the function's code archive: path in the archive -> file path or text. */
async function archiveFiles(
  preview: OfflinePreview,
): Promise<Record<string, { path?: string; text?: string }>> {
  const code = functionOf(preview).inputs.code as pulumi.asset.AssetArchive;
  const assets = (await code.assets) as Record<string, pulumi.asset.FileAsset & pulumi.asset.StringAsset>;
  const files: Record<string, { path?: string; text?: string }> = {};
  for (const [name, asset] of Object.entries(assets)) {
    files[name] = {
      ...(asset.path ? { path: await asset.path } : {}),
      ...(asset.text ? { text: await asset.text } : {}),
    };
  }
  return files;
}

describe('the deployment reaches the status service outside the 4 KB environment', () => {
  it('keeps the environment within 4,096 bytes with an 8,760-value hourly profile', async () => {
    const profileJson = JSON.stringify(HOURLY_PROFILE);
    // The profile alone is far over Lambda's limit: it cannot travel in the environment.
    expect(profileJson.length).toBeGreaterThan(40_000);
    const preview = await runOfflinePreview({
      projectDir: DEFAULT_PROJECT_DIR,
      stack: 'guiyang',
      overrides: {
        'karst:itPlan': JSON.stringify({
          racks: 500,
          kwPerRack: 10,
          utilization: 0.6,
          hourlyProfile: HOURLY_PROFILE,
        }),
        'karst:statusWriteToken': 'a-write-token-of-more-than-16-characters',
      },
    });
    expect(environmentBytes(variablesOf(preview))).toBeLessThanOrEqual(LAMBDA_ENVIRONMENT_MAX_BYTES);
    const files = await archiveFiles(preview);
    const deployment = JSON.parse(files[DEPLOYMENT_FILE]!.text!);
    expect(deployment.plan.itPlan.hourlyProfile).toEqual(HOURLY_PROFILE);
    expect(variablesOf(preview).KARST_DEPLOYMENT_FILE).toBe(DEPLOYMENT_FILE);
  });
});

describe.skipIf(!sharedWeatherAvailable)(
  realWeatherSuite("the service's budget is the alarms' budget"),
  () => {
    let work: string;
    let preview: OfflinePreview;
    let served: {
      plan: { site: { id: string } };
      budget: { annual: { pue: number }; headroom: { peakFacilityPowerKw: number } };
    };

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'karst-deployment-'));
      // A site file as `karst weather import` writes it: an imported id no built-in list knows.
      const epwPath = sharedWeatherPath(GUIYANG_EPW);
      const site = profileFromEpw(await readEpw(epwPath), {
        id: 'guiyang-cswd',
        power: getBuiltInSite('guiyang').power,
        sourceName: GUIYANG_EPW,
      });
      const siteFile = join(work, 'site.json');
      writeFileSync(siteFile, JSON.stringify(site));
      preview = await runOfflinePreview({
        projectDir: DEFAULT_PROJECT_DIR,
        stack: 'guiyang',
        overrides: {
          'karst:siteFile': siteFile,
          'karst:weatherFile': epwPath,
          'karst:itPlan': JSON.stringify({
            racks: 500,
            kwPerRack: 10,
            utilization: 0.6,
            hourlyProfile: HOURLY_PROFILE,
          }),
        },
      });

      // A Lambda task root from the archive: the built bundle, the deployment document, the weather file.
      const taskRoot = join(work, 'task');
      const files = await archiveFiles(preview);
      const bundle = files['index.mjs']?.path ?? '';
      if (!existsSync(bundle)) {
        throw new Error(
          `the status bundle ${bundle} is missing: build it with \`pnpm --filter @karst/status build\``,
        );
      }
      for (const [name, file] of Object.entries(files)) {
        // The archive has folders too (the /docs assets beside the bundle).
        mkdirSync(dirname(join(taskRoot, name)), { recursive: true });
        if (file.path !== undefined) await copyFile(file.path, join(taskRoot, name));
        else writeFileSync(join(taskRoot, name), file.text ?? '');
      }
      // The Node.js Lambda runtime provides the AWS SDK v3 the bundle leaves out, and nothing else: the status
      // package's @aws-sdk stands in, alone, so a package the bundle needs and lacks fails here as in Lambda.
      mkdirSync(join(taskRoot, 'node_modules'));
      symlinkSync(
        realpathSync(join(dirname(bundle), '..', '..', 'node_modules', '@aws-sdk')),
        join(taskRoot, 'node_modules', '@aws-sdk'),
      );
      writeFileSync(
        join(taskRoot, 'invoke.mjs'),
        "const { handler } = await import('./index.mjs');\n" +
          'process.stdout.write(JSON.stringify(await handler(JSON.parse(process.argv[2]), {})));\n',
      );
      const event = {
        requestContext: {
          elb: {
            targetGroupArn: 'arn:aws-cn:elasticloadbalancing:cn-northwest-1:123456789012:targetgroup/karst/1',
          },
        },
        httpMethod: 'GET',
        path: '/v1/budget',
        queryStringParameters: {},
        headers: { host: 'internal-karst.elb.amazonaws.com.cn', accept: 'application/json' },
        body: '',
        isBase64Encoded: false,
      };
      const result = spawnSync(process.execPath, ['invoke.mjs', JSON.stringify(event)], {
        cwd: taskRoot,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          ...variablesOf(preview),
          LAMBDA_TASK_ROOT: taskRoot,
          AWS_REGION: 'cn-northwest-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
        },
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.status !== 0)
        throw new Error(`the handler failed (exit ${result.status}):\n${result.stderr}`);
      const response = JSON.parse(result.stdout) as { statusCode: number; body: string };
      if (response.statusCode !== 200)
        throw new Error(`GET /v1/budget answered ${response.statusCode}: ${response.body}`);
      served = JSON.parse(response.body);
      // Generous: a budget over a real EPW year, the bundle's cold start and a site import, on a busy 2-core
      // CI machine; nothing here measures speed.
    }, 300_000);

    afterAll(() => {
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('serves the site file (an imported id) and the weather file the stack names', () => {
      expect(served.plan.site.id).toBe('guiyang-cswd');
    });

    it('answers with the PUE and peak the pool tags and the peak alarm were set from', () => {
      const pool = preview.resources.find((resource) => resource.type === 'aws:autoscaling/group:Group')!;
      const tags = Object.fromEntries(
        (pool.inputs.tags as { key: string; value: string }[]).map((tag) => [tag.key, tag.value]),
      );
      const peakAlarm = preview.resources.find(
        (resource) =>
          resource.type === 'aws:cloudwatch/metricAlarm:MetricAlarm' &&
          (resource.inputs.threshold as number) > 1,
      )!;
      // One computation, so the very same numbers: the tag rounds to 3 decimals, the alarm keeps them all.
      expect(served.budget.headroom.peakFacilityPowerKw).toBe(peakAlarm.inputs.threshold);
      expect(served.budget.annual.pue.toFixed(3)).toBe(tags['karst:budget-pue']);
      expect(served.budget.headroom.peakFacilityPowerKw.toFixed(1)).toBe(
        tags['karst:budget-peak-facility-kw'],
      );
      expect((preview.outputs.budget as { pue: number }).pue).toBe(
        Math.round(served.budget.annual.pue * 1000) / 1000,
      );
    });
  },
);
