// Turns a relation into a sentence in English and Korean from the catalogue's templates, picks Korean
// particles by the final sound of the name before them, and chains sentences for path explanations.
import {
  type FinalSound,
  hangulSyllableLast as hangulEnd,
  hangulSyllableFirst as hangulStart,
  hasHangul,
  nameEnding,
  nieunFinal,
  type ParticlePair,
  particleAfter,
  particlePairs,
  readingsGeneration,
} from './language/index.js';

/** The final sound of a name as a Korean reader pronounces it (its seed reading when it has one). */
export function finalSound(word: string): FinalSound {
  return nameEnding(word).sound;
}

const placeholderPattern = /\{(s|o)\}(은\(는\)|이\(가\)|을\(를\)|과\(와\)|으로\(로\))?/gu;

/** The particle for a pair written "after-consonant(after-vowel)" (은(는), 과(와) …) after `word`. */
export function particle(word: string, pair: ParticlePair): string {
  return particleAfter(word, pair);
}

/**
 * "{o}은(는) {s}에 의해 관리된다" is translated English (a passive with "by"); Korean says who does it with
 * the active verb and keeps the topic: "{o}은(는) {s}이(가) 관리한다" ("runc는 containerd가 관리한다").
 * Only 되다-verbs of a 하다-verb turn around this way, which is what the catalogue's passives are.
 */
export function activeVoice(template: string): string {
  return template.replace(/\{([so])\}에 의해 (\S+)된다/gu, '{$1}이(가) $2한다');
}

/**
 * Words that keep their capital inside a sentence although nothing else in them is upper-case: names of
 * products and projects. Names with an inner capital or an acronym (containerd, LXC, BuildKit, I/O) are
 * left alone without being listed.
 */
const properWords = new Set([
  'Alpine',
  'Compose',
  'Debian',
  'Docker',
  'Dockerfile',
  'Git',
  'Kata',
  'Kubernetes',
  'Linux',
  'Moby',
  'Podman',
  'Ubuntu',
  'Unix',
  'Windows',
]);

const titleWord = /^[A-Z][a-z]+$/u;

/**
 * How a concept's English name is written inside a sentence: a common noun loses the capital it carries as a
 * heading ("Docker uses container", "runs on host OS"); product names keep theirs (Docker Engine, Linux
 * namespace, containerd, Container Runtime Interface — a name whose words are all capitalised is a title).
 */
export function inSentence(name: string): string {
  const words = name.split(/\s+/u);
  const first = words[0] ?? '';
  const head = first.split('-')[0] ?? '';
  if (!titleWord.test(head) || properWords.has(head)) return name;
  const capitalised = words.filter((word) => /^[A-Za-z]/u.test(word) && word !== word.toUpperCase());
  if (capitalised.length >= 2 && capitalised.every((word) => /^[A-Z]/u.test(word))) return name;
  return `${first.charAt(0).toLowerCase()}${name.slice(1)}`;
}

/** The articles a concept's English name may take in a sentence; a name without one is written bare. */
export const englishArticles = ['a', 'an', 'the'] as const;
export type EnglishArticle = (typeof englishArticles)[number];

/**
 * The article of each common-noun concept, by English name as written (concepts.yaml `article:`, stored on the
 * concept). Product and proper names, mass nouns and plurals have none and stay bare. Set whenever the graph's
 * concepts are read with the catalogue; a process that never reads them writes every name bare.
 */
const articles = new Map<string, EnglishArticle>();
let articlesGeneration = 0;

/** Replaces the known articles (English name -> article); a list equal to the current one changes nothing. */
export function useArticles(entries: Iterable<readonly [string, EnglishArticle]>): void {
  const next = new Map(entries);
  if (next.size === articles.size && [...next].every(([name, article]) => articles.get(name) === article)) return;
  articles.clear();
  for (const [name, article] of next) articles.set(name, article);
  articlesGeneration++;
}

/**
 * A concept's English name as a sentence writes it: with its article when it has one ("a container", "the
 * Docker daemon"), else bare; `opening` when it starts the sentence, which capitalises the article
 * ("A container is part of a pod") and keeps a bare name as written ("Container networking …").
 */
