// The tag names infra writes on the compute pool and the budget policies read: one home, in the policy
// pack (which infra already depends on) so the pack itself stays free of workspace dependencies.

/** The budget tags infra/src/sizing.ts `budgetTags` writes on the compute pool; all but `site` are numbers. */
export const BUDGET_TAGS = {
  site: 'karst:site',
  /** Where the site is, for the national-hub PUE policy (absent when the profile does not say). */
  siteCountry: 'karst:site-country',
  siteRegion: 'karst:site-region',
  pue: 'karst:budget-pue',
  peakFacilityKw: 'karst:budget-peak-facility-kw',
  capKw: 'karst:budget-cap-kw',
  maxItKw: 'karst:budget-max-it-kw',
  withinCap: 'karst:budget-within-cap',
  facilityEnergyMwh: 'karst:budget-facility-energy-mwh',
  maxMonthEnergyMwh: 'karst:budget-max-month-energy-mwh',
  nodeItKw: 'karst:node-it-kw',
} as const;
