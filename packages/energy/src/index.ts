export { ValidationError, type ValidationIssue } from '@karst/climate';
export { type CarbonFactors, carbonFactors } from './carbon.js';
export { type ComputeBudgetOptions, computeBudget } from './compute-budget.js';
export * from './plan-schema.js';
export { AIR_COOLED_RACK_LIMIT_KW } from './plan-warnings.js';
export { upsCurve, upsEfficiency, upsInstalledFactor } from './power-chain.js';
export {
  applyPreset,
  PLAN_PRESET_IDS,
  type PlanPreset,
  type PlanPresetId,
  planFromPreset,
  planPresets,
} from './presets.js';
export type * from './result.js';
export { pricePerKwhByHourOfDay } from './tariff.js';
export { UPS_EFFICIENCY_CURVES, type UpsCurveId, type UpsEfficiencyCurve } from './ups-curves.js';
