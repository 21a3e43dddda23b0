import { tariffSchema } from '@karst/climate';
import { describe, expect, it } from 'vitest';
import { pricePerKwhByHourOfDay } from './tariff.js';

describe('pricePerKwhByHourOfDay', () => {
  it('uses the flat price where no band applies and each band in its hours, wrapping past midnight', () => {
    const tariff = tariffSchema.parse({
      source: 'test',
      currency: 'CNY',
      energyPricePerKwh: 0.5,
      timeOfUse: [
        { name: 'night', startHour: 22, endHour: 6, energyPricePerKwh: 0.2 },
        { name: 'peak', startHour: 18, endHour: 21, energyPricePerKwh: 0.9 },
      ],
    });
    expect(Array.from(pricePerKwhByHourOfDay(tariff))).toEqual([
      0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.9, 0.9, 0.9,
      0.5, 0.2, 0.2,
    ]);
  });
});
