import { describe, expect, it } from 'vitest';
import {
  CATALOGUES,
  LANGUAGE_NAMES,
  WIDGET_LANGUAGES,
  htmlLang,
  pickLanguage,
} from '../../client/widget/i18n/index.js';
import { MAILBOX_CATALOGUES, type MailboxError } from '../../client/widget/i18n/mailbox.js';
import { JOIN_CATALOGUES, type JoinMessages } from '../../client/widget/i18n/join.js';
import { END_REASONS, LANGUAGES, ROUTES, TOPICS } from '../../shared/protocol/schemas.js';
import { ERROR_CODES } from '../../shared/protocol/errors.js';

const reference = CATALOGUES.sv;
const keys = Object.keys(reference).sort();

/** Every text a catalogue can produce, with sample arguments for the functions. */
function everyText(language: keyof typeof CATALOGUES): Record<string, string> {
  const t = CATALOGUES[language];
  const texts: Record<string, string> = {};
  for (const [key, value] of Object.entries(t)) {
    if (typeof value === 'string') texts[key] = value;
  }
  t.weekdays.forEach((day, i) => (texts[`weekdays.${i}`] = day));
  for (const route of ROUTES) {
    texts[`routeName.${route}`] = t.routeName(route);
  }
  for (const topic of TOPICS) texts[`topic.${topic}`] = t.topic(topic);
  for (const reason of END_REASONS) texts[`endReason.${reason}`] = t.endReason(reason);
  for (const code of [...ERROR_CODES, 'network' as const])
    texts[`error.${code}`] = t.error(code, '021-41 32 60');
  for (const score of [1, 2, 3] as const) texts[`rate.${score}`] = t.rate(score);
  for (const n of [0, 1, 2, 7]) {
    texts[`opensAt.${n}`] = t.opensAt(n, t.weekdays[0], '09:00');
    texts[`estimate.${n}`] = t.estimate(Math.max(1, n));
    texts[`queuePosition.${n}`] = t.queuePosition(Math.max(1, n));
  }
  texts.phone = t.phone('021-41 32 60');
  texts.call = t.call('021-41 32 60');
  texts.callNow = t.callNow('021-41 32 60');
  texts.phoneOpens = t.phoneOpens('021-41 32 60', t.opensAt(1, t.weekdays[0], '09:00'));
  texts.opens = t.opens(t.opensAt(1, t.weekdays[0], '09:00'));
  texts.announceMessage = t.announceMessage('Anna', 'Hej');
  texts.closedUntil = t.closedUntil('x');
  texts.dayOfMonth = t.dayOfMonth('2027-01-07');
  texts.talkingWith = t.talkingWith('Anna');
  texts.typing = t.typing('Anna');
  texts.handedOver = t.handedOver('Anna');
  for (const n of [1, 3, 7]) texts[`mailboxOffer.${n}`] = t.mailboxOffer(n);
  // The mailbox's screens, loaded with them.
  const m = MAILBOX_CATALOGUES[language];
  for (const [key, value] of Object.entries(m)) {
    if (typeof value === 'string') texts[`mailbox.${key}`] = value;
  }
  for (const n of [1, 3, 7]) texts[`mailbox.writeIntro.${n}`] = m.writeIntro(n);
  texts['mailbox.fromVolunteer'] = m.fromVolunteer('Anna');
  texts['mailbox.fromVolunteer.none'] = m.fromVolunteer(undefined);
  for (const error of MAILBOX_ERRORS) texts[`mailbox.error.${error}`] = m.error(error, 4000);
  // A supervisor's join (§23), loaded with the first ask.
  const j = JOIN_CATALOGUES[language];
  for (const key of Object.keys(j) as (keyof JoinMessages)[]) {
    const value = j[key];
    texts[`join.${key}`] = typeof value === 'string' ? value : value('Berit');
  }
  return texts;
}

/** Every mailbox error a visitor can be shown. */
const MAILBOX_ERRORS: readonly MailboxError[] = [
  ...ERROR_CODES,
  'network',
  'bad_code',
  'too_long',
  'empty',
];

