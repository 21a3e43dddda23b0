// The one way an offline preview is reported: `npm run preview:offline` and `karst preview` both print this
// and exit with its code, so the two can never disagree about a plan again.
import { hasMandatoryViolation, type OfflinePreview } from './preview.js';
import { renderBudgetSummary, renderPlan, renderViolations } from './render-plan.js';

/** What a preview prints, as text or JSON, and the exit code it ends with. */
export interface PreviewReport {
  /** The plan, the budget summary and the policy verdict, as `pulumi preview --policy-pack` would show. */
  text: string;
  /** The same for scripts: stack, resources, outputs and violations. */
  json: {
    stack: string;
    resources: OfflinePreview['resources'];
    outputs: OfflinePreview['outputs'];
    violations: OfflinePreview['violations'];
  };
  /** 1 when a mandatory policy refuses the plan (the real `pulumi preview` fails then), else 0. */
  exitCode: 0 | 1;
}

/** The report of an offline preview. */
export function previewReport(preview: OfflinePreview): PreviewReport {
  return {
    text: [
      renderPlan(preview.stack, preview.resources, preview.outputs),
      renderBudgetSummary(preview.outputs),
      renderViolations(preview.violations),
    ].join('\n\n'),
    json: {
      stack: preview.stack,
      resources: preview.resources,
      outputs: preview.outputs,
      violations: preview.violations,
    },
    exitCode: hasMandatoryViolation(preview) ? 1 : 0,
  };
}

/**
 * `key=value` pairs into config overrides; a key without a namespace is a `karst:` key, as in the stack
 * file. Throws an Error naming the pair that has no `=`.
 */
export function parseSetPairs(pairs: readonly string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`--set ${pair}: expected key=value, e.g. --set karst:powerCapKw=3000`);
    const key = pair.slice(0, at).trim();
    overrides[key.includes(':') ? key : `karst:${key}`] = pair.slice(at + 1);
  }
  return overrides;
}
