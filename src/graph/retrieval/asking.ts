// What a question asks beyond its concepts: what to learn first (learning order), or a count or an amount.
// Read from its tokens and its spaceless form by question.ts. Pure.
import { stem, type Token } from '../language/index.js';

/** Words of need, shared by the knowing words' rule and the intent that makes a word of learning asked. */
const needWords = ['should', 'need', 'needs', 'must', 'required', 'ought'];

/**
 * Learning order needs an explicit intent to learn. A prerequisite asks for it alone ("prerequisites",
 * "선수 개념"); an order word ("before", "first", "먼저", "전에", "뭐부터") only beside a word of learning
 * ("learn", "study", "배우", "공부", "알아야"), so "basically" or "올리기 전에" (before pushing) ask nothing of it.
 * The word of learning must be what is asked, not the learner's situation: in English it stands next to the
 * order word ("learn first", "before studying") or the question says what is needed or wanted ("what should I
 * learn", "I want to learn runc"), and knowing or understanding counts only beside a word of need ("what do I
 * need to know"); learning told in the past ("I learned Docker first") does not count; in Korean a form of doing it now
 * ("공부하다가", "배우는 중인데", "공부하면서") does not count, nor 이해 but as "이해하려면", "이해해야". So
 * "I'm studying for the CKA: what starts first on a node?", "도커 공부하다가 궁금한데 뭐가 먼저 떠?", "help me
 * understand what happens first" and "이해가 안 돼요" ask how things work, and their order words are the events'.
 * "Read" is no such word: "I read that it copies the file the first time" reports, it does not ask what to learn.
 */
const learningOrderCues = {
  en: {
    alone: new Set(['prerequisite', 'prerequisites', 'prereq', 'roadmap', 'curriculum', 'syllabus'].map(stem)),
    order: new Set(
      ['before', 'first', 'beforehand', 'basics', 'foundation', 'order', 'path', 'sequence', 'plan', 'skip', 'upfront'].map(stem),
    ),
    /** Nouns of what one learns count too: "what concepts come before containers", "which topics first". */
    learn: new Set(
      [
        'learn',
        'learning',
        'study',
        'studying',
        'beginner',
        'master',
        'teach',
        'tackle',
        'concept',
        'concepts',
        'topic',
        'topics',
        'fundamentals',
      ].map(stem),
    ),
    /** Knowing words, and the words of need that make them learning ("what should I know", "have to understand"). */
    know: new Set(['understand', 'understanding', 'know', 'knowledge', 'grasp', 'familiar', 'comfortable', 'background'].map(stem)),
    need: new Set([...needWords, 'have'].map(stem)),
    /** Words of need or intent anywhere make a word of learning asked ("I want to learn runc, what comes first?"). */
    intent: new Set([...needWords, 'want', 'wanna', 'plan', 'planning', 'worth'].map(stem)),
    /** "Where do I start", "where should a beginner begin": where learning starts, asked by or for the learner. */
    where: 'where',
    start: new Set(['start', 'begin'].map(stem)),
    learner: new Set(['i', 'we', 'beginner', 'newbie', 'newcomer'].map(stem)),
    /** Words before a word of learning that make it the asker's situation ("still learning", "I'm learning"). */
    situation: new Set(['still', 'currently', 'am', 'm', 'been', 'was', 'were', 'while', 'when']),
  },
  ko: {
    alone: [
      '선수',
      '선행',
      '어디서부터시작',
      '뭐부터시작',
      '무엇부터시작',
      '로드맵',
      '커리큘럼',
      '공부계획',
      '학습계획',
      '배경지식',
      '바탕지식',
      '사전지식',
      '공부방향',
      '학습방향',
      '베이스로깔',
    ],
    order: ['먼저', '전에', '부터', '기초', '처음', '순서', '단계', '우선순위', '차근차근', '스킵', '건너뛰'],
    learn: [
      '배우',
      '배워',
      '공부',
      '학습',
      '익히',
      '익혀',
      '입문',
      '알아야',
      '알고있어야',
      '알고들어가',
      '알고가야',
      '알아두',
      '알아둬',
      '지식',
      '짚고넘어가',
      '깔고가',
      '기본기',
      '다지려',
      '다져야',
      '다져두',
      '탄탄히',
      '알고와',
      '감잡',
    ],
    /** Understanding in order to, or needing to: "이해가 안 돼요" (I don't get it) is no intent to learn. */
    know: ['이해하려', '이해해야', '이해하기위', '이해하기전', '이해를위해'],
    /** Learning going on or done, told as the asker's situation (in the spaceless question); "배우고 싶" still asks. */
    doing:
      /(?:배우|배웠|공부|학습)(?:하다|다가|다보니|하는중|는중|중|하면서|면서|하는데|는데|했는데|웠는데|하고있|고있|한|고(?!싶)|는입장|하는입장|는사람|시작한|시작했)|입문자|초보자/gu,
  },
  /** Tokens between a word of learning and the order word beside it, and between a knowing word and a word of need. */
  nearOrder: 2,
  afterNeed: 5,
};