export function nounPhrase(name: string, opening = false): string {
  const article = articles.get(name);
  if (article === undefined) return opening ? name : inSentence(name);
  return `${opening ? article.charAt(0).toUpperCase() + article.slice(1) : article} ${inSentence(name)}`;
}

/** "a kind of container", not "a kind of a container": after "kind of", "type of", "sort of" no a or an. */
const classifierBefore = /\b(?:kind|type|sort)s? of $/u;

/** A name as the English sentence writes it after `before`, the template text that precedes it. */
function englishAt(name: string, before: string): string {
  if (before === '') return nounPhrase(name, true);
  const article = articles.get(name);
  if ((article === 'a' || article === 'an') && classifierBefore.test(before)) return inSentence(name);
  return nounPhrase(name);
}

/**
 * Renders a template with the subject and object names. Korean: chooses particles and speaks in the active
 * voice; English: each name is written as its noun phrase (see nounPhrase), the opening one capitalised.
 */
export function render(template: string, subject: string, object: string): string {
  // Pure, and asked again and again for the same relations (a neighbourhood renders hundreds per reply): the
  // answer is kept in a bounded memo, emptied whole when full, so memory stays capped whatever the graph.
  if (renderedWith.readings !== readingsGeneration() || renderedWith.articles !== articlesGeneration) {
    rendered.clear();
    renderedWith.readings = readingsGeneration();
    renderedWith.articles = articlesGeneration;
  }
  const key = `${template}\u0000${subject}\u0000${object}`;
  const known = rendered.get(key);
  if (known !== undefined) return known;
  const sentence = renderNow(template, subject, object);
  if (rendered.size >= renderedLimit) rendered.clear();
  rendered.set(key, sentence);
  return sentence;
}

const renderedLimit = 20_000;
const rendered = new Map<string, string>();
/**
 * Readings change what a name's particle is, articles what precedes an English name: the memo holds only
 * sentences rendered with the current ones.
 */
const renderedWith = { readings: -1, articles: -1 };

function renderNow(template: string, subject: string, object: string): string {
  const korean = hasHangul(template);
  const source = korean ? activeVoice(template) : template;
  return source.replace(placeholderPattern, (_match, slot: 's' | 'o', pair: string | undefined, offset: number) => {
    const written = slot === 's' ? subject : object;
    const name = korean ? written : englishAt(written, source.slice(0, offset));
    const choose = pair ? particlePairs[pair as ParticlePair] : undefined;
    return choose ? name + choose(finalSound(name)) : name;
  });
}

const clauseEndings: [RegExp, string][] = [
  [/한다$/u, '하고'],
  [/된다$/u, '되고'],
  [/이다$/u, '이고'],
  [/있다$/u, '있고'],
  [/없다$/u, '없고'],
  [/는다$/u, '고'],
];

const adnominalEndings: [RegExp, string][] = [
  [/한다$/u, '하는'],
  [/된다$/u, '되는'],
  [/이다$/u, '인'],
  [/있다$/u, '있는'],
  [/없다$/u, '없는'],
  [/는다$/u, '는'],
];

/**
 * The form of a Korean clause that describes a noun ("CRI를 구현한다" -> "CRI를 구현하는", "종류이다" -> "종류인",
 * "보낸다" -> "보내는"), or undefined when the ending is not one we know.
 */
export function toAdnominal(clause: string): string | undefined {
  const body = clause.replace(/[.。]\s*$/u, '');
  for (const [ending, adnominal] of adnominalEndings) {
    if (ending.test(body)) return body.replace(ending, adnominal);
  }
  const match = /(.)다$/u.exec(body);
  const syllable = match?.[1]?.codePointAt(0);
  if (syllable !== undefined && syllable >= hangulStart && syllable <= hangulEnd && (syllable - hangulStart) % 28 === nieunFinal) {
    return `${body.slice(0, -2)}${String.fromCodePoint(syllable - nieunFinal)}는`;
  }
  return undefined;
}

