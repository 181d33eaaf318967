// The Cytoscape.js drawing of a set of concepts and relations: nodes coloured and shaped by category, edges
// coloured by type with a legend, the relation's sentence on hover or keyboard focus, click to re-centre.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import type { ConceptSummary, Relation } from './api-types.js';
import type { Catalogue } from './context.js';
import { h, uid } from './dom.js';
import { categoryStyle, type EdgeLook, relationLooks } from './graph-style.js';
import { fill, type Lang, pick, t } from './i18n.js';

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

export function graphView(
  lang: Lang,
  catalogue: Catalogue,
  data: GraphData,
  options: { label: string; onOpen: (id: string) => void; slot: HTMLElement; after?: Node[] },
): GraphHandle {
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

  const elements: ElementDefinition[] = [
    ...data.nodes.map((node) => ({
      group: 'nodes' as const,
      data: {
        id: node.id,
        label: pick(lang, node.name),
        category: node.category,
        color: categoryStyle(node.category).color,
        shape: categoryStyle(node.category).shape,
        depth: node.depth ?? 0,
      },
      classes: node.id === data.centre ? 'centre' : '',
    })),
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
    })),
  ];

  const legend = graphLegend(lang, catalogue, data, looks);
  const element = h(
    'figure',
    { class: 'graph' },
    h('div', { class: 'graph-stage' }, canvas, tooltip),
    h('figcaption', {}, h('p', { id: helpId, class: 'graph-help' }, t(lang, 'graphHelp')), readout),
    legend,
  );
  // In the page before Cytoscape starts, so the layout sees the container's real size.
  options.slot.replaceChildren(element, ...(options.after ?? []));

  const maxDepth = Math.max(0, ...data.nodes.map((node) => node.depth ?? 0));
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
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-wrap': 'wrap',
          'text-max-width': '110px',
          'text-outline-color': '#ffffff',
          'text-outline-width': 2,
          width: 26,
          height: 26,
        },
      },
      {
        selector: 'node.centre',
        style: { width: 42, height: 42, 'border-width': 4, 'border-color': '#111111', 'font-weight': 'bold', 'font-size': 13 },
      },
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
      { selector: '.faded', style: { opacity: 0.18 } },
      { selector: 'edge.marked', style: { width: 6, opacity: 1 } },
      { selector: 'node.marked', style: { 'border-width': 4, 'border-color': '#111111', opacity: 1 } },
      { selector: ':selected', style: { 'overlay-color': '#005fcc', 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
    ],
    layout:
      data.layout === 'rings'
        ? {
            name: 'concentric',
            concentric: (node) => maxDepth + 1 - Number(node.data('depth')),
            levelWidth: () => 1,
            minNodeSpacing: 36,
            nodeDimensionsIncludeLabels: true,
            animate: false,
          }
        : { name: 'breadthfirst', directed: false, roots: data.centre ? [data.centre] : undefined, spacingFactor: 1.1, animate: false },
  });
  window.conceptGraphExplorer = { cy };

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
    return `${node.data('label')} — ${category ? pick(lang, category.name) : node.data('category')}`;
  };

  cy.on('mouseover', 'edge', (event) => show(String(event.target.data('sentence')), event.target.renderedMidpoint()));
  cy.on('mouseover', 'node', (event) => show(nodeText(event.target.id()), event.target.renderedPosition()));
  cy.on('mouseout', 'edge, node', () => {
    tooltip.hidden = true;
  });
  cy.on('tap', 'node', (event) => options.onOpen(event.target.id()));
  cy.on('tap', 'edge', (event) => show(String(event.target.data('sentence')), event.target.renderedMidpoint()));

  // Keyboard: the canvas itself is one tab stop; arrows walk relations and concepts, Enter opens a concept.
  let edgeIndex = -1;
  let nodeIndex = -1;
  let focusedNode: string | undefined;
  canvas.addEventListener('keydown', (event) => {
    const edges = cy.edges();
    const nodes = cy.nodes();
    if ((event.key === 'ArrowRight' || event.key === 'ArrowLeft') && edges.length > 0) {
      edgeIndex = (edgeIndex + (event.key === 'ArrowRight' ? 1 : edges.length - 1)) % edges.length;
      const edge = edges[edgeIndex];
      if (!edge) return;
      cy.elements().unselect();
      edge.select();
      focusedNode = undefined;
      show(String(edge.data('sentence')), edge.renderedMidpoint());
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && nodes.length > 0) {
      nodeIndex = (nodeIndex + (event.key === 'ArrowDown' ? 1 : nodes.length - 1)) % nodes.length;
      const node = nodes[nodeIndex];
      if (!node) return;
      cy.elements().unselect();
      node.select();
      focusedNode = node.id();
      show(nodeText(node.id()), node.renderedPosition());
    } else if (event.key === 'Enter' && focusedNode) {
      options.onOpen(focusedNode);
    } else if (event.key === 'Escape') {
      cy.elements().unselect();
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

function graphLegend(lang: Lang, catalogue: Catalogue, data: GraphData, looks: Map<string, EdgeLook>): HTMLElement {
  const legend = legendParts(lang, catalogue, data, looks);
  // Colours go in through the CSSOM (allowed by the page's CSP, unlike style attributes).
  for (const swatch of legend.querySelectorAll<HTMLElement>('[data-color]'))
    swatch.style.setProperty('--swatch', swatch.dataset.color ?? '');
  return legend;
}

function legendParts(lang: Lang, catalogue: Catalogue, data: GraphData, looks: Map<string, EdgeLook>): HTMLElement {
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
