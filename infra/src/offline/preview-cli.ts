// `pnpm preview:offline [--stack NAME] [--json] [--set key=value ...]`: the plan of a stack, offline.
import { parseArgs } from 'node:util';
import { ValidationError } from '@karst/climate';
import { DEFAULT_PROJECT_DIR, runOfflinePreview } from './preview.js';
import { parseSetPairs, previewReport } from './report.js';

const { values } = parseArgs({
  options: {
    stack: { type: 'string', default: 'guiyang' },
    json: { type: 'boolean', default: false },
    set: { type: 'string', multiple: true, default: [] },
  },
});

let overrides: Record<string, string>;
try {
  overrides = parseSetPairs(values.set ?? []);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

try {
  const preview = await runOfflinePreview({
    projectDir: DEFAULT_PROJECT_DIR,
    stack: values.stack,
    overrides,
  });
  // The same report, and exit code, as `karst preview`: 1 when a mandatory policy refuses the plan.
  const report = previewReport(preview);
  console.log(values.json ? JSON.stringify(report.json, null, 2) : report.text);
  process.exitCode = report.exitCode;
} catch (error) {
  // InfraConfigError is a ValidationError: one class for every invalid input.
  if (error instanceof ValidationError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(`offline preview failed: ${(error as Error).message}`);
  process.exit(1);
}
