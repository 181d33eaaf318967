// English words: stop words and stemming (Porter, via the `stemmer` package).
import { stemmer } from 'stemmer';

/** Function words that say nothing about what a question is about. */
export const englishStopwords: ReadonlySet<string> = new Set(
  (
    'a an the is are was were be been being am of to in on at by for from with as that this these those it its which what who whom ' +
    'whose how why when where do does did doing done can could should would will shall may might must has have had having and or ' +
    'not no nor than then there their they them so such into onto over under about also just i me my we our you your he she his her ' +
    'if but any all each both some more most other very too up down out off again once here s t don doesn isn aren wasn weren ' +
    'what s whats explain tell please mean actually even really exactly one ones thing things get got let lets like make want ' +
    'between among besides put'
  ).split(' '),
);

/** The Porter stem of a lower-case English word: implements, implemented, implementing -> implement. */
export function stem(word: string): string {
  return stemmer(word.toLowerCase());
}

/** A plural made singular, for matching names ("containers" -> container, "processes" -> process); nothing else changes. */
export function singular(word: string): string {
  if (word.length > 4 && /(?:ss|sh|ch|x)es$/u.test(word)) return word.slice(0, -2);
  if (word.length > 2 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is'))
    return word.slice(0, -1);
  return word;
}
