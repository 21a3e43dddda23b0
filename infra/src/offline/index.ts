// What other workspace tools (the karst CLI) reuse of the offline preview.
export { DEFAULT_PROJECT_DIR, type OfflinePreview, runOfflinePreview } from './preview.js';
export { renderBudgetSummary, renderPlan } from './render-plan.js';
