// The concept view's History section: the concept's revisions over the API, newest first, a page at a time.
// It loads on its own after the concept is drawn and fails soft: a notice in the section, never the whole view.
import { ApiError, getJson, isAbort } from '../api.js';
import type { ViewContext } from '../context.js';
import { h } from '../dom.js';
import { type HistoryPage, type Revision, revisionPhrase, revisionTime } from '../history.js';
import { type Lang, t } from '../i18n.js';
import { loadingLine } from './common.js';

const pageSize = 20;

/** The section, empty but for its heading and a loading line; `load()` fills it (the view does not wait for it). */
export function historySection(ctx: ViewContext, conceptId: string): { element: HTMLElement; load(): Promise<void> } {
  const { lang } = ctx;
  const body = h('div', { class: 'history-body' }, loadingLine(t(lang, 'loading')));
  const element = h(
    'section',
    { class: 'history', 'aria-labelledby': 'history-heading', 'data-state': 'loading' },
    h('h2', { id: 'history-heading' }, t(lang, 'history')),
    body,
  );
  const fetchPage = (before?: number) =>
    getJson<HistoryPage>(`concepts/${encodeURIComponent(conceptId)}/history`, { limit: pageSize, before }, ctx.signal);

  const load = async (): Promise<void> => {
    let first: HistoryPage;
    try {
      first = await fetchPage();
    } catch (error) {
      if (ctx.signal.aborted || isAbort(error)) return;
      element.dataset.state = 'failed';
      body.replaceChildren(failureNote(lang, error));
      return;
    }
    if (ctx.signal.aborted) return;
    if (first.items.length === 0) {
      element.dataset.state = 'empty';
      body.replaceChildren(h('p', { class: 'history-empty' }, t(lang, 'historyEmpty')));
      return;
    }
    const list = h(
      'ul',
      { class: 'history-list' },
      first.items.map((revision) => revisionItem(lang, revision)),
    );
    body.replaceChildren(list);
    if (first.nextBefore !== null) body.append(moreButton(ctx, list, first.nextBefore, fetchPage));
    element.dataset.state = 'loaded';
  };
  return { element, load };
}

function revisionItem(lang: Lang, revision: Revision): HTMLElement {
  return h(
    'li',
    { class: 'revision', 'data-seq': revision.seq, 'data-op': revision.op },
    h('time', { datetime: revision.at }, revisionTime(lang, revision.at)),
    ' · ',
    h('span', { class: 'revision-what' }, revisionPhrase(lang, revision)),
    ' · ',
    h('span', { class: 'revision-by' }, t(lang, 'historyBy', { who: revision.by })),
  );
}

/** A button that appends the next older page; it stays focusable while loading and goes once nothing older is left. */
function moreButton(
  ctx: ViewContext,
  list: HTMLElement,
  firstBefore: number,
  fetchPage: (before: number) => Promise<HistoryPage>,
): HTMLElement {
  const { lang } = ctx;
  let before = firstBefore;
  const notice = h('p', { class: 'note history-more-failed', role: 'status' });
  const button = h('button', { type: 'button', class: 'history-more' }, t(lang, 'historyMore'));
  const wrapper = h('div', { class: 'history-more-row' }, button, notice);
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    notice.textContent = '';
    try {
      const next = await fetchPage(before);
      if (ctx.signal.aborted) return;
      const items = next.items.map((revision) => revisionItem(lang, revision));
      list.append(...items);
      ctx.announce(t(lang, 'historyMoreLoaded', { n: items.length }));
      if (next.nextBefore === null) {
        // The button goes; focus moves to the first added change so the keyboard does not fall back to the page top.
        wrapper.remove();
        items[0]?.setAttribute('tabindex', '-1');
        items[0]?.focus();
      } else {
        before = next.nextBefore;
      }
    } catch (error) {
      if (ctx.signal.aborted || isAbort(error)) return;
      notice.replaceChildren(failureText(lang, error));
    } finally {
      button.removeAttribute('aria-busy');
    }
  });
  return wrapper;
}

function failureText(lang: Lang, error: unknown): string {
  const reason = error instanceof ApiError ? error.problem.title : error instanceof Error ? error.message : String(error);
  return t(lang, 'historyFailed', { reason });
}

function failureNote(lang: Lang, error: unknown): HTMLElement {
  return h('p', { class: 'note history-failed', role: 'status' }, failureText(lang, error));
}
