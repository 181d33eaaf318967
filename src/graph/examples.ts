// Example values for the OpenAPI document, taken from the seeded graph's real content.
import type { Citation, Concept, ConceptSummary, Relation } from './model.js';

export const exampleCitation: Citation = {
  sourceId: 'notes',
  title: { en: 'Docker concepts — study notes', ko: 'Docker 개념 정리 (학습 노트)' },
  url: null,
  section: { id: 'containerd', heading: 'containerd', title: { en: 'containerd', ko: 'containerd' } },
};

export const exampleConceptSummary: ConceptSummary = {
  id: 'containerd',
  name: { en: 'containerd', ko: 'containerd' },
  category: 'runtime',
};

export const exampleConcept: Concept = {
  id: 'containerd',
  name: { en: 'containerd', ko: 'containerd' },
  aliases: { en: ['containerd daemon'], ko: ['컨테이너디'] },
  summary: {
    en: 'containerd is a high-level container runtime that manages images and the life of containers and hands the low-level work to runc.',
    ko: 'containerd는 이미지와 컨테이너의 생애를 관리하고 저수준 작업은 runc에 맡기는 고수준 컨테이너 런타임이다.',
  },
  category: 'runtime',
  tags: ['container-runtime', 'engine-internals', 'cncf'],
  sources: [exampleCitation],
  provenance: 'notes',
};

export const exampleRelation: Relation = {
  id: 'containerd:IMPLEMENTS:cri',
  type: 'IMPLEMENTS',
  subject: { id: 'containerd', name: { en: 'containerd', ko: 'containerd' } },
  object: { id: 'cri', name: { en: 'Container Runtime Interface', ko: 'CRI' } },
  sentence: { en: 'containerd implements the Container Runtime Interface', ko: 'containerd는 CRI를 구현한다' },
  confidence: 1,
  sources: [exampleCitation],
  provenance: 'notes',
};
