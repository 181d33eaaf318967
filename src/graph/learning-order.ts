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

/** Each concept's prerequisites, once each, in the order the edges give them; self-edges left out. */
function prerequisiteMap(edges: PrerequisiteEdge[]): Map<string, string[]> {
  const prerequisites = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (from === to) continue;
    const list = prerequisites.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    prerequisites.set(from, list);
  }
  return prerequisites;
}

/**
 * Breadth-first from the target: each concept's fewest prerequisite edges from it. A concept `stopsAt` names
 * is met but not entered: it is listed in `stopped` (once, in the order met) and what lies beneath it is
 * reached only another way.
 */
function distancesFrom(target: string, prerequisitesOf: (id: string) => string[], stopsAt: (id: string) => boolean = () => false) {
  const distance = new Map<string, number>([[target, 0]]);
  const stopped = new Set<string>();
  let frontier = [target];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const p of prerequisitesOf(id)) {
        if (stopsAt(p)) {
          stopped.add(p);
          continue;
        }
        if (distance.has(p)) continue;
        distance.set(p, must(distance.get(id), 'distance') + 1);
        next.push(p);
      }
    }
    frontier = next;
  }
  return { distance, stopped: [...stopped] };
}

/**
 * Depth-first post-order from each root in turn, children in the order `childrenOf` gives them: `finish` hears
 * each concept once all its children are finished. A child already finished, or still open (a cycle, cut
 * where the walk meets it), is not entered again. An explicit stack rather than recursion: a long chain of
 * prerequisites must not overflow the call stack.
 */
function postOrder(roots: string[], childrenOf: (id: string) => string[], finish: (id: string, children: string[]) => void): void {
  const state = new Map<string, 'open' | 'done'>();
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: { id: string; children: string[]; next: number }[] = [{ id: root, children: childrenOf(root), next: 0 }];
    state.set(root, 'open');
    while (stack.length > 0) {
      const frame = must(stack.at(-1), 'frame');
      const child = frame.children[frame.next++];
      if (child === undefined) {
        stack.pop();
        state.set(frame.id, 'done');
        finish(frame.id, frame.children);
        continue;
      }
      if (state.has(child)) continue;
      state.set(child, 'open');
      stack.push({ id: child, children: childrenOf(child), next: 0 });
    }
  }
}

/** The longest chain of prerequisites beneath each concept (0 for a concept with none); a cycle counts once. */
function groundworkHeights(ids: string[], prerequisitesOf: (id: string) => string[]): Map<string, number> {
  const heights = new Map<string, number>();
  postOrder(ids, prerequisitesOf, (id, children) => {
    heights.set(id, Math.max(0, ...children.map((c) => (heights.get(c) ?? -1) + 1)));
  });
  return heights;
}

/**
 * Prerequisites of the target left out: the covered ones the walk met, then everything beneath them that no
 * needed step reaches, closest to the target first.
 */
function skippedPrerequisites(target: string, all: Map<string, number>, needed: Map<string, number>, met: string[]): string[] {
  const skipped = [...met];
  const seen = new Set(met);
  for (const id of all.keys()) {
    if (id !== target && !needed.has(id) && !seen.has(id)) {
      seen.add(id);
      skipped.push(id);
    }
  }
  return skipped.sort((a, b) => must(all.get(a), 'distance') - must(all.get(b), 'distance'));
}

/**
 * The order to visit one step's prerequisites in: the one farther from the target (more basic) first, then
 * the one more steps build on, then the one with the longer chain of groundwork beneath it, then the id.
 */
function visitOrder(prerequisites: Map<string, string[]>, target: string, distance: Map<string, number>) {
  const needed = (id: string) => id !== target && distance.has(id);
  const dependents = new Map<string, number>();
  for (const [from, list] of prerequisites) {
    if (from !== target && !needed(from)) continue;
    for (const to of list) if (needed(to)) dependents.set(to, (dependents.get(to) ?? 0) + 1);
  }
  const groundwork = groundworkHeights([...distance.keys()], (id) => (prerequisites.get(id) ?? []).filter(needed));
  return (ids: string[]) =>
    ids
      .filter(needed)
      .sort(
        (a, b) =>
          must(distance.get(b), 'distance') - must(distance.get(a), 'distance') ||
          (dependents.get(b) ?? 0) - (dependents.get(a) ?? 0) ||
          (groundwork.get(b) ?? 0) - (groundwork.get(a) ?? 0) ||
          (a < b ? -1 : a > b ? 1 : 0),
      );
}

/** The `maxSteps` steps nearest the target, in path order: keeping by distance keeps every kept step's reason on the path. */
function nearestSteps(order: string[], distance: Map<string, number>, maxSteps: number | undefined): string[] {
  if (maxSteps === undefined || order.length <= maxSteps) return order;
  const position = new Map(order.map((id, index) => [id, index]));
  const chosen = new Set(
    [...order]
      .sort(
        (a, b) =>
          must(distance.get(a), 'distance') - must(distance.get(b), 'distance') ||
          must(position.get(b), 'position') - must(position.get(a), 'position'),
      )
      .slice(0, maxSteps),
  );
  return order.filter((id) => chosen.has(id));
}

/** The kept steps with their distance and the later steps (and the target, last) that build on each. */
function stepsOf(kept: string[], prerequisites: Map<string, string[]>, target: string, distance: Map<string, number>): OrderedStep[] {
  const keptSet = new Set(kept);
  const positionOf = new Map(kept.map((id, index) => [id, index]));
  const users = new Map<string, string[]>();
  for (const [from, list] of prerequisites) {
    if (!keptSet.has(from) && from !== target) continue;
    for (const to of list) users.set(to, [...(users.get(to) ?? []), from]);
  }
  // The target sorts after every step: it is what the whole path leads to.
  const rank = (id: string) => positionOf.get(id) ?? Number.MAX_SAFE_INTEGER;
  return kept.map((id) => ({
    id,
    distance: must(distance.get(id), 'distance'),
    neededBy: (users.get(id) ?? []).sort((a, b) => rank(a) - rank(b)),
  }));
}

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
  const prerequisites = prerequisiteMap(input.edges);
  const prerequisitesOf = (id: string) => prerequisites.get(id) ?? [];

  // One walk over everything the target rests on, one over what is still needed: covered concepts and what
  // lies beneath them are skipped, the rest is reached through needed steps only.
  const all = distancesFrom(target, prerequisitesOf).distance;
  const { distance, stopped } = distancesFrom(target, prerequisitesOf, (id) => covered.has(id));
  const skipped = skippedPrerequisites(target, all, distance, stopped);

  const childrenOf = visitOrder(prerequisites, target, distance);
  const order: string[] = [];
  postOrder(
    [target],
    (id) => childrenOf(prerequisitesOf(id)),
    (id) => {
      if (id !== target) order.push(id);
    },
  );

  const kept = nearestSteps(order, distance, input.maxSteps);
  return { steps: stepsOf(kept, prerequisites, target, distance), skipped, omitted: order.length - kept.length };
}
