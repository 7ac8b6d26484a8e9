/** Every word the widget shows in English has a Welsh one, with the same blanks to fill. */
import { describe, expect, it } from 'vitest';
import { OPTIONAL_CATEGORIES } from '../../contract/categories.js';
import { PLACEHOLDER_STRINGS, placeholderWords } from '../../widget/placeholder.js';
import { CHANGES_STRINGS } from '../../widget/ui/changes-strings.js';
import { NOTICE_STRINGS } from '../../widget/ui/notice-strings.js';
import { PREFERENCES_STRINGS } from '../../widget/ui/preferences-strings.js';
import { BANNER_CY } from '../../widget/ui/strings-cy.js';
import { BANNER_EN } from '../../widget/ui/strings-en.js';
import { PRIVACY_STRINGS } from '../../worker/pages/privacy-strings.js';

const TABLES: [string, Record<string, string>, Record<string, string>][] = [
  ['banner (strings-en / strings-cy)', BANNER_EN, BANNER_CY],
  ['banner’s “What changed” (changes-strings)', CHANGES_STRINGS.en, CHANGES_STRINGS.cy],
  ['notice (notice-strings)', NOTICE_STRINGS.en, NOTICE_STRINGS.cy],
  ['preferences (preferences-strings)', PREFERENCES_STRINGS.en, PREFERENCES_STRINGS.cy],
  ['iframe placeholder (placeholder)', PLACEHOLDER_STRINGS.en, PLACEHOLDER_STRINGS.cy],
  ['privacy page (worker/pages/privacy-strings)', PRIVACY_STRINGS.en, PRIVACY_STRINGS.cy],
];

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('Welsh', () => {
  it.each(TABLES)('has every %s string, with the same placeholders', (_, english, welsh) => {
    expect(Object.keys(welsh).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(english)) {
      expect(welsh[key]?.trim(), key).toBeTruthy();
      expect(placeholders(welsh[key]!), key).toEqual(placeholders(text));
      // A table heading's columns (`Cookie|Purpose|…`) line up in both languages.
      expect(welsh[key]!.split('|').length, key).toBe(text.split('|').length);
    }
  });

  it('names the category in Welsh on an iframe placeholder', () => {
    for (const category of OPTIONAL_CATEGORIES) {
      const words = placeholderWords('cy', 'Maps Ltd', category);
      expect(words.text).toContain(`cwcis ${PLACEHOLDER_STRINGS.cy[category]} `);
      expect(words.allow).toBe(`Caniatáu cwcis ${PLACEHOLDER_STRINGS.cy[category]}`);
      expect(`${words.text} ${words.allow}`).not.toContain(category);
    }
    expect(placeholderWords('cy', null, 'analytics').text).toContain('gan wefan arall');
  });
});
