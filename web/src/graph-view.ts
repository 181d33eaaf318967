// The Cytoscape.js drawing of a set of concepts and relations: nodes coloured and shaped by category, edges
// coloured by type with a legend, the relation's sentence on hover or keyboard focus, click to re-centre.
// A neighbourhood is drawn in rings by hop (ring-layout.ts): the first ring named, the outer ring named on
// hover or focus, learning-order edges behind a toggle, the edges far from the centre faint.
import cytoscape, { type CollectionReturnValue, type Core, type EdgeSingular, type ElementDefinition, type NodeSingular } from 'cytoscape';
import type { ConceptSummary, Relation } from './api-types.js';
import type { Catalogue } from './context.js';
import { h, uid } from './dom.js';
import { categoryStyle, categoryStyles, type EdgeLook, edgeTier, edgeTiers, relationLooks } from './graph-style.js';
import { fill, type Lang, pick, t } from './i18n.js';
import { type LabelSide, nodeSize, ringLayout, ringTuning, sideWithin } from './ring-layout.js';

export interface GraphData {
  nodes: (ConceptSummary & { depth?: number })[];
  edges: Relation[];
  /** The concept the drawing is about: drawn larger, in the middle. */
  centre?: string;
  layout: 'rings' | 'chain';
}

export interface GraphHandle {
  element: HTMLElement;
  cy: Core;
  /** Emphasises these elements and fades the rest; empty sets clear the emphasis. */
  highlight(nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): void;
}

declare global {
  interface Window {
    /** The graph on screen, for people poking at the page from the console and for the browser tests. */
    conceptGraphExplorer?: { cy: Core | undefined };
  }
}

export interface GraphOptions {
  label: string;
  onOpen: (id: string) => void;
  slot: HTMLElement;
  after?: Node[];
  /**
   * Learning-order edges (REQUIRES) hidden behind a toggle, shown when `shown`; `onChange` hears the reader's
   * choice so the next drawing keeps it. Without this option every edge is drawn.
   */
  learningOrder?: { shown: boolean; onChange: (shown: boolean) => void };
}

