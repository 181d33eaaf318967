// Which concepts a question is about: those it names (names and aliases in both languages, plurals,
// Korean particles, a typo) and those it describes (their names and summaries share its content words).
// Pure; every loop is bounded by the question's length and by fixed candidate caps.
import { editDistance, typoAllowance } from '../language/index.js';
import { bigrams, type RetrievalIndex } from './graph-index.js';
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
}

/** A name found at [start, end) of the question's compact form. */
interface Found extends ConceptHit {
  start: number;
  end: number;
}

export interface Matches {
  hits: ConceptHit[];
  /** Per concept: how many of the question's content terms its text holds (after named concepts took theirs). */
  shared: Map<number, number>;
}

function offer(hits: Map<number, ConceptHit>, hit: ConceptHit): void {
  const current = hits.get(hit.concept);
  if (!current || hit.weight > current.weight || (hit.weight === current.weight && hit.folded.length > current.folded.length))
    hits.set(hit.concept, hit);
}

/** Names and aliases the question uses, exactly or with one small typo. */
export function matchNamed(index: RetrievalIndex, question: Question): { hits: ConceptHit[]; claimedTokens: Set<number> } {
  const { match } = retrievalWeights;
  const found = new Map<number, ConceptHit>();
  const all: Found[] = [];
  const claimedTokens = new Set<number>();
  const weightOf = (entry: RetrievalIndex['lexicon'][number]) =>
    (entry.kind === 'name' ? match.name : match.alias) * (match.specificityFloor + (1 - match.specificityFloor) * entry.specificity);
  // A name repeated in the question adds nothing after its first few places: keeping three bounds the
  // containment check below however often a long question repeats itself.
  const placesOf = new Map<string, number>();
  const add = (hit: Found) => {
    const key = `${hit.concept}|${hit.folded}`;
    const places = placesOf.get(key) ?? 0;
    if (places >= 3) return;
    placesOf.set(key, places + 1);
    all.push(hit);
  };
  const addTypo = (entry: RetrievalIndex['lexicon'][number], start: number, end: number) =>
    add({
      concept: entry.concept,
      weight: weightOf(entry) * match.typo,
      how: 'named',
      matched: entry.text,
      folded: entry.folded,
      start,
      end,
    });
  const foundConcepts = () => new Set(all.map((hit) => hit.concept));

  // Latin names: runs of whole words ("docker daemon", "containers" for container).
  question.words.forEach((word, i) => {
    for (const e of index.latinByFirstWord.get(word) ?? []) {
      const entry = index.lexicon[e];
      if (!entry || entry.words.some((w, k) => question.words[i + k] !== w)) continue;
      for (let k = 0; k < entry.words.length; k++) claimedTokens.add(i + k);
      const span = { start: question.offsets[i] ?? 0, end: question.offsets[i + entry.words.length] ?? 0 };
      add({ concept: entry.concept, weight: weightOf(entry), how: 'named', matched: entry.text, folded: entry.folded, ...span });
    }
  });

  // Hangul and mixed names: inside the spaceless question, so particles may follow ("도커 데몬은").
  const compact = question.compact;
  const exactFolded = new Set<string>();
  for (let i = 0; i + 1 < compact.length; i++) {
    for (const e of index.foldedByPrefix.get(compact.slice(i, i + 2)) ?? []) {
      const entry = index.lexicon[e];
      if (!entry || !compact.startsWith(entry.folded, i)) continue;
      exactFolded.add(entry.folded);
      const span = { start: i, end: i + entry.folded.length };
      add({ concept: entry.concept, weight: weightOf(entry), how: 'named', matched: entry.text, folded: entry.folded, ...span });
    }
  }

  // Typos, Latin: a question word against one-word names sharing its character bigrams.
  let seen = foundConcepts();
  const triedWords = new Set<string>();
  question.tokens.forEach((token, i) => {
    if (token.script !== 'latin' || token.stop || claimedTokens.has(i) || token.word.length < match.typoMinLatin) return;
    // A word the graph's own texts use is a word, not a typo of a name ("build" is no misspelt "buildx").
    if (triedWords.has(token.word) || index.terms.has(token.stem)) return;
    triedWords.add(token.word);
    const allowance = typoAllowance(token.word.length);
    for (const e of typoCandidates(index, bigrams(token.word), (entry) => entry.latin)) {
      const entry = index.lexicon[e];
      if (!entry || seen.has(entry.concept)) continue;
      if (editDistance(token.word, entry.folded, allowance) <= allowance) {
        addTypo(entry, question.offsets[i] ?? 0, question.offsets[i + 1] ?? 0);
      }
    }
  });

  // Typos, Hangul: names of four syllables or more against windows of the question of their length.
  seen = foundConcepts();
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
        addTypo(entry, s, s + length);
        break;
      }
    }
  }

  // A name inside a longer name found at the same place does not count ("docker" in "docker daemon").
  for (const hit of all) {
    const inside = all.some(
      (other) =>
        other.concept !== hit.concept && other.end - other.start > hit.end - hit.start && other.start <= hit.start && hit.end <= other.end,
    );
    if (!inside) {
      offer(found, hit);
      // The words a name covers are the name's, not cues or described words.
      for (let t = 0; t < question.tokens.length; t++) {
        const start = question.offsets[t] ?? 0;
        const end = question.offsets[t + 1] ?? 0;
        if (start < hit.end && hit.start < end) claimedTokens.add(t);
      }
    }
  }
  return { hits: [...found.values()], claimedTokens };
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

