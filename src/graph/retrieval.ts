// Grounded retrieval for chatbots: find the concepts a question names, gather the relations around them,
// rank them by how well they fit the question, and hand back numbered facts with citations and a
// ready-to-paste context block. Deterministic: the same question over the same graph gives the same reply.

import { must } from '../must.js';
import type { Catalogue, RelationType, VocabularyEntry } from './catalogue.js';
import type { GraphDatabase } from './database.js';
import type { Citation, ConceptSummary, Relation } from './model.js';
import { relationProjection, toRelations } from './relations.js';
import { queryWords } from './search.js';
import { editDistance, normalizeTerm } from './text.js';

export type Language = 'en' | 'ko';

export interface RetrieveQuery {
  query: string;
  maxFacts: number;
  hops: 1 | 2;
}

export interface RetrievedConcept extends ConceptSummary {
  score: number;
  summary: { en: string; ko: string };
  matched: string;
}

export interface RetrievedFact {
  id: string;
  sentence: { en: string; ko: string };
  subject: { id: string; name: { en: string; ko: string } };
  type: string;
  object: { id: string; name: { en: string; ko: string } };
  confidence: number;
  score: number;
  citations: number[];
}

export interface RetrievalResult {
  query: string;
  language: Language;
  concepts: RetrievedConcept[];
  facts: RetrievedFact[];
  citations: (Citation & { n: number })[];
  context: string;
}

const hangulSyllable = /[\uac00-\ud7a3]/u;

export function detectLanguage(text: string): Language {
  const letters = [...text].filter((c) => /\p{L}/u.test(c));
  const hangul = letters.filter((c) => hangulSyllable.test(c)).length;
  return letters.length > 0 && hangul / letters.length >= 0.2 ? 'ko' : 'en';
}

// ---- Concepts named by the question -----------------------------------------------------------------

interface LexiconEntry {
  concept: ConceptSummary & { summary: { en: string; ko: string } };
  text: string;
  weight: number; // 1 for a name, 0.9 for an alias
}

interface ConceptMatch {
  entry: LexiconEntry;
  score: number;
  /** named: the question uses its name or alias (or a typo of it); described: its text shares the question's words. */
  how: 'named' | 'described';
  /** The folded text that matched, to drop a match contained in a longer one ("도커" inside "도커 데몬"). */
  folded: string;
}

