import type { Tariff } from '@karst/climate';

/**
 * The energy price in each hour of day (index 0 is the hour ending 01:00): a time-of-use band's price
 * where one covers the hour, the flat price elsewhere.
 */
export function pricePerKwhByHourOfDay(tariff: Tariff): Float64Array {
  const prices = new Float64Array(24).fill(tariff.energyPricePerKwh);
  for (const band of tariff.timeOfUse) {
    const end = band.endHour > band.startHour ? band.endHour : band.endHour + 24;
    for (let hour = band.startHour; hour < end; hour++) prices[hour % 24] = band.energyPricePerKwh;
  }
  return prices;
}
