// Which concepts a question names: names and aliases in both languages, plurals, Korean particles, a
// typo. Those it describes are found in described.ts.
// Pure; every loop is bounded by the question's length and by fixed candidate caps.
import { editDistance, typoAllowance } from '../language/index.js';
import { bigrams, type LexiconEntry, type RetrievalIndex } from './graph-index.js';
import type { Question } from './question.js';
import { retrievalWeights } from './weights.js';

export interface ConceptHit {
  concept: number;
  weight: number;
  how: 'named' | 'described' | 'hinted';
  /** The name or alias found, or the shared words. */
  matched: string;
  /** Folded form of the name found. */
  folded: string;
  /** Where a name found starts in the question's compact form. */
  start?: number;
}

/** A name found at [start, end) of the question's compact form. */
interface Found extends ConceptHit {
  start: number;
  end: number;
}

function offer(hits: Map<number, ConceptHit>, hit: ConceptHit): void {
  const current = hits.get(hit.concept);
  if (!current || hit.weight > current.weight || (hit.weight === current.weight && hit.folded.length > current.folded.length))
    hits.set(hit.concept, hit);
}

type Entry = RetrievalIndex['lexicon'][number];

/** Names found so far, each name at most three places (a long question repeating itself costs nothing more). */
class Finds {
  readonly all: Found[] = [];
  private readonly placesOf = new Map<string, number>();

  constructor(private readonly typoFactor: number) {}

  static weightOf(entry: Entry): number {
    const { match } = retrievalWeights;
    return (entry.kind === 'name' ? match.name : match.alias) * (match.specificityFloor + (1 - match.specificityFloor) * entry.specificity);
  }

  add(entry: Entry, start: number, end: number, typo = false): void {
    const key = `${entry.concept}|${entry.folded}`;
    const places = this.placesOf.get(key) ?? 0;
    if (places >= 3) return;
    this.placesOf.set(key, places + 1);
    const weight = Finds.weightOf(entry) * (typo ? this.typoFactor : 1);
    this.all.push({ concept: entry.concept, weight, how: 'named', matched: entry.text, folded: entry.folded, start, end });
  }

  concepts(): Set<number> {
    return new Set(this.all.map((hit) => hit.concept));
  }
}

/** Names and aliases the question uses, exactly or with one small typo. */
export function matchNamed(
  index: RetrievalIndex,
  question: Question,
): { hits: ConceptHit[]; claimedTokens: Set<number>; excluded: Set<number> } {
  const finds = new Finds(retrievalWeights.match.typo);
  const claimedTokens = new Set<number>();
  findLatinNames(index, question, finds, claimedTokens);
  findJoinedLatinNames(index, question, finds, claimedTokens);
  const exactFolded = findFoldedNames(index, question, finds);
  findLatinTypos(index, question, finds, claimedTokens);
  findHangulTypos(index, question, finds, exactFolded);
  const namedAt = new Map<number, number[]>();
  const hits = outermost(question, finds.all, claimedTokens, namedAt);
  const excluded = excludedConcepts(question, namedAt);
  // A comparison needs two sides: "k8s 말고 swarm이면 충분하지 않나, 차이 위주로" weighs the one it would drop against the
  // other. Only when two named concepts are left beside the excluded ones is the exclusion one ("other than runc, how do
  // crun and youki compare?").
  const kept = hits.filter((hit) => !excluded.has(hit.concept));
  if (question.comparison && excluded.size > 0 && new Set(kept.map((hit) => hit.concept)).size < 2)
    return { hits, claimedTokens, excluded: new Set() };
  return { hits: kept, claimedTokens, excluded };
}

/** Words that join the names an exclusion lists ("the daemon and the client", "데몬과 클라이언트"). */
const listWords = new Set([
  'and',
  'or',
  'the',
  'a',
  'an',
  'nor',
  '및',
  '그리고',
  '또는',
  '과',
  '와',
  '랑',
  '이랑',
  '하고',
  '나',
  '이나',
  '도',
]);

/** A Korean particle glued to a name that makes it the subject, topic or object: it ends a list ("쿠버네티스가 runc 말고"). */
const roleEnding = /(이|가|은|는|을|를|의|에서|에게|한테)$/u;

/**
 * The concepts an exclusion sets aside: the names right after an English cue ("other than the daemon and the
 * client") or right before a Korean one ("도커 데몬과 클라이언트 말고"). Names follow one another only across a
 * joining word, a joining particle or a comma; any other word ends the list ("…containerd, which runtimes"), and so
 * does a name marked as the subject or topic ("쿠버네티스가 runc 말고": Kubernetes is who uses, not set aside).
 */
