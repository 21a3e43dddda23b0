// What other workspace tools (the karst CLI) reuse of the offline preview.

export { ValidationError } from '@karst/climate';
export { InfraConfigError } from '../config.js';
export {
  DEFAULT_PROJECT_DIR,
  hasMandatoryViolation,
  type OfflinePreview,
  type PolicyViolation,
  runOfflinePreview,
} from './preview.js';
export { renderBudgetSummary, renderPlan, renderViolations } from './render-plan.js';
export { type PreviewReport, parseSetPairs, previewReport } from './report.js';
export { STACK_FILE_SUBJECT } from './stack-file.js';
