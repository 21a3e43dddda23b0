/** Cooling modes by what runs; `CoolingSeries.mode` holds an index into this list. */
export const COOLING_MODES = [
  'free-air',
  'free-air-partial',
  'indirect-dry',
  'indirect-evaporative',
  'indirect-evaporative-partial',
  'waterside-economizer',
  'waterside-economizer-partial',
  'mechanical',
  'direct-evaporative',
  'direct-evaporative-partial',
  'dry-cooler',
  'dry-cooler-evaporative',
  'dry-cooler-partial',
] as const;

export type CoolingMode = (typeof COOLING_MODES)[number];

// Indices into COOLING_MODES, so the hourly loop writes integers rather than looking strings up.
export const MODE_FREE_AIR = 0;
export const MODE_FREE_AIR_PARTIAL = 1;
export const MODE_INDIRECT_DRY = 2;
export const MODE_INDIRECT_EVAPORATIVE = 3;
export const MODE_INDIRECT_EVAPORATIVE_PARTIAL = 4;
export const MODE_WATERSIDE_ECONOMIZER = 5;
export const MODE_WATERSIDE_ECONOMIZER_PARTIAL = 6;
export const MODE_MECHANICAL = 7;
export const MODE_DIRECT_EVAPORATIVE = 8;
export const MODE_DIRECT_EVAPORATIVE_PARTIAL = 9;
export const MODE_DRY_COOLER = 10;
export const MODE_DRY_COOLER_EVAPORATIVE = 11;
export const MODE_DRY_COOLER_PARTIAL = 12;

/** The mode name for an index stored in `CoolingSeries.mode`. */
export function coolingModeName(modeIndex: number): CoolingMode {
  const mode = COOLING_MODES[modeIndex];
  if (mode === undefined)
    throw new RangeError(`mode index must be 0..${COOLING_MODES.length - 1}, got ${modeIndex}`);
  return mode;
}
