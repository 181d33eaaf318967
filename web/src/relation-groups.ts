// How a concept's relations are laid out for reading: grouped by type, each with the concept at the other end,
// its sentence split around that concept's name (to link it), and a label for each citation. Pure: no DOM.
import type { Citation, ConceptRef, Relation } from './api-types.js';
import { type Lang, pick, t } from './i18n.js';

export interface RelationItem {
  relation: Relation;
  /** out: the concept is the subject; in: the concept is the object. */
  direction: 'out' | 'in';
  other: ConceptRef;
}

export interface RelationGroup {
  type: string;
  items: RelationItem[];
}

/**
 * A concept's outgoing and incoming relations in groups by type. Groups follow `typeOrder` (the catalogue's
 * order) and then the alphabet; inside a group, outgoing before incoming, then by the other end's name.
 */
export function groupRelations(
  relations: { outgoing: Relation[]; incoming: Relation[] },
  typeOrder: readonly string[],
  lang: Lang,
): RelationGroup[] {
  const byType = new Map<string, RelationItem[]>();
  const seen = new Set<string>();
  const add = (relation: Relation, direction: 'out' | 'in') => {
    // A self-loop or a symmetric relation can come back in both lists.
    if (seen.has(relation.id)) return;
    seen.add(relation.id);
    const list = byType.get(relation.type) ?? [];
    list.push({ relation, direction, other: direction === 'out' ? relation.object : relation.subject });
    byType.set(relation.type, list);
  };
  for (const relation of relations.outgoing) add(relation, 'out');
  for (const relation of relations.incoming) add(relation, 'in');

  const rank = (type: string) => {
    const index = typeOrder.indexOf(type);
    return index === -1 ? typeOrder.length : index;
  };
  return [...byType.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([type, items]) => ({
      type,
      items: items.sort(
        (a, b) =>
          (a.direction === b.direction ? 0 : a.direction === 'out' ? -1 : 1) ||
          pick(lang, a.other.name).localeCompare(pick(lang, b.other.name)),
      ),
    }));
}

/** The sentence cut around the first mention of `name`, so the page can make that mention a link. */
export function splitAround(sentence: string, name: string): { before: string; match: string; after: string } | null {
  if (!name) return null;
  // Sentences lower-case common nouns mid-sentence ("Docker uses container"), so the name is found whatever
  // its case, and `match` keeps the sentence's own spelling.
  const index = sentence.toLocaleLowerCase().indexOf(name.toLocaleLowerCase());
  if (index === -1) return null;
  return {
    before: sentence.slice(0, index),
    match: sentence.slice(index, index + name.length),
    after: sentence.slice(index + name.length),
  };
}

/** A readable citation: the source title and, for the notes, the section heading; with the link when there is one. */
export function citationLabel(citation: Citation, lang: Lang): { text: string; url: string | null } {
  const title = pick(lang, citation.title) || citation.sourceId;
  const section = citation.section ? pick(lang, citation.section.title) || citation.section.heading : '';
  return { text: section ? `${title}, ${t(lang, 'section')} “${section}”` : title, url: safeUrl(citation.url) };
}

/** Only http(s) links leave the page; anything else in a reply is shown as text. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  return /^https?:\/\//i.test(url) ? url : null;
}

/** Citations without repeats (the same section cited twice reads once). */
export function distinctCitations(citations: readonly Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((citation) => {
    const key = `${citation.sourceId}#${citation.section?.id ?? ''}#${citation.url ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