/**
 * A Korean multiple-choice question asking for the name in `askSlot`, from a template that opens with it:
 * "{s}은(는) {o}을(를) 구현한다" asking s about CRI -> "다음 중 CRI를 구현하는 것은?". Undefined when the
 * template does not open with the asked name or its ending has no adnominal form.
 */
export function koreanWhichQuestion(template: string, askSlot: 's' | 'o', other: string): string | undefined {
  const lead = new RegExp(`^\\{${askSlot}\\}(은\\(는\\)|이\\(가\\))\\s+`, 'u');
  const active = activeVoice(template);
  if (!lead.test(active)) return undefined;
  const rest = active.replace(lead, '');
  const clause = askSlot === 's' ? render(rest, '', other) : render(rest, other, '');
  const described = toAdnominal(clause);
  return described === undefined ? undefined : `다음 중 ${described} 것은?`;
}

/** The connective form of a Korean sentence ending, or undefined when the ending is not one we can join. */
export function toConnective(sentence: string): string | undefined {
  const body = sentence.replace(/[.。]\s*$/u, '');
  for (const [ending, connective] of clauseEndings) {
    if (ending.test(body)) return body.replace(ending, connective);
  }
  // A syllable with final ㄴ + 다 (쓴다, 돌린다): drop the ㄴ and add 고 (쓰고, 돌리고).
  const match = /(.)다$/u.exec(body);
  const syllable = match?.[1]?.codePointAt(0);
  if (syllable !== undefined && syllable >= hangulStart && syllable <= hangulEnd && (syllable - hangulStart) % 28 === 4) {
    return `${body.slice(0, -2)}${String.fromCodePoint(syllable - 4)}고`;
  }
  return undefined;
}

/**
 * Joins sentences that each start from the previous one's last concept (`from`, its name):
 * "A container is part of a pod, which is managed by Kubernetes".
 */
export function chainEnglish(sentences: { text: string; from: string }[]): string {
  return sentences
    .map(({ text, from }, index) => (index === 0 ? text : `which ${text.slice(nounPhrase(from, true).length).trimStart()}`))
    .join(', ');
}

/** Joins Korean sentences as clauses: "…관리하고, containerd는 CRI를 구현한다". */
export function chainKorean(sentences: string[]): string {
  return sentences.map((sentence, index) => (index === sentences.length - 1 ? sentence : (toConnective(sentence) ?? sentence))).join(', ');
}

/** What is wrong with a template, in words a content author can act on; empty when it is fine. */
export function templateProblems(template: string, language: 'en' | 'ko', direction: 'forward' | 'inverse'): string[] {
  const problems: string[] = [];
  for (const slot of ['s', 'o'] as const) {
    const count = template.split(`{${slot}}`).length - 1;
    if (count !== 1) problems.push(`must contain {${slot}} exactly once (found ${count})`);
  }
  if (/\{(?![so]\})[^}]*\}/u.test(template)) problems.push('may use only the placeholders {s} and {o}');
  if (language === 'en') {
    const lead = direction === 'forward' ? '{s} ' : '{o} ';
    if (!template.startsWith(lead)) problems.push(`must start with "${lead}" so sentences can be chained`);
  } else {
    for (const match of template.matchAll(/\{[so]\}(\S*)/gu)) {
      const after = match[1] ?? '';
      if (/^(은\(는\)|이\(가\)|을\(를\)|과\(와\)|으로\(로\))/u.test(after)) continue;
      const fixed = /^(으로|은|는|이|가|을|를|과|와|로)/u.exec(after);
      if (fixed) {
        problems.push(
          `writes the particle "${fixed[1]}" right after a name: use the pair form 은(는), 이(가), 을(를), 과(와) or 으로(로) so it fits every name`,
        );
      }
    }
    if (/든다[.]?$/u.test(template)) problems.push('ends in an ㄹ-stem verb (만든다) that cannot be chained: use a verb such as 생성한다');
    const rendered = render(template, '도커', '런타임');
    if (toConnective(rendered) === undefined) {
      problems.push('must end in 한다, 된다, 이다, 있다, 없다, 는다 or a syllable with final ㄴ + 다, so clauses can be chained');
    }
  }
  return problems;
}
