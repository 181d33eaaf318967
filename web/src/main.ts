// The explorer's entry: header (search, navigation, language), a router over the History API, and the views.

import { getJson, isAbort } from './api.js';
import type { CategoryInfo, RelationTypeInfo } from './api-types.js';
import { conceptPicker } from './concept-picker.js';
import { type Catalogue, type SourceChoice, sourceChoices, type ViewContext } from './context.js';
import { h } from './dom.js';
import { initialLang, type Lang, t } from './i18n.js';
import { parseRoute, type Route, routeUrl } from './routes.js';
import { conceptView } from './views/concept.js';
import { homeView } from './views/home.js';
import { learnView } from './views/learn.js';
import { pathView } from './views/path.js';
import { problemBox } from './views/problem.js';
import { quizView } from './views/quiz.js';

const langKey = 'concept-graph.explorer.lang';
const sourceKey = 'concept-graph.explorer.source';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

const state = {
  lang: initialLang(stored(langKey), navigator.languages ?? [navigator.language]),
  source: sourceChoices.find((choice) => choice === stored(sourceKey)) ?? ('all' as SourceChoice),
  controller: new AbortController(),
};

let cataloguePromise: Promise<Catalogue> | undefined;
/** Relation types and categories, fetched once; a failure is not cached, so the next view tries again. */
function loadCatalogue(): Promise<Catalogue> {
  cataloguePromise ??= Promise.all([
    getJson<{ items: RelationTypeInfo[] }>('relation-types'),
    getJson<{ items: CategoryInfo[] }>('categories'),
  ]).then(
    ([types, categories]) => ({
      relationTypes: new Map(types.items.map((type) => [type.key, type])),
      categories: new Map(categories.items.map((category) => [category.id, category])),
    }),
    (error: unknown) => {
      cataloguePromise = undefined;
      throw error;
    },
  );
  return cataloguePromise;
}

const header = document.getElementById('site-header');
const main = document.getElementById('main');
const liveRegion = document.getElementById('announcer');
if (!header || !main || !liveRegion) throw new Error('index.html lacks #site-header, #main or #announcer');

function announce(text: string): void {
  if (!liveRegion) return;
  liveRegion.textContent = '';
  // A fresh text node after clearing makes screen readers speak a repeated message again.
  setTimeout(() => {
    liveRegion.textContent = text;
  }, 50);
}

function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const url = routeUrl(route);
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  void render({ focus: true });
}

function setLang(lang: Lang): void {
  state.lang = lang;
  store(langKey, lang);
  renderHeader();
  void render({ focus: false });
}

function setSource(source: SourceChoice): void {
  state.source = source;
  store(sourceKey, source);
  renderHeader();
  document.querySelector<HTMLSelectElement>('.source-choice select')?.focus();
  void render({ focus: false });
}

const sourceNames = { all: 'sourceAll', notes: 'sourceNotes', background: 'sourceBackground' } as const;

/** A labelled select: a native control, so keyboards and screen readers know it without ARIA of our own. */
function sourceSwitch(lang: Lang): HTMLElement {
  const select = h(
    'select',
    { id: 'source-choice', name: 'source' },
    sourceChoices.map((choice) => h('option', { value: choice, selected: choice === state.source }, t(lang, sourceNames[choice]))),
  );
  select.addEventListener('change', () => {
    const choice = sourceChoices.find((value) => value === select.value);
    if (choice) setSource(choice);
  });
  return h('div', { class: 'source-choice' }, h('label', { for: 'source-choice' }, t(lang, 'sourceLabel')), select);
}

