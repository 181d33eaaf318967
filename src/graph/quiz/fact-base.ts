// What the graph says around a quiz's questions, as plain facts, and the judgements the rules ask of it: is
// a candidate clearly wrong, which concepts make a blank true. No database here.
import type { Catalogue } from '../catalogue.js';
import { quizTuning } from './tuning.js';

export type Fact = { subject: string; type: string; object: string };

export type QuizConcept = {
  id: string;
  name: { en: string; ko: string };
  aliases: { en: string[]; ko: string[] };
  category: string;
};

/** The kind-of and part-of types: the catalogue's hierarchy type (IS_A) and PART_OF. */
export function hierarchyTypes(catalogue: Catalogue): Set<string> {
  return new Set(catalogue.relationTypes.filter((t) => t.hierarchy || t.key === 'PART_OF').map((t) => t.key));
}

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** What the graph says around the question, to tell a clearly wrong choice from a debatable one. */
export class FactBase {
  private readonly out = new Map<string, Fact[]>();
  private readonly in = new Map<string, Fact[]>();
  private readonly symmetric: Set<string>;
  /** Every fact as `subject|type|object`, so whether one is stated costs one lookup, hub or not. */
  private readonly stated = new Set<string>();

  constructor(
    private readonly hierarchy: Set<string>,
    symmetricTypes: Iterable<string>,
  ) {
    this.symmetric = new Set(symmetricTypes);
  }

  /**
   * Takes in the facts, a step per thousand (a quiz around a hub reads over ten thousand: run in slices).
   * Asking before every step has run sees only the facts taken in so far.
   */
  *add(facts: Fact[]): Generator<void, FactBase> {
    for (let i = 0; i < facts.length; i++) {
      const fact = facts[i] as Fact;
      const key = `${fact.subject}|${fact.type}|${fact.object}`;
      if (!this.stated.has(key)) {
        this.stated.add(key);
        // Appended in place: copying the list per fact made a hub concept's facts quadratic to read in.
        appendTo(this.out, fact.subject, fact);
        appendTo(this.in, fact.object, fact);
      }
      if (i % 1000 === 999) yield;
    }
    return this;
  }

  /** Whether the graph states "subject TYPE object" (either way round for a symmetric type). */
  states(subject: string, type: string, object: string): boolean {
    return this.stated.has(`${subject}|${type}|${object}`) || (this.symmetric.has(type) && this.stated.has(`${object}|${type}|${subject}`));
  }

  // The facts never change once taken in, so walks, families, neighbours and reaches are worked out once per
  // concept: the rules ask for the same ones for every candidate of every question, and a hub (thousands of
  // facts) made each repeat cost as much as the first.
  private readonly answers = new Map<string, ReadonlySet<string>>();

  private once(key: string, work: () => ReadonlySet<string>): ReadonlySet<string> {
    let answer = this.answers.get(key);
    if (!answer) {
      answer = work();
      this.answers.set(key, answer);
    }
    return answer;
  }

  /** Everything above `id` (its kinds and wholes) or below it (its instances and parts), transitively. */
  private walk(id: string, direction: 'up' | 'down'): ReadonlySet<string> {
    return this.once(`walk|${direction}|${id}`, () => {
      const reached = new Set<string>();
      let frontier = [id];
      for (let step = 0; step < quizTuning.hierarchyDepth && frontier.length > 0; step++) {
        const next: string[] = [];
        for (const node of frontier) {
          const edges = direction === 'up' ? (this.out.get(node) ?? []) : (this.in.get(node) ?? []);
          for (const edge of edges) {
            const other = direction === 'up' ? edge.object : edge.subject;
            if (this.hierarchy.has(edge.type) && other !== id && !reached.has(other)) {
              reached.add(other);
              next.push(other);
            }
          }
        }
        frontier = next;
      }
      return reached;
    });
  }

  /** `id` with everything above it and everything below it along IS_A / PART_OF (not sideways: siblings stay apart). */
  family(id: string): ReadonlySet<string> {
    return this.once(`family|${id}`, () => new Set([id, ...this.walk(id, 'up'), ...this.walk(id, 'down')]));
  }

  /** Every concept any fact links to `id`, either way, by any type. */
  neighbours(id: string): ReadonlySet<string> {
    return this.once(
      `neighbours|${id}`,
      () => new Set([...(this.out.get(id) ?? []).map((f) => f.object), ...(this.in.get(id) ?? []).map((f) => f.subject)]),
    );
  }

  /**
   * What `id` reaches along TYPE in one or two steps: containerd uses runc, which uses cgroups. A symmetric type
   * is followed either way round, as it is stated once per pair: what contrasts with what contrasts with docker
   * run is two steps from it whichever end each pair was written from.
   */
  private reach(id: string, type: string): ReadonlySet<string> {
    return this.once(`reach|${type}|${id}`, () => {
      const step = (from: string) => [
        ...(this.out.get(from) ?? []).filter((f) => f.type === type).map((f) => f.object),
        ...(this.symmetric.has(type) ? (this.in.get(from) ?? []).filter((f) => f.type === type).map((f) => f.subject) : []),
      ];
      const first = step(id);
      const reached = new Set([...first, ...first.flatMap(step)]);
      // There and back along a symmetric type is no fact about `id` itself.
      reached.delete(id);
      return reached;
    });
  }

  /**
   * Whether "from TYPE to" holds, in one or two steps of TYPE, for something in from's family and something in
   * to's: the Docker CLI is a kind of client and the client sends requests to the daemon, so the CLI plausibly
   * does too; runc, a low-level runtime, uses namespaces, so "a low-level runtime uses namespaces" is not
   * clearly false; containerd uses runc, which uses cgroups, so containerd is no wrong answer to "uses cgroups".
   */
  holdsInFamily(from: string, type: string, to: string): boolean {
    const targets = this.family(to);
    for (const member of this.family(from)) {
      for (const reached of this.reach(member, type)) if (targets.has(reached)) return true;
    }
    return false;
  }

  /** Everything below `id` along IS_A / PART_OF (its instances and parts), transitively. */
  below(id: string): ReadonlySet<string> {
    return this.walk(id, 'down');
  }

  /** What `id` is directly a kind or a part of. */
  parents(id: string): ReadonlySet<string> {
    return this.once(
      `parents|${id}`,
      () => new Set((this.out.get(id) ?? []).filter((f) => this.hierarchy.has(f.type)).map((f) => f.object)),
    );
  }

  /** The types of the facts between `a` and `b`, either way round. */
  typesBetween(a: string, b: string): string[] {
    return [
      ...(this.out.get(a) ?? []).filter((f) => f.object === b).map((f) => f.type),
      ...(this.in.get(a) ?? []).filter((f) => f.subject === b).map((f) => f.type),
    ];
  }

  /** The facts of `id` as subject (`out`) or as object (`in`). */
  factsOf(id: string, direction: 'out' | 'in'): readonly Fact[] {
    return (direction === 'out' ? this.out.get(id) : this.in.get(id)) ?? [];
  }

  isSymmetric(type: string): boolean {
    return this.symmetric.has(type);
  }

  /** Every concept among `candidates` that makes "subject TYPE ____" true, family included. */
  objectsOf(subject: string, type: string, candidates: Iterable<string>): string[] {
    // From the subject's own facts, not by asking about every candidate: a quiz around a hub names thousands.
    const objects = new Set((this.out.get(subject) ?? []).filter((f) => f.type === type).map((f) => f.object));
    if (this.symmetric.has(type)) for (const f of this.in.get(subject) ?? []) if (f.type === type) objects.add(f.subject);
    return [...candidates].filter((id) => objects.has(id));
  }
}
