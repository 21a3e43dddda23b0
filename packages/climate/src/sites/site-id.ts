import transliterateToLatin from '@sindresorhus/transliterate';

/**
 * The library spells umlauts the German way (`ü` -> `ue`); place names come from every language
 * (`Ürümqi`, `Üsküdar`), so the diaeresis is dropped instead, as for every other accent.
 */
const NEUTRAL_UMLAUTS: [string, string][] = [
  ['ä', 'a'],
  ['Ä', 'A'],
  ['ö', 'o'],
  ['Ö', 'O'],
  ['ü', 'u'],
  ['Ü', 'U'],
];

/**
 * Text as lowercase ASCII, by transliteration (@sindresorhus/transliterate): accents are removed and
 * letters spelled out in Latin (`Ürümqi` -> `urumqi`, `Straße` -> `strasse`, `Москва` -> `moskva`). Scripts
 * it does not cover (Chinese, Japanese) are left as they are.
 */
export function transliterate(text: string): string {
  return transliterateToLatin(text, { customReplacements: NEUTRAL_UMLAUTS }).toLowerCase();
}

/**
 * A lowercase site id from a location name, by transliteration: `Guiyang` -> `guiyang`, `Singapore Changi`
 * -> `singapore-changi`, `Ürümqi` -> `urumqi`. A name with no Latin letter left (e.g. in Chinese script)
 * gives `site-<wmo id>`.
 */
export function siteIdFromName(name: string, wmoId: string): string {
  const slug = transliterate(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (/^[a-z]/.test(slug)) return slug;
  return `site-${(wmoId || slug || 'imported').replace(/[^a-z0-9]+/gi, '').toLowerCase() || 'imported'}`;
}