/** Words as the matcher sees them: lower case, scripts split apart, possessive 's dropped. */
function canonical(text: string): string {
  return ` ${queryWords(text.replace(/['’]s\b/gu, '')).join(' ')} `;
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/**
 * Matches names and aliases in the question. Latin names match as whole words (plural -s allowed);
 * Hangul names match inside the question with spaces removed, since particles attach to them
 * ("도커 데몬은"); a Hangul name of three or more syllables also matches with one typo.
 */
function matchConcepts(question: string, lexicon: LexiconEntry[]): ConceptMatch[] {
  const canon = canonical(question);
  const singularCanon = ` ${canon.trim().split(' ').map(singular).join(' ')} `;
  const compact = normalizeTerm(question);
  const matches: ConceptMatch[] = [];
  const claimed = new Set<string>(); // question words that exactly match some name: no typo matching on them
  const typoCandidates: LexiconEntry[] = [];
  const exactHangul = new Set<string>();
  for (const entry of lexicon) {
    const folded = normalizeTerm(entry.text);
    if (folded.length < 2) continue;
    if (hangulSyllable.test(entry.text)) {
      if (compact.includes(folded)) {
        matches.push({ entry, score: entry.weight, folded, how: 'named' });
        exactHangul.add(folded);
      } else {
        typoCandidates.push(entry);
      }
      continue;
    }
    const words = canonical(entry.text);
    const singularWords = ` ${words.trim().split(' ').map(singular).join(' ')} `;
    if (canon.includes(words) || singularCanon.includes(singularWords)) {
      matches.push({ entry, score: entry.weight, folded, how: 'named' });
      for (const word of words.trim().split(' ')) claimed.add(singular(word));
    } else {
      typoCandidates.push(entry);
    }
  }
  // Typos: one-word Latin names ("kubernets", "contaienr") and Hangul names of four or more syllables (shorter ones collide: 리스트 ~ 호스트).
  const questionWords = canon
    .trim()
    .split(' ')
    .filter((word) => word.length >= 4 && !claimed.has(singular(word)));
  for (const entry of typoCandidates) {
    const folded = normalizeTerm(entry.text);
    if (hangulSyllable.test(entry.text)) {
      if (folded.length < 4 || folded.length > 12 || ![...folded].every((c) => hangulSyllable.test(c))) continue;
      for (let i = 0; i + folded.length <= compact.length; i++) {
        const window = compact.slice(i, i + folded.length);
        // An exact name followed by a particle is not a typo of a longer name ("컨테이너가" vs "컨테이너디").
        if (exactHangul.has(window.slice(0, -1))) continue;
        if (editDistance(window, folded) === 1) {
          matches.push({ entry, score: entry.weight * 0.7, folded, how: 'named' });
          break;
        }
      }
    } else if (folded.length >= 5 && !entry.text.trim().includes(' ')) {
      const allowance = folded.length >= 8 ? 2 : 1;
      if (questionWords.some((word) => editDistance(word, folded) <= allowance))
        matches.push({ entry, score: entry.weight * 0.7, folded, how: 'named' });
    }
  }
  // A match inside a longer match of another concept does not count ("docker" in "docker daemon").
  return matches.filter(
    (m) =>
      !matches.some(
        (other) =>
          other.entry.concept.id !== m.entry.concept.id && other.folded.length > m.folded.length && other.folded.includes(m.folded),
      ),
  );
}

// ---- Which relation types the question asks about ----------------------------------------------------

const englishStopwords = new Set(
  'a an the is are was were be been of to in on at by for from with as that this these those it its which what who whom how why when where do does did can could should would will has have had and or not no than then there their they them so such terms into onto over under about also just'.split(
    ' ',
  ),
);
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

/** A crude English stem: enough to equate implements / implemented / implement. */
export function stem(word: string): string {
  let w = word.toLowerCase();
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w.endsWith('e') && w.length > 3 ? w.slice(0, -1) : w;
}

const koreanEndings = /(한다|된다|이다|있다|없다|는다|하는|되는|하고|되고|하며)$/u;
const koreanParticles = /(에서|으로|에게|이|가|을|를|은|는|의|에|로|과|와)$/u;

function koreanStem(word: string): string {
  const withoutEnding = word.replace(koreanEndings, '');
  return withoutEnding.length > 2 ? withoutEnding.replace(koreanParticles, '') : withoutEnding;
}

/** Cue words for a relation type: content words of its phrasings plus its keywords from the catalogue. */
function typeCues(type: RelationType): { en: Set<string>; ko: string[] } {
  const words = (template: string) =>
    template
      .replace(/\{[so]\}\S*/gu, ' ')
      .split(/\s+/u)
      .filter(Boolean);
  const en = new Set([
    ...[...words(type.forward.en), ...words(type.inverse.en)]
      .map((w) => w.toLowerCase())
      .filter((w) => !englishStopwords.has(w))
      .map(stem),
    ...type.keywords.en.map(stem),
  ]);
  const ko = [...words(type.forward.ko), ...words(type.inverse.ko)]
    .map(koreanStem)
    .concat(type.keywords.ko)
    .map((w) => w.replace(/\s+/gu, ''))
    .filter((w) => w.length >= 2 && !koreanFunctionWords.has(w));
  return { en, ko: [...new Set(ko)] };
}

function asksAbout(type: RelationType, questionStems: Set<string>, compact: string): boolean {
  const cues = typeCues(type);
  return [...cues.en].some((cue) => questionStems.has(cue)) || cues.ko.some((cue) => compact.includes(cue));
}

// ---- Content words: what the question says besides the names it uses ---------------------------------

const koreanStopwords = new Set(
  '어떻게 무엇 무엇인가 어떤 무슨 어디 어디로 이유 왜 뭐 뭐야 뭔가 있나 있나요 하나 하나요 되나 되나요 인가요 입니다 합니다 그리고 있는 하는 되는 대해 대한 설명 알려줘 궁금 관계 경우 정말 그럼 그냥 같은 무슨일 해요 나요 건가요 거야'.split(
    ' ',
  ),
);

interface QuestionWords {
  en: string[];
  ko: string[];
}

/** Content words of the question that no matched name accounts for. */
function contentWords(question: string, matchedNames: string[]): QuestionWords {
  const namesCompact = matchedNames.map(normalizeTerm).join(' ');
  const words = queryWords(question.replace(/['’]s\b/gu, ''));
  const inNames = (w: string) => namesCompact.includes(w) || namesCompact.includes(singular(w)) || namesCompact.includes(stem(w));
  const en = words.filter((w) => /^[a-z][a-z0-9]*$/u.test(w) && w.length >= 3 && !englishStopwords.has(w) && !inNames(w)).map(stem);
  const ko = words
    .filter((w) => hangulSyllable.test(w))
    .map(koreanStem)
    .filter((w) => w.length >= 2 && !koreanStopwords.has(w) && !namesCompact.includes(w));
  return { en: [...new Set(en)], ko: [...new Set(ko)] };
}

interface ConceptText {
  en: Set<string>;
  ko: string;
}

function conceptText(c: VocabularyEntry): ConceptText {
  return {
    en: new Set(queryWords([c.name.en, ...c.aliases.en, c.summary.en].join(' ')).map(stem)),
    ko: normalizeTerm([c.name.ko, ...c.aliases.ko, c.summary.ko].join(' ')),
  };
}

interface Vocabulary {
  lexicon: LexiconEntry[];
  /** Each concept's entry for its English name: the one a "described" match reports. */
  nameEntries: Map<string, LexiconEntry>;
  texts: Map<string, ConceptText>;
}

const vocabularies = new WeakMap<Catalogue, Vocabulary>();

/** The matcher's view of the concepts, derived once per catalogue load (the catalogue is cached), not per question. */
function vocabularyOf(catalogue: Catalogue): Vocabulary {
  let vocabulary = vocabularies.get(catalogue);
  if (!vocabulary) {
    const lexicon: LexiconEntry[] = [];
    const nameEntries = new Map<string, LexiconEntry>();
    const texts = new Map<string, ConceptText>();
    for (const c of catalogue.vocabulary) {
      const concept = { id: c.id, name: c.name, category: c.category, summary: c.summary };
      const nameEntry = { concept, text: c.name.en, weight: 1 };
      lexicon.push(
        nameEntry,
        { concept, text: c.name.ko, weight: 1 },
        { concept, text: c.id.replaceAll('-', ' '), weight: 0.9 },
        ...[...c.aliases.en, ...c.aliases.ko].map((text) => ({ concept, text, weight: 0.9 })),
      );
      nameEntries.set(c.id, nameEntry);
      texts.set(c.id, conceptText(c));
    }
    vocabulary = { lexicon, nameEntries, texts };
    vocabularies.set(catalogue, vocabulary);
  }
  return vocabulary;
}

function overlap(words: QuestionWords, text: ConceptText | undefined): number {
  if (!text) return 0;
  return words.en.filter((w) => text.en.has(w)).length + words.ko.filter((w) => text.ko.includes(w)).length;
}

// ---- Ranking and assembly ------------------------------------------------------------------------------

const twoHopDiscount = 0.5;
const learningOrderDiscount = 0.6;

export async function retrieve(db: GraphDatabase, catalogue: Catalogue, request: RetrieveQuery): Promise<RetrievalResult> {
  const language = detectLanguage(request.query);
  const types = catalogue.relationTypes;
  const typeExpression = catalogue.typeExpression(types);

  const { lexicon, nameEntries, texts } = vocabularyOf(catalogue);

  const matchesById = new Map<string, ConceptMatch>();
  for (const match of matchConcepts(request.query, lexicon)) {
    const current = matchesById.get(match.entry.concept.id);
    if (!current || match.score > current.score) matchesById.set(match.entry.concept.id, match);
  }
  const words = contentWords(
    request.query,
    [...matchesById.values()].map((m) => m.entry.text),
  );
  // Concepts the question does not name but describes: the three whose text shares most of its content
  // words (two at least).
  if (matchesById.size > 0 || words.en.length + words.ko.length >= 2) {
    const described = [...nameEntries.values()]
      .filter((entry) => !matchesById.has(entry.concept.id))
      .map((entry) => ({ entry, shared: overlap(words, texts.get(entry.concept.id)) }))
      .filter(({ shared }) => shared >= 2)
      .sort((a, b) => b.shared - a.shared || a.entry.concept.id.localeCompare(b.entry.concept.id))
      .slice(0, 3);
    for (const { entry, shared } of described) {
      matchesById.set(entry.concept.id, { entry, score: Math.min(0.3 + 0.1 * shared, 0.6), folded: '', how: 'described' });
    }
  }
  const found = [...matchesById.values()].sort((a, b) => b.score - a.score || a.entry.concept.id.localeCompare(b.entry.concept.id));
  const concepts: RetrievedConcept[] = found.map((m) => ({
    ...m.entry.concept,
    score: Math.round(m.score * 1000) / 1000,
    matched: m.entry.text,
  }));

  if (found.length === 0 || !typeExpression) return assemble(request.query, language, concepts, []);

  // Relations around the named concepts (hop 1) and, if asked, around their neighbours (hop 2).
  const anchor = new Map(found.map((m) => [m.entry.concept.id, m.score]));
  const relationsTouching = async (ids: string[], limit: number): Promise<Relation[]> => {
    const rows = await db.read(
      `MATCH (a:Concept)-[r:${typeExpression}]->(b:Concept) WHERE a.id IN $ids OR b.id IN $ids
       WITH a, r, b ORDER BY r.id LIMIT $limit
       RETURN ${relationProjection} AS relation`,
      { ids, limit: db.int(limit) },
    );
    return toRelations(
      rows.map((row) => row.relation),
      catalogue,
    );
  };
  const candidates = (await relationsTouching([...anchor.keys()], 1000)).map((relation) => ({ relation, hop: 1 }));
  if (request.hops === 2) {
    const neighbourAnchor = new Map<string, number>();
    for (const { relation } of candidates) {
      for (const [near, far] of [
        [relation.subject.id, relation.object.id],
        [relation.object.id, relation.subject.id],
      ] as const) {
        const score = anchor.get(near);
        if (score !== undefined && !anchor.has(far))
          neighbourAnchor.set(far, Math.max(neighbourAnchor.get(far) ?? 0, score * twoHopDiscount));
      }
    }
    const seen = new Set(candidates.map((c) => c.relation.id));
    for (const relation of await relationsTouching([...neighbourAnchor.keys()], 2000)) {
      if (!seen.has(relation.id)) candidates.push({ relation, hop: 2 });
    }
    for (const [id, score] of neighbourAnchor) anchor.set(id, score);
  }

  const questionWords = queryWords(request.query);
  const questionStems = new Set(questionWords.map(stem));
  const compact = normalizeTerm(request.query);
  const asked = new Map(types.map((type) => [type.key, asksAbout(type, questionStems, compact)]));
  const categoryNames = new Map(catalogue.categories.map((c) => [c.id, [normalizeTerm(c.name.en), normalizeTerm(c.name.ko)]]));
  const anchors = new Set(found.map((m) => m.entry.concept.id));
  const named = new Set(found.filter((m) => m.how === 'named').map((m) => m.entry.concept.id));

  const scored = candidates.map(({ relation, hop }) => {
    const type = must(catalogue.relationType(relation.type), 'relation type');
    const ends = [relation.subject.id, relation.object.id];
    const base = Math.max(...ends.map((id) => (hop === 1 && !anchors.has(id) ? 0 : (anchor.get(id) ?? 0))));
    const other = ends.find((id) => !anchors.has(id));
    const otherCategory = other ? nameEntries.get(other)?.concept.category : undefined;
    const categoryHit = otherCategory
      ? (categoryNames.get(otherCategory) ?? []).some((name) => name.length >= 2 && compact.includes(name))
      : false;
    let score = base * relation.confidence;
    if (asked.get(type.key)) score *= 1.6;
    if (ends.every((id) => named.has(id))) score *= 1.8;
    if (categoryHit) score *= 1.3;
    // The other end is what the answer is about: reward it for sharing the question's words.
    score *=
      1 +
      0.25 *
        Math.min(
          Math.max(...ends.filter((id) => id !== ends.find((e) => anchors.has(e))).map((id) => overlap(words, texts.get(id))), 0),
          4,
        );
    if (type.learningOrder && !asked.get(type.key)) score *= learningOrderDiscount;
    return { relation, score: Math.round(score * 10_000) / 10_000 };
  });
  scored.sort((a, b) => b.score - a.score || a.relation.id.localeCompare(b.relation.id));
  return assemble(request.query, language, concepts, scored.slice(0, request.maxFacts));
}

function assemble(
  query: string,
  language: Language,
  concepts: RetrievedConcept[],
  ranked: { relation: Relation; score: number }[],
): RetrievalResult {
  const citations: (Citation & { n: number })[] = [];
  const numberOf = (citation: Citation): number => {
    const key = `${citation.sourceId}#${citation.section?.id ?? ''}`;
    const existing = citations.find((c) => `${c.sourceId}#${c.section?.id ?? ''}` === key);
    if (existing) return existing.n;
    citations.push({ ...citation, n: citations.length + 1 });
    return citations.length;
  };
  const facts: RetrievedFact[] = ranked.map(({ relation, score }) => ({
    id: relation.id,
    sentence: relation.sentence,
    subject: relation.subject,
    type: relation.type,
    object: relation.object,
    confidence: relation.confidence,
    score,
    citations: relation.sources.map(numberOf),
  }));
  return { query, language, concepts, facts, citations, context: contextBlock(language, facts, citations) };
}

function citationLine(citation: Citation & { n: number }, language: Language): string {
  const title = citation.title[language];
  const section = citation.section
    ? language === 'ko'
      ? `, 「${citation.section.heading}」 절`
      : `, section “${citation.section.heading}”`
    : '';
  return `[${citation.n}] ${title}${section}${citation.url ? ` — ${citation.url}` : ''}`;
}

/** The block a chatbot pastes into its prompt: numbered facts with [n] markers, then the sources. */
export function contextBlock(language: Language, facts: RetrievedFact[], citations: (Citation & { n: number })[]): string {
  if (facts.length === 0) {
    return language === 'ko'
      ? '개념 그래프에서 이 질문에 관련된 사실을 찾지 못했습니다.'
      : 'The concept graph has no facts related to this question.';
  }
  const heading =
    language === 'ko'
      ? '개념 그래프의 사실 (괄호 안 번호는 출처):'
      : 'Facts from the concept graph (numbers in brackets point to sources):';
  const lines = facts.map((fact, index) => `${index + 1}. ${fact.sentence[language]}. ${fact.citations.map((n) => `[${n}]`).join('')}`);
  const sources = language === 'ko' ? '출처:' : 'Sources:';
  return [heading, ...lines, '', sources, ...citations.map((c) => citationLine(c, language))].join('\n');
}
