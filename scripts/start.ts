import { standardPressurePa } from '@karst/climate';

// Karst's main job so far: the Guiyang siting facts that the budget engine starts from.
const guiyangElevationM = 1223.8;
console.log('Karst: Guiyang (WMO 578160), the default site');
console.log(
  `  elevation ${guiyangElevationM} m, standard pressure ${(standardPressurePa(guiyangElevationM) / 1000).toFixed(2)} kPa`,
);
