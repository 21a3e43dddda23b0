import type { SiteProfile } from '../profile-schema.js';

// As siteProfileSchema outputs it (every default written out): getBuiltInSite returns it unparsed.
type PowerFacts = Pick<SiteProfile, 'power' | 'awsRegion'>;

const CHINA_NATIONAL_GRID_2022 = {
  source:
    'Ministry of Ecology and Environment and National Bureau of Statistics of China, national average grid emission factor for 2022 (0.5366 kg CO2/kWh, published 2024-12-26); the national figure stands in for the provincial one, which Karst has not sourced',
  locationKgCo2ePerKwh: 0.5366,
  year: 2022,
};

const CHINA_TYPICAL_LARGE_USER_TARIFF = {
  source:
    'typical large-user industrial price in China outside the big-data tariff zones, about 0.5 CNY/kWh (Karst project brief); actual provincial catalogue prices and time-of-use bands vary',
  currency: 'CNY',
  energyPricePerKwh: 0.5,
  timeOfUse: [],
  demandChargePerKwMonth: 0,
};

/**
 * The power facts of each built-in site: tariff, location-based grid carbon and the AWS region nearest in
 * kind. Each figure names its source; rounded or approximate figures say so.
 */
export const BUILT_IN_POWER_FACTS: Record<string, PowerFacts> = {
  guiyang: {
    power: {
      tariff: {
        source:
          "Guizhou's electricity price for big-data (data-center) users, about 0.35 CNY/kWh against about 0.5 elsewhere in China (Karst project brief, after Guizhou's big-data industry power price policy)",
        currency: 'CNY',
        energyPricePerKwh: 0.35,
        timeOfUse: [],
        demandChargePerKwMonth: 0,
      },
      gridCarbon: {
        source:
          'Guizhou provincial grid average, about 0.5 kg CO2/kWh (Karst project brief; cf. the 2022 national average of 0.5366 published by the Ministry of Ecology and Environment): a large hydro share offset by coal',
        locationKgCo2ePerKwh: 0.5,
        year: 2022,
      },
    },
    awsRegion: {
      id: 'cn-northwest-1',
      source:
        'AWS China (Ningxia) region, operated by NWCD: like Guiyang, an inland site chosen for cool climate and cheap power, inside the mainland China market',
    },
  },
  beijing: {
    power: { tariff: CHINA_TYPICAL_LARGE_USER_TARIFF, gridCarbon: CHINA_NATIONAL_GRID_2022 },
    awsRegion: { id: 'cn-north-1', source: 'AWS China (Beijing) region, operated by Sinnet' },
  },
  shanghai: {
    power: { tariff: CHINA_TYPICAL_LARGE_USER_TARIFF, gridCarbon: CHINA_NATIONAL_GRID_2022 },
    awsRegion: {
      id: 'cn-north-1',
      source:
        'no AWS region in East China: the nearest in kind inside the mainland market is AWS China (Beijing)',
    },
  },
  guangzhou: {
    power: {
      tariff: {
        ...CHINA_TYPICAL_LARGE_USER_TARIFF,
        source:
          "flat price about 0.5 CNY/kWh (Karst project brief) with Guangdong's time-of-use bands and ratios (peak 10-12 h and 14-19 h at 1.7x, valley 0-8 h at 0.38x: Guangdong Development and Reform Commission time-of-use policy, 2021); catalogue prices vary by voltage level",
        // Guangdong's time-of-use structure: peak 10-12 and 14-19 h, valley 0-8 h, flat otherwise, with
        // peak:flat:valley price ratios 1.7 : 1 : 0.38.
        timeOfUse: [
          { name: 'valley', startHour: 0, endHour: 8, energyPricePerKwh: 0.19 },
          { name: 'peak', startHour: 10, endHour: 12, energyPricePerKwh: 0.85 },
          { name: 'peak', startHour: 14, endHour: 19, energyPricePerKwh: 0.85 },
        ],
      },
      gridCarbon: CHINA_NATIONAL_GRID_2022,
    },
    awsRegion: {
      id: 'ap-east-1',
      source:
        'AWS Asia Pacific (Hong Kong): the nearest region, in the same humid subtropical Pearl River Delta climate',
    },
  },
  singapore: {
    power: {
      tariff: {
        source:
          'approximate all-in price for a large business contract in Singapore, about 0.30 SGD/kWh (regulated tariff of SP Group in 2023-2024 was about 0.29-0.33 SGD/kWh before GST); contestable consumers negotiate their own',
        currency: 'SGD',
        energyPricePerKwh: 0.3,
        timeOfUse: [],
        demandChargePerKwMonth: 0,
      },
      gridCarbon: {
        source:
          'Energy Market Authority of Singapore, Singapore Energy Statistics: grid emission factor about 0.412 kg CO2/kWh (2023)',
        locationKgCo2ePerKwh: 0.412,
        year: 2023,
      },
    },
    awsRegion: { id: 'ap-southeast-1', source: 'AWS Asia Pacific (Singapore)' },
  },
  ashburn: {
    power: {
      tariff: {
        source:
          'approximate average industrial electricity price in Virginia, about 8 US cents/kWh (US EIA Electric Power Monthly, 2023); data-center contracts with Dominion Energy differ',
        currency: 'USD',
        energyPricePerKwh: 0.08,
        timeOfUse: [],
        demandChargePerKwMonth: 0,
      },
      gridCarbon: {
        source:
          'US EPA eGRID2022, SRVC (SERC Virginia/Carolina) subregion total output CO2 rate, about 640 lb/MWh = 0.29 kg/kWh (rounded)',
        locationKgCo2ePerKwh: 0.29,
        year: 2022,
      },
    },
    awsRegion: { id: 'us-east-1', source: 'AWS US East (N. Virginia): Ashburn is its data-center cluster' },
  },
};
