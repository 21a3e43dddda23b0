export { ValidationError, type ValidationIssue } from '@karst/climate';
export { carnotCop, compressorPowerKw, type PartLoadCurve, partLoadPowerFraction } from './chiller.js';
export {
  COOLING_DESIGN_TYPES,
  type CoolingDesign,
  type CoolingDesignInput,
  type CoolingDesignType,
  coolingDesignSchema,
  parseCoolingDesign,
} from './design.js';
export type { ChilledWaterWseDesign } from './designs/chilled-water-wse.js';
export type { DirectEvaporativeDesign } from './designs/direct-evaporative.js';
export type { FreeAirDesign } from './designs/free-air.js';
export type { IndirectEvaporativeDesign } from './designs/indirect-evaporative.js';
export type { MechanicalDesign } from './designs/mechanical.js';
export {
  airCooledShare,
  HEAT_REJECTIONS,
  LIQUID_COOLING_CLASSES,
  type LiquidCoolingClass,
  type WarmWaterLiquidDesign,
} from './designs/warm-water-liquid.js';
export {
  ENVELOPE_IDS,
  ENVELOPES,
  type Envelope,
  type EnvelopeId,
  maxDryBulbAtAltitudeC,
  supplyDewPointLimitsC,
} from './envelopes.js';
export { airMassFlowKgPerS, airVolumeFlowM3PerS, fanPowerKw, partLoadFanPowerKw } from './fans.js';
export { elevationFromPressureM } from './hall.js';
export { COOLING_MODES, type CoolingMode, coolingModeName } from './modes.js';
export { pumpPowerKw } from './pumps.js';
export { type CoolingSeries, createCoolingSeries } from './series.js';
export {
  type CoolingHour,
  coolingAtConditions,
  type SimulateCoolingOptions,
  simulateCooling,
} from './simulate.js';
export {
  type AirState,
  blowdownLiters,
  directEvaporativeOutlet,
  evaporationFromAirLitersPerHour,
  evaporationLitersPerHour,
  latentShare,
  makeupWaterLitersPerHour,
  saturatedAirAtEnthalpy,
  saturatedHumidityRatio,
  towerAirFlowKgPerS,
  wetStreamEvaporationLitersPerHour,
} from './water.js';
