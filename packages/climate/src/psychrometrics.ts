/** Standard atmospheric pressure at sea level, Pa (ASHRAE Handbook of Fundamentals 2017, ch. 1, eq. 3). */
export const SEA_LEVEL_PRESSURE_PA = 101_325;

/** Standard atmospheric pressure at an elevation, Pa (ASHRAE HoF 2017, ch. 1, eq. 3). */
export function standardPressurePa(elevationM: number): number {
  return SEA_LEVEL_PRESSURE_PA * (1 - 2.25577e-5 * elevationM) ** 5.2559;
}
