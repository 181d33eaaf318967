// A search box with as-you-type suggestions (ARIA combobox with a listbox), used for the site search and
// wherever a view asks for a concept. Suggestions come from GET /v1/search, so Korean, English and typos work.

import { getJson, isAbort } from './api.js';
import type { ConceptRef, SearchHit } from './api-types.js';
import { sourceQuery, type ViewContext } from './context.js';
import { h, uid } from './dom.js';
import { otherLang, pick, t } from './i18n.js';

/** Tuning for the suggestion list: how long typing pauses before a request, and how many suggestions. */
export const pickerTuning = { debounceMs: 120, suggestions: 8 } as const;

export interface ConceptPicker {
  element: HTMLElement;
  input: HTMLInputElement;
  /** The chosen concept, or undefined while the text does not name a chosen suggestion. */
  chosen(): ConceptRef | undefined;
  set(concept: ConceptRef | undefined): void;
  /** Resolves the typed text to the best match when nothing was chosen (Enter without picking). */
  resolve(): Promise<ConceptRef | undefined>;
}

export function conceptPicker(
  ctx: Pick<ViewContext, 'lang' | 'announce'> & Partial<Pick<ViewContext, 'source'>>,
  options: { label: string; name: string; placeholder?: string; onChoose?: (concept: ConceptRef) => void; visibleLabel?: boolean },
): ConceptPicker {
  const inputId = uid(`picker-${options.name}`);
  const listId = `${inputId}-list`;
  const input = h('input', {
    id: inputId,
    name: options.name,
    type: 'text',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    placeholder: options.placeholder,
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'suggestions', 'aria-label': options.label, hidden: true });
  const label = h('label', { for: inputId, class: options.visibleLabel === false ? 'visually-hidden' : 'picker-label' }, options.label);
  const element = h('div', { class: 'picker' }, label, h('div', { class: 'picker-box' }, input, list));

  let hits: SearchHit[] = [];
  let active = -1;
  let chosen: ConceptRef | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: AbortController | undefined;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };

  const choose = (concept: ConceptRef) => {
    chosen = concept;
    input.value = pick(ctx.lang, concept.name);
    close();
    options.onChoose?.(concept);
  };

  const highlight = (index: number) => {
    active = index;
    list.querySelectorAll('[role="option"]').forEach((option, i) => {
      option.setAttribute('aria-selected', String(i === index));
      if (i === index) {
        input.setAttribute('aria-activedescendant', option.id);
        option.scrollIntoView({ block: 'nearest' });
      }
    });
  };

  const render = (query: string) => {
    list.replaceChildren(
      ...hits.map((hit, index) => {
        const name = pick(ctx.lang, hit.concept.name);
        const other = pick(otherLang(ctx.lang), hit.concept.name);
        const option = h(
          'li',
          { id: `${listId}-${index}`, role: 'option', 'aria-selected': 'false', 'data-concept-id': hit.concept.id, class: 'suggestion' },
          h('span', { class: 'suggestion-name' }, name),
          other && other !== name ? h('span', { class: 'suggestion-other', lang: otherLang(ctx.lang) }, other) : null,
          hit.matched.field === 'alias' ? h('span', { class: 'suggestion-match' }, `“${hit.matched.text}”`) : null,
        );
        // mousedown, not click: the input keeps focus, so the list does not close before the choice lands.
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(hit.concept);
        });
        return option;
      }),
    );
    if (hits.length === 0) {
      list.append(
        h(
          'li',
          { class: 'suggestion-empty', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false' },
          t(ctx.lang, 'searchNoMatch', { q: query }),
        ),
      );
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
    ctx.announce(hits.length > 0 ? t(ctx.lang, 'suggestionsCount', { n: hits.length }) : t(ctx.lang, 'searchNoMatch', { q: query }));
  };

  const search = async (query: string): Promise<SearchHit[]> => {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const reply = await getJson<{ items: SearchHit[] }>(
      'search',
      { q: query, limit: pickerTuning.suggestions, ...sourceQuery(ctx.source) },
      controller.signal,
    );
    return reply.items;
  };

  input.addEventListener('input', () => {
    chosen = undefined;
    clearTimeout(timer);
    const query = input.value.trim();
    if (!query) {
      inFlight?.abort();
      close();
      return;
    }
    timer = setTimeout(() => {
      search(query).then(
        (items) => {
          if (input.value.trim() !== query) return;
          hits = items;
          render(query);
        },
        (error: unknown) => {
          if (!isAbort(error)) close();
        },
      );
    }, pickerTuning.debounceMs);
  });

  input.addEventListener('keydown', (event) => {
    const open = !list.hidden && hits.length > 0;
    if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      highlight((active + 1) % hits.length);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      highlight(active <= 0 ? hits.length - 1 : active - 1);
    } else if (event.key === 'Enter' && open && active >= 0) {
      event.preventDefault();
      const hit = hits[active];
      if (hit) choose(hit.concept);
    } else if (event.key === 'Escape' && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));

  return {
    element,
    input,
    chosen: () => chosen,
    set: (concept) => {
      chosen = concept;
      input.value = concept ? pick(ctx.lang, concept.name) : '';
    },
    resolve: async () => {
      if (chosen) return chosen;
      const query = input.value.trim();
      if (!query) return undefined;
      const first = (await search(query))[0];
      if (first) {
        chosen = first.concept;
        input.value = pick(ctx.lang, first.concept.name);
      }
      close();
      return first?.concept;
    },
  };
}
