// What a question says, read once: its tokens, its spaceless form, the relation types it asks about and
// the kind of question it is (what it asks beyond its concepts is read by asking.ts). Pure.
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
import { asksLearningOrder, asksQuantity } from './asking.js';
import { retrievalWeights } from './weights.js';

export interface Question {
  text: string;
  /** The Latin words as written, letter case kept: a name that is also a function word ("FROM") counts only in capitals. */
  writtenWords: ReadonlySet<string>;
  language: Language;
  tokens: Token[];
  /** Singular forms of the words, for matching Latin names word by word. */
  words: string[];
  /** The words run together: Hangul names (and the particles glued to them) are found in it. */
  compact: string;
  /** Where each token starts in `compact`, plus its length at the end. */
  offsets: number[];
  learningOrder: boolean;
  /** It asks for a reason ("why", "how come", "왜", "이유"): facts that explain rank higher. */
  why: boolean;
  /** It compares ("than", "versus", "보다", "차이"): each side gets its share of the facts. */
  comparison: boolean;
  /** It asks for all of something ("list every…", "전부", "빠짐없이"): an aspect asked for whole, even beside a comparison. */
  whole: boolean;
  /** It says what something does not have or do ("that a container does not", "컨테이너에는 없는"): beside two named concepts, a contrast. */
  negated: boolean;
  /** It points back at something it asked about ("that runtime", "그 프로세스"): a chain of two links. The stems of the nouns pointed with. */
  anaphor: string[];
  /** It asks what lies between two things ("between", "in the middle", "중간", "사이에"): a link through something else, not a direct one. */
  between: boolean;
  /** It asks how work passes from one thing to another ("the chain", "what it passes through", "흐름", "거쳐서"): the chain of work, even beside a direct link. */
  flow: boolean;
  /** It asks how many or how much ("how much does it cost", "몇 번까지", "얼마예요"), and for nothing else: no relation holds a number. */
  quantity: boolean;
  /** Tokens that set the concepts next to them aside: after them in English ("other than X"), before them in Korean ("X 말고"). */
  exclusions: { token: number; after: boolean }[];
}

/** Words that set concepts aside ("other than the daemon", "except", "데몬 말고", "빼고"): English ones before the names, Korean after. */
const exclusionCues = {
  en: [['other', 'than'], ['except'], ['excluding'], ['apart', 'from'], ['aside', 'from'], ['besides'], ['not', 'counting']],
  ko: ['말고', '빼고', '제외', '외에', '이외'],
};

/** Words that ask for a reason, and words that set two things side by side (Korean ones found inside the spaceless question). */
const reasonCues = { en: new Set(['why', 'reason', 'because', 'come']), ko: ['왜', '이유', '어째서', '때문'] };
const negationCues = { en: new Set(['not', 't', 'never', 'without', 'lack', 'lacks']), ko: ['없', '않', '못'] };
const comparisonCues = {
  en: new Set(['than', 'versus', 'vs', 'differ', 'difference', 'different', 'compare', 'comparison', 'contrast', 'unlike'].map(stem)),
  ko: ['보다', '차이', '비교', '달라', '다른', '다르', '대비', '어느쪽', '중어느'],
};

/** Words asking for all of something; Korean ones found inside the spaceless question, 다 only as a word of its own. */
const wholeCues = {
  en: new Set(['all', 'every', 'list', 'complete', 'full', 'exhaustive']),
  ko: ['전부', '모두', '모든', '빠짐없이', '뭐뭐', '전체'],
};

/** Words asking for the chain of work (an English verb of passing only before "through"); Korean ones found inside the spaceless question. */
const flowCues = {
  en: new Set(['chain', 'flow', 'pipeline', 'hops', 'handoff', 'handoffs', 'trace']),
  passing: new Set(['pass', 'passes', 'go', 'goes', 'travel', 'travels', 'flows', 'hops', 'route', 'routed']),
  ko: ['흐름', '순서대로', '거쳐', '거치', '넘겨', '넘기', '넘어가', '차례로', '전달되', '전달하'],
};

