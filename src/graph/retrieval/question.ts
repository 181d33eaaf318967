// What a question says, read once: its tokens, its spaceless form, the relation types it asks about and
// whether it asks what to learn first. Pure.
import type { RelationType } from '../catalogue.js';
import {
  detectLanguage,
  englishStopwords,
  koreanStem,
  type Language,
  normalizeText,
  singular,
  stem,
  type Token,
  tokenize,
} from '../language/index.js';
import { retrievalWeights } from './weights.js';

export interface Question {
  text: string;
  language: Language;
  tokens: Token[];
  /** Singular forms of the words, for matching Latin names word by word. */
  words: string[];
  /** The words run together: Hangul names (and the particles glued to them) are found in it. */
  compact: string;
  /** Where each token starts in `compact`, plus its length at the end. */
  offsets: number[];
  learningOrder: boolean;
}

/** Words that ask for an order of learning: "before", "first", "prerequisites", "먼저", "선수 개념", "전에", "뭐부터". */
const learningOrderCues = {
  en: new Set(['before', 'first', 'prerequisite', 'prerequisites', 'prereq', 'beforehand', 'basics', 'foundation'].map(stem)),
  ko: ['먼저', '선수', '선행', '전에', '부터', '기초'],
};

export function readQuestion(query: string): Question {
  const { maxCodePoints, maxTokens } = retrievalWeights.question;
  // The route has checked the length after normalising; slicing again keeps this function bounded on its own.
  const text = [...normalizeText(query).trim()].slice(0, maxCodePoints).join('');
  const tokens = tokenize(text, maxTokens);
  const stems = new Set(tokens.map((t) => t.stem));
  const offsets = [0];
  for (const token of tokens) offsets.push((offsets.at(-1) ?? 0) + token.word.length);
  const compact = tokens.map((t) => t.word).join('');
  const learningOrder =
    [...learningOrderCues.en].some((cue) => stems.has(cue)) || learningOrderCues.ko.some((cue) => compact.includes(cue));
  return {
    text,
    language: detectLanguage(text),
    tokens,
    words: tokens.map((t) => (t.script === 'latin' ? singular(t.word) : t.word)),
    compact,
    offsets,
    learningOrder,
  };
}

export interface TypeCues {
  key: string;
  en: Set<string>;
  ko: string[];
}

const koreanFunctionWords = new Set([
  '의해',
  '위에서',
  '통해',
  '바탕으로',
  '면에서',
  '대한',
  '이해를',
  '데',
  '한',
  '것',
  '수',
  '있다',
  '없다',
  '이다',
  '하는',
]);

/** Cue words for a relation type: content words of its phrasings plus its keywords from the catalogue. */
export function typeCues(type: RelationType): TypeCues {
  const words = (template: string) =>
    template
      .replace(/\{[so]\}\S*/gu, ' ')
      .split(/\s+/u)
      .filter(Boolean);
  const en = new Set(
    [...words(type.forward.en), ...words(type.inverse.en), ...type.keywords.en]
      .map((w) => w.toLowerCase())
      .filter((w) => !englishStopwords.has(w) || type.keywords.en.includes(w))
      .map(stem),
  );
  const ko = [...words(type.forward.ko), ...words(type.inverse.ko)]
    .map(koreanStem)
    .concat(type.keywords.ko)
    .map((w) => w.replace(/\s+/gu, ''))
    .filter((w) => w.length >= 2 && !koreanFunctionWords.has(w));
  return { key: type.key, en, ko: [...new Set(ko)] };
}

/** The relation types a question asks about: a cue word among its stems, or a Korean cue inside it. */
export function askedTypes(question: Question, cues: TypeCues[]): Set<string> {
  const stems = new Set(question.tokens.map((t) => t.stem));
  const asked = new Set<string>();
  for (const cue of cues) {
    if ([...cue.en].some((word) => stems.has(word)) || cue.ko.some((word) => question.compact.includes(word))) asked.add(cue.key);
  }
  return asked;
}
