// The concept view: both names, summary, category, aliases, relations as sentences grouped by type with
// their citations, the neighbourhood graph (depth 1–2) beside them, and the concept's history below.

import { getJson } from '../api.js';
import type { ConceptDetail, Neighborhood } from '../api-types.js';
import { type Catalogue, sourceQuery, type ViewContext } from '../context.js';
import { h } from '../dom.js';
import { type GraphOptions, graphView } from '../graph-view.js';
import { fill, type Lang, otherLang, pick, t } from '../i18n.js';
import { groupRelations, type RelationItem, splitAround } from '../relation-groups.js';
import type { Route } from '../routes.js';
import { bothNames, citationList, conceptLink, loadingLine, routeLink } from './common.js';
import { historySection } from './history.js';
import { problemBox } from './problem.js';

type ConceptRoute = Extract<Route, { view: 'concept' }>;

export async function conceptView(ctx: ViewContext, route: ConceptRoute, main: HTMLElement): Promise<void> {
  const [detail, catalogue] = await Promise.all([
    getJson<ConceptDetail>(`concepts/${encodeURIComponent(route.id)}`, {}, ctx.signal),
    ctx.catalogue(),
  ]);
  const { lang } = ctx;
  const concept = detail.concept;
  const name = pick(lang, concept.name);
  ctx.setTitle(name);
  const category = catalogue.categories.get(concept.category);
  const aliases = [...concept.aliases[lang], ...concept.aliases[otherLang(lang)]];

  const graphSlot = h('div', { class: 'graph-slot' });
  // The reader's choice to show the learning order lasts while they stay on this concept (either depth).
  const learningOrder = {
    shown: false,
    onChange: (shown: boolean) => {
      learningOrder.shown = shown;
    },
  };
  const depthControl = h(
    'fieldset',
    { class: 'depth' },
    h('legend', {}, t(lang, 'depth')),
    ([1, 2] as const).map((depth) =>
      h(
        'label',
        {},
        h('input', {
          type: 'radio',
          name: 'depth',
          value: String(depth),
          checked: depth === route.depth,
          onchange: () => {
            const next: ConceptRoute = { ...route, depth };
            ctx.replaceUrl(next);
            void drawGraph(ctx, catalogue, next, graphSlot, learningOrder);
          },
        }),
        ` ${t(lang, depth === 1 ? 'depthHops' : 'depthHopsPlural', { n: depth })}`,
      ),
    ),
  );

  const history = historySection(ctx, concept.id);
  const typeOrder = [...catalogue.relationTypes.keys()];
  const groups = groupRelations(detail.relations, typeOrder, lang);
  main.replaceChildren(
    h(
      'article',
      { class: 'concept', 'data-concept-id': concept.id },
      h(
        'header',
        { class: 'concept-header' },
        h(
          'p',
          { class: 'eyebrow' },
          `${t(lang, 'category')}: `,
          h('span', { class: 'category', 'data-category': concept.category }, category ? pick(lang, category.name) : concept.category),
        ),
        h('h1', { tabindex: '-1' }, ...bothNames(lang, concept)),
        h('p', { class: 'summary' }, pick(lang, concept.summary)),
        h(
          'dl',
          { class: 'facts' },
          aliases.length > 0 ? [h('dt', {}, t(lang, 'aliases')), h('dd', { class: 'aliases' }, aliases.join(', '))] : null,
          concept.tags.length > 0 ? [h('dt', {}, t(lang, 'tags')), h('dd', {}, concept.tags.join(', '))] : null,
        ),
        h(
          'nav',
          { class: 'actions', 'aria-label': name },
          routeLink({ view: 'learn', target: concept.id, known: [] }, { class: 'button-link' }, t(lang, 'learnThis', { name })),
          routeLink({ view: 'quiz', concept: concept.id }, { class: 'button-link' }, t(lang, 'quizThis', { name })),
          routeLink({ view: 'path', from: concept.id }, { class: 'button-link' }, t(lang, 'relateThis', { name })),
        ),
      ),
      h(
        'div',
        { class: 'concept-body' },
        h(
          'section',
          { class: 'relations', 'aria-labelledby': 'relations-heading' },
          h('h2', { id: 'relations-heading' }, t(lang, 'relations')),
          groups.length === 0
            ? h('p', {}, t(lang, 'noRelations'))
            : groups.map((group) => {
                const info = catalogue.relationTypes.get(group.type);
                const headingId = `rel-${group.type}`;
                return h(
                  'section',
                  { class: 'relation-group', 'data-type': group.type, 'aria-labelledby': headingId },
                  h(
                    'h3',
                    { id: headingId, title: info ? pick(lang, info.description) : undefined },
                    info ? fill(pick(lang, info.forward), { s: 'A', o: 'B' }) : group.type,
                    ' ',
                    h('code', { class: 'type-key' }, group.type),
                  ),
                  h(
                    'ul',
                    { class: 'relation-list' },
                    group.items.map((item) => relationItem(lang, item, route.depth)),
                  ),
                );
              }),
        ),
        h(
          'section',
          { class: 'graph-section', 'aria-labelledby': 'graph-heading' },
          h('h2', { id: 'graph-heading' }, t(lang, 'graph')),
          depthControl,
          graphSlot,
        ),
      ),
      concept.sources.length > 0
        ? h(
            'section',
            { class: 'sources', 'aria-labelledby': 'sources-heading' },
            h('h2', { id: 'sources-heading' }, t(lang, 'sources')),
            citationList(lang, concept.sources),
          )
        : null,
      history.element,
    ),
  );
  // The history is secondary: it loads beside the graph, and the view counts as drawn without waiting for it.
  void history.load();
  await drawGraph(ctx, catalogue, route, graphSlot, learningOrder);
}

