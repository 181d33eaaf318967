// How concept://{id} completion orders the concepts search found. What a client completes is an id, so an
// id that starts with the typed text comes first ("cont" -> container, containerd, …), then an id with a
// later dash-separated part starting with it (kata-containers), then a name starting with it in either
// language, then the rest; search's own order holds within each group.

export interface CompletionCandidate {
  id: string;
  name: { en: string; ko: string };
}

/** Lower tier first; the order of the groups described above. */
function tier(typed: string, { id, name }: CompletionCandidate): number {
  if (id.startsWith(typed)) return 0;
  if (id.split('-').some((part) => part.startsWith(typed))) return 1;
  const words = [name.en, name.ko].flatMap((text) => [text, ...text.split(/[\s\-_/()]+/)]).map((word) => word.toLowerCase());
  if (words.some((word) => word.startsWith(typed))) return 2;
  return 3;
}

/** The ids to offer for `value`, at most `limit`, without repeats. */
export function rankIdCompletions(value: string, candidates: CompletionCandidate[], limit: number): string[] {
  const typed = value.trim().toLowerCase();
  const seen = new Set<string>();
  const unique = candidates.filter((candidate) => !seen.has(candidate.id) && seen.add(candidate.id));
  return unique
    .map((candidate, index) => ({ id: candidate.id, tier: tier(typed, candidate), index }))
    .sort((a, b) => a.tier - b.tier || a.index - b.index)
    .slice(0, limit)
    .map((ranked) => ranked.id);
}
