// Brings a DynamoDB telemetry table written by an older Karst (item layout 1: meter-hours only, before the
// site-hour and meter-day items) to the layout the status service reads, which refuses to open it until
// then. Run once, with the service stopped:
//
//   node --conditions=karst-source --import tsx apps/status/scripts/migrate-dynamodb.ts --table NAME \
//     [--region REGION] [--endpoint URL]
//
// It reads every meter-hour item (one paged Scan), writes the site-hour and meter-day items, and marks the
// table; it deletes nothing, so a run that stops halfway is run again. Credentials and region come from
// the AWS SDK's usual chain (AWS_PROFILE, AWS_REGION, ...).
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { migrateTelemetryTable } from '../src/store/dynamodb-store.js';

const { values } = parseArgs({
  options: { table: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' } },
  strict: true,
});
if (!values.table) {
  console.error('migrate-dynamodb: --table NAME is required (the telemetry table, e.g. the stack output)');
  process.exit(2);
}
const client = new DynamoDBClient({
  ...(values.region === undefined ? {} : { region: values.region }),
  ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
});
try {
  const result = await migrateTelemetryTable({ tableName: values.table, client });
  console.log(
    result.fromLayout >= 2
      ? `migrate-dynamodb: ${values.table} is already in the current layout; nothing to do`
      : `migrate-dynamodb: ${values.table}: layout ${result.fromLayout} -> 2: ${result.meterHours} meter-hours read, ` +
          `${result.siteHours} site hours and ${result.meterDays} meter-days written`,
  );
} finally {
  client.destroy();
}
