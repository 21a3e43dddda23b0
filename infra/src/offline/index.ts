// What other workspace tools (the karst CLI) reuse of the offline preview.
export {
  DEFAULT_PROJECT_DIR,
  hasMandatoryViolation,
  type OfflinePreview,
  type PolicyViolation,
  runOfflinePreview,
} from './preview.js';
export { renderBudgetSummary, renderPlan, renderViolations } from './render-plan.js';
export { type PreviewReport, parseSetPairs, previewReport } from './report.js';