describe('the widget catalogues', () => {
  it('have exactly the same keys in every language', () => {
    for (const language of WIDGET_LANGUAGES) {
      expect(Object.keys(CATALOGUES[language]).sort(), language).toEqual(keys);
    }
  });

  it("have the mailbox's texts in every language, with the same keys", () => {
    const mailboxKeys = Object.keys(MAILBOX_CATALOGUES.sv).sort();
    for (const language of WIDGET_LANGUAGES) {
      expect(Object.keys(MAILBOX_CATALOGUES[language]).sort(), language).toEqual(mailboxKeys);
    }
  });

  it("have the join's texts in every language, with the same keys", () => {
    const joinKeys = Object.keys(JOIN_CATALOGUES.sv).sort();
    for (const language of WIDGET_LANGUAGES) {
      expect(Object.keys(JOIN_CATALOGUES[language]).sort(), language).toEqual(joinKeys);
    }
  });

  it("say the mailbox's errors in words of their own, not the catch-all", () => {
    for (const language of WIDGET_LANGUAGES) {
      const m = MAILBOX_CATALOGUES[language];
      const fallback = m.error('internal', 4000);
      for (const error of [
        'not_found',
        'rate_limited',
        'mailbox_full',
        'too_long',
        'bad_code',
        'network',
      ] as const) {
        expect(m.error(error, 4000), `${language}.${error}`).not.toBe(fallback);
      }
      expect(m.error('too_long', 4000), language).toContain('4000');
    }
  });

  it('give a non-empty text for every key and argument, in every language', () => {
    for (const language of WIDGET_LANGUAGES) {
      for (const [key, text] of Object.entries(everyText(language))) {
        expect(text.trim(), `${language}.${key}`).not.toBe('');
        expect(text, `${language}.${key}`).not.toMatch(/undefined|\$\{/);
      }
    }
  });

  it('are translated, not English copies', () => {
    const english = everyText('en');
    for (const language of WIDGET_LANGUAGES.filter((l) => l !== 'en')) {
      const texts = everyText(language);
      const copied = Object.keys(english).filter(
        (key) => /[a-z]{4}/i.test(english[key]!) && texts[key] === english[key],
      );
      expect(copied, `${language}: texts still in English`).toEqual([]);
    }
  });

  it('are Finnish in the Finnish catalogue, not Swedish copies', () => {
    const swedish = everyText('sv');
    const texts = everyText('fi');
    const copied = Object.keys(swedish).filter(
      (key) => /[a-zåäö]{4}/i.test(swedish[key]!) && texts[key] === swedish[key],
    );
    expect(copied).toEqual([]);
  });

  it('write lättläst in short sentences, without abbreviations, shorter than the Swedish', () => {
    /** Sentences of a text: split after . ? ! or : followed by a space. */
    const sentences = (text: string) =>
      text
        .split(/(?<=[.?!:…])\s+/)
        .map((s) => s.trim())
        .filter(Boolean);
    const words = (sentence: string) => sentence.split(/\s+/).length;
    /** Words per sentence, over the texts' whole sentences (not the buttons' labels). */
    const average = (language: 'sv' | 'sv-x-easy') => {
      const all = Object.values(everyText(language))
        .flatMap(sentences)
        .filter((s) => /[.?!]$/.test(s) && words(s) > 2);
      return all.reduce((sum, s) => sum + words(s), 0) / all.length;
    };
    for (const [key, text] of Object.entries(everyText('sv-x-easy'))) {
      for (const sentence of sentences(text)) {
        expect(words(sentence), `sv-x-easy.${key}: ${sentence}`).toBeLessThanOrEqual(12);
      }
      // "klockan", not "kl."; no "t.ex.", "bl.a.", "ca", "osv".
      expect(text, `sv-x-easy.${key}`).not.toMatch(/\b(kl|t\.ex|bl\.a|ca|osv|dvs)\b\.?/i);
    }
    expect(average('sv-x-easy')).toBeLessThan(average('sv'));
    // It explains the words a visitor must know.
    expect(CATALOGUES['sv-x-easy'].intro).toMatch(/anonym\. Det betyder/);
    expect(CATALOGUES['sv-x-easy'].intro).toMatch(/En volontär /);
  });

  it('offer every language the protocol carries, each named in itself', () => {
    expect([...WIDGET_LANGUAGES].sort()).toEqual([...LANGUAGES].sort());
    expect(LANGUAGE_NAMES.fi).toBe('Suomi');
    expect(LANGUAGE_NAMES['sv-x-easy']).toBe('Lättläst svenska');
  });

  it('mark lättläst as Swedish for screen readers and hyphenation', () => {
    expect(htmlLang('sv-x-easy')).toBe('sv');
    expect(htmlLang('fi')).toBe('fi');
    expect(htmlLang('ar')).toBe('ar');
  });

  it("name the route's number when the queue is full or the chat closed, in every language", () => {
    for (const language of WIDGET_LANGUAGES) {
      for (const code of ['queue_full', 'closed'] as const) {
        expect(CATALOGUES[language].error(code, '0771-20 20 20'), `${language}.${code}`).toContain(
          '0771-20 20 20',
        );
      }
    }
  });

  it('name the number whenever they say to call it, in every language', () => {
    for (const language of WIDGET_LANGUAGES) {
      const t = CATALOGUES[language];
      for (const text of [
        t.phone('0771-20 20 20'),
        t.call('0771-20 20 20'),
        t.callNow('0771-20 20 20'),
        t.phoneOpens('0771-20 20 20', 'x'),
      ]) {
        expect(text, language).toContain('0771-20 20 20');
      }
    }
  });

  it("name a date as the calendar day it is, in the visitor's language", () => {
    // A date, not an instant: no time zone west of UTC turns it into 6 January.
    expect(CATALOGUES.sv.dayOfMonth('2027-01-07')).toBe('7 januari');
    expect(CATALOGUES.en.dayOfMonth('2027-01-07')).toBe('7 January');
  });

  it('write Arabic right to left and the others left to right', () => {
    expect(WIDGET_LANGUAGES.filter((l) => CATALOGUES[l].dir === 'rtl')).toEqual(['ar']);
  });

  it('follow the element, then the page, then fall back to Swedish', () => {
    expect(pickLanguage('so', 'en')).toBe('so');
    expect(pickLanguage(null, 'ar-SE')).toBe('ar');
    expect(pickLanguage('de', 'fr')).toBe('sv');
    expect(pickLanguage('fi-FI')).toBe('fi');
    expect(pickLanguage('sv-x-easy', 'en')).toBe('sv-x-easy');
    expect(pickLanguage(null, 'sv-SE')).toBe('sv');
    expect(pickLanguage(undefined, '')).toBe('sv');
  });
});
