// Search's pure parts (src/graph/search/): the Lucene queries it sends, how a name matches the query, and the
// scores of each kind of match, which keep the tiers apart.
import { describe, expect, it } from 'vitest';
import type { Concept } from '../../../src/graph/model.js';
import { boundedWords, keyQuery, luceneQuery } from '../../../src/graph/search/lucene.js';
import { bestName, closestName, keyedMatch, typoMatch } from '../../../src/graph/search/names.js';
import { searchScores, searchTuning } from '../../../src/graph/search/weights.js';

function concept(id: string, en: string, ko: string, aliases: { en?: string[]; ko?: string[] } = {}): Concept {
  return {
    id,
    name: { en, ko },
    aliases: { en: aliases.en ?? [], ko: aliases.ko ?? [] },
    summary: { en: `${en}.`, ko: `${ko}.` },
    category: 'runtime',
    tags: [],
    sources: [],
    provenance: 'notes',
  };
}

const containerd = concept('containerd', 'containerd', 'containerd', { en: ['ctr daemon'] });
const container = concept('container', 'Container', '컨테이너');
const dockerCli = concept('docker-cli', 'Docker client', '도커 클라이언트', { ko: ['도커 CLI'] });

describe('Lucene queries', () => {
  it('matches Latin words whole, as a prefix and fuzzily; leaves Hangul to the analyzer; escapes the syntax', () => {
    expect(luceneQuery(['containerd', 'runc'])).toBe('(containerd^3 OR containerd* OR containerd~2) OR (runc^3 OR runc* OR runc~1)');
    expect(luceneQuery(['containerd'], false)).toBe('(containerd^3 OR containerd*)');
    expect(luceneQuery(['도커', 'a:b'])).toBe('도커 OR (a\\:b^3 OR a\\:b*)');
  });

  it('keeps the query small whatever the input', () => {
    const words = Array.from({ length: 20 }, (_, i) => `word${i}${'x'.repeat(60)}`);
    expect(boundedWords(words)).toHaveLength(searchTuning.maxWords);
    for (const word of boundedWords(words)) expect([...word].length).toBeLessThanOrEqual(searchTuning.maxWordLength);
    expect(luceneQuery(words).match(/~/g)).toHaveLength(searchTuning.maxFuzzyWords);
  });

  it('looks a key up whole and as a prefix, its spaces escaped', () => {
    expect(keyQuery('docker cli')).toBe('docker\\ cli^4 OR docker\\ cli*');
    expect(keyQuery('c')).toBe('c');
  });
});

describe('how names match', () => {
  it('scores an exact name above an exact alias, and the id counts as the name', () => {
    expect(keyedMatch(containerd, 'containerd')).toMatchObject({
      score: searchScores.exact.name,
      matched: { field: 'name', how: 'exact' },
    });
    expect(keyedMatch(containerd, 'ctrdaemon')).toMatchObject({
      score: searchScores.exact.alias,
      matched: { field: 'alias', how: 'exact' },
    });
    expect(keyedMatch(dockerCli, 'dockercli')).toMatchObject({ matched: { field: 'name', how: 'exact', text: 'Docker client' } });
  });

  it('scores a prefix closer to the whole name higher, within the prefix tier', () => {
    const short = keyedMatch(container, 'contai');
    const long = keyedMatch(containerd, 'contai');
    expect(short?.matched).toEqual({ field: 'name', how: 'prefix', text: 'Container' });
    expect(short?.score).toBeGreaterThan(long?.score ?? 1);
    for (const match of [short, long]) {
      expect(match?.score).toBeGreaterThanOrEqual(searchScores.prefix.base);
      expect(match?.score).toBeLessThan(searchScores.exact.alias);
    }
    expect(keyedMatch(container, 'runc')).toBeUndefined();
  });

  it('finds the name the whole query is a typo of and scores it in the typo tier, fewer edits higher', () => {
    const typo = closestName(containerd, 'contianerd');
    expect(typo).toMatchObject({ text: 'containerd', field: 'name' });
    const one = typoMatch(containerd, { text: 'containerd', field: 'name', distance: 1 });
    const two = typoMatch(containerd, { text: 'containerd', field: 'name', distance: 2 });
    expect(one.score).toBeGreaterThan(two.score);
    expect(two.score).toBeGreaterThanOrEqual(searchScores.typo.base);
    expect(one.score).toBeLessThan(searchScores.prefix.base);
    expect(closestName(containerd, 'containerd')).toBeUndefined();
  });

  it('explains a word match by the name or alias sharing the most words, Korean by bigrams', () => {
    expect(bestName(containerd, ['ctr', 'daemon'])).toEqual({ text: 'ctr daemon', field: 'alias' });
    expect(bestName(dockerCli, ['도커cli'])).toEqual({ text: '도커 CLI', field: 'alias' });
  });

  it('keeps the word tiers apart: every name-word score above every summary-word score', () => {
    const lowestNames = searchScores.nameWords.base;
    const highestSummaries = searchScores.summaryWords.base + searchScores.summaryWords.relative;
    expect(lowestNames).toBeGreaterThan(highestSummaries);
    expect(searchScores.nameWords.base + searchScores.nameWords.relative).toBeLessThanOrEqual(searchScores.typo.base);
  });
});
