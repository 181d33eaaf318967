// Paths between two of the question's concepts: one shortest path (bounded breadth-first search), and the
// chain of work from one to the other through specific concepts where the short way goes through a class. Pure.
import type { IndexedRelation, RetrievalIndex } from './graph-index.js';
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
  flow = false,
): Map<number, number> {
  const taxonomy = new Set<string>(retrievalWeights.chain.taxonomyTypes);
  const notBetween = new Set<string>(retrievalWeights.chain.notBetweenTypes);
  const onPath = new Map<number, number>(); // relation -> position along its path (0 first)
  const mark = (path: readonly number[]) =>
    path.forEach((r, position) => {
      if (!onPath.has(r)) onPath.set(r, position);
    });
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
      mark(path);
      // Only where the short way is missing or goes through a class of things does the chain of work add anything.
      const throughClass = path.some((r) => {
        const relation = index.relations[r];
        return relation !== undefined && [relation.subject, relation.object].some((n) => n !== from && n !== to && isClass(index, n));
      });
      // …or where the question asks how the work passes from one to the other ("which pieces does docker run pass
      // through until a container exists?"): then a direct link says only that the chain's ends are linked, and
      // the chain of work goes round it, a hop longer.
      if (path.length > 0 && !throughClass && !flow) continue;
      const hops = retrievalWeights.chain.flowHops + (flow ? 1 : 0);
      const work = flow ? (r: number) => step(r) && !direct(r) : step;
      mark(flowPath(index, from, to, work, hops) ?? []);
      mark(flowPath(index, to, from, work, hops) ?? []);
    }
  }
  return onPath;
}

/** A concept other concepts are kinds of ("container runtime"): a class of things, not one thing. */
const isClass = (index: RetrievalIndex, node: number) => (index.degree.kinds[node] ?? 0) > 0;

/**
 * The chain of work from one concept to another: facts of the flow types (one hands work to, uses, manages or
 * creates the next), each taken from its subject, through specific concepts rather than classes of them (the
 * daemon asks containerd, which runs runc, which creates the container; not "a container runtime"). Longer
 * than the shortest path allows, bounded by `chain.flowHops` and the path's visits.
 */
function flowPath(
  index: RetrievalIndex,
  from: number,
  to: number,
  walkable: (relation: number) => boolean,
  hops: number,
): number[] | undefined {
  const flow = new Set<string>(retrievalWeights.chain.flowTypes);
  return breadthFirst(index, from, to, hops, (node, relation, r) => {
    if (relation.subject !== node || !flow.has(relation.type) || !walkable(r)) return undefined;
    return relation.object === to || !isClass(index, relation.object) ? relation.object : undefined;
  });
}

function shortestPath(index: RetrievalIndex, from: number, to: number, walkable: (relation: number) => boolean): number[] | undefined {
  return breadthFirst(index, from, to, retrievalWeights.graph.pathHops, (node, relation, r) =>
    walkable(r) ? (relation.subject === node ? relation.object : relation.subject) : undefined,
  );
}

/**
 * Breadth-first from `from` until `to` is reached, over at most `hops` steps and `graph.pathVisits` relations
 * read; `step` says where a relation leads from a node, or undefined when it may not be taken. The relations of
 * the path found, in order.
 */
function breadthFirst(
  index: RetrievalIndex,
  from: number,
  to: number,
  hops: number,
  step: (node: number, relation: IndexedRelation, r: number) => number | undefined,
): number[] | undefined {
  const { pathVisits } = retrievalWeights.graph;
  const via = new Map<number, { node: number; relation: number }>([[from, { node: -1, relation: -1 }]]);
  let frontier = [from];
  let visits = 0;
  for (let hop = 0; hop < hops && !via.has(to) && frontier.length > 0 && visits < pathVisits; hop++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (const r of index.adjacency[node] ?? []) {
        if (++visits > pathVisits) break;
        const relation = index.relations[r];
        const other = relation ? step(node, relation, r) : undefined;
        if (other === undefined || via.has(other)) continue;
        via.set(other, { node, relation: r });
        next.push(other);
      }
    }
    frontier = next;
  }
  if (!via.has(to)) return undefined;
  const path: number[] = [];
  for (let at = via.get(to); at && at.relation >= 0; at = via.get(at.node)) path.unshift(at.relation);
  return path;
}
