/** Latin letters that Unicode decomposition (NFKD) does not reduce to ASCII, with their usual spelling. */
const LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŋ: 'ng',
};

/**
 * Text as lowercase ASCII letters and digits, by transliteration: accents are removed (NFKD, then the
 * combining marks dropped: `Ürümqi` -> `urumqi`, `São Paulo` -> `sao paulo`) and the letters that do not
 * decompose are spelled out (`ß` -> `ss`, `ø` -> `o`). Nothing is dropped but marks and punctuation.
 */
export function transliterate(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, (letter) => LETTERS[letter] ?? letter);
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