function excludedConcepts(question: Question, namedAt: ReadonlyMap<number, number[]>): Set<number> {
  const excluded = new Set<number>();
  for (const { token, after } of question.exclusions) {
    const step = after ? 1 : -1;
    let joined = true;
    let previous: number[] = [];
    for (let t = token + step; t >= 0 && t < question.tokens.length; t += step) {
      const named = namedAt.get(t);
      const word = question.tokens[t]?.word ?? '';
      if (named) {
        // The next word of the same name (docker, daemon), a name joined to the last, or one whose particle joins it.
        const sameName = named.some((concept) => previous.includes(concept));
        // (Names may follow one another bare: the commas of "containerd, runc and crun" are not tokens.)
        if (!joined && !sameName && question.tokens[t]?.script === 'hangul' && roleEnding.test(word)) break;
        for (const concept of named) excluded.add(concept);
        previous = named;
        joined = false;
      } else if (listWords.has(word)) {
        joined = true;
        previous = [];
      } else break;
    }
  }
  return excluded;
}

/** Latin names: runs of whole words ("docker daemon", "containers" for container). */
function findLatinNames(index: RetrievalIndex, question: Question, finds: Finds, claimedTokens: Set<number>): void {
  // A name that is one function word ("FROM", the Dockerfile instruction) names its concept only when written in
  // capitals, as such names are: "from the command down to runc" says nothing of Dockerfiles.
  const functionWordName = (entry: LexiconEntry, i: number) => {
    return entry.words.length === 1 && question.tokens[i]?.stop === true && !question.writtenWords.has(entry.text.toUpperCase());
  };
  question.words.forEach((word, i) => {
    for (const e of index.latinByFirstWord.get(word) ?? []) {
      const entry = index.lexicon[e];
      if (!entry || entry.words.some((w, k) => question.words[i + k] !== w) || functionWordName(entry, i)) continue;
      for (let k = 0; k < entry.words.length; k++) claimedTokens.add(i + k);
      finds.add(entry, question.offsets[i] ?? 0, question.offsets[i + entry.words.length] ?? 0);
    }
  });
}

/**
 * Latin names written with other spacing: words run together or split apart ("health check" for HEALTHCHECK,
 * "replica set" for ReplicaSet, "WSL2" for WSL 2, "crio" for CRI-O), over up to three words; where a shorter name
 * took some of them ("Docker file"), the longer find wins (outermost).
 */
function findJoinedLatinNames(index: RetrievalIndex, question: Question, finds: Finds, claimedTokens: Set<number>): void {
  const { joinedWords, joinedMinLength } = retrievalWeights.match;
  for (let i = 0; i < question.words.length; i++) {
    for (let n = 1; n <= joinedWords && i + n <= question.words.length; n++) {
      const span = question.words.slice(i, i + n);
      if (question.tokens[i + n - 1]?.script !== 'latin') break;
      const joined = span.join('');
      if (joined.length < joinedMinLength) continue;
      for (const e of index.latinByJoined.get(joined) ?? []) {
        const entry = index.lexicon[e];
        if (!entry || (entry.words.length === n && entry.words.every((w, k) => w === span[k]))) continue;
        for (let k = 0; k < n; k++) claimedTokens.add(i + k);
        finds.add(entry, question.offsets[i] ?? 0, question.offsets[i + n] ?? 0);
      }
    }
  }
}

/** Hangul and mixed names: inside the spaceless question, so particles may follow ("도커 데몬은"). Returns the folded names found. */
function findFoldedNames(index: RetrievalIndex, question: Question, finds: Finds): Set<string> {
  const compact = question.compact;
  const exactFolded = new Set<string>();
  for (let i = 0; i + 1 < compact.length; i++) {
    for (const e of index.foldedByPrefix.get(compact.slice(i, i + 2)) ?? []) {
      const entry = index.lexicon[e];
      if (!entry || !compact.startsWith(entry.folded, i)) continue;
      exactFolded.add(entry.folded);
      finds.add(entry, i, i + entry.folded.length);
    }
  }
  return exactFolded;
}

