// Where a neighbourhood's concepts go: the centre in the middle, one ring per hop, the first ring grouped by
// category and named, each outer concept placed beside the concepts that link it in. Pure: no DOM, no Cytoscape.

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Which side of its node a label sits on: away from the centre, so labels do not cover the spokes. */
export type LabelSide = 'top' | 'bottom' | 'left' | 'right';

export interface RingNode {
  id: string;
  /** Hops from the centre (0 for the centre). */
  depth: number;
  category: string;
  /** The name shown, for a stable order inside a category. */
  name: string;
  /** The label's measured size when the node is named at rest; absent for nodes named only on hover or focus. */
  label?: Size;
}

export interface RingEdge {
  source: string;
  target: string;
}

export interface RingLayout {
  positions: Map<string, Point>;
  sides: Map<string, LabelSide>;
  /** Every node: the centre, then each ring clockwise from the top; the order keyboard users step through. */
  order: string[];
  /** How far out each ring reaches (its farthest node), centre (0) first. */
  radii: number[];
  /** The room each node takes, padded: its body, with its label for a named node. No two of these overlap. */
  boxes: Map<string, Box>;
}

/** The layout's numbers in one place; the drawing's node sizes come from here too. */
export const ringTuning = {
  /** Node diameter by ring: the centre, the first ring, every ring beyond. */
  nodeSize: [42, 26, 16] as const,
  /** Between a node and its label. */
  labelMargin: 4,
  /** Clear space kept around every named node with its label, and around outer nodes. */
  padding: 4,
  /** The first ring never sits closer to the centre than this. */
  firstRingMin: 80,
  /** From one ring's farthest node out to where the next ring starts (its nodes go further where names are in the way). */
  ringGap: 56,
  /** Least distance between neighbouring nodes on an unnamed ring (centre to centre). */
  outerSpacing: 24,
  /** The empty slots left between two categories on the first ring, so groups read as groups. */
  categoryGap: 0.4,
  /** How much a ring widens per try while labels still collide. */
  growStep: 6,
  growTries: 400,
  /** How many ways (within one slot) the first ring is turned to find where its names fit closest. */
  turns: 12,
  /** A label beside its node (left or right) when the node lies within this angle of the horizontal. */
  sideAngle: (70 * Math.PI) / 180,
} as const;

export function nodeSize(depth: number): number {
  return ringTuning.nodeSize[Math.min(depth, ringTuning.nodeSize.length - 1)] ?? ringTuning.nodeSize[0];
}

/**
 * Places a neighbourhood on rings by hop. `categoryOrder` orders the first ring's groups (unknown categories
 * after, by key).
 */
export function ringLayout(
  nodes: readonly RingNode[],
  edges: readonly RingEdge[],
  options: { centre?: string; categoryOrder?: readonly string[] } = {},
): RingLayout {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const ringOf = (node: RingNode) => (node.id === options.centre ? 0 : Math.max(node.depth, options.centre ? 1 : 0));
  const rings: RingNode[][] = [];
  for (const node of nodes) {
    const ring = ringOf(node);
    while (rings.length <= ring) rings.push([]);
    rings[ring]?.push(node);
  }
  const neighbours = new Map<string, string[]>();
  for (const edge of edges) {
    if (!byId.has(edge.source) || !byId.has(edge.target) || edge.source === edge.target) continue;
    neighbours.set(edge.source, [...(neighbours.get(edge.source) ?? []), edge.target]);
    neighbours.set(edge.target, [...(neighbours.get(edge.target) ?? []), edge.source]);
  }

  const positions = new Map<string, Point>();
  const boxes = new Map<string, Box>();
  const sides = new Map<string, LabelSide>();
  const angles = new Map<string, number>();
  const order: string[] = [];
  const radii: number[] = [];
  /** Boxes that later rings must stay clear of: named nodes with their labels, and every node body. */
  const taken: Box[] = [];

  // Ring 0: the centre (or, with no centre given, whatever has depth 0) in the middle, named below.
  const middle = rings[0] ?? [];
  middle.forEach((node, index) => {
    const at = { x: (index - (middle.length - 1) / 2) * (nodeSize(0) + 60), y: 0 };
    positions.set(node.id, at);
    sides.set(node.id, 'bottom');
    order.push(node.id);
    const box = boxOf(node, at, 'bottom', 0);
    boxes.set(node.id, box);
    taken.push(box);
  });
  radii.push(0);

  let inner = ringTuning.firstRingMin;
  for (let ring = 1; ring < rings.length; ring++) {
    const members = rings[ring] ?? [];
    if (members.length === 0) {
      radii.push(inner);
      continue;
    }
    const placed: Placed[] = [];
    let slots: Slot[];
    if (ring === 1) {
      // Even slots grouped by category, on the smallest circle where the names clear each other and the centre.
      // Names above or below their nodes need the most room, so the ring is turned to where they fit best.
      let best: { slots: Slot[]; boxes: Placed[]; radius: number } | undefined;
      for (let turn = 0; turn < ringTuning.turns; turn++) {
        const candidate = groupedSlots(members, options.categoryOrder ?? [], turn / ringTuning.turns);
        let radius = inner;
        let trial = place(candidate, radius, ring);
        for (let tries = 0; tries < ringTuning.growTries && collides(trial, taken); tries++) {
          radius += ringTuning.growStep;
          trial = place(candidate, radius, ring);
        }
        if (!best || radius < best.radius) best = { slots: candidate, boxes: trial, radius };
      }
      slots = best?.slots ?? [];
      placed.push(...(best?.boxes ?? []));
    } else {
      // Near their parents, spread to the room the radius gives; each one moved out only as far as it must go
      // to clear the names inside and its own neighbours, so long names do not push the whole ring away.
      const radius = Math.max(inner, (members.length * ringTuning.outerSpacing) / (2 * Math.PI));
      slots = spread(nearParents(members, neighbours, angles), Math.min((2 * Math.PI) / members.length, ringTuning.outerSpacing / radius));
      const clear = [...taken];
      for (const slot of slots) {
        let out = radius;
        let [box] = place([slot], out, ring);
        for (let tries = 0; tries < ringTuning.growTries && box && collides([box], clear); tries++) {
          out += ringTuning.growStep;
          [box] = place([slot], out, ring);
        }
        placed.push(must(box));
        clear.push(must(box));
      }
    }
    slots.forEach((slot, index) => {
      const { at, ...box } = must(placed[index]);
      positions.set(slot.node.id, at);
      boxes.set(slot.node.id, box);
      sides.set(slot.node.id, sideFor(slot.angle));
      angles.set(slot.node.id, slot.angle);
      order.push(slot.node.id);
    });
    taken.push(...placed);
    const farthest = Math.max(...placed.map((box) => Math.hypot(box.at.x, box.at.y)));
    radii.push(farthest);
    inner = farthest + ringTuning.ringGap;
  }
  return { positions, sides, order, radii, boxes };
}