export function graphView(lang: Lang, catalogue: Catalogue, data: GraphData, options: GraphOptions): GraphHandle {
  const helpId = uid('graph-help');
  const canvas = h('div', {
    class: 'graph-canvas',
    tabindex: '0',
    role: 'application',
    'aria-roledescription': lang === 'ko' ? '그래프' : 'graph',
    'aria-label': options.label,
    'aria-describedby': helpId,
  });
  const tooltip = h('div', { class: 'graph-tooltip', hidden: true, 'aria-hidden': 'true' });
  const readout = h('p', { class: 'graph-readout', 'aria-live': 'polite' });
  const looks = relationLooks([...catalogue.relationTypes.keys(), ...data.edges.map((edge) => edge.type)]);
  const rings = data.layout === 'rings';
  const depthOf = new Map(data.nodes.map((node) => [node.id, node.id === data.centre ? 0 : (node.depth ?? 0)]));
  const learningTypes = options.learningOrder ? learningOrderTypes(catalogue) : new Set<string>();
  const learningCount = data.edges.filter((edge) => learningTypes.has(edge.type)).length;
  let learningShown = options.learningOrder?.shown ?? true;

  const elements: ElementDefinition[] = [
    ...data.nodes.map((node, index) => {
      const depth = depthOf.get(node.id) ?? 0;
      return {
        group: 'nodes' as const,
        // Apart until the rings are placed: measuring names draws nothing, but Cytoscape warns about edges whose
        // ends coincide.
        position: { x: (index % 16) * 100, y: Math.floor(index / 16) * 100 },
        data: {
          id: node.id,
          label: pick(lang, node.name),
          category: node.category,
          color: categoryStyle(node.category).color,
          shape: categoryStyle(node.category).shape,
          depth,
          ...labelPlacement('bottom'),
        },
        // In rings only the centre and the first ring are named at rest: the outer rings get the class `unnamed`
        // (named on hover or focus) below, once every name has been measured.
        classes: [node.id === data.centre ? 'centre' : '', rings ? `ring-${Math.min(depth, 2)}` : ''].filter(Boolean).join(' '),
      };
    }),
    ...data.edges.map((edge) => ({
      group: 'edges' as const,
      data: {
        id: edge.id,
        source: edge.subject.id,
        target: edge.object.id,
        type: edge.type,
        sentence: pick(lang, edge.sentence),
        color: looks.get(edge.type)?.color ?? '#555555',
        lineStyle: looks.get(edge.type)?.lineStyle ?? 'solid',
      },
      classes: [
        rings ? `tier-${edgeTier(depthOf.get(edge.subject.id) ?? 0, depthOf.get(edge.object.id) ?? 0)}` : '',
        learningTypes.has(edge.type) ? 'learning-order' : '',
      ]
        .filter(Boolean)
        .join(' '),
    })),
  ];

  const legend = graphLegend(lang, catalogue, data, looks, learningTypes);
  const toggle =
    options.learningOrder && learningCount > 0
      ? h('input', {
          type: 'checkbox',
          class: 'learning-order-toggle',
          checked: learningShown,
          onchange: (event) => {
            learningShown = (event.target as HTMLInputElement).checked;
            applyLearningOrder();
            options.learningOrder?.onChange(learningShown);
          },
        })
      : null;
  const outerRing = rings && data.nodes.some((node) => (depthOf.get(node.id) ?? 0) >= 2);
  const help = [t(lang, 'graphHelp'), outerRing ? t(lang, 'graphRingsHelp') : ''].filter(Boolean).join(' ');
  const element = h(
    'figure',
    { class: ['graph', rings ? 'graph-rings' : '', outerRing ? 'graph-outer-ring' : ''].filter(Boolean).join(' ') },
    toggle
      ? h(
          'label',
          { class: 'graph-toggle' },
          toggle,
          ' ',
          t(lang, 'showLearningOrder', {
            n: learningCount,
            types: [...learningTypes].filter((type) => data.edges.some((edge) => edge.type === type)).join(', '),
          }),
        )
      : null,
    h('div', { class: 'graph-stage' }, canvas, tooltip),
    h('figcaption', {}, h('p', { id: helpId, class: 'graph-help' }, help), readout),
    legend,
  );
  // In the page before Cytoscape starts, so the layout sees the container's real size.
  options.slot.replaceChildren(element, ...(options.after ?? []));

  const cy = cytoscape({
    container: canvas,
    elements,
    minZoom: 0.3,
    maxZoom: 2.5,
    boxSelectionEnabled: false,
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(color)',
          shape: 'data(shape)' as never,
          label: 'data(label)',
          color: '#1a1a1a',
          'font-size': 11,
          'text-halign': 'data(halign)' as never,
          'text-valign': 'data(valign)' as never,
          'text-margin-x': 'data(marginX)' as never,
          'text-margin-y': 'data(marginY)' as never,
          'text-wrap': 'wrap',
          'text-max-width': '110px',
          // A pale plate behind each name keeps it legible where edges run beneath it.
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.85,
          'text-background-padding': '1px',
          'text-background-shape': 'roundrectangle',
          width: nodeSize(1),
          height: nodeSize(1),
        },
      },
      {
        selector: 'node.centre',
        style: {
          width: nodeSize(0),
          height: nodeSize(0),
          'border-width': 4,
          'border-color': '#111111',
          'font-weight': 'bold',
          'font-size': 13,
        },
      },
      { selector: 'node.ring-2', style: { width: nodeSize(2), height: nodeSize(2) } },
      { selector: 'node.unnamed', style: { label: '' } },
      {
        selector: 'edge',
        style: {
          'line-color': 'data(color)',
          'line-style': 'data(lineStyle)' as never,
          'target-arrow-color': 'data(color)',
          'target-arrow-shape': 'triangle',
          'curve-style': 'bezier',
          width: 2,
          'arrow-scale': 0.9,
        },
      },
      ...edgeTiers.map((tier) => ({ selector: `edge.tier-${tier.key}`, style: tier.style })),
      { selector: 'edge.learning-order.concealed', style: { display: 'none' } },
      // Pointing at or stepping to a concept (or a relation) brings it and what it touches forward and names them.
      { selector: '.dim', style: { opacity: 0.12 } },
      { selector: 'node.near', style: { label: 'data(label)', opacity: 1, 'z-index': 10 } },
      { selector: 'edge.near', style: { opacity: 1, width: 3, 'arrow-scale': 1 } },
      { selector: 'node.focus', style: { 'z-index': 20 } },
      { selector: '.faded', style: { opacity: 0.18 } },
      { selector: 'edge.marked', style: { width: 6, opacity: 1 } },
      { selector: 'node.marked', style: { 'border-width': 4, 'border-color': '#111111', opacity: 1 } },
      { selector: ':selected', style: { 'overlay-color': '#005fcc', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
    ],
    // Rings are placed below, once the names have been measured.
    layout: rings
      ? { name: 'preset' }
      : { name: 'breadthfirst', directed: false, roots: data.centre ? [data.centre] : undefined, spacingFactor: 1.1, animate: false },
  });
  window.conceptGraphExplorer = { cy };

  /** The order ↑ ↓ steps through concepts: for rings, the centre, then each ring clockwise from the top. */
  let nodeOrder = cy.nodes().map((node) => node.id());
  if (rings) {
    const sizes = new Map(cy.nodes().map((node) => [node.id(), labelSize(node)]));
    cy.nodes('[depth >= 2]').addClass('unnamed');
    const layout = ringLayout(
      cy.nodes().map((node) => ({
        id: node.id(),
        depth: Number(node.data('depth')),
        category: String(node.data('category')),
        name: String(node.data('label')),
        label: node.hasClass('unnamed') ? undefined : sizes.get(node.id()),
      })),
      cy.edges().map((edge) => ({ source: edge.source().id(), target: edge.target().id() })),
      { centre: data.centre, categoryOrder: Object.keys(categoryStyles) },
    );
    cy.batch(() => {
      for (const [id, side] of layout.sides) cy.getElementById(id).data(labelPlacement(side));
    });
    cy.layout({
      name: 'preset',
      positions: Object.fromEntries(layout.positions),
      fit: true,
      padding: 12,
      animate: false,
    }).run();
    nodeOrder = layout.order;
    // An outer name shows only on hover or focus, so the fit above did not make room for it: where it would run
    // off the drawing outwards, it goes inwards.
    const view = cy.extent();
    cy.batch(() => {
      for (const node of cy.nodes('.unnamed')) {
        const side = layout.sides.get(node.id()) ?? 'bottom';
        const size = sizes.get(node.id()) ?? { width: 0, height: 0 };
        node.data(labelPlacement(sideWithin(node.position(), Number(node.data('depth')), size, side, view)));
      }
    });
  }
  /** The order ← → steps through relations: the centre's first, then outwards. */
  const edgeOrder = cy
    .edges()
    .sort((a, b) => edgeRank(a) - edgeRank(b))
    .map((edge) => edge.id());
  function edgeRank(edge: EdgeSingular): number {
    const [near, far] = [nodeOrder.indexOf(edge.source().id()), nodeOrder.indexOf(edge.target().id())].sort((x, y) => x - y);
    const tier = edgeTiers.findIndex((candidate) => edge.hasClass(`tier-${candidate.key}`));
    return (tier + 1) * 1e6 + (near ?? 0) * 1e3 + (far ?? 0);
  }

  const applyLearningOrder = () => {
    cy.edges('.learning-order').toggleClass('concealed', !learningShown);
    const hidden = learningShown ? 0 : learningCount;
    canvas.setAttribute('aria-label', hidden > 0 ? `${options.label} ${t(lang, 'learningOrderHidden', { n: hidden })}` : options.label);
    for (const note of legend.querySelectorAll<HTMLElement>('.legend-hidden')) note.hidden = learningShown;
  };
  applyLearningOrder();

  /** Names the focused concept (or relation ends) and its neighbours, dims the rest; nothing given clears it. */
  const emphasise = (target?: NodeSingular | EdgeSingular) => {
    if (!rings) return;
    cy.batch(() => {
      cy.elements().removeClass('dim near focus');
      if (!target) return;
      target.addClass('focus');
      // Only what is drawn: a concept linked by a hidden learning-order edge is not a neighbour on screen.
      const edges = target.isNode() ? (target as NodeSingular).connectedEdges(':visible') : undefined;
      const lit: CollectionReturnValue = edges
        ? target.union(edges).union(edges.connectedNodes())
        : target.union((target as EdgeSingular).connectedNodes());
      lit.addClass('near');
      cy.elements().not(lit).addClass('dim');
    });
  };

  const show = (text: string, position?: { x: number; y: number }) => {
    readout.textContent = text;
    if (position) {
      tooltip.textContent = text;
      tooltip.hidden = false;
      // Kept inside the drawing: beside the pointer, pulled left or up where it would spill over an edge.
      const left = Math.min(position.x + 12, canvas.clientWidth - tooltip.offsetWidth - 4);
      const top = position.y + 12 + tooltip.offsetHeight > canvas.clientHeight ? position.y - tooltip.offsetHeight - 12 : position.y + 12;
      tooltip.style.left = `${Math.max(4, left)}px`;
      tooltip.style.top = `${Math.max(4, top)}px`;
    } else {
      tooltip.hidden = true;
    }
  };
  const nodeText = (id: string) => {
    const node = cy.getElementById(id);
    const category = catalogue.categories.get(String(node.data('category')));
    const text = `${node.data('label')} — ${category ? pick(lang, category.name) : node.data('category')}`;
    const depth = Number(node.data('depth'));
    // In rings, how far out the concept is, which the drawing shows by its ring.
    return rings && depth > 0 ? `${text}, ${t(lang, depth === 1 ? 'hopAway' : 'hopsAway', { n: depth })}` : text;
  };

  cy.on('mouseover', 'edge', (event) => {
    emphasise(event.target);
    show(String(event.target.data('sentence')), event.target.renderedMidpoint());
  });
  cy.on('mouseover', 'node', (event) => {
    emphasise(event.target);
    show(nodeText(event.target.id()), event.target.renderedPosition());
  });
  cy.on('mouseout', 'edge, node', () => {
    tooltip.hidden = true;
    // Back to what the keyboard chose, if anything.
    const chosen = cy.$(':selected');
    emphasise(chosen.nonempty() ? chosen[0] : undefined);
  });
  cy.on('tap', 'node', (event) => options.onOpen(event.target.id()));
  cy.on('tap', 'edge', (event) => show(String(event.target.data('sentence')), event.target.renderedMidpoint()));

  // Keyboard: the canvas itself is one tab stop; arrows walk relations and concepts, Enter opens a concept.
  let edgeIndex = -1;
  let nodeIndex = -1;
  let focusedNode: string | undefined;
  canvas.addEventListener('keydown', (event) => {
    // Only the relations on screen: hidden learning-order edges are skipped until the toggle shows them.
    const edges = edgeOrder.map((id) => cy.getElementById(id)).filter((edge) => edge.visible());
    if ((event.key === 'ArrowRight' || event.key === 'ArrowLeft') && edges.length > 0) {
      edgeIndex = (edgeIndex + (event.key === 'ArrowRight' ? 1 : edges.length - 1)) % edges.length;
      const edge = edges[edgeIndex];
      if (!edge) return;
      cy.elements().unselect();
      edge.select();
      focusedNode = undefined;
      emphasise(edge);
      show(String(edge.data('sentence')), edge.renderedMidpoint());
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && nodeOrder.length > 0) {
      nodeIndex = (nodeIndex + (event.key === 'ArrowDown' ? 1 : nodeOrder.length - 1)) % nodeOrder.length;
      const node = cy.getElementById(nodeOrder[nodeIndex] ?? '');
      if (node.empty()) return;
      cy.elements().unselect();
      node.select();
      focusedNode = node.id();
      emphasise(node);
      show(nodeText(node.id()), node.renderedPosition());
    } else if (event.key === 'Enter' && focusedNode) {
      options.onOpen(focusedNode);
    } else if (event.key === 'Escape') {
      cy.elements().unselect();
      emphasise();
      tooltip.hidden = true;
      return;
    } else {
      return;
    }
    event.preventDefault();
  });
  canvas.addEventListener('blur', () => {
    tooltip.hidden = true;
  });

  return {
    element,
    cy,
    highlight: (nodeIds, edgeIds) => {
      cy.batch(() => {
        cy.elements().removeClass('faded marked');
        if (nodeIds.size === 0 && edgeIds.size === 0) return;
        cy.elements().forEach((item) => {
          const on = (item.group() === 'nodes' ? nodeIds : edgeIds).has(item.id());
          item.addClass(on ? 'marked' : 'faded');
        });
      });
    },
  };
}

