// Paths between two of the question's concepts: one shortest path (bounded breadth-first search), and the
// chain of work from one to the other through specific concepts where the short way goes through a class. Pure.
import type { RetrievalIndex } from './graph-index.js';
import { retrievalWeights } from './weights.js';

/**
 * Relations on one shortest path (breadth-first, bounded) between each pair of the question's concepts. A
 * chain is made of what things do, not of the whole they are part of: a path without part-of links is
 * preferred when it is as short ("between the client and containerd" is the daemon, not Docker
 * Engine, which both are part of).
 */
export function connectingRelations(
  index: RetrievalIndex,
  seeds: number[],
  walkable: (relation: number) => boolean,
  between = false,
): Map<number, number> {
  const taxonomy = new Set<string>(retrievalWeights.chain.taxonomyTypes);
  const notBetween = new Set<string>(retrievalWeights.chain.notBetweenTypes);
  const onPath = new Map<number, number>(); // relation -> position along its path (0 first)
  for (let i = 0; i < seeds.length; i++) {
    for (let j = i + 1; j < seeds.length; j++) {
      const from = seeds[i] ?? 0;
      const to = seeds[j] ?? 0;
      // "What sits between A and B" asks for what a direct link between them would skip.
      const direct = (r: number) => {
        const relation = index.relations[r];
        return (
          relation !== undefined &&
          (relation.subject === from || relation.subject === to) &&
          (relation.object === from || relation.object === to)
        );
      };
      const step = (r: number) => walkable(r) && !(between && (direct(r) || notBetween.has(index.relations[r]?.type ?? '')));
      const doing = (r: number) => step(r) && !taxonomy.has(index.relations[r]?.type ?? '');
      const any = shortestPath(index, from, to, step) ?? [];
      const plain = any.some((r) => taxonomy.has(index.relations[r]?.type ?? '')) ? shortestPath(index, from, to, doing) : undefined;
      const path = plain && plain.length <= any.length ? plain : any;
      path.forEach((r, position) => {
        if (!onPath.has(r)) onPath.set(r, position);
      });
      // Only where the short way is missing or goes through a class of things does the chain of work add anything.
      const throughClass = path.some((r) => {
        const relation = index.relations[r];
        return relation !== undefined && [relation.subject, relation.object].some((n) => n !== from && n !== to && isClass(index, n));
      });
      if (path.length > 0 && !throughClass) continue;
      for (const ends of [
        [from, to],
        [to, from],
      ] as const) {
        (flowPath(index, ends[0], ends[1], step) ?? []).forEach((r, position) => {
          if (!onPath.has(r)) onPath.set(r, position);
        });
      }
    }
  }
  return onPath;
}

/**
 * The chain of work from one concept to another: facts of the flow types (one hands work to, uses, manages or
 * creates the next), each taken from its subject, through specific concepts rather than classes of them (the
 * daemon asks containerd, which runs runc, which creates the container; not "a container runtime"). Longer
 * than the shortest path allows, bounded by `chain.flowHops` and the path's visits.
 */
/** A concept other concepts are kinds of ("container runtime"): a class of things, not one thing. */
const isClass = (index: RetrievalIndex, node: number) => (index.degree.kinds[node] ?? 0) > 0;

function flowPath(index: RetrievalIndex, from: number, to: number, walkable: (relation: number) => boolean): number[] | undefined {
  const { flowHops, flowTypes } = retrievalWeights.chain;
  const flow = new Set<string>(flowTypes);
  const { pathVisits } = retrievalWeights.graph;
  let visits = 0;
  const via = new Map<number, { node: number; relation: number }>([[from, { node: -1, relation: -1 }]]);
  let frontier = [from];
  for (let hop = 0; hop < flowHops && !via.has(to) && frontier.length > 0 && visits < pathVisits; hop++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (const r of index.adjacency[node] ?? []) {
        if (++visits > pathVisits) break;
        const relation = index.relations[r];
        if (!relation || relation.subject !== node || !flow.has(relation.type) || !walkable(r)) continue;
        const other = relation.object;
        if (via.has(other) || (other !== to && isClass(index, other))) continue;
        via.set(other, { node, relation: r });
        next.push(other);
      }
    }
    frontier = next;
  }
  if (!via.has(to)) return undefined;
  const path: number[] = [];
  for (let step = via.get(to); step && step.relation >= 0; step = via.get(step.node)) path.unshift(step.relation);
  return path;
}

function shortestPath(index: RetrievalIndex, from: number, to: number, walkable: (relation: number) => boolean): number[] | undefined {
  const { pathHops, pathVisits } = retrievalWeights.graph;
  const via = new Map<number, { node: number; relation: number }>([[from, { node: -1, relation: -1 }]]);
  let frontier = [from];
  let visits = 0;
  for (let hop = 0; hop < pathHops && !via.has(to) && frontier.length > 0 && visits < pathVisits; hop++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (const r of index.adjacency[node] ?? []) {
        if (++visits > pathVisits) break;
        if (!walkable(r)) continue;
        const relation = index.relations[r];
        if (!relation) continue;
        const other = relation.subject === node ? relation.object : relation.subject;
        if (via.has(other)) continue;
        via.set(other, { node, relation: r });
        next.push(other);
      }
    }
    frontier = next;
  }
  if (!via.has(to)) return undefined;
  const path: number[] = [];
  for (let step = via.get(to); step && step.relation >= 0; step = via.get(step.node)) path.unshift(step.relation);
  return path;
}
