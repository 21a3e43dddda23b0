import type { z } from 'zod';
import type { DeepPartial, PlanInput, planFieldsSchema } from './plan-schema.js';
import { UPS_EFFICIENCY_CURVES } from './ups-curves.js';

/** The ids of `planPresets`. */
export const PLAN_PRESET_IDS = [
  'hyperscale-direct-evaporative',
  'modern-indirect-evaporative',
  'warm-water-liquid',
  'legacy-enterprise',
  'tropical-chilled-water',
] as const;
export type PlanPresetId = (typeof PLAN_PRESET_IDS)[number];

/** A named starting point for a plan; every parameter it sets has its source in `sources`. */
export interface PlanPreset {
  readonly id: PlanPresetId;
  readonly title: string;
  readonly description: string;
  /** Where each parameter comes from, one line each: "field(s): source". */
  readonly sources: readonly string[];
  /** The plan fields the preset sets; a plan's own fields override them. */
  readonly plan: Omit<DeepPartial<z.input<typeof planFieldsSchema>>, 'preset' | 'includeHourly'>;
}

const curve = (id: keyof typeof UPS_EFFICIENCY_CURVES) =>
  UPS_EFFICIENCY_CURVES[id].map((point) => ({ ...point }));

/**
 * Named plans whose every parameter has a published source (DESIGN.md: plans start from presets). A plan
 * picks one with `preset: '<id>'` and overrides any field. The calibration table in docs/methodology.md
 * shows each on the weather of the site it stands for, against the figure that site publishes.
 */