function unique<T>(value: T, index: number, all: T[]): boolean {
  return all.indexOf(value) === index;
}

/** Relation types the catalogue marks as the learning order (REQUIRES): how to learn, not what the technology does. */
function learningOrderTypes(catalogue: Catalogue): Set<string> {
  return new Set([...catalogue.relationTypes.values()].filter((info) => info.learningOrder).map((info) => info.key));
}

/** Cytoscape's label alignment for a label on `side` of its node. */
function labelPlacement(side: LabelSide): { halign: string; valign: string; marginX: number; marginY: number } {
  const margin = ringTuning.labelMargin;
  switch (side) {
    case 'right':
      return { halign: 'right', valign: 'center', marginX: margin, marginY: 0 };
    case 'left':
      return { halign: 'left', valign: 'center', marginX: -margin, marginY: 0 };
    case 'top':
      return { halign: 'center', valign: 'top', marginX: 0, marginY: -margin };
    case 'bottom':
      return { halign: 'center', valign: 'bottom', marginX: 0, marginY: margin };
  }
}

/** The size of a node's name as drawn (wrapped, with its plate), wherever it ends up. */
function labelSize(node: NodeSingular): { width: number; height: number } {
  const box = node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
  return { width: box.w, height: box.h };
}

function graphLegend(
  lang: Lang,
  catalogue: Catalogue,
  data: GraphData,
  looks: Map<string, EdgeLook>,
  learningTypes: ReadonlySet<string>,
): HTMLElement {
  const legend = legendParts(lang, catalogue, data, looks, learningTypes);
  // Colours go in through the CSSOM (allowed by the page's CSP, unlike style attributes).
  for (const swatch of legend.querySelectorAll<HTMLElement>('[data-color]'))
    swatch.style.setProperty('--swatch', swatch.dataset.color ?? '');
  return legend;
}

