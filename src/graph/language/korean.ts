// Korean words: particles and verb endings come off so "도커 데몬은", "데몬이" and "데몬과" meet at "데몬".
// A small, explicit table rather than a morphological analyser: enough for the short questions people ask.

/** Endings of verbs and adjectives, longest first (a question ends "…하나요?", "…돼?", "…인가요"). */
const verbEndings = [
  '해야하나요',
  '하려면',
  '되려면',
  '이려면',
  '하나요',
  '되나요',
  '인가요',
  '인지요',
  '입니까',
  '합니까',
  '됩니까',
  '습니까',
  '했나요',
  '까요',
  '나요',
  '니까',
  '한다',
  '된다',
  '이다',
  '있다',
  '없다',
  '는다',
  '하는',
  '되는',
  '하고',
  '되고',
  '이고',
  '이며',
  '하며',
  '하면',
  '되면',
  '해서',
  '돼서',
  '해요',
  '돼요',
  '에요',
  '예요',
  '이야',
  '하기',
  '되기',
  '할',
  '된',
  '한',
  '해',
  '돼',
  // "쓰면" (if you use), "돌리면": a condition, not a topic word.
  '으면',
  '면',
] as const;

/** Particles, longest first. One comes off a word; "에서는" and "으로는" are taken whole. */
const particles = [
  '에서부터',
  '으로부터',
  '에게서',
  '에서는',
  '으로는',
  '에서도',
  '이라는',
  '이란',
  '라는',
  '에서',
  '으로',
  '에게',
  '한테',
  '까지',
  '부터',
  '보다',
  '처럼',
  '마다',
  '이나',
  '에는',
  '와는',
  '과는',
  '이랑',
  '랑',
  '이',
  '가',
  '을',
  '를',
  '은',
  '는',
  '의',
  '에',
  '로',
  '과',
  '와',
  '도',
  '만',
  '란',
] as const;

/**
 * Adverbs of frequency, degree and manner: they say how or how often, never what, and are not nouns, so one
 * before a concept's name is not the name of another thing ("자꾸 --privileged 붙여서": keeps adding the flag).
 */
export const koreanAdverbs: ReadonlySet<string> = new Set(
  (
    '자꾸 계속 항상 늘 다시 또 또다시 많이 너무 잘 꼭 바로 이미 아직 진짜 요즘 보통 원래 결국 대충 그대로 아예 일단 ' +
    '실제로 가끔 매번 굳이 괜히 제대로 자주 살짝 조금 완전 엄청 되게 특히 주로 전부 모두 아마 분명 갑자기 ' +
    '맨날 슬슬 벌써 이제 방금 금방 당장 계속해서 여전히'
  ).split(' '),
);

/** Words of a Korean question that carry no topic (question words, politeness, filler). */
export const koreanStopwords: ReadonlySet<string> = new Set(
  (
    '어떻게 무엇 무엇인가 무엇인지 어떤 무슨 어디 어디서 어디로 언제 이유 왜 뭐 뭐야 뭔가 뭘 뭐가 누가 누구 있나 있나요 하나 ' +
    '되나 인가 입니다 합니다 그리고 그런데 그럼 그냥 있는 하는 되는 대해 대한 대해서 설명 알려 알려줘 알려주세요 궁금 궁금해 ' +
    '경우 정말 같은 해요 거야 건가 건가요 것 수 있다 없다 이다 좀 제발 혹시 어느 쪽 그건 그게 이게 저게 거 게 건 뭐뭐 뭔 ' +
    '주세요 줘 줘요 줄래 줄래요 주실래요 부탁 부탁해 부탁해요 부탁드려요 부탁드립니다'
  ).split(' '),
);

function strip(word: string, suffixes: readonly string[], keep: number): string {
  for (const suffix of suffixes) {
    if (word.length - suffix.length >= keep && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

/**
 * The stem of one Korean word: a verb ending or a particle removed, keeping at least one syllable
 * ("컨테이너가" -> 컨테이너, "관리하나요" -> 관리, "런타임은" -> 런타임, "도커" stays).
 */
export function koreanStem(word: string): string {
  const withoutEnding = strip(word, verbEndings, 1);
  if (withoutEnding !== word) return withoutEnding;
  return strip(word, particles, 1);
}

/** A particle written apart from its word ("containerd 는"), as a mixed-script split leaves it. */
export function isParticle(word: string): boolean {
  return (particles as readonly string[]).includes(word);
}
