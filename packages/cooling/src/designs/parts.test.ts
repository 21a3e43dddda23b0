// The hall fields every design shares and the setpoint-in-envelope check (designs/parts.ts), through the
// public schema as users meet them.
import { describe, expect, it } from 'vitest';
import { coolingDesignSchema, parseCoolingDesign } from '../design.js';
import { validationMessages } from '../validation.test-util.js';

/** The issues of a rejected design, as `path: message` lines. */
function messageOf(input: unknown): string {
  return validationMessages(() => parseCoolingDesign(input));
}

describe('the supply air setpoint', () => {
  it('says its range below it as above it, once', () => {
    expect(messageOf({ type: 'free-air', supplyAirSetpointC: 5 })).toBe(
      'supplyAirSetpointC: must be between 10 and 35',
    );
    expect(messageOf({ type: 'free-air', supplyAirSetpointC: 'warm', envelope: 'A1' })).toBe(
      'supplyAirSetpointC: must be a number',
    );
    expect(messageOf({ type: 'free-air', supplyAirSetpointC: '12', envelope: 'A1' })).toBe(
      'supplyAirSetpointC: must be a number',
    );
  });

  it('must lie in the envelope: the recommended 18-27 °C refuses the schema edges 10 and 35 °C', () => {
    // ASHRAE TC 9.9 (2021) Table 2.1: recommended 18-27 °C, A2 10-35 °C.
    for (const setpointC of [10, 17.9, 27.1, 35]) {
      expect(messageOf({ type: 'free-air', supplyAirSetpointC: setpointC })).toBe(
        'supplyAirSetpointC: must be within the recommended envelope (18 to 27 °C)',
      );
    }
    for (const setpointC of [18, 27]) {
      expect(parseCoolingDesign({ type: 'free-air', supplyAirSetpointC: setpointC }).supplyAirSetpointC).toBe(
        setpointC,
      );
    }
    // A2 spans the schema's whole range, edges included.
    for (const setpointC of [10, 35]) {
      expect(
        parseCoolingDesign({ type: 'free-air', supplyAirSetpointC: setpointC, envelope: 'A2' })
          .supplyAirSetpointC,
      ).toBe(setpointC);
    }
  });

  it('is not compared with an envelope that does not exist: the envelope alone is reported', () => {
    expect(messageOf({ type: 'mechanical', envelope: 'B', supplyAirSetpointC: 20 })).toBe(
      'envelope: must be one of recommended, A1, A2, A3, A4',
    );
  });

  it("reports the cross-field checks as zod 'custom' issues, for callers of the schema", () => {
    const outside = coolingDesignSchema.safeParse({ type: 'free-air', supplyAirSetpointC: 30 });
    expect(outside.success).toBe(false);
    expect(outside.error?.issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([
      ['custom', 'supplyAirSetpointC'],
    ]);
    const partLoad = coolingDesignSchema.safeParse({
      type: 'mechanical',
      compressor: { partLoad: { constant: 0.5 } },
    });
    expect(partLoad.error?.issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([
      ['custom', 'compressor.partLoad'],
    ]);
  });
});
