import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { categoryCounts, relationTypeCounts } from '../graph/concepts.js';
import { CategoryInfo, RelationTypeInfo, SourceInfo } from '../graph/model.js';
import { jsonReply, notModifiedReply, problemReplies } from './schemas.js';

const noQuery = z.strictObject({});

// Each route's options (cost, schema, documented replies) are a constant named after its operation; the
// plugin at the end pairs each with its path and handler.
const listRelationTypesOptions = {
  config: { cost: 'lookup' },
  schema: {
    tags: ['catalogue'],
    operationId: 'listRelationTypes',
    summary: 'The relation-type catalogue',
    description: 'Every relation type with its phrasing both ways in both languages and how many relations use it.',
    querystring: noQuery,
    response: {
      200: jsonReply(z.object({ items: z.array(RelationTypeInfo) }), 'Relation types', {
        items: [
          {
            key: 'IMPLEMENTS',
            symmetric: false,
            learningOrder: false,
            hierarchy: false,
            description: {
              en: 'The subject realises an interface or specification described by the object.',
              ko: '주어가 목적어가 정의하는 인터페이스나 명세를 구현한다.',
            },
            forward: { en: '{s} implements {o}', ko: '{s}은(는) {o}을(를) 구현한다' },
            inverse: { en: '{o} is implemented by {s}', ko: '{o}은(는) {s}에 의해 구현된다' },
            keywords: { en: ['implement', 'interface'], ko: ['구현', '인터페이스'] },
            count: 2,
          },
        ],
      }),
      ...notModifiedReply,
      ...problemReplies(400, 500, 503),
    },
  },
} as const;

const listCategoriesOptions = {
  config: { cost: 'lookup' },
  schema: {
    tags: ['catalogue'],
    operationId: 'listCategories',
    summary: 'Concept categories with counts',
    querystring: noQuery,
    response: {
      200: jsonReply(z.object({ items: z.array(CategoryInfo) }), 'Categories', {
        items: [
          {
            id: 'runtime',
            name: { en: 'Runtime', ko: '런타임' },
            description: { en: 'Software that runs containers.', ko: '컨테이너를 실행하는 소프트웨어.' },
            count: 6,
          },
        ],
      }),
      ...notModifiedReply,
      ...problemReplies(400, 500, 503),
    },
  },
} as const;

const listSourcesOptions = {
  config: { cost: 'lookup' },
  schema: {
    tags: ['catalogue'],
    operationId: 'listSources',
    summary: 'Sources the graph cites',
    description: 'The study notes (with their sections) and the articles they were drawn from.',
    querystring: noQuery,
    response: {
      200: jsonReply(z.object({ items: z.array(SourceInfo) }), 'Sources', {
        items: [
          {
            id: 'gngsn-docker-engine',
            kind: 'article',
            title: { en: 'Understanding Docker Engine properly', ko: 'Docker Engine, 제대로 이해하기' },
            language: 'ko',
            url: 'https://gngsn.tistory.com/128',
            derivedFrom: [],
            sections: [],
          },
        ],
      }),
      ...notModifiedReply,
      ...problemReplies(400, 500, 503),
    },
  },
} as const;

export const catalogueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/relation-types', listRelationTypesOptions, async (request) => {
    const catalogue = await app.catalogue.get();
    const counts = await relationTypeCounts(request.graphDb, catalogue);
    return { items: catalogue.relationTypes.map((type) => ({ ...type, count: counts.get(type.key) ?? 0 })) };
  });

  app.get('/categories', listCategoriesOptions, async (request) => {
    const catalogue = await app.catalogue.get();
    const counts = await categoryCounts(request.graphDb);
    return { items: catalogue.categories.map((category) => ({ ...category, count: counts.get(category.id) ?? 0 })) };
  });

  app.get('/sources', listSourcesOptions, async () => ({ items: (await app.catalogue.get()).sources }));
};
