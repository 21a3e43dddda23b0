// `pnpm preview:offline [--stack NAME] [--json] [--set key=value ...]`: the plan of a stack, offline.
import { parseArgs } from 'node:util';
import { ValidationError } from '@karst/climate';
import { InfraConfigError } from '../config.js';
import { DEFAULT_PROJECT_DIR, hasMandatoryViolation, runOfflinePreview } from './preview.js';
import { renderBudgetSummary, renderPlan, renderViolations } from './render-plan.js';

const { values } = parseArgs({
  options: {
    stack: { type: 'string', default: 'guiyang' },
    json: { type: 'boolean', default: false },
    set: { type: 'string', multiple: true, default: [] },
  },
});

const overrides = Object.fromEntries(
  (values.set ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) {
      console.error(`--set ${pair}: expected key=value, e.g. --set karst:powerCapKw=3000`);
      process.exit(2);
    }
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);

try {
  const preview = await runOfflinePreview({
    projectDir: DEFAULT_PROJECT_DIR,
    stack: values.stack,
    overrides,
  });
  if (values.json) {
    console.log(
      JSON.stringify(
        { stack: preview.stack, resources: preview.resources, outputs: preview.outputs },
        null,
        2,
      ),
    );
  } else {
    console.log(renderPlan(preview.stack, preview.resources, preview.outputs));
    console.log(`\n${renderBudgetSummary(preview.outputs)}`);
    console.log(`\n${renderViolations(preview.violations)}`);
  }
  // A mandatory violation stops the real `pulumi preview --policy-pack`; so it stops this one.
  if (hasMandatoryViolation(preview)) process.exitCode = 1;
} catch (error) {
  if (error instanceof InfraConfigError || error instanceof ValidationError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(`offline preview failed: ${(error as Error).message}`);
  process.exit(1);
}