const betweenCues = {
  en: new Set(['between', 'middle', 'intermediary', 'intermediate', 'midway']),
  ko: ['중간', '사이에', '사이의', '사이엔'],
};

/** Determiners that point back ("that runtime"), when a content word follows them. */
const anaphorCues = new Set(['that', 'this', 'those', 'these', 'its', '그', '이']);

export function readQuestion(query: string): Question {
  const { maxCodePoints, maxTokens } = retrievalWeights.question;
  // The route has checked the length after normalising; slicing again keeps this function bounded on its own.
  const text = [...normalizeText(query).trim()].slice(0, maxCodePoints).join('');
  const tokens = tokenize(text, maxTokens);
  const stems = new Set(tokens.map((t) => t.stem));
  const offsets = [0];
  for (const token of tokens) offsets.push((offsets.at(-1) ?? 0) + token.word.length);
  const compact = tokens.map((t) => t.word).join('');
  const learningOrder = asksLearningOrder(tokens, stems, compact);
  const words = new Set(tokens.map((t) => t.word));
  const why = [...reasonCues.en].some((cue) => words.has(cue)) || reasonCues.ko.some((cue) => compact.includes(cue));
  // The words of an exclusion set aside; they compare nothing ("other than").
  const exclusions = exclusionsOf(tokens);
  const settingAside = new Set(exclusions.map((exclusion) => exclusion.token));
  const comparison =
    tokens.some((t, i) => comparisonCues.en.has(t.stem) && !settingAside.has(i)) || comparisonCues.ko.some((cue) => compact.includes(cue));
  const anaphor = tokens.flatMap((t, i) => {
    const next = tokens[i + 1];
    return anaphorCues.has(t.word) && i > 0 && next && !next.stop ? [next.stem] : [];
  });
  const negated = tokens.some(
    (t) => negationCues.en.has(t.word) || (t.script === 'hangul' && negationCues.ko.some((cue) => t.word.startsWith(cue))),
  );
  const written = [...query.normalize('NFKC').trim()].slice(0, maxCodePoints).join('');
  return {
    text,
    writtenWords: new Set(written.split(/[^A-Za-z0-9]+/)),
    language: detectLanguage(text),
    anaphor,
    negated,
    why,
    comparison,
    whole: tokens.some((t) => wholeCues.en.has(t.word) || t.word === '다') || wholeCues.ko.some((cue) => compact.includes(cue)),
    tokens,
    words: tokens.map((t) => (t.script === 'latin' ? singular(t.word) : t.word)),
    compact,
    offsets,
    learningOrder,
    between: [...betweenCues.en].some((cue) => words.has(cue)) || betweenCues.ko.some((cue) => compact.includes(cue)),
    flow:
      tokens.some((t, i) => flowCues.en.has(t.word) || (t.word === 'through' && flowCues.passing.has(tokens[i - 1]?.word ?? ''))) ||
      flowCues.ko.some((cue) => compact.includes(cue)),
    exclusions,
    quantity: asksQuantity(tokens, compact),
  };
}