function renderHeader(): void {
  if (!header) return;
  const { lang } = state;
  document.documentElement.lang = lang;
  const search = conceptPicker(
    { lang, announce, source: state.source },
    {
      label: t(lang, 'searchLabel'),
      name: 'q',
      placeholder: t(lang, 'searchPlaceholder'),
      visibleLabel: false,
      onChoose: (concept) => navigate({ view: 'concept', id: concept.id, depth: 1 }),
    },
  );
  const searchForm = h(
    'form',
    { role: 'search', class: 'site-search' },
    search.element,
    h('button', { type: 'submit' }, t(lang, 'searchButton')),
  );
  searchForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const concept = await search.resolve();
      if (concept) navigate({ view: 'concept', id: concept.id, depth: 1 });
      else announce(t(lang, 'searchNoMatch', { q: search.input.value }));
    } catch (error) {
      if (!isAbort(error) && main) main.replaceChildren(problemBox(lang, error));
    }
  });
  // The visible word is in the other language (that is the one a reader looks for); the hidden part says what it does.
  const langButton = h(
    'button',
    { type: 'button', class: 'lang-toggle' },
    h('span', { lang: lang === 'en' ? 'ko' : 'en' }, t(lang, 'switchLanguage')),
    h('span', { class: 'visually-hidden' }, ` (${t(lang, 'switchLanguageLabel')})`),
  );
  langButton.addEventListener('click', () => {
    setLang(lang === 'en' ? 'ko' : 'en');
    document.querySelector<HTMLButtonElement>('.lang-toggle')?.focus();
  });
  const navItem = (route: Route, label: string) => h('li', {}, h('a', { href: routeUrl(route), 'data-nav': route.view }, label));
  header.replaceChildren(
    h('a', { class: 'skip-link', href: '#main' }, t(lang, 'skipToContent')),
    h(
      'div',
      { class: 'header-row' },
      h('a', { class: 'brand', href: '/explore' }, t(lang, 'appName')),
      searchForm,
      sourceSwitch(lang),
      langButton,
    ),
    h(
      'nav',
      { 'aria-label': t(lang, 'mainNav'), class: 'main-nav' },
      h(
        'ul',
        {},
        navItem({ view: 'home' }, t(lang, 'navSearch')),
        navItem({ view: 'path' }, t(lang, 'navPath')),
        navItem({ view: 'learn', known: [] }, t(lang, 'navLearn')),
        navItem({ view: 'quiz' }, t(lang, 'navQuiz')),
        h('li', {}, h('a', { href: '/docs' }, t(lang, 'navApi'))),
      ),
    ),
  );
}

async function render(options: { focus: boolean }): Promise<void> {
  if (!main) return;
  state.controller.abort();
  const controller = new AbortController();
  state.controller = controller;
  const route = parseRoute(location.pathname, location.search);
  const { lang } = state;
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.getAttribute('data-nav') === route.view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  window.conceptGraphExplorer = { cy: undefined };
  main.setAttribute('aria-busy', 'true');
  delete main.dataset.ready;
  main.replaceChildren(h('p', { class: 'loading', role: 'status' }, t(lang, 'loading')));
  const ctx: ViewContext = {
    lang,
    source: state.source,
    signal: controller.signal,
    navigate,
    replaceUrl: (next) => history.replaceState(null, '', routeUrl(next)),
    catalogue: loadCatalogue,
    announce,
    setTitle: (title) => {
      document.title = title ? `${title} — ${t(lang, 'appName')}` : t(lang, 'appName');
    },
  };
  try {
    switch (route.view) {
      case 'home':
        await homeView(ctx, route, main);
        break;
      case 'concept':
        await conceptView(ctx, route, main);
        break;
      case 'path':
        await pathView(ctx, route, main);
        break;
      case 'learn':
        await learnView(ctx, route, main);
        break;
      case 'quiz':
        await quizView(ctx, route, main);
        break;
      case 'not-found':
        ctx.setTitle(t(lang, 'notFoundTitle'));
        main.replaceChildren(
          h(
            'div',
            { class: 'problem', role: 'alert' },
            h('h1', { class: 'problem-title', tabindex: '-1' }, t(lang, 'notFoundTitle')),
            h('p', { class: 'problem-detail' }, t(lang, 'notFoundDetail', { path: route.path })),
            h('p', {}, h('a', { href: '/explore' }, t(lang, 'backHome'))),
          ),
        );
        break;
    }
  } catch (error) {
    if (controller.signal.aborted || isAbort(error)) return;
    ctx.setTitle(t(lang, 'problem'));
    main.replaceChildren(problemBox(lang, error));
  } finally {
    if (!controller.signal.aborted) {
      main.removeAttribute('aria-busy');
      main.dataset.view = route.view;
      main.dataset.ready = 'true';
    }
  }
  if (options.focus && !controller.signal.aborted) {
    (main.querySelector<HTMLElement>('h1, .problem h2') ?? main).focus({ preventScroll: false });
  }
}

// Links inside the page move through history instead of reloading; other links (API docs, sources) behave normally.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.('a');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !(url.pathname === '/' || url.pathname === '/explore' || url.pathname.startsWith('/explore/')))
    return;
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  event.preventDefault();
  if (url.href === location.href) return;
  history.pushState(null, '', url.pathname + url.search);
  void render({ focus: true });
});

window.addEventListener('popstate', () => {
  void render({ focus: true });
});

renderHeader();
void render({ focus: false });
