// What every view gets from the page: the language, navigation, the catalogue (loaded once) and a way to speak to screen readers.
import type { CategoryInfo, RelationTypeInfo } from './api-types.js';
import type { Lang } from './i18n.js';
import type { Route } from './routes.js';

export interface Catalogue {
  relationTypes: Map<string, RelationTypeInfo>;
  categories: Map<string, CategoryInfo>;
}

export interface ViewContext {
  lang: Lang;
  /** Aborted when the page leaves this view, so late replies do not draw over the next one. */
  signal: AbortSignal;
  navigate(route: Route, options?: { replace?: boolean }): void;
  /** Updates the address bar to `route` without drawing again (a view that already shows it). */
  replaceUrl(route: Route): void;
  catalogue(): Promise<Catalogue>;
  announce(text: string): void;
  setTitle(title: string): void;
}
