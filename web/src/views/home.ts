// The start page: what the explorer is for, a few ways in, and the concepts by category.

import { getJson } from '../api.js';
import type { Concept } from '../api-types.js';
import { sourceQuery, type ViewContext } from '../context.js';
import { h } from '../dom.js';
import { pick, t } from '../i18n.js';
import type { Route } from '../routes.js';
import { bothNames, loadingLine, routeLink } from './common.js';
import { problemBox } from './problem.js';

type HomeRoute = Extract<Route, { view: 'home' }>;

/** Ways in shown on the start page: routes through well-known corners of the seeded graph. */
const startingPoints: { route: Route; label: { en: string; ko: string } }[] = [
  { route: { view: 'concept', id: 'docker-daemon', depth: 1 }, label: { en: 'What is the Docker daemon?', ko: '도커 데몬이란?' } },
  {
    route: { view: 'path', from: 'runc', to: 'kubernetes' },
    label: { en: 'How is runc related to Kubernetes?', ko: 'runc와 쿠버네티스는 어떻게 연결될까?' },
  },
  {
    route: { view: 'learn', target: 'libcontainer', known: [] },
    label: { en: 'What to learn before libcontainer', ko: 'libcontainer 전에 배울 것' },
  },
  { route: { view: 'quiz', concept: 'containerd' }, label: { en: 'A quiz on containerd', ko: 'containerd 퀴즈' } },
];

export async function homeView(ctx: ViewContext, route: HomeRoute, main: HTMLElement): Promise<void> {
  const { lang } = ctx;
  ctx.setTitle('');
  const categoryList = h('ul', { class: 'category-list' });
  const conceptList = h('div', { class: 'category-concepts' });
  main.replaceChildren(
    h('h1', { tabindex: '-1' }, t(lang, 'appName')),
    h('p', { class: 'intro' }, t(lang, 'tagline')),
    h(
      'section',
      { 'aria-labelledby': 'try-heading' },
      h('h2', { id: 'try-heading' }, t(lang, 'tryThese')),
      h(
        'ul',
        { class: 'starting-points' },
        startingPoints.map((point) => h('li', {}, routeLink(point.route, {}, point.label[lang]))),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'categories-heading' },
      h('h2', { id: 'categories-heading' }, t(lang, 'browseByCategory')),
      categoryList,
      conceptList,
    ),
  );

  const catalogue = await ctx.catalogue();
  categoryList.replaceChildren(
    ...[...catalogue.categories.values()].map((category) =>
      h(
        'li',
        {},
        routeLink(
          { view: 'home', category: category.id },
          route.category === category.id ? { 'aria-current': 'page', 'data-category': category.id } : { 'data-category': category.id },
          pick(lang, category.name),
          category.count === undefined ? '' : ` (${category.count})`,
        ),
      ),
    ),
  );
  if (!route.category) return;
  const category = catalogue.categories.get(route.category);
  conceptList.replaceChildren(loadingLine(t(lang, 'loading')));
  try {
    const page = await getJson<{ items: Concept[] }>(
      'concepts',
      { category: route.category, limit: 100, ...sourceQuery(ctx.source) },
      ctx.signal,
    );
    conceptList.replaceChildren(
      h('h3', {}, t(lang, 'conceptsIn', { category: category ? pick(lang, category.name) : route.category })),
      h(
        'ul',
        { class: 'concept-cards' },
        page.items.map((concept) =>
          h(
            'li',
            { class: 'concept-card' },
            routeLink({ view: 'concept', id: concept.id, depth: 1 }, { class: 'concept-card-link' }, ...bothNames(lang, concept)),
            h('p', {}, firstSentence(pick(lang, concept.summary))),
          ),
        ),
      ),
    );
  } catch (error) {
    if (ctx.signal.aborted) return;
    conceptList.replaceChildren(problemBox(lang, error));
  }
}

function firstSentence(text: string): string {
  const match = /^(.+?[.!?。])(\s|$)/u.exec(text);
  return match?.[1] ?? text;
}