const quantityCues = {
  en: {
    /** Words asking which thing, or how many kinds ("how many ways can a container mount storage?"): a list, not a number. */
    thing: new Set(['which', 'who', 'whom', 'whose', 'what', 'kind', 'kinds', 'type', 'types', 'sort', 'sorts', 'way', 'ways']),
    notAmount: new Set(['more', 'less', 'fewer']),
  },
  ko: {
    thing: ['무엇', '뭐', '뭘', '뭔', '누가', '누구', '어떤', '어느', '무슨', '종류', '가지', '유형', '방식'],
    amount: /얼마(?!나)|몇(?!십|백|천)/u,
  },
};

/**
 * "How many", "how much", "몇 번", "얼마": a count or an amount. Not beside a word of kinds ("how many ways",
 * "종류가 몇 개": a list of kinds), not "how much faster" or "얼마나" (a degree), and not beside a word asking
 * which thing ("which feature caps how much memory").
 */
export function asksQuantity(tokens: Token[], compact: string): boolean {
  const { en, ko } = quantityCues;
  if (tokens.some((t) => en.thing.has(t.word)) || ko.thing.some((cue) => compact.includes(cue))) return false;
  const english = tokens.some((t, i) => {
    const next = tokens[i + 1]?.word;
    const after = tokens[i + 2]?.word ?? '';
    return t.word === 'how' && (next === 'many' || next === 'much') && !en.notAmount.has(after) && !after.endsWith('er');
  });
  return english || ko.amount.test(compact);
}

/** Whether the question asks what to learn first, by the rule stated on learningOrderCues. */
export function asksLearningOrder(tokens: Token[], stems: ReadonlySet<string>, compact: string): boolean {
  const { en, ko, nearOrder, afterNeed } = learningOrderCues;
  const has = (cues: ReadonlySet<string>) => [...cues].some((cue) => stems.has(cue));
  const asked = compact.replace(ko.doing, '');
  const inside = (cues: readonly string[], text = compact) => cues.some((cue) => text.includes(cue));
  const within = (from: number, to: number, cues: ReadonlySet<string>) =>
    tokens.slice(Math.max(0, from), Math.max(0, to)).some((t) => cues.has(t.stem));
  const intent = has(en.intent);
  // Learning told in the past ("I learned Docker first") or as going on ("still learning compose basics") is the asker's story.
  const english = tokens.some(
    (t, i) =>
      (en.learn.has(t.stem) &&
        !/(?:ed|learnt)$/u.test(t.word) &&
        !en.situation.has(tokens[i - 1]?.word ?? '') &&
        (intent || within(i - nearOrder, i + nearOrder + 1, en.order))) ||
      (en.know.has(t.stem) && within(i - afterNeed, i + afterNeed + 1, en.need)),
  );
  const whereToStart = tokens.some(
    (t, i) => t.word === en.where && within(i + 1, i + afterNeed, en.learner) && within(i + 1, i + afterNeed + 1, en.start),
  );
  const learning = english || inside(ko.learn, asked) || inside(ko.know);
  // "이해하려면 … 알아야": what one must know in order to understand something is its prerequisites.
  const prerequisite = inside(ko.know) && inside(ko.learn, asked);
  return has(en.alone) || inside(ko.alone) || whereToStart || prerequisite || ((has(en.order) || inside(ko.order)) && learning);
}
