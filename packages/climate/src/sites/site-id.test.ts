import { describe, expect, it } from 'vitest';
import { siteIdFromName, transliterate } from './site-id.js';

describe('siteIdFromName', () => {
  it('transliterates, never drops letters', () => {
    expect(siteIdFromName('Ürümqi', '514630')).toBe('urumqi');
    expect(siteIdFromName('São Paulo', '837800')).toBe('sao-paulo');
    expect(siteIdFromName('Reykjavík', '040300')).toBe('reykjavik');
    expect(siteIdFromName('Tromsø', '010250')).toBe('tromso');
    expect(siteIdFromName('Łódź', '124650')).toBe('lodz');
    expect(siteIdFromName('Straßburg', '071900')).toBe('strassburg');
    expect(siteIdFromName('Singapore Changi', '486980')).toBe('singapore-changi');
    expect(transliterate('Æbeltoft')).toBe('aebeltoft');
    expect(siteIdFromName('Москва', '276120')).toBe('moskva');
  });

  it('falls back to the WMO id when no Latin letter is left', () => {
    expect(siteIdFromName('贵阳', '578160')).toBe('site-578160');
    expect(siteIdFromName('1234', '')).toBe('site-1234');
  });
});
