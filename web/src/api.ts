// Calls to the API's /v1 routes from the page's own origin; an error reply becomes an ApiError carrying the problem.
import type { Problem } from './api-types.js';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).title === 'string';
}

/** GET /v1/<path> with the given query; throws ApiError with the reply's problem (or one made up for a network failure). */
export async function getJson<T>(path: string, query: Record<string, string | number | undefined> = {}, signal?: AbortSignal): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const url = `/v1/${path}${params.size > 0 ? `?${params}` : ''}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json, application/problem+json' }, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ title: 'Network error', status: 0, detail: `GET ${url} failed: ${String(error)}` });
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    throw new ApiError(
      isProblem(body) ? body : { title: response.statusText || 'Error', status: response.status, detail: text.slice(0, 200) },
    );
  }
  return body as T;
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