interface Slot {
  node: RingNode;
  /** Radians, clockwise from the right (screen coordinates: y grows downwards); -π/2 is the top. */
  angle: number;
}

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** An unnamed node is its round body: two of them collide only when their centres come too close. */
  round?: { x: number; y: number; r: number };
}

type Placed = Box & { at: Point };

const top = -Math.PI / 2;

/**
 * The first ring: groups of one category side by side, a small gap between groups, clockwise from the top;
 * `turn` (a fraction of one slot) turns the whole ring.
 */
function groupedSlots(members: readonly RingNode[], categoryOrder: readonly string[], turn: number): Slot[] {
  const rank = (category: string) => {
    const index = categoryOrder.indexOf(category);
    return index === -1 ? categoryOrder.length : index;
  };
  const sorted = [...members].sort(
    (a, b) =>
      rank(a.category) - rank(b.category) ||
      a.category.localeCompare(b.category) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
  const groups = new Set(sorted.map((node) => node.category)).size;
  const gap = groups > 1 ? ringTuning.categoryGap : 0;
  const step = (2 * Math.PI) / (sorted.length + groups * gap);
  let at = top + (gap * step) / 2 + turn * step;
  return sorted.map((node, index) => {
    if (index > 0 && sorted[index - 1]?.category !== node.category) at += gap * step;
    const slot = { node, angle: at };
    at += step;
    return slot;
  });
}

/**
 * An outer ring: each node at the mean angle of its neighbours on inner rings (so it sits behind the concepts
 * that link it in), then spread apart where they crowd; ties by category, so a parent's children group too.
 */
function nearParents(members: readonly RingNode[], neighbours: Map<string, string[]>, angles: Map<string, number>): Slot[] {
  const wanted = members.map((node) => {
    const around = (neighbours.get(node.id) ?? []).map((id) => angles.get(id)).filter((angle) => angle !== undefined);
    return { node, angle: around.length > 0 ? meanAngle(around) : Number.POSITIVE_INFINITY };
  });
  wanted.sort(
    (a, b) =>
      a.angle - b.angle ||
      a.node.category.localeCompare(b.node.category) ||
      a.node.name.localeCompare(b.node.name) ||
      a.node.id.localeCompare(b.node.id),
  );
  // Nodes linked in only from their own ring (a cut-off neighbourhood) go after the rest.
  const known = wanted.filter((slot) => Number.isFinite(slot.angle));
  const last = known.length > 0 ? (known[known.length - 1]?.angle ?? top) : top;
  let extra = 0;
  for (const slot of wanted)
    if (!Number.isFinite(slot.angle)) {
      extra += 1;
      slot.angle = last + extra * 0.01;
    }
  return wanted;
}

/**
 * Moves angles apart until neighbours are at least `least` radians apart, keeping their order and staying as near
 * the wanted angles as the pushing allows (a full ring ends evenly spaced).
 */
function spread(slots: readonly Slot[], least: number): Slot[] {
  const count = slots.length;
  if (count < 2) return [...slots];
  // Angles as an increasing run starting at the first: a = [a0, a0 + 2π).
  const first = slots[0]?.angle ?? 0;
  const run = slots.map((slot) => first + normalise(slot.angle - first));
  for (let pass = 0; pass < 200; pass++) {
    let moved = false;
    for (let i = 0; i < count; i++) {
      const j = (i + 1) % count;
      const a = run[i] ?? 0;
      const b = (run[j] ?? 0) + (j === 0 ? 2 * Math.PI : 0);
      const short = least - (b - a);
      if (short > 1e-9) {
        run[i] = a - short / 2;
        run[j] = (run[j] ?? 0) + short / 2;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return slots.map((slot, index) => ({ node: slot.node, angle: run[index] ?? slot.angle }));
}

function place(slots: readonly Slot[], radius: number, ring: number): Placed[] {
  return slots.map((slot) => {
    const at = { x: Math.cos(slot.angle) * radius, y: Math.sin(slot.angle) * radius };
    return { at, ...boxOf(slot.node, at, sideFor(slot.angle), ring) };
  });
}

/** The node's body, with its label beside it when it is named, padded. */
function boxOf(node: RingNode, at: Point, side: LabelSide, ring: number): Box {
  const half = nodeSize(ring) / 2;
  const body = { x1: at.x - half, y1: at.y - half, x2: at.x + half, y2: at.y + half };
  const pad = ringTuning.padding;
  if (!node.label) return { x1: body.x1 - pad, y1: body.y1 - pad, x2: body.x2 + pad, y2: body.y2 + pad, round: { ...at, r: half + pad } };
  const label = labelBox(at, half, node.label, side);
  return {
    x1: Math.min(body.x1, label.x1) - pad,
    y1: Math.min(body.y1, label.y1) - pad,
    x2: Math.max(body.x2, label.x2) + pad,
    y2: Math.max(body.y2, label.y2) + pad,
  };
}

function labelBox(at: Point, half: number, size: Size, side: LabelSide): Box {
  const gap = half + ringTuning.labelMargin;
  switch (side) {
    case 'right':
      return { x1: at.x + gap, x2: at.x + gap + size.width, y1: at.y - size.height / 2, y2: at.y + size.height / 2 };
    case 'left':
      return { x1: at.x - gap - size.width, x2: at.x - gap, y1: at.y - size.height / 2, y2: at.y + size.height / 2 };
    case 'top':
      return { x1: at.x - size.width / 2, x2: at.x + size.width / 2, y1: at.y - gap - size.height, y2: at.y - gap };
    case 'bottom':
      return { x1: at.x - size.width / 2, x2: at.x + size.width / 2, y1: at.y + gap, y2: at.y + gap + size.height };
  }
}

/** `side`, or the opposite side when a label there would reach outside `view` (and the opposite one would not). */
export function sideWithin(at: Point, depth: number, size: Size, side: LabelSide, view: Box): LabelSide {
  const inside = (box: Box) => box.x1 >= view.x1 && box.x2 <= view.x2 && box.y1 >= view.y1 && box.y2 <= view.y2;
  const half = nodeSize(depth) / 2;
  if (inside(labelBox(at, half, size, side))) return side;
  const opposite = oppositeSide[side];
  return inside(labelBox(at, half, size, opposite)) ? opposite : side;
}

const oppositeSide: Record<LabelSide, LabelSide> = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' };

/** The label goes outwards: beside the node near the horizontal, above or below it near the vertical. */
export function sideFor(angle: number): LabelSide {
  const cos = Math.cos(angle);
  if (Math.abs(cos) >= Math.cos(ringTuning.sideAngle)) return cos > 0 ? 'right' : 'left';
  return Math.sin(angle) < 0 ? 'top' : 'bottom';
}

function collides(boxes: readonly Box[], others: readonly Box[]): boolean {
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    if (!a) continue;
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j];
      if (b && overlap(a, b)) return true;
    }
    for (const b of others) if (overlap(a, b)) return true;
  }
  return false;
}

export function overlap(a: Box, b: Box): boolean {
  if (a.round && b.round) return Math.hypot(a.round.x - b.round.x, a.round.y - b.round.y) < a.round.r + b.round.r;
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

function meanAngle(angles: readonly number[]): number {
  const x = angles.reduce((sum, angle) => sum + Math.cos(angle), 0);
  const y = angles.reduce((sum, angle) => sum + Math.sin(angle), 0);
  // Opposite neighbours cancel out: then the first one decides.
  if (Math.hypot(x, y) < 1e-6) return angles[0] ?? top;
  return Math.atan2(y, x);
}

/** An angle in [0, 2π). */
function normalise(angle: number): number {
  const full = 2 * Math.PI;
  return ((angle % full) + full) % full;
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('ring layout: a slot without a point');
  return value;
}
