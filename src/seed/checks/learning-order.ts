// The learning order (REQUIRES): its edges form a DAG, and a general notion never requires one of its own examples
// (a kind of it, or, for a notion of the categories the catalogue names, something that uses or implements it).
import type { RelationDef } from '../schema.js';
import { type CheckInput, entryLabel } from './context.js';

/**
 * Finds one cycle among prerequisite edges (subject requires object), as a list of ids, or undefined.
 * Depth-first with an explicit stack: a prerequisite chain thousands deep must not overflow the call stack.
 */
export function findCycle(edges: { subject: string; object: string }[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const { subject, object } of edges) {
    const targets = next.get(subject);
    if (targets) targets.push(object);
    else next.set(subject, [object]);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of [...next.keys()].sort()) {
    if (state.has(root)) continue;
    // The path from the root, each node with the index of the next edge to follow.
    const path: string[] = [root];
    const cursor: number[] = [0];
    state.set(root, 'visiting');
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top] as string;
      const targets = next.get(node) ?? [];
      const edge = cursor[top] as number;
      if (edge >= targets.length) {
        state.set(node, 'done');
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[top] = edge + 1;
      const target = targets[edge] as string;
      const seen = state.get(target);
      if (seen === 'visiting') return [...path.slice(path.indexOf(target)), target];
      if (seen === undefined) {
        state.set(target, 'visiting');
        path.push(target);
        cursor.push(0);
      }
    }
  }
  return undefined;
}

/** Whether `from` reaches `to` through edges of `next` (narrower -> broader), without revisiting. */
function reaches(next: Map<string, string[]>, from: string, to: string): boolean {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    const node = stack.pop() as string;
    for (const target of next.get(node) ?? []) {
      if (target === to) return true;
      if (!seen.has(target)) {
        seen.add(target);
        stack.push(target);
      }
    }
  }
  return false;
}

export function checkLearningOrder({ data, report }: CheckInput): void {
  const learning = data.relationTypes.filter((type) => type.learningOrder);
  const learningType = learning.length === 1 ? learning[0] : undefined;
  if (!learningType) return; // reported by the template checks
  const key = learningType.key;
  const edges = data.relations.filter((relation) => relation.type === key);

  const cycle = findCycle(edges);
  if (cycle) {
    const closing = data.relations.findIndex((r) => r.type === key && r.subject === cycle.at(-2) && r.object === cycle.at(-1));
    report(
      'relations',
      ['relations', closing],
      entryLabel('relations', closing, data.relations[closing]),
      `${key} edges form a cycle: ${cycle.join(' -> ')}`,
      `remove or reverse one ${key} relation on that cycle`,
    );
  }

  // Y is an example of X: Y is a kind of X (through the hierarchy type), or X is a general notion and Y uses or
  // implements it. "X requires Y" then asks a learner to know the example before the notion it illustrates.
  const hierarchy = new Set(data.relationTypes.filter((type) => type.hierarchy).map((type) => type.key));
  const kindOf = new Map<string, string[]>();
  for (const relation of data.relations) {
    if (!hierarchy.has(relation.type)) continue;
    const list = kindOf.get(relation.subject);
    if (list) list.push(relation.object);
    else kindOf.set(relation.subject, [relation.object]);
  }
  const applyingTypes = new Set(learningType.examples?.types ?? []);
  const generalCategories = new Set(learningType.examples?.categories ?? []);
  const categoryOf = new Map(data.concepts.map((concept) => [concept.id, concept.category]));
  const applying = new Map<string, RelationDef>();
  for (const relation of data.relations) {
    if (applyingTypes.has(relation.type)) applying.set(`${relation.subject}\u0000${relation.object}`, relation);
  }
  data.relations.forEach((relation, index) => {
    if (relation.type !== key) return;
    const { subject: general, object: example } = relation;
    let why: string | undefined;
    if (reaches(kindOf, example, general)) why = `'${example}' is a kind of '${general}'`;
    else if (generalCategories.has(categoryOf.get(general) ?? '')) {
      const use = applying.get(`${example}\u0000${general}`);
      if (use)
        why = `'${general}' is a general notion (${categoryOf.get(general)}) and '${example}' ${use.type} it, so it is an example of it`;
    }
    if (why) {
      report(
        'relations',
        ['relations', index],
        entryLabel('relations', index, relation),
        `a general notion must not require one of its own examples: ${why}`,
        `delete it (the notion is defined without the example), or reverse it if the example's definition needs the notion: ${example} ${key} ${general}`,
      );
    }
  });
}
