// The API's replies as the tests read them, written out by hand rather than taken from src/ so a change
// to a reply shape has to show up here; and the check every problem+json reply must pass.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export interface Named {
  en: string;
  ko: string;
}

export interface ConceptRef {
  id: string;
  name: Named;
}

export interface Citation {
  sourceId: string;
  url: string | null;
  section: { id: string } | null;
}

export interface Concept {
  id: string;
  name: Named;
  aliases: { en: string[]; ko: string[] };
  summary: Named;
  category: string;
  tags: string[];
  sources: Citation[];
  provenance: 'notes' | 'background';
}

export interface Relation {
  id: string;
  type: string;
  subject: ConceptRef;
  object: ConceptRef;
  sentence: Named;
  confidence: number;
  sources: Citation[];
  provenance: 'notes' | 'background';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Neighborhood {
  nodes: { id: string; depth: number }[];
  edges: Relation[];
  truncated: boolean;
}

export interface ExplainedPath {
  length: number;
  nodes: { id: string; name: Named; category: string }[];
  edges: Relation[];
  explanation: Named;
}

export interface SearchHit {
  concept: { id: string; name: Named; aliases: { en: string[]; ko: string[] }; summary: Named; provenance: 'notes' | 'background' };
  score: number;
  matched: { field: 'name' | 'alias' | 'summary'; how: 'exact' | 'prefix' | 'fuzzy' | 'text'; text: string };
}

export interface RelationType {
  key: string;
  symmetric: boolean;
  learningOrder: boolean;
  description: Named;
  forward: Named;
  inverse: Named;
  count: number;
}

export interface Category {
  id: string;
  name: Named;
  description: Named;
  count: number;
}

export interface Source {
  id: string;
  kind: 'notes' | 'article';
  title: Named;
  language: string;
  url: string | null;
  derivedFrom: string[];
  sections: { id: string; heading: string; title: Named }[];
}

export interface LearningPath {
  target: { id: string };
  known: { id: string }[];
  steps: {
    position: number;
    concept: { id: string };
    distance: number;
    because: { subject: { id: string }; object: { id: string }; type: string }[];
    why: Named;
  }[];
  skipped: { id: string }[];
  skippedAsKnown: number;
  omitted: number;
  truncated: boolean;
}

interface QuizExplanation {
  relationId: string;
  citations: unknown[];
}

export type QuizQuestion =
  | {
      kind: 'multiple-choice';
      id: string;
      prompt: Named;
      choices: { id: string }[];
      answer: { conceptId: string };
      explanation: QuizExplanation;
    }
  | {
      kind: 'true-false';
      id: string;
      prompt: Named;
      claim: { subject: string; type: string; object: string };
      answer: { value: boolean };
      explanation: QuizExplanation;
    }
  | {
      kind: 'fill-in-the-blank';
      id: string;
      prompt: Named;
      answer: { conceptId: string; accepted: { en: string[]; ko: string[] } };
      explanation: QuizExplanation;
    };

export interface RetrieveReply {
  language: string;
  concepts: { id: string }[];
  facts: { id: string; subject: { id: string }; object: { id: string }; citations: number[]; sentence: Named }[];
  citations: { n: number; sourceId: string }[];
  context: string;
}

/** An RFC 9457 problem reply with the given status and code, carrying every member the API promises. */
export function expectProblem(reply: LightMyRequestResponse, status: number, code: string): void {
  expect(reply.statusCode, reply.body).toBe(status);
  expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(reply.json()).toMatchObject({
    type: expect.stringMatching(/^urn:concept-graph:problem:/),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
  });
}
