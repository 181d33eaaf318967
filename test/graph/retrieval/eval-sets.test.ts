// The evaluation sets themselves (bench/retrieval-eval.ts): every fact a question expects is a relation of the
// seed, so a relation renamed or removed in graph-seed/ fails here instead of silently making questions
// unanswerable; out-of-scope questions expect nothing and the others something; and no development or blind
// question sits in another set, since a held-out question that is also trained on stops telling what users
// see; nor is one a question of the seed's own (relations.yaml `askedAs`), since those are read by the ranker.
// Reads only the questions and the seed, never a ranking. No database. (learning-intent.yaml is left out: it
// labels intent and lists no facts.)
import { describe, expect, it } from 'vitest';
import { blindFile, devFile, type EvalQuestion, evalFile, loadEvalSet, scopeFile } from '../../../bench/retrieval-eval.js';
import { relationId } from '../../../src/graph/ids.js';
import { loadSeed } from '../../../src/seed/load.js';

const sets = [evalFile, devFile, blindFile, scopeFile];
const questions = new Map<string, EvalQuestion[]>();
for (const file of sets) questions.set(file, await loadEvalSet(file));
const seed = await loadSeed('graph-seed');
const relations = new Set(seed.relations.map((r) => relationId(r.subject, r.type, r.object)));
const wordSet = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
/** Three quarters of the words the same, as sets: the same question, reworded a little. */
const nearTwins = (a: Set<string>, b: Set<string>) => {
  const shared = [...a].filter((w) => b.has(w)).length;
  return shared / (a.size + b.size - shared) >= 0.75;
};
const ids = (question: EvalQuestion) => question.facts.flatMap((expected) => (typeof expected === 'string' ? [expected] : expected));

describe('evaluation sets', () => {
  for (const file of sets) {
    it(`${file}: every expected fact is a relation of the seed`, () => {
      const unknown = (questions.get(file) ?? []).flatMap((q) =>
        ids(q)
          .filter((id) => !relations.has(id))
          .map((id) => `${id} (${q.q})`),
      );
      expect(unknown).toEqual([]);
    });

    it(`${file}: out-of-scope questions expect no facts, every other question some`, () => {
      const wrong = (questions.get(file) ?? []).filter((q) => (q.kind === 'out-of-scope') !== (q.facts.length === 0)).map((q) => q.q);
      expect(wrong).toEqual([]);
    });
  }

  // Held-out sets must not hold a question trained on elsewhere, even reworded a little ("list all the downsides of
  // containers pls"): three quarters of its words the same, as sets, is the same question. The training and scope
  // sets are both read and worked on, so they may share questions with each other.
  it('no development or blind question is (nearly) a question of another set', () => {
    const wordsOf = new Map<EvalQuestion, Set<string>>();
    for (const q of [...questions.values()].flat()) wordsOf.set(q, wordSet(q.q));
    const words = (q: EvalQuestion) => wordsOf.get(q) ?? new Set<string>();
    const repeated: string[] = [];
    for (const heldOut of [devFile, blindFile]) {
      for (const q of questions.get(heldOut) ?? []) {
        const mine = words(q);
        for (const other of sets.filter((file) => file !== heldOut)) {
          const twin = (questions.get(other) ?? []).find((o) => nearTwins(mine, words(o)));
          if (twin) repeated.push(`${heldOut}: "${q.q}" ~ ${other}: "${twin.q}"`);
        }
      }
    }
    expect(repeated).toEqual([]);
  });

  // The questions a fact answers (askedAs) are part of the seed the ranker reads: a held-out question among them,
  // copied or written alike, would be answered from itself.
  it('no development or blind question is (nearly) a question the seed lists in askedAs', () => {
    const phrases = seed.relations.flatMap((r) =>
      [...(r.askedAs?.en ?? []), ...(r.askedAs?.ko ?? [])].map((p) => [p, wordSet(p)] as const),
    );
    const repeated = [devFile, blindFile].flatMap((file) =>
      (questions.get(file) ?? []).flatMap((q) => {
        const twin = phrases.find(([, words]) => nearTwins(wordSet(q.q), words));
        return twin ? [`${file}: "${q.q}" ~ askedAs "${twin[0]}"`] : [];
      }),
    );
    expect(phrases.length).toBeGreaterThan(0);
    expect(repeated).toEqual([]);
  });
});