/** Typos, Latin: a question word against one-word names sharing its character bigrams. */
function findLatinTypos(index: RetrievalIndex, question: Question, finds: Finds, claimedTokens: ReadonlySet<number>): void {
  const { match } = retrievalWeights;
  const seen = finds.concepts();
  const triedWords = new Set<string>();
  question.tokens.forEach((token, i) => {
    if (token.script !== 'latin' || token.stop || claimedTokens.has(i) || token.word.length < match.typoMinLatin) return;
    // A word the graph's own texts use is a word, not a typo of a name ("build" is no misspelt "buildx").
    if (triedWords.has(token.word) || index.terms.has(token.stem)) return;
    triedWords.add(token.word);
    for (const e of typoCandidates(index, bigrams(token.word), (entry) => entry.latin)) {
      const entry = index.lexicon[e];
      if (!entry || seen.has(entry.concept)) continue;
      // The shorter of the two sets the allowance: "biggest" is two edits from "digest", too many for a six-letter name.
      const allowance = typoAllowance(Math.min(token.word.length, entry.folded.length));
      if (editDistance(token.word, entry.folded, allowance) <= allowance) {
        finds.add(entry, question.offsets[i] ?? 0, question.offsets[i + 1] ?? 0, true);
      }
    }
  });
}

/** Typos, Hangul: names of four syllables or more against windows of the question of their length. */
function findHangulTypos(index: RetrievalIndex, question: Question, finds: Finds, exactFolded: ReadonlySet<string>): void {
  const compact = question.compact;
  const seen = finds.concepts();
  const grams = bigrams(compact);
  // Where a name may start: at a word, not at a particle split off a Latin word ("libcontainer는 리눅스").
  const wordStarts = new Set(question.offsets.filter((_, t) => !(question.tokens[t]?.script === 'hangul' && question.tokens[t]?.stop)));
  for (const e of typoCandidates(index, grams, (entry) => !entry.latin)) {
    const entry = index.lexicon[e];
    if (!entry || seen.has(entry.concept)) continue;
    const length = entry.folded.length;
    const own = new Set(bigrams(entry.folded));
    // Windows holding one of the name's bigrams, each distinct text checked once (a repeated phrase costs nothing more).
    const windows = new Map<string, number>();
    grams.forEach((gram, p) => {
      if (!own.has(gram)) return;
      for (let s = Math.max(0, p - length + 2); s <= p && s + length <= compact.length; s++) {
        // A name starts a word: "는리눅스" (a particle and 리눅스) is no typo of 셀리눅스.
        if (!wordStarts.has(s)) continue;
        const window = compact.slice(s, s + length);
        if (!windows.has(window)) windows.set(window, s);
      }
    });
    for (const [window, s] of windows) {
      // An exact name followed by a particle is not a typo of a longer name ("컨테이너가" vs "컨테이너디"),
      // and another concept's exact name is not a typo of this one ("고수준 런타임" vs "저수준 런타임").
      if (exactFolded.has(window.slice(0, -1)) || exactFolded.has(window)) continue;
      if (editDistance(window, entry.folded, 1) <= 1) {
        finds.add(entry, s, s + length, true);
        break;
      }
    }
  }
}

/** A name inside a longer name found at the same place does not count ("docker" in "docker daemon"); the words a name covers are claimed. */
function outermost(question: Question, all: Found[], claimedTokens: Set<number>, namedAt: Map<number, number[]>): ConceptHit[] {
  const found = new Map<number, ConceptHit>();
  for (const hit of all) {
    const inside = all.some(
      (other) =>
        other.concept !== hit.concept && other.end - other.start > hit.end - hit.start && other.start <= hit.start && hit.end <= other.end,
    );
    if (inside) continue;
    offer(found, hit);
    // The words a name covers are the name's, not cues or described words.
    for (let t = 0; t < question.tokens.length; t++) {
      const start = question.offsets[t] ?? 0;
      const end = question.offsets[t + 1] ?? 0;
      if (start >= hit.end || end <= hit.start) continue;
      claimedTokens.add(t);
      namedAt.set(t, [...(namedAt.get(t) ?? []), hit.concept]);
    }
  }
  return [...found.values()];
}

/** Entries sharing the most bigrams with the question's, best first, at most `typoCandidates`. */
function typoCandidates(index: RetrievalIndex, grams: string[], keep: (entry: RetrievalIndex['lexicon'][number]) => boolean): number[] {
  const counts = new Map<number, number>();
  for (const gram of new Set(grams)) {
    for (const e of index.typoByBigram.get(gram) ?? []) counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  return [...counts.entries()]
    .filter(([e]) => {
      const entry = index.lexicon[e];
      return entry !== undefined && keep(entry);
    })
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, retrievalWeights.match.typoCandidates)
    .map(([e]) => e);
}
