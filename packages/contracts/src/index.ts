// Names two programs must agree on, in one home: the status service writes them, infra creates and
// alarms on them. Names only: no dependencies, no code that runs.

/**
 * The custom CloudWatch metrics the status service publishes (Embedded Metric Format) and infra's alarms
 * and dashboard read. `monthToDateOverBudgetRatio` is month-to-date facility energy over the budget due
 * by now.
 */
export const KARST_METRICS = {
  namespace: 'Karst',
  dimension: 'Site',
  facilityPowerKw: 'FacilityPowerKw',
  livePue: 'LivePue',
  monthToDateOverBudgetRatio: 'MonthToDateEnergyOverBudgetRatio',
} as const;

/**
 * The telemetry table's keys: infra creates the table with them, the status service's DynamoDB store
 * reads and writes them. Both are strings (DynamoDB attribute type `S`); billing is on demand.
 */
export const TELEMETRY_TABLE = {
  hashKey: 'pk',
  rangeKey: 'sk',
  keyAttributeType: 'S',
  billingMode: 'PAY_PER_REQUEST',
} as const;

/** Retention periods CloudWatch Logs accepts, in days (AWS `PutRetentionPolicy`). */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