function exclusionsOf(tokens: Token[]): { token: number; after: boolean }[] {
  const found: { token: number; after: boolean }[] = [];
  tokens.forEach((token, i) => {
    const english = exclusionCues.en.find((cue) => cue.every((word, k) => tokens[i + k]?.word === word));
    if (english) found.push({ token: i + english.length - 1, after: true });
    else if (token.script === 'hangul' && exclusionCues.ko.some((cue) => token.word.startsWith(cue)))
      found.push({ token: i, after: false });
  });
  return found;
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

/**
 * Korean forms of a type the catalogue's keywords miss (irregular or short verb stems), which join its cues:
 * 쓰다 "use" (쓰고, 써; not 쓰기 "writing", as in a writable layer), 다르다 "differ" (달라), 맡기다 "hand over", 띄우다 "start",
 * 유리하다 "be at an advantage", 강하다 "strong", 낫다 "better", 약하다 "weak", 속하다 "belong to", 들어있다 "be inside".
 */
const koreanTypeForms: Record<string, string[]> = {
  USES: ['쓰고', '쓰는', '쓰려', '쓰나', '쓰면', '쓰지', '쓰이', '쓰여', '쓰던', '쓰게', '쓸', '썼', '씀', '써', '맡기', '맡겨'],
  CONTRASTS_WITH: ['달라', '다른', '다르', '차이'],
  CREATES: ['띄우', '띄워', '생성'],
  RUNS_ON: ['돌아가', '돌리', '실행되'],
  HAS_STRENGTH: ['유리', '강한', '강하', '강해', '나은', '낫'],
  PART_OF: ['들어있', '속한', '속해', '속하', '소속', '일부'],
  HAS_WEAKNESS: ['약한', '약하', '약해', '취약'],
};

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
  // A template's one-syllable words are particles and endings; a keyword is chosen, whatever its length (좋 "good").
  const ko = [...words(type.forward.ko), ...words(type.inverse.ko)]
    .map(koreanStem)
    .map((w) => w.replace(/\s+/gu, ''))
    .filter((w) => w.length >= 2 && !koreanFunctionWords.has(w))
    .concat(
      type.keywords.ko.map((w) => w.replace(/\s+/gu, '')),
      koreanTypeForms[type.key] ?? [],
    );
  return { key: type.key, en, ko: [...new Set(ko)] };
}

/**
 * The relation types a question asks about: a cue word among its stems, or a Korean cue inside it.
 * Words that are part of a concept's name found in the question are not cues ("docker build" asks
 * nothing about BUILT_FROM), and question words ("what", "why", "무엇") count only when no content
 * word asks for a type: "what creates…" asks about CREATES, "what is…" about IS_A.
 */
export function askedTypes(
  question: Question,
  cues: TypeCues[],
  claimedTokens: ReadonlySet<number> = new Set(),
): { types: Set<string>; cueTokens: Set<number>; stated: Set<string> } {
  const free = [...question.tokens.entries()].filter(([i]) => !claimedTokens.has(i));
  // A Korean cue starts a word: 이점 "advantage" is not inside 차이점 "difference". Of the cues a word starts with,
  // the longest speaks: 담당 "in charge" asks MANAGES, not PACKAGES by 담 "hold".
  const longest = new Map<Token, number>();
  const longestCue = (token: Token) => {
    let known = longest.get(token);
    if (known === undefined) {
      known = 0;
      for (const cue of cues) for (const word of cue.ko) if (word.length > known && token.word.startsWith(word)) known = word.length;
      longest.set(token, known);
    }
    return known;
  };
  const hits = (cue: TypeCues, token: Token) =>
    cue.en.has(token.stem) || cue.ko.some((word) => token.word.startsWith(word) && word.length === longestCue(token));
  const strong = new Set<string>();
  const weak = new Set<string>();
  const strongTokens = new Set<number>();
  for (const cue of cues) {
    const content = free.filter(([, t]) => !t.stop && hits(cue, t));
    if (content.length > 0) {
      strong.add(cue.key);
      for (const [i] of content) strongTokens.add(i);
    } else if (free.some(([, t]) => t.stop && hits(cue, t))) weak.add(cue.key);
  }
  if (strong.size === 0) return { types: weak, cueTokens: strongTokens, stated: strong };
  const stated = new Set(strong);
  // "Why" still asks for strengths and weaknesses beside what the rest of the question asks.
  if (question.why) {
    const reasons = free.filter(([, t]) => t.stop && (reasonCues.en.has(t.word) || reasonCues.ko.includes(t.stem)));
    for (const cue of cues) if (reasons.some(([, t]) => hits(cue, t))) strong.add(cue.key);
  }
  return { types: strong, cueTokens: strongTokens, stated };
}
