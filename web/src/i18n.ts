// Every word the page shows, in English and Korean, and the choice of language (pure: no DOM).
export const languages = ['en', 'ko'] as const;
export type Lang = (typeof languages)[number];

export interface Bilingual {
  en: string;
  ko: string;
}

const messages = {
  appName: { en: 'Concept graph explorer', ko: '개념 그래프 탐색기' },
  tagline: {
    en: 'Docker and container concepts, how they relate, and where each fact comes from.',
    ko: '도커와 컨테이너 개념, 개념 사이의 관계, 그리고 각 사실의 출처를 살펴봅니다.',
  },
  skipToContent: { en: 'Skip to content', ko: '본문으로 건너뛰기' },
  mainNav: { en: 'Main', ko: '주 메뉴' },
  navSearch: { en: 'Search', ko: '검색' },
  navPath: { en: 'How are these related?', ko: '어떻게 연결될까?' },
  navLearn: { en: 'Learning path', ko: '학습 경로' },
  navQuiz: { en: 'Quiz', ko: '퀴즈' },
  navApi: { en: 'API docs', ko: 'API 문서' },
  switchLanguage: { en: '한국어', ko: 'English' },
  switchLanguageLabel: { en: 'Show the page in Korean', ko: '영어로 보기' },
  searchLabel: { en: 'Search concepts', ko: '개념 검색' },
  searchPlaceholder: { en: 'e.g. 도커 데몬, containerd, runtime', ko: '예: 도커 데몬, containerd, 런타임' },
  searchButton: { en: 'Search', ko: '검색' },
  sourceLabel: { en: 'Show', ko: '보기' },
  sourceAll: { en: 'All sources', ko: '모든 출처' },
  sourceNotes: { en: 'Notes only', ko: '학습 노트만' },
  sourceBackground: { en: 'Background only', ko: '배경 자료만' },
  searchNoMatch: { en: 'No concept matches “{q}”.', ko: '“{q}”에 맞는 개념이 없습니다.' },
  suggestionsCount: { en: '{n} suggestions; use the arrow keys to choose.', ko: '제안 {n}개; 화살표 키로 고르세요.' },
  loading: { en: 'Loading…', ko: '불러오는 중…' },
  browseByCategory: { en: 'Browse by category', ko: '분류별로 보기' },
  conceptsIn: { en: 'Concepts in {category}', ko: '{category} 분류의 개념' },
  tryThese: { en: 'Try', ko: '이렇게 시작해 보세요' },
  category: { en: 'Category', ko: '분류' },
  aliases: { en: 'Also called', ko: '다른 이름' },
  tags: { en: 'Tags', ko: '태그' },
  summary: { en: 'Summary', ko: '요약' },
  sources: { en: 'Sources', ko: '출처' },
  relations: { en: 'Relations', ko: '관계' },
  noRelations: { en: 'No relations recorded.', ko: '기록된 관계가 없습니다.' },
  source: { en: 'Source', ko: '출처' },
  section: { en: 'section', ko: '절' },
  confidence: { en: 'confidence {c}', ko: '신뢰도 {c}' },
  graph: { en: 'Neighbourhood graph', ko: '주변 관계 그래프' },
  depth: { en: 'Depth', ko: '거리' },
  depthHops: { en: '{n} hop', ko: '{n}단계' },
  depthHopsPlural: { en: '{n} hops', ko: '{n}단계' },
  graphLabel: {
    en: 'Graph of {nodes} concepts and {edges} relations around {name}.',
    ko: '{name} 주변의 개념 {nodes}개와 관계 {edges}개를 보여 주는 그래프.',
  },
  graphHelp: {
    en: 'Focus the graph and use ← → to read relations, ↑ ↓ to step through concepts, Enter to open the chosen concept. Click a concept to centre on it.',
    ko: '그래프에 초점을 두고 ← → 로 관계를, ↑ ↓ 로 개념을 차례로 읽고, Enter 로 고른 개념을 엽니다. 개념을 누르면 그 개념을 중심으로 다시 그립니다.',
  },
  graphRingsHelp: {
    en: 'Concepts one hop away sit on the inner ring with their names; those two hops away sit on the outer ring, named when you point at them or step to them.',
    ko: '한 단계 떨어진 개념은 안쪽 고리에 이름과 함께, 두 단계 떨어진 개념은 바깥 고리에 있으며 가리키거나 화살표로 고르면 이름이 보입니다.',
  },
  hopAway: { en: '{n} hop away', ko: '{n}단계 거리' },
  hopsAway: { en: '{n} hops away', ko: '{n}단계 거리' },
  showLearningOrder: { en: 'Show the learning order ({n} {types} relations)', ko: '학습 순서 보기 ({types} 관계 {n}개)' },
  learningOrderHidden: { en: '{n} learning-order relations are hidden.', ko: '학습 순서 관계 {n}개는 숨겨 두었습니다.' },
  hiddenType: { en: '(hidden)', ko: '(숨김)' },
  graphTruncated: { en: 'Only part of the neighbourhood is shown (size limit).', ko: '크기 제한 때문에 주변의 일부만 보입니다.' },
  legend: { en: 'Legend', ko: '범례' },
  legendRelations: { en: 'Relation types', ko: '관계 유형' },
  legendCategories: { en: 'Categories', ko: '분류' },
  openConcept: { en: 'Open {name}', ko: '{name} 열기' },
  learnThis: { en: 'Learning path to {name}', ko: '{name}까지의 학습 경로' },
  quizThis: { en: 'Quiz on {name}', ko: '{name} 퀴즈' },
  relateThis: { en: 'How is {name} related to…', ko: '{name}와(과) 다른 개념의 관계' },
  pathTitle: { en: 'How are these related?', ko: '두 개념은 어떻게 연결될까?' },
  pathIntro: {
    en: 'Pick two concepts to see the shortest chains of relations between them, told as sentences.',
    ko: '두 개념을 고르면 둘 사이의 가장 짧은 관계 사슬을 문장으로 보여 줍니다.',
  },
  from: { en: 'From', ko: '시작' },
  to: { en: 'To', ko: '끝' },
  showPaths: { en: 'Show how they relate', ko: '관계 보기' },
  pathsFound: { en: '{n} path(s) of {len} step(s)', ko: '{len}단계 경로 {n}개' },
  noPath: { en: 'No chain of relations within {hops} steps connects them.', ko: '{hops}단계 안에서 두 개념을 잇는 관계가 없습니다.' },
  pathN: { en: 'Path {n}', ko: '경로 {n}' },
  highlightPath: { en: 'Highlight on the graph', ko: '그래프에서 강조' },
  pickConcept: { en: 'Choose a concept from the suggestions.', ko: '제안 목록에서 개념을 고르세요.' },
  learnTitle: { en: 'Learning path', ko: '학습 경로' },
  learnIntro: {
    en: 'What to understand before a concept, in order, with why each step is there.',
    ko: '어떤 개념을 이해하기 전에 알아야 할 것을 순서대로, 왜 필요한지와 함께 보여 줍니다.',
  },
  target: { en: 'Goal', ko: '목표' },
  showPath: { en: 'Show the path', ko: '경로 보기' },
  alreadyKnow: { en: 'I already know…', ko: '이미 알고 있어요…' },
  alreadyKnowHelp: {
    en: 'Tick what you know; the path leaves it out, with what it rests on.',
    ko: '아는 개념을 고르면 그 개념과 그 바탕이 되는 개념을 경로에서 뺍니다.',
  },
  steps: { en: 'Steps', ko: '단계' },
  noSteps: { en: 'Nothing to learn first: you can start with {name}.', ko: '먼저 배울 것이 없습니다. {name}부터 시작하면 됩니다.' },
  because: { en: 'Why:', ko: '이유:' },
  thenTarget: { en: 'Then: {name}', ko: '그다음: {name}' },
  skipped: { en: 'Left out because you know them', ko: '이미 알고 있어 뺀 개념' },
  quizTitle: { en: 'Quiz', ko: '퀴즈' },
  quizIntro: {
    en: 'Questions made from the graph’s facts; each answer shows the fact and where it comes from.',
    ko: '그래프의 사실로 만든 문제입니다. 답을 확인하면 근거가 된 사실과 출처를 보여 줍니다.',
  },
  quizConcept: { en: 'About', ko: '주제' },
  startQuiz: { en: 'Start the quiz', ko: '퀴즈 시작' },
  newQuiz: { en: 'New questions', ko: '새 문제' },
  question: { en: 'Question {n}', ko: '문제 {n}' },
  checkAnswer: { en: 'Check', ko: '확인' },
  yourAnswer: { en: 'Your answer', ko: '답' },
  true: { en: 'True', ko: '맞다' },
  false: { en: 'False', ko: '틀리다' },
  right: { en: 'Right.', ko: '정답입니다.' },
  wrong: { en: 'Not quite.', ko: '오답입니다.' },
  answerWas: { en: 'The answer: {answer}.', ko: '정답: {answer}.' },
  chooseFirst: { en: 'Choose or type an answer first.', ko: '먼저 답을 고르거나 입력하세요.' },
  score: { en: '{right} of {total} right', ko: '{total}문제 중 {right}문제 정답' },
  fewerQuestions: {
    en: 'The graph has facts for {n} different questions here, not {requested}.',
    ko: '이 주제로는 {requested}문제가 아니라 서로 다른 {n}문제만 만들 수 있습니다.',
  },
  noQuestions: { en: 'No questions could be made for this concept.', ko: '이 개념으로는 문제를 만들 수 없습니다.' },
  history: { en: 'History', ko: '변경 기록' },
  historyEmpty: {
    en: 'No changes made over the API; this concept is as the seed files define it.',
    ko: 'API로 바뀐 적이 없습니다. 이 개념은 시드 파일에 정의된 그대로입니다.',
  },
  historyBy: { en: 'by {who}', ko: '작성자 {who}' },
  historyCreated: { en: 'Created', ko: '만듦' },
  historyChanged: { en: 'Changed {fields}', ko: '{fields} 바꿈' },
  historyChangedNothing: { en: 'Saved with no field changed', ko: '바뀐 필드 없이 저장함' },
  historyDeleted: { en: 'Deleted', ko: '지움' },
  historyMore: { en: 'Show older changes', ko: '이전 변경 더 보기' },
  historyMoreLoaded: { en: '{n} older changes shown.', ko: '이전 변경 {n}개를 더 보여 줍니다.' },
  historyFailed: { en: 'The history could not be loaded ({reason}).', ko: '변경 기록을 불러오지 못했습니다 ({reason}).' },
  problem: { en: 'Something went wrong', ko: '문제가 생겼습니다' },
  networkError: { en: 'The API could not be reached.', ko: 'API에 연결할 수 없습니다.' },
  notFoundTitle: { en: 'No such page', ko: '없는 페이지' },
  notFoundDetail: { en: 'The explorer has no page at {path}.', ko: '탐색기에 {path} 페이지가 없습니다.' },
  backHome: { en: 'Back to the start', ko: '처음으로' },
} satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof messages;

/** The message in `lang`, with `{name}` placeholders filled from `vars`. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return fill(messages[key][lang], vars);
}

export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** The text in `lang`, falling back to the other language when a reply leaves one empty. */
export function pick(lang: Lang, text: Partial<Bilingual> | undefined | null): string {
  if (!text) return '';
  return text[lang] || text[lang === 'en' ? 'ko' : 'en'] || '';
}

export function otherLang(lang: Lang): Lang {
  return lang === 'en' ? 'ko' : 'en';
}

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'ko';
}

/** The stored choice if there is one, else the browser's first preference (Korean for ko or ko-*). */
export function initialLang(stored: string | null, browserLanguages: readonly string[]): Lang {
  if (isLang(stored)) return stored;
  return browserLanguages[0]?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
