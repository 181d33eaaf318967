// Which methods a path answers, from the registered routes: tells a wrong method (405 with Allow) apart
// from an unknown path (404). Fastify's router only looks up one method at a time.
export interface RouteEntry {
  method: string;
  url: string;
}

/** `/v1/concepts/:id` -> a regular expression over concrete paths; `*` matches the rest of the path. */
export function routePattern(url: string): RegExp {
  const parts = url
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    });
  return new RegExp(`^${parts.join('/')}/?$`);
}

export class RouteTable {
  private readonly routes: { method: string; pattern: RegExp }[] = [];

  add(route: RouteEntry): void {
    this.routes.push({ method: route.method.toUpperCase(), pattern: routePattern(route.url) });
  }

  /**
   * The methods routes answer at `path`, sorted; OPTIONS is left out because the CORS plugin answers it on
   * every path, so it says nothing about whether the path exists.
   */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes) {
      if (route.method !== 'OPTIONS' && route.pattern.test(path)) methods.add(route.method);
    }
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}
