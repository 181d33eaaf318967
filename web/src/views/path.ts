// "How are these related?": two concepts, the shortest chains of relations between them as sentences,
// and the same chains drawn on a graph with the chosen one highlighted.

import { getJson } from '../api.js';
import type { ConceptRef, ExplainedPath } from '../api-types.js';
import { conceptPicker } from '../concept-picker.js';
import type { ViewContext } from '../context.js';
import { h } from '../dom.js';
import { type GraphHandle, graphView } from '../graph-view.js';
import { pick, t } from '../i18n.js';
import type { Route } from '../routes.js';
import { citationList, conceptLink, loadingLine } from './common.js';
import { problemBox } from './problem.js';

type PathRoute = Extract<Route, { view: 'path' }>;

/** How far and how many: the API's defaults, written here so the page can say them. */
const pathQuery = { maxHops: 4, limit: 3 } as const;

export async function pathView(ctx: ViewContext, route: PathRoute, main: HTMLElement): Promise<void> {
  const { lang } = ctx;
  ctx.setTitle(t(lang, 'pathTitle'));
  const from = conceptPicker(ctx, { label: t(lang, 'from'), name: 'from' });
  const to = conceptPicker(ctx, { label: t(lang, 'to'), name: 'to' });
  const message = h('p', { class: 'form-message', role: 'status' });
  const results = h('div', { class: 'path-results' });
  const form = h(
    'form',
    { class: 'pair-form', 'aria-label': t(lang, 'pathTitle') },
    from.element,
    to.element,
    h('button', { type: 'submit' }, t(lang, 'showPaths')),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const [a, b] = await Promise.all([from.resolve(), to.resolve()]);
    if (!a || !b) {
      message.textContent = t(lang, 'pickConcept');
      (a ? to : from).input.focus();
      return;
    }
    ctx.navigate({ view: 'path', from: a.id, to: b.id });
  });
  main.replaceChildren(h('h1', { tabindex: '-1' }, t(lang, 'pathTitle')), h('p', { class: 'intro' }, t(lang, 'pathIntro')), form, results);
  if (route.from) from.set({ id: route.from, name: { en: route.from, ko: route.from } });
  if (route.to) to.set({ id: route.to, name: { en: route.to, ko: route.to } });
  if (!route.from || !route.to) return;

  results.replaceChildren(loadingLine(t(lang, 'loading')));
  try {
    const [reply, catalogue] = await Promise.all([
      getJson<{ items: ExplainedPath[] }>('paths', { from: route.from, to: route.to, ...pathQuery }, ctx.signal),
      ctx.catalogue(),
    ]);
    const paths = reply.items;
    const ends = endsOf(paths);
    if (ends) {
      from.set(ends.from);
      to.set(ends.to);
    }
    if (paths.length === 0) {
      results.replaceChildren(h('p', { class: 'no-path', role: 'status' }, t(lang, 'noPath', { hops: pathQuery.maxHops })));
      return;
    }
    const list = h('ol', { class: 'paths' });
    const graphSlot = h('div', { class: 'graph-slot' });
    results.replaceChildren(
      h('h2', {}, t(lang, 'pathsFound', { n: paths.length, len: paths[0]?.length ?? 0 })),
      h('div', { class: 'path-body' }, list, graphSlot),
    );

    const nodes = new Map(paths.flatMap((path) => path.nodes).map((node) => [node.id, node]));
    const edges = new Map(paths.flatMap((path) => path.edges).map((edge) => [edge.id, edge]));
    const graph: GraphHandle = graphView(
      lang,
      catalogue,
      { nodes: [...nodes.values()], edges: [...edges.values()], centre: route.from, layout: 'chain' },
      {
        label: t(lang, 'graphLabel', { nodes: nodes.size, edges: edges.size, name: pick(lang, ends?.from.name) || route.from }),
        onOpen: (id) => ctx.navigate({ view: 'concept', id, depth: 1 }),
        slot: graphSlot,
      },
    );

    const buttons: HTMLButtonElement[] = [];
    const choose = (index: number) => {
      const path = paths[index];
      if (!path) return;
      graph.highlight(new Set(path.nodes.map((node) => node.id)), new Set(path.edges.map((edge) => edge.id)));
      buttons.forEach((button, i) => {
        button.setAttribute('aria-pressed', String(i === index));
      });
      list.querySelectorAll('.path').forEach((item, i) => {
        item.classList.toggle('chosen', i === index);
      });
    };
    paths.forEach((path, index) => {
      const button = h('button', { type: 'button', class: 'highlight-button', 'aria-pressed': 'false' }, t(lang, 'highlightPath'));
      button.addEventListener('click', () => choose(index));
      buttons.push(button);
      list.append(
        h(
          'li',
          { class: 'path', 'data-length': path.length },
          h('h3', {}, t(lang, 'pathN', { n: index + 1 })),
          h('p', { class: 'path-explanation' }, pick(lang, path.explanation)),
          h(
            'ol',
            { class: 'path-steps' },
            path.edges.map((edge) =>
              h(
                'li',
                { class: 'path-step', 'data-relation-id': edge.id },
                pick(lang, edge.sentence),
                citationList(lang, edge.sources, 'citations inline'),
              ),
            ),
          ),
          h(
            'p',
            { class: 'path-nodes' },
            ...path.nodes.flatMap((node, i) => (i === 0 ? [conceptLink(lang, node)] : [' → ', conceptLink(lang, node)])),
          ),
          button,
        ),
      );
    });
    choose(0);
  } catch (error) {
    if (ctx.signal.aborted) return;
    results.replaceChildren(problemBox(lang, error));
  }
}

function endsOf(paths: ExplainedPath[]): { from: ConceptRef; to: ConceptRef } | undefined {
  const first = paths[0];
  const a = first?.nodes[0];
  const b = first?.nodes[first.nodes.length - 1];
  return a && b ? { from: a, to: b } : undefined;
}
