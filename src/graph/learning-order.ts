// The order of a learning path, over plain ids: which prerequisites a learner still needs, in what order,
// and why each is there. No database here; learning-path.ts loads the edges and names.
import { must } from '../must.js';

/** "`from` builds on `to`": understand `to` first. */
export type PrerequisiteEdge = { from: string; to: string };

export type OrderInput = {
  target: string;
  /** Prerequisite edges of the target's closure (edges out of nodes outside it are ignored). */
  edges: PrerequisiteEdge[];
  /** Concepts the learner knows, or that something they know builds on: left out with what lies beneath. */
  covered: ReadonlySet<string>;
  /** Keep only the steps nearest the target ("just the essentials"); undefined keeps all. */
  maxSteps?: number | undefined;
};

export type OrderedStep = {
  id: string;
  /** Fewest prerequisite edges from the target down to this concept (1 = the target builds on it). */
  distance: number;
  /** The later steps (and the target) that build on this one, in path order, the target last. */
  neededBy: string[];
};

export type LearningOrder = {
  steps: OrderedStep[];
  /** Prerequisites of the target left out because they are covered, in order of closeness to the target. */
  skipped: string[];
  /** Steps dropped by maxSteps. */
  omitted: number;
};

/**
 * A depth-first topological order from the target: each prerequisite comes just before the first step that
 * builds on it, so a topic and its groundwork stay together instead of interleaving with unrelated ones.
 * Among the prerequisites of one step, the one farther from the target (more basic) comes first, then the
 * one more steps build on, then the one with the longer chain of groundwork beneath it; the id decides only a tie on all
 * three, so that the same graph always gives the same path. A cycle (impossible in a valid seed) is cut
 * where the walk meets it.
 */
export function orderLearningPath(input: OrderInput): LearningOrder {
  const { target, covered } = input;
  const prerequisites = new Map<string, string[]>();
  for (const { from, to } of input.edges) {
    if (from === to) continue;
    const list = prerequisites.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    prerequisites.set(from, list);
  }
  const prerequisitesOf = (id: string) => prerequisites.get(id) ?? [];

  // Breadth-first from the target: distances of what is needed, and which covered concepts the path meets.
  const distance = new Map<string, number>([[target, 0]]);
  const skipped: string[] = [];
  const seenSkipped = new Set<string>();
  const allDistance = new Map<string, number>([[target, 0]]);
  let frontier = [target];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const p of prerequisitesOf(id)) {
        if (allDistance.has(p)) continue;
        allDistance.set(p, must(allDistance.get(id), 'distance') + 1);
        next.push(p);
      }
    }
    frontier = next;
  }
  // Covered concepts and what lies beneath them are skipped; the rest is reached through needed steps only.
  frontier = [target];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const p of prerequisitesOf(id)) {
        if (covered.has(p)) {
          if (!seenSkipped.has(p)) {
            seenSkipped.add(p);
            skipped.push(p);
          }
          continue;
        }
        if (distance.has(p)) continue;
        distance.set(p, must(distance.get(id), 'distance') + 1);
        next.push(p);
      }
    }
    frontier = next;
  }
  // Everything beneath a skipped concept is skipped too (unless a needed step reaches it another way, it is not needed).
  for (const id of [...allDistance.keys()]) {
    if (id !== target && !distance.has(id) && !seenSkipped.has(id)) {
      seenSkipped.add(id);
      skipped.push(id);
    }
  }
  skipped.sort((a, b) => must(allDistance.get(a), 'distance') - must(allDistance.get(b), 'distance'));

  const needed = (id: string) => id !== target && distance.has(id);
  const dependents = new Map<string, number>();
  for (const [from, list] of prerequisites) {
    if (from !== target && !needed(from)) continue;
    for (const to of list) if (needed(to)) dependents.set(to, (dependents.get(to) ?? 0) + 1);
  }
  const groundwork = groundworkHeights([...distance.keys()], (id) => prerequisitesOf(id).filter(needed));

  const visitOrder = (ids: string[]) =>
    ids
      .filter(needed)
      .sort(
        (a, b) =>
          must(distance.get(b), 'distance') - must(distance.get(a), 'distance') ||
          (dependents.get(b) ?? 0) - (dependents.get(a) ?? 0) ||
          (groundwork.get(b) ?? 0) - (groundwork.get(a) ?? 0) ||
          (a < b ? -1 : a > b ? 1 : 0),
      );

  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  // An explicit stack rather than recursion: a long chain of prerequisites must not overflow the call stack.
  const stack: { id: string; children: string[]; next: number }[] = [
    { id: target, children: visitOrder(prerequisitesOf(target)), next: 0 },
  ];
  state.set(target, 'open');
  while (stack.length > 0) {
    const frame = must(stack.at(-1), 'frame');
    const child = frame.children[frame.next++];
    if (child === undefined) {
      stack.pop();
      state.set(frame.id, 'done');
      if (frame.id !== target) order.push(frame.id);
      continue;
    }
    if (state.has(child)) continue; // done already, or a cycle back to an open step
    state.set(child, 'open');
    stack.push({ id: child, children: visitOrder(prerequisitesOf(child)), next: 0 });
  }

  let kept = order;
  if (input.maxSteps !== undefined && order.length > input.maxSteps) {
    // The nearest steps are the essentials; keeping by distance keeps every kept step's reason on the path.
    const position = new Map(order.map((id, index) => [id, index]));
    const chosen = new Set(
      [...order]
        .sort(
          (a, b) =>
            must(distance.get(a), 'distance') - must(distance.get(b), 'distance') ||
            must(position.get(b), 'position') - must(position.get(a), 'position'),
        )
        .slice(0, input.maxSteps),
    );
    kept = order.filter((id) => chosen.has(id));
  }

  const keptSet = new Set(kept);
  const positionOf = new Map(kept.map((id, index) => [id, index]));
  const users = new Map<string, string[]>();
  for (const [from, list] of prerequisites) {
    if (!keptSet.has(from) && from !== target) continue;
    for (const to of list) users.set(to, [...(users.get(to) ?? []), from]);
  }
  // The target sorts after every step: it is what the whole path leads to.
  const rank = (id: string) => positionOf.get(id) ?? Number.MAX_SAFE_INTEGER;
  const steps = kept.map((id) => ({
    id,
    distance: must(distance.get(id), 'distance'),
    neededBy: (users.get(id) ?? []).sort((a, b) => rank(a) - rank(b)),
  }));
  return { steps, skipped, omitted: order.length - kept.length };
}

/** The longest chain of prerequisites beneath each concept (0 for a concept with none); a cycle counts once. */
function groundworkHeights(ids: string[], prerequisitesOf: (id: string) => string[]): Map<string, number> {
  const heights = new Map<string, number>();
  const open = new Set<string>();
  for (const root of ids) {
    if (heights.has(root)) continue;
    // Iterative post-order, so a long chain cannot overflow the call stack.
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    open.add(root);
    while (stack.length > 0) {
      const frame = must(stack.at(-1), 'frame');
      const children = prerequisitesOf(frame.id);
      const child = children[frame.next++];
      if (child === undefined) {
        stack.pop();
        open.delete(frame.id);
        heights.set(frame.id, Math.max(0, ...children.map((c) => (heights.get(c) ?? -1) + 1)));
      } else if (!heights.has(child) && !open.has(child)) {
        open.add(child);
        stack.push({ id: child, next: 0 });
      }
    }
  }
  return heights;
}
