/** A UPS efficiency curve: output over input power at fractions of the installed capacity. */
export type UpsEfficiencyCurve = readonly { readonly loadFraction: number; readonly efficiency: number }[];

/**
 * Published UPS efficiency-versus-load curves (output / input, by fraction of the installed capacity).
 *
 * - `legacy-double-conversion`: transformer-based double-conversion units as measured in the field by
 *   Ton & Fortenbery, "High Performance Buildings: Data Centers - Uninterruptible Power Supplies"
 *   (Ecos Consulting / EPRI Solutions for LBNL and the California Energy Commission, 2005): about 86 % at
 *   25 % load, 90 % at half load, 92 % at full load.
 * - `typical-double-conversion`: the plan default: EU Code of Conduct on AC UPS (2021) minimum levels and
 *   vendor curves: ~94 % at 25 % load, ~96 % from half load up.
 * - `modern-double-conversion`: transformerless IGBT units of the 2020s: Schneider Electric Galaxy VS data
 *   sheet, double conversion "up to 97 % at every load level"; ENERGY STAR Version 2.0 certified UPS
 *   (>10 kW, normal mode) list 96-97 % from 25 % load.
 * - `eco-mode`: the same units in eco (eConversion / ESS) mode, the inverter in parallel and the load fed
 *   through the bypass: "up to 99 %" (Schneider Galaxy VS data sheet; Schneider Electric White Paper 157,
 *   "Eco-mode: Benefits and Risks of Energy-saving Modes of UPS Operation": 98-99 %).
 */
export const UPS_EFFICIENCY_CURVES = {
  'legacy-double-conversion': [
    { loadFraction: 0.1, efficiency: 0.8 },
    { loadFraction: 0.25, efficiency: 0.86 },
    { loadFraction: 0.5, efficiency: 0.9 },
    { loadFraction: 0.75, efficiency: 0.915 },
    { loadFraction: 1, efficiency: 0.92 },
  ],
  'typical-double-conversion': [
    { loadFraction: 0.1, efficiency: 0.88 },
    { loadFraction: 0.25, efficiency: 0.94 },
    { loadFraction: 0.5, efficiency: 0.96 },
    { loadFraction: 0.75, efficiency: 0.965 },
    { loadFraction: 1, efficiency: 0.96 },
  ],
  'modern-double-conversion': [
    { loadFraction: 0.1, efficiency: 0.94 },
    { loadFraction: 0.25, efficiency: 0.965 },
    { loadFraction: 0.5, efficiency: 0.97 },
    { loadFraction: 0.75, efficiency: 0.97 },
    { loadFraction: 1, efficiency: 0.965 },
  ],
  'eco-mode': [
    { loadFraction: 0.1, efficiency: 0.97 },
    { loadFraction: 0.25, efficiency: 0.985 },
    { loadFraction: 0.5, efficiency: 0.99 },
    { loadFraction: 1, efficiency: 0.99 },
  ],
} as const satisfies Record<string, UpsEfficiencyCurve>;

export type UpsCurveId = keyof typeof UPS_EFFICIENCY_CURVES;
