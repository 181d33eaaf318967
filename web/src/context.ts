// What every view gets from the page: the language, navigation, the catalogue (loaded once) and a way to speak to screen readers.
import type { CategoryInfo, RelationTypeInfo } from './api-types.js';
import type { Lang } from './i18n.js';
import type { Route } from './routes.js';

export interface Catalogue {
  relationTypes: Map<string, RelationTypeInfo>;
  categories: Map<string, CategoryInfo>;
}

/** Which part of the graph listings show: everything, what the study notes support, or the background beyond them. */
export const sourceChoices = ['all', 'notes', 'background'] as const;
export type SourceChoice = (typeof sourceChoices)[number];

/** The `source` query parameter for a choice (none for everything). */
export function sourceQuery(source: SourceChoice | undefined): { source?: 'notes' | 'background' } {
  return source === 'notes' || source === 'background' ? { source } : {};
}

export interface ViewContext {
  lang: Lang;
  /** Applied to the listings, searches and neighbourhoods the page asks for. */
  source: SourceChoice;
  /** Aborted when the page leaves this view, so late replies do not draw over the next one. */
  signal: AbortSignal;
  navigate(route: Route, options?: { replace?: boolean }): void;
  /** Updates the address bar to `route` without drawing again (a view that already shows it). */
  replaceUrl(route: Route): void;
  catalogue(): Promise<Catalogue>;
  announce(text: string): void;
  setTitle(title: string): void;
}