export const planPresets: Readonly<Record<PlanPresetId, PlanPreset>> = {
  'hyperscale-direct-evaporative': {
    id: 'hyperscale-direct-evaporative',
    title: 'Hyperscale campus: outdoor air with direct evaporative cooling, no central UPS',
    description:
      'The Open Compute / Meta Prineville and Forest City type: a penthouse of fan walls draws 100 % outdoor air through filters and wetted media (or mixes it with hot-aisle air in winter), DX coils only for the most humid hours, 277 V power straight to the racks with rack batteries instead of a central UPS.',
    sources: [
      'cooling: Open Compute Project, "Facebook Prineville data center mechanical specification" (2011): 100 % outside-air economizer with direct evaporative cooling and humidification; DX coils installed at Forest City "just in case" (Facebook Engineering, 2012)',
      "cooling.supplyAirSetpointC 24: inside the OCP specification's 18-27 °C (65-80.6 °F) inlet range",
      'cooling.envelope A2: Forest City ran inlet air up to 85 °F (29.4 °C) and 90 % RH (Facebook Engineering, 2012), beyond A1; ASHRAE TC 9.9 (2021) class A2 caps the dew point at 21 °C',
      'cooling.humidifyToDewPointC 5.5: the lower humidity limit of the ASHRAE 2008 recommended envelope the 2010-2012 OCP halls were designed to (ASHRAE TC 9.9, "2008 ASHRAE Environmental Guidelines for Datacom Equipment"); Meta later lowered its winter humidity setpoint to save water (Meta, Sustainability: data centers, 2022 case study)',
      'cooling.supplyFanSpecificPowerWPerM3s 800: louvers, MERV-13 filters, wetted media and the hall at ~500 Pa and 0.63 total efficiency (EN 16798-3 class SFP 3, 750-1,250)',
      'cooling.mediaEffectiveness 0.85: rigid media, ASHRAE Handbook HVAC Systems and Equipment 2020 ch. 41 (70-95 %)',
      'powerChain.upsTopology none: OCP power "eliminates the central UPS", 277 V to the rack with 48 V battery cabinets (Open Compute Project, "Facebook Prineville electrical design", 2011)',
      'powerChain.distributionLossFraction 0.014: OCP reports 92.5 % from the utility to the motherboard with 94.5 % server power supplies, i.e. 2.1 % for the facility chain, of which the MV transformer takes ~0.7 % here',
      'itPlan.utilization 0.7: hyperscale fleets run servers busier than enterprise halls (Shehabi et al., "United States Data Center Energy Usage Report", LBNL-1005775, 2016)',
      'otherLoads.lightingWPerItKw 1: LED with occupancy control in lights-out halls',
      'gridConnection.capKw 7,200: the building is connected for its 6,000 kW of IT design power with DX trim at the design day (x 1.2); the default 6,000 kW cap put it 4 kW over in the hottest Ashburn hour',
    ],
    plan: {
      itPlan: { racks: 500, kwPerRack: 12, utilization: 0.7 },
      cooling: {
        type: 'direct-evaporative',
        supplyAirSetpointC: 24,
        envelope: 'A2',
        airTemperatureRiseK: 12,
        supplyFanSpecificPowerWPerM3s: 800,
        mediaEffectiveness: 0.85,
        humidifyToDewPointC: 5.5,
      },
      powerChain: { upsTopology: 'none', distributionLossFraction: 0.014 },
      otherLoads: { lightingWPerItKw: 1 },
      gridConnection: { capKw: 7200 },
    },
  },
  'modern-indirect-evaporative': {
    id: 'modern-indirect-evaporative',
    title: 'Modern hall: indirect evaporative air handlers with DX trim, N+1 UPS in eco mode',
    description:
      "The Tencent Gui'an type: indirect evaporative units against a closed hall air loop, contained aisles at 24-27 °C, modular transformerless UPS N+1 run in eco mode.",
    sources: [
      "cooling: Tencent, Gui'an Seven Star data center (2018): indirect evaporative cooling, natural cooling for more than 70 % of the year, design PUE around 1.1",
      'cooling.supplyAirSetpointC 26: ASHRAE TC 9.9 (2021) recommended range 18-27 °C',
      'powerChain.upsTopology N+1, upsMode eco: Schneider Electric White Paper 157 (eco mode 98-99 %), Galaxy VS data sheet (eConversion up to 99 %)',
    ],
    plan: {
      itPlan: { racks: 500, kwPerRack: 10, utilization: 0.6 },
      cooling: { type: 'indirect-evaporative', supplyAirSetpointC: 26 },
      powerChain: {
        upsTopology: 'N+1',
        upsMode: 'eco',
        upsEfficiencyCurve: curve('modern-double-conversion'),
      },
    },
  },
  'warm-water-liquid': {
    id: 'warm-water-liquid',
    title: 'AI hall: warm-water direct liquid cooling',
    description:
      'An AI hall of 40-140 kW racks on direct-to-chip cold plates fed by a warm facility water loop, the rest of the heat by air; N+1 modern UPS.',
    sources: [
      'powerChain: N+1 modular transformerless UPS, Schneider Galaxy VS data sheet (97 % double conversion)',
      'itPlan.kwPerRack 80: NVIDIA GB200 NVL72 racks draw ~120-132 kW, H100 HGX racks 40-60 kW (NVIDIA DGX SuperPOD reference architectures, 2024)',
      'cooling: cold plates take 70-90 % of the heat (ASHRAE TC 9.9, "Emergence and Expansion of Liquid Cooling in Mainstream Data Centers", 2021); facility water class W32 (ASHRAE TC 9.9 liquid cooling classes W17-W45)',
    ],
    plan: {
      itPlan: { racks: 60, kwPerRack: 80, utilization: 0.8 },
      cooling: { type: 'warm-water-liquid', supplyAirSetpointC: 27 },
      powerChain: { upsTopology: 'N+1', upsEfficiencyCurve: curve('modern-double-conversion') },
    },
  },
  'legacy-enterprise': {
    id: 'legacy-enterprise',
    title: 'Legacy enterprise hall: chilled water at 7 °C, 2N legacy UPS, open aisles',
    description:
      'The hall behind the Uptime Institute 2024 survey average PUE of 1.56: chillers at 7 °C water with little economizer use, open aisles with bypass air (a low temperature rise), 2N transformer-based UPS at low load and PDU transformers.',
    sources: [
      "annual PUE 1.56: Uptime Institute, Global Data Center Survey 2024 (average at respondents' largest data center)",
      'cooling.chilledWaterSupplyC 7: the classic 44-45 °F chilled water of comfort-cooling plants (ASHRAE Handbook HVAC Systems and Equipment 2020, ch. 3)',
      'powerChain.upsEfficiencyCurve legacy: Ton & Fortenbery, LBNL / EPRI (2005), measured transformer-based double-conversion UPS',
      'powerChain.distributionLossFraction 0.025: 480/208 V PDU transformers at 97-98 % (LBNL, "DC Power for Improved Data Center Efficiency", 2008)',
      'otherLoads.lightingWPerItKw 10: fluorescent white-space lighting ~20 W/m² over ~0.5 m² per IT kW (ASHRAE 90.1 lighting power density history)',
      'cooling.fanMinSpeedFraction 1: constant-volume computer-room air handlers without variable-speed drives, the norm before ASHRAE 90.1-2010 required fan speed control; Uptime Institute surveys report most legacy rooms oversupply air',
      "cooling.airTemperatureRiseK 8: open aisles with bypass air: the rise across the room is well below the servers' own",
      'annual WUE 1.8 L/kWh: the average on-site water intensity of US data centers with water-cooled chillers (Shehabi et al., LBNL-1005775, 2016)',
    ],
    plan: {
      itPlan: { racks: 300, kwPerRack: 5, utilization: 0.5 },
      cooling: {
        type: 'chilled-water-wse',
        chilledWaterSupplyC: 7,
        supplyAirSetpointC: 20,
        airTemperatureRiseK: 8,
        fanMinSpeedFraction: 1,
      },
      powerChain: {
        upsTopology: '2N',
        upsEfficiencyCurve: curve('legacy-double-conversion'),
        distributionLossFraction: 0.025,
      },
      otherLoads: { lightingWPerItKw: 10 },
    },
  },
  'tropical-chilled-water': {
    id: 'tropical-chilled-water',
    title: 'Tropical hall: water-cooled chillers and towers at 18 °C chilled water with reset, 2N UPS',
    description:
      "The Singapore Green Mark type: no useful free cooling in a tropical year, so efficient water-cooled chillers on warm chilled water (reset upward at part load), cooling towers and CRAH fan walls with variable speed; judged at full IT load as IMDA's target is.",
    sources: [
      'target PUE <= 1.3 at 100 % IT load: IMDA, Green Data Centre Roadmap (2024); Green Mark for Data Centres 2024: WUE <= 2.0 L/kWh for the full water point (BCA-IMDA, 2024)',
      'itPlan.utilization 1: the roadmap judges PUE at full IT load',
      'cooling.chilledWaterSupplyC 18, chilledWaterReset: ASHRAE Guideline 36-2021 chilled water supply temperature reset; a high-temperature data-center loop',
      "powerChain: 2N double-conversion UPS (Uptime Institute Tier III colocation, the common Singapore build) on the EU Code of Conduct on AC UPS (2021) curve: the roadmap's target is for the whole installed fleet, not only new builds",
      'gridConnection.capKw 7,000: a hall run at full IT load is connected for it: 5,000 kW of IT at the target PUE 1.3 is 6,500 kW, plus margin (the default 6,000 kW cap, sized for a hall at 60 % load, put this preset over its cap in every hour)',
    ],
    plan: {
      itPlan: { racks: 500, kwPerRack: 10, utilization: 1 },
      cooling: { type: 'chilled-water-wse', chilledWaterSupplyC: 18, chilledWaterReset: true },
      powerChain: { upsTopology: '2N', upsEfficiencyCurve: curve('typical-double-conversion') },
      gridConnection: { capKw: 7000 },
    },
  },
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `over` laid on `under`: objects merge field by field, anything else in `over` replaces. */
function merge(under: unknown, over: unknown): unknown {
  if (!isObject(under) || !isObject(over)) return over === undefined ? under : over;
  const result: Json = { ...under };
  for (const [key, value] of Object.entries(over)) result[key] = merge(under[key], value);
  return result;
}

/**
 * The plan input with its preset's fields laid under it (the preprocess step of `planSchema`). An input
 * without a preset, or with one that is not a known id (the schema then names it), passes unchanged. A
 * plan whose `cooling.type` differs from the preset's keeps only its own cooling: another design's
 * parameters mean nothing to it.
 */
export function applyPreset(input: unknown): unknown {
  if (!isObject(input) || typeof input.preset !== 'string') return input;
  const preset = (planPresets as Record<string, PlanPreset | undefined>)[input.preset];
  if (preset === undefined) return input;
  const base: Json = structuredClone(preset.plan) as Json;
  const cooling = input.cooling;
  if (isObject(cooling) && cooling.type !== undefined && cooling.type !== (base.cooling as Json).type) {
    delete base.cooling;
  }
  return merge(base, input);
}

/** A plan input that starts from preset `id` with `overrides` on top (the same as `{ preset: id, ...overrides }`). */
export function planFromPreset(
  id: PlanPresetId,
  overrides: Omit<DeepPartial<z.input<typeof planFieldsSchema>>, 'preset'> = {},
): PlanInput {
  return { ...overrides, preset: id };
}
