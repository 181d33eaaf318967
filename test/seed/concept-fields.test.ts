import { describe, expect, it } from 'vitest';
import { conceptFieldProperties, conceptFields, conceptFromProperties } from '../../src/seed/concept-fields.js';
import { loadSeed } from '../../src/seed/load.js';
import type { ConceptDef } from '../../src/seed/schema.js';

describe('concept fields and node properties', () => {
  it('reads back every concept of graph-seed/ from the properties it is stored as, optional fields included', async () => {
    const { concepts } = await loadSeed('graph-seed');
    for (const concept of concepts) {
      // Through JSON, as Neo4j would hand the properties back: no undefined, no shared objects.
      const stored = JSON.parse(JSON.stringify(conceptFieldProperties(concept))) as Record<string, unknown>;
      expect(conceptFromProperties(stored)).toEqual(concept);
    }
    // The seed uses optional fields, so the round trip above covers them.
    const optional = conceptFields.filter((field) => field.optional).map((field) => field.key);
    expect(optional.length).toBeGreaterThan(0);
    expect(optional.some((key) => concepts.some((c) => (c as unknown as Record<string, unknown>)[key] !== undefined))).toBe(true);
  });

  it('stores a field as one property per key of its object, and a missing optional field as null', () => {
    const concept: ConceptDef = {
      id: 'example',
      name: { en: 'Example', ko: '예시' },
      aliases: { en: [], ko: ['보기'] },
      category: 'idea',
      tags: ['fundamentals'],
      summary: { en: 'An example.', ko: '예시이다.' },
      sources: [{ source: 'notes', section: 'what-is-docker' }, { source: 'background' }],
    } as ConceptDef;
    const props = conceptFieldProperties(concept);
    expect(props).toMatchObject({ id: 'example', nameEn: 'Example', nameKo: '예시', aliasesKo: ['보기'], summaryEn: 'An example.' });
    expect(props.sources).toEqual(['notes#what-is-docker', 'background']);
    expect(props.reading).toBeNull();
    expect(Object.keys(conceptFromProperties(props))).not.toContain('reading');
  });
});
