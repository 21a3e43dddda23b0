import { describe, expect, it } from 'vitest';
import { karst, karstJson } from '../test-util.js';
import { parseSetPairs } from './preview.js';

interface PreviewJson {
  stack: string;
  resources: { type: string; name: string }[];
  outputs: { budget: { pue: number; capKw: number; withinCap: boolean; maxRacks: number }; site: string };
}

describe('karst preview', () => {
  it('reads --set pairs, implying the karst: namespace', () => {
    expect(parseSetPairs(['karst:powerCapKw=3000', 'site=beijing', 'aws:region=us-east-1'])).toEqual({
      'karst:powerCapKw': '3000',
      'karst:site': 'beijing',
      'aws:region': 'us-east-1',
    });
    expect(() => parseSetPairs(['=3'])).toThrow('--set =3: expected key=value');
  });

  it("prints the offline plan as infra's offline preview does", async () => {
    const { runOfflinePreview, DEFAULT_PROJECT_DIR } = await import('@karst/infra/offline');
    const expected = await runOfflinePreview({ projectDir: DEFAULT_PROJECT_DIR, stack: 'guiyang' });
    const json = await karstJson<PreviewJson>(['preview']);
    expect(json.stack).toBe('guiyang');
    expect(json.outputs).toEqual(JSON.parse(JSON.stringify(expected.outputs)));
    expect(json.resources.map((resource) => resource.name)).toEqual(expected.resources.map((r) => r.name));

    const text = await karst(['preview']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Previewing update (guiyang), offline: the program under Pulumi's mocks");
    expect(text.stdout).toContain('Budget at guiyang (indirect-evaporative):');
  });

  it('applies --set overrides, and exits 1 on the mandatory violation of an over-cap plan', async () => {
    const result = await karst(['preview', '--json', '--set', 'karst:powerCapKw=3000']);
    const json = JSON.parse(result.stdout) as PreviewJson & {
      violations: { policy: string; enforcementLevel: string }[];
    };
    expect(json.outputs.budget.capKw).toBe(3000);
    expect(json.outputs.budget.withinCap).toBe(false);
    expect(json.violations).toContainEqual(
      expect.objectContaining({ policy: 'karst-power-headroom', enforcementLevel: 'mandatory' }),
    );
    expect(result.code).toBe(1);
  });

  it('prints what `npm run preview:offline` prints, from the same report, with the same exit code', async () => {
    const { runOfflinePreview, previewReport, DEFAULT_PROJECT_DIR } = await import('@karst/infra/offline');
    const overrides = { 'karst:powerCapKw': '3000' };
    const report = previewReport(
      await runOfflinePreview({ projectDir: DEFAULT_PROJECT_DIR, stack: 'guiyang', overrides }),
    );
    const text = await karst(['preview', '--set', 'karst:powerCapKw=3000']);
    expect(text.code).toBe(report.exitCode);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe(`${report.text}\n`);
    expect(text.stdout).toContain('[mandatory]  karst-power-headroom');
    expect(text.stdout).toContain('OVER CAP');
  });

  it.each([
    [
      ['--set', 'karst:powerCapKw=abc'],
      /^karst: --set karst:powerCapKw: .*\(fix: pulumi config set --path 'karst:powerCapKw' 6000\)\n$/,
    ],
    [['--set', 'nonsense'], /^karst: --set nonsense: expected key=value/],
    [
      ['--stack', 'atlantis'],
      /^karst: --stack atlantis: cannot read the stack file .*Pulumi\.atlantis\.yaml: no such file\n$/,
    ],
  ])('bad input %j exits 2 with one line', async (args, pattern) => {
    const { code, stderr } = await karst(['preview', ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(pattern);
  });
});
