// The write validator runs the seed's own rules over a neighbourhood: it names the changed element's fields and
// reports the problems a change brings to others (a cycle), never the ones the neighbourhood had already.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogueFiles,
  checkElement,
  conceptChangeReachesRelations,
  conceptFieldsRelationRulesRead,
} from '../../../src/graph/curation/validate.js';
import { must } from '../../../src/must.js';
import { checkConfidence } from '../../../src/seed/checks/confidence.js';
import { checkDomainAndRange } from '../../../src/seed/checks/domain-range.js';
import { checkLearningOrder } from '../../../src/seed/checks/learning-order.js';
import { checkTemplates } from '../../../src/seed/checks/templates.js';
import { loadSeed } from '../../../src/seed/load.js';
import type { ConceptDef, RelationDef } from '../../../src/seed/schema.js';

let catalogue: CatalogueFiles;
let concepts: Map<string, ConceptDef>;
let relations: RelationDef[];

beforeAll(async () => {
  const seed = await loadSeed('graph-seed');
  catalogue = { categories: seed.categories, sources: seed.sources, relationTypes: seed.relationTypes };
  concepts = new Map(seed.concepts.map((c) => [c.id, c]));
  relations = seed.relations;
});

const concept = (id: string) => must(concepts.get(id), id);
const between = (a: string, b: string) =>
  relations.filter((r) => (r.subject === a && r.object === b) || (r.subject === b && r.object === a));

describe('checkElement', () => {
  it('accepts an unchanged concept and relation of the seed', () => {
    const runc = concept('runc');
    expect(checkElement(catalogue, { concepts: [runc], relations: [] }, { kind: 'concept', concept: runc })).toEqual([]);
    const relation = must(
      relations.find((r) => r.subject === 'runc' && r.type === 'USES'),
      'runc USES',
    );
    const around = { concepts: [runc, concept(relation.object)], relations: between('runc', relation.object) };
    expect(checkElement(catalogue, around, { kind: 'relation', relation })).toEqual([]);
  });

  it('names the field of a concept that breaks a rule', () => {
    const changed = { ...concept('runc'), sources: [{ source: 'no-such-source' }] };
    const problems = checkElement(catalogue, { concepts: [concept('runc')], relations: [] }, { kind: 'concept', concept: changed });
    expect(problems.map((p) => p.path)).toContain('sources.0');
  });

  it('reports an unknown end as the relation field that names it', () => {
    const relation: RelationDef = {
      subject: 'runc',
      type: 'USES',
      object: 'nothing-here',
      confidence: 0.6,
      sources: [{ source: 'notes', section: 'docker-engine' }],
    };
    const problems = checkElement(catalogue, { concepts: [concept('runc')], relations: [] }, { kind: 'relation', relation });
    expect(problems.map((p) => p.path)).toContain('object');
  });

  it('reports the learning-order cycle a new edge closes, though the rule reports it on the edge it finds', () => {
    const existing = must(
      relations.find((r) => r.type === 'REQUIRES'),
      'a REQUIRES edge',
    );
    const reverse: RelationDef = { ...existing, subject: existing.object, object: existing.subject };
    const around = { concepts: [concept(existing.subject), concept(existing.object)], relations: [existing] };
    const problems = checkElement(catalogue, around, { kind: 'relation', relation: reverse });
    expect(problems.some((p) => p.message.includes('form a cycle'))).toBe(true);
  });

  it('does not report what the neighbourhood broke before the change', () => {
    const runc = concept('runc');
    // A broken neighbour (its category unknown) is not the changed concept's problem.
    const broken = { ...concept('containerd'), category: 'no-such-category' };
    const problems = checkElement(catalogue, { concepts: [runc, broken], relations: [] }, { kind: 'concept', concept: runc });
    expect(problems).toEqual([]);
  });
});

describe('the concept fields relation rules read', () => {
  it('are the only fields of a concept the relation rule families read', () => {
    const read = new Set<string>();
    const watched = [...concepts.values()].map(
      (c) =>
        new Proxy(c, {
          get(target, field, receiver) {
            if (typeof field === 'string') read.add(field);
            return Reflect.get(target, field, receiver);
          },
        }),
    );
    const input = {
      data: { ...catalogue, concepts: watched, relations },
      known: { categories: undefined, sources: undefined, relationTypes: undefined, concepts: undefined },
      report: () => {},
    };
    for (const rules of [checkConfidence, checkDomainAndRange, checkLearningOrder]) rules(input);
    checkTemplates(input, false);
    expect(read.size).toBeGreaterThan(0);
    expect([...read].filter((field) => !(conceptFieldsRelationRulesRead as readonly string[]).includes(field))).toEqual([]);
  });

  it('decide whether a concept change is checked with its relations', () => {
    const runc = concept('runc');
    expect(conceptChangeReachesRelations(runc, { ...runc, summary: { en: 'changed', ko: '바뀜' } })).toBe(false);
    expect(conceptChangeReachesRelations(runc, { ...runc, category: 'tool' })).toBe(true);
    expect(conceptChangeReachesRelations(runc, { ...runc, sources: [{ source: 'background', section: 'docker-overview' }] })).toBe(true);
    expect(conceptChangeReachesRelations(null, runc)).toBe(false);
  });
});
