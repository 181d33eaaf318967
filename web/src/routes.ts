// The page's URLs: every view has one, so deep links and the back button work (pure: no DOM).
export type Route =
  | { view: 'home'; category?: string }
  | { view: 'concept'; id: string; depth: 1 | 2 }
  | { view: 'path'; from?: string; to?: string }
  | { view: 'learn'; target?: string; known: string[] }
  | { view: 'quiz'; concept?: string; seed?: string }
  | { view: 'not-found'; path: string };

const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** An id-shaped value or nothing; anything else is left for the API to reject with its own problem. */
function param(search: URLSearchParams, name: string): string | undefined {
  const value = search.get(name)?.trim();
  return value ? value : undefined;
}

function idList(value: string | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').map((id) => id.trim()))].filter((id) => idPattern.test(id));
}

/** Reads a location (path and query) as a route; `/`, `/explore` and `/explore/` are the home view. */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const trimmed = pathname.replace(/\/+$/, '') || '/';
  if (trimmed === '/' || trimmed === '/explore') {
    const category = param(query, 'category');
    return category ? { view: 'home', category } : { view: 'home' };
  }
  const concept = /^\/explore\/concept\/([^/]+)$/.exec(trimmed);
  if (concept?.[1]) {
    return { view: 'concept', id: decodeURIComponent(concept[1]), depth: query.get('depth') === '2' ? 2 : 1 };
  }
  switch (trimmed) {
    case '/explore/path':
      return { view: 'path', ...optional('from', param(query, 'from')), ...optional('to', param(query, 'to')) };
    case '/explore/learn':
      return { view: 'learn', ...optional('target', param(query, 'target')), known: idList(param(query, 'known')) };
    case '/explore/quiz':
      return { view: 'quiz', ...optional('concept', param(query, 'concept')), ...optional('seed', param(query, 'seed')) };
    default:
      return { view: 'not-found', path: pathname };
  }
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** The URL of a route; parseRoute(routeUrl(r)) gives r back. */
export function routeUrl(route: Route): string {
  const withQuery = (path: string, entries: [string, string | undefined][]) => {
    const query = new URLSearchParams();
    for (const [key, value] of entries) if (value) query.set(key, value);
    const text = query.toString().replaceAll('%2C', ',');
    return text ? `${path}?${text}` : path;
  };
  switch (route.view) {
    case 'home':
      return withQuery('/explore', [['category', route.category]]);
    case 'concept':
      return withQuery(`/explore/concept/${encodeURIComponent(route.id)}`, [['depth', route.depth === 2 ? '2' : undefined]]);
    case 'path':
      return withQuery('/explore/path', [
        ['from', route.from],
        ['to', route.to],
      ]);
    case 'learn':
      return withQuery('/explore/learn', [
        ['target', route.target],
        ['known', route.known.join(',')],
      ]);
    case 'quiz':
      return withQuery('/explore/quiz', [
        ['concept', route.concept],
        ['seed', route.seed],
      ]);
    case 'not-found':
      return route.path;
  }
}