function relationItem(lang: Lang, item: RelationItem, depth: 1 | 2): HTMLElement {
  const sentence = pick(lang, item.relation.sentence);
  const parts = splitAround(sentence, pick(lang, item.other.name));
  const text = parts
    ? [parts.before, conceptLink(lang, item.other, depth, parts.match), parts.after]
    : [sentence, ' → ', conceptLink(lang, item.other, depth)];
  return h(
    'li',
    { class: 'relation', 'data-relation-id': item.relation.id, 'data-direction': item.direction },
    h('span', { class: 'sentence' }, ...text),
    item.relation.confidence < 1
      ? h('span', { class: 'confidence' }, ` (${t(lang, 'confidence', { c: item.relation.confidence })})`)
      : null,
    citationList(lang, item.relation.sources, 'citations inline'),
  );
}

async function drawGraph(
  ctx: ViewContext,
  catalogue: Catalogue,
  route: ConceptRoute,
  slot: HTMLElement,
  learningOrder: NonNullable<GraphOptions['learningOrder']>,
): Promise<void> {
  slot.replaceChildren(loadingLine(t(ctx.lang, 'loading')));
  // Depth changes can overlap: only the latest request draws, whichever reply comes back last.
  const drawing = String(Number(slot.dataset.drawing ?? 0) + 1);
  slot.dataset.drawing = drawing;
  try {
    const hood = await getJson<Neighborhood>(
      `concepts/${encodeURIComponent(route.id)}/neighborhood`,
      { depth: route.depth, ...sourceQuery(ctx.source) },
      ctx.signal,
    );
    if (ctx.signal.aborted || slot.dataset.drawing !== drawing) return;
    const centre = hood.nodes.find((node) => node.id === route.id);
    graphView(
      ctx.lang,
      catalogue,
      { nodes: hood.nodes, edges: hood.edges, centre: route.id, layout: 'rings' },
      {
        label: t(ctx.lang, 'graphLabel', {
          nodes: hood.nodes.length,
          edges: hood.edges.length,
          name: centre ? pick(ctx.lang, centre.name) : route.id,
        }),
        onOpen: (id) => {
          if (id !== route.id) ctx.navigate({ view: 'concept', id, depth: route.depth });
        },
        slot,
        learningOrder,
        after: hood.truncated ? [h('p', { class: 'note' }, t(ctx.lang, 'graphTruncated'))] : [],
      },
    );
  } catch (error) {
    if (ctx.signal.aborted) return;
    slot.replaceChildren(problemBox(ctx.lang, error));
  }
}
