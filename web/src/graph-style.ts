// Colours and shapes of the graph: nodes by category, edges by relation type. One table each; pure.

/** Node look per category. Colours are dark enough for white labels, shapes tell categories apart without colour. */
export const categoryStyles: Record<string, { color: string; shape: string }> = {
  platform: { color: '#1f5fa8', shape: 'round-rectangle' },
  runtime: { color: '#b3471d', shape: 'ellipse' },
  'kernel-feature': { color: '#2d7a3a', shape: 'hexagon' },
  component: { color: '#7a3fa0', shape: 'diamond' },
  artifact: { color: '#8a6d00', shape: 'rectangle' },
  interface: { color: '#007480', shape: 'triangle' },
  tool: { color: '#a3245e', shape: 'octagon' },
  infrastructure: { color: '#4d5a66', shape: 'barrel' },
  idea: { color: '#5c4a2e', shape: 'round-diamond' },
  quality: { color: '#3f51b5', shape: 'round-pentagon' },
};

/** For a category this table does not know yet (the seed may add some). */
export const fallbackCategoryStyle = { color: '#555555', shape: 'ellipse' };

export function categoryStyle(category: string): { color: string; shape: string } {
  return categoryStyles[category] ?? fallbackCategoryStyle;
}

/**
 * Twelve colours that stay apart from each other and readable on white (contrast ≥ 3:1); with more types than
 * colours, the second round is drawn dashed and the third dotted, so no two types in the catalogue look alike.
 */
export const edgePalette = [
  '#c0392b',
  '#1f6fc5',
  '#2e8b3a',
  '#8e44ad',
  '#d35400',
  '#008080',
  '#b8860b',
  '#c2185b',
  '#34495e',
  '#6d4c41',
  '#5c6bc0',
  '#7cb342',
] as const;
export const edgeLineStyles = ['solid', 'dashed', 'dotted'] as const;
export type EdgeLook = { color: string; lineStyle: (typeof edgeLineStyles)[number] };

/** A fixed look per relation type, by the type's place in the sorted catalogue, so a type looks the same on every view. */
export function relationLooks(typeKeys: readonly string[]): Map<string, EdgeLook> {
  const looks = new Map<string, EdgeLook>();
  [...new Set(typeKeys)].sort().forEach((key, index) => {
    looks.set(key, {
      color: edgePalette[index % edgePalette.length] ?? '#555555',
      lineStyle: edgeLineStyles[Math.floor(index / edgePalette.length) % edgeLineStyles.length] ?? 'solid',
    });
  });
  return looks;
}

/** Where an edge runs in a drawing by rings: from the centre, around the first ring, out to an outer ring, or beyond. */
export type EdgeTierKey = 'spoke' | 'ring' | 'reach' | 'outer';

export function edgeTier(depthA: number, depthB: number): EdgeTierKey {
  const near = Math.min(depthA, depthB);
  const far = Math.max(depthA, depthB);
  if (near === 0) return 'spoke';
  if (far <= 1) return 'ring';
  return near === 1 ? 'reach' : 'outer';
}

/**
 * How strongly each tier is drawn, in reading order: the centre's own relations boldest, those between outer
 * concepts faint (pointing at a concept brings its edges forward whatever their tier).
 */
export const edgeTiers: readonly { key: EdgeTierKey; style: { width: number; opacity: number; 'arrow-scale': number } }[] = [
  { key: 'spoke', style: { width: 2.5, opacity: 1, 'arrow-scale': 0.9 } },
  { key: 'ring', style: { width: 1.4, opacity: 0.6, 'arrow-scale': 0.8 } },
  { key: 'reach', style: { width: 1, opacity: 0.4, 'arrow-scale': 0.7 } },
  { key: 'outer', style: { width: 0.8, opacity: 0.18, 'arrow-scale': 0.5 } },
];
