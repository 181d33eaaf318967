// The ETag of a cached GET reply: derived from the graph version, the path and the normalised query, so it
// changes exactly when the graph does. The reply cache answers If-None-Match with it, and a write checks
// If-Match against the same value for the element's URL (graph/curation/write.ts).
import { createHash } from 'node:crypto';
import { normalisedQuery } from './reply-cache-store.js';

/**
 * The path with each segment percent-decoded, so `/v1/relations/a%3AUSES%3Ab` and `/v1/relations/a:USES:b`
 * (clients differ in what they encode) name one representation and one ETag. Ids never contain `/`.
 */
function decodedPath(path: string): string {
  if (!path.includes('%')) return path;
  return path
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

export function replyCacheKey(version: string, path: string, query: unknown): string {
  return `${version}\n${decodedPath(path)}?${normalisedQuery(query)}`;
}

export function etagOfKey(key: string): string {
  return `"${createHash('sha1').update(key).digest('base64url').slice(0, 22)}"`;
}

/** The ETag GET on `path` (no query) answers with at graph version `version`. */
export function elementEtag(version: string, path: string): string {
  return etagOfKey(replyCacheKey(version, path, {}));
}
