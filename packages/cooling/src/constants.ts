/** Specific heat of dry air, kJ/(kg·K): the dry-air term of ASHRAE HoF 2017 ch. 1 eq. 30. */
export const AIR_SPECIFIC_HEAT_KJ_PER_KG_K = 1.006;

/** Specific heat of liquid water near 20 °C, kJ/(kg·K). */
export const WATER_SPECIFIC_HEAT_KJ_PER_KG_K = 4.186;

/** Density of liquid water near 20 °C, kg/m³; also converts kilograms of water to liters (0.998 kg per L). */
export const WATER_DENSITY_KG_PER_M3 = 998;

/** Latent heat of vaporization of water near 20-25 °C, kJ/kg (2,454 at 20 °C, 2,442 at 25 °C). */
export const LATENT_HEAT_KJ_PER_KG = 2450;

export const KELVIN_OFFSET = 273.15;

export const SECONDS_PER_HOUR = 3600;

/** Molar mass of water over that of dry air, 18.015268 / 28.966: W = this x p_w / (p - p_w) (ASHRAE HoF 2017 ch. 1 eq. 20). */
export const WATER_AIR_MOLAR_MASS_RATIO = 0.621945;
