// Pieces several views share: concept names in both languages, citations, links.
import type { Citation, ConceptRef } from '../api-types.js';
import { h } from '../dom.js';
import { type Lang, otherLang, pick } from '../i18n.js';
import { citationLabel, distinctCitations } from '../relation-groups.js';
import { type Route, routeUrl } from '../routes.js';

export function routeLink(route: Route, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLAnchorElement {
  return h('a', { href: routeUrl(route), ...attributes }, ...children);
}

export function conceptLink(lang: Lang, concept: ConceptRef, depth: 1 | 2 = 1, label?: string): HTMLAnchorElement {
  return routeLink(
    { view: 'concept', id: concept.id, depth },
    { class: 'concept-link', 'data-concept-id': concept.id },
    label ?? pick(lang, concept.name),
  );
}

/** "도커 데몬 (Docker daemon)": the name in the page's language, the other one beside it when it differs. */
export function bothNames(lang: Lang, concept: ConceptRef): (Node | string)[] {
  const main = pick(lang, concept.name);
  const other = pick(otherLang(lang), concept.name);
  return other && other !== main ? [main, ' ', h('span', { class: 'other-name', lang: otherLang(lang) }, other)] : [main];
}

export function citationList(lang: Lang, citations: readonly Citation[], className = 'citations'): HTMLElement | null {
  const distinct = distinctCitations(citations);
  if (distinct.length === 0) return null;
  return h(
    'ul',
    { class: className },
    distinct.map((citation) => {
      const label = citationLabel(citation, lang);
      return h(
        'li',
        {},
        h('cite', {}, label.url ? h('a', { href: label.url, rel: 'noopener noreferrer', target: '_blank' }, label.text) : label.text),
      );
    }),
  );
}

export function loadingLine(text: string): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, text);
}