function legendParts(
  lang: Lang,
  catalogue: Catalogue,
  data: GraphData,
  looks: Map<string, EdgeLook>,
  learningTypes: ReadonlySet<string>,
): HTMLElement {
  const types = data.edges
    .map((edge) => edge.type)
    .filter(unique)
    .sort();
  const categories = data.nodes
    .map((node) => node.category)
    .filter(unique)
    .sort();
  return h(
    'div',
    { class: 'legend', role: 'group', 'aria-label': t(lang, 'legend') },
    h(
      'div',
      { class: 'legend-part' },
      h('h3', {}, t(lang, 'legendRelations')),
      h(
        'ul',
        { class: 'legend-list' },
        types.map((type) => {
          const info = catalogue.relationTypes.get(type);
          return h(
            'li',
            { 'data-type': type },
            h('span', {
              class: `swatch swatch-line line-${looks.get(type)?.lineStyle ?? 'solid'}`,
              'data-color': looks.get(type)?.color ?? '#555555',
              'aria-hidden': 'true',
            }),
            h('code', {}, type),
            info ? h('span', { class: 'legend-note' }, ` ${fill(pick(lang, info.forward), { s: 'A', o: 'B' })}`) : null,
            learningTypes.has(type) ? h('span', { class: 'legend-hidden' }, t(lang, 'hiddenType')) : null,
          );
        }),
      ),
    ),
    h(
      'div',
      { class: 'legend-part' },
      h('h3', {}, t(lang, 'legendCategories')),
      h(
        'ul',
        { class: 'legend-list' },
        categories.map((category) => {
          const style = categoryStyle(category);
          const info = catalogue.categories.get(category);
          return h(
            'li',
            { 'data-category': category },
            h('span', { class: `swatch swatch-node shape-${style.shape}`, 'data-color': style.color, 'aria-hidden': 'true' }),
            info ? pick(lang, info.name) : category,
          );
        }),
      ),
    ),
  );
}