/** Concepts whose names and summaries share the question's content words, weighted by how rare the words are. */
export function matchDescribed(
  index: RetrievalIndex,
  question: Question,
  named: ConceptHit[],
  claimedTokens: Set<number>,
  cueTokens: ReadonlySet<number> = new Set(),
): Matches {
  const { described } = retrievalWeights;
  const namedFolded = named.map((hit) => hit.folded).join(' ');
  // Terms a name accounted for still count as shared words, but cannot make a concept "described".
  const terms = new Map<string, boolean>(); // term -> free (not part of a name found)
  question.tokens.forEach((token, i) => {
    // A word that asks for a relation type ("구성", "components") says what is asked, not about which concept.
    if (token.stop || token.stem.length < 2 || cueTokens.has(i)) return;
    const claimed = claimedTokens.has(i) || (token.script === 'hangul' && namedFolded.includes(token.stem));
    terms.set(token.stem, (terms.get(token.stem) ?? false) || !claimed);
  });
  const maxPostings = Math.min(described.maxPostings, Math.max(1, Math.floor(index.concepts.length * described.maxDocumentShare)));
  const score = new Map<number, number>();
  const shared = new Map<number, number>();
  const words = new Map<number, string[]>();
  const freeShared = new Map<number, number>();
  for (const [term, free] of terms) {
    const postings = index.terms.get(term);
    if (!postings || postings.length > maxPostings) continue;
    const idf = index.idf.get(term) ?? 0;
    for (const { concept, weight } of postings) {
      shared.set(concept, (shared.get(concept) ?? 0) + 1);
      if (!free) continue;
      score.set(concept, (score.get(concept) ?? 0) + idf * weight);
      freeShared.set(concept, (freeShared.get(concept) ?? 0) + 1);
      words.set(concept, [...(words.get(concept) ?? []), term]);
    }
  }
  const namedIds = new Set(named.map((hit) => hit.concept));
  const ranked = [...score.entries()].filter(([concept]) => !namedIds.has(concept)).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const qualified = ranked.filter(([concept, s]) => (freeShared.get(concept) ?? 0) >= described.minTerms && s >= described.minScore);
  // A description fitting several concepts by the very same words ("file", "read") picks out only those
  // next to a concept the question names ("the read-only package a container is started from").
  const nextToNamed = (concept: number) =>
    (index.adjacency[concept] ?? []).slice(0, retrievalWeights.graph.relationsPerNode).some((r) => {
      const relation = index.relations[r];
      return relation !== undefined && !relation.learning && (namedIds.has(relation.subject) || namedIds.has(relation.object));
    });
  const fits = new Map<string, number>();
  for (const [concept] of qualified) {
    const key = (words.get(concept) ?? []).join(' ');
    fits.set(key, (fits.get(key) ?? 0) + 1);
  }
  const hits = qualified
    .filter(([concept]) => (fits.get((words.get(concept) ?? []).join(' ')) ?? 0) < 2 || nextToNamed(concept))
    .slice(0, described.maxConcepts)
    .map(([concept]) => {
      const count = freeShared.get(concept) ?? 0;
      return {
        concept,
        weight: Math.min(described.cap, described.base + described.perTerm * count),
        how: 'described' as const,
        matched: (words.get(concept) ?? []).join(' '),
        folded: '',
      };
    });
  // Hinted: weaker overlaps seed the walk a little, and only beside a concept the question names or describes.
  const chosen = new Set(hits.map((hit) => hit.concept));
  const { hinted } = retrievalWeights;
  const hints =
    named.length + hits.length === 0
      ? []
      : ranked
          .filter(([concept, s]) => !chosen.has(concept) && s >= hinted.minScore)
          .slice(0, hinted.maxConcepts)
          .map(([concept, s]) => ({
            concept,
            weight: Math.min(hinted.cap, hinted.perScore * s),
            how: 'hinted' as const,
            matched: (words.get(concept) ?? []).join(' '),
            folded: '',
          }));
  return { hits: [...named, ...hits, ...hints], shared };
}
