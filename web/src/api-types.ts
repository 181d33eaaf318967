// The parts of the /v1 replies the page reads. The page is a client of the HTTP contract like any other app,
// so these are written from the OpenAPI document rather than imported from src/ (which would bundle zod);
// fields other helpers may add are ignored, and fields marked optional may be missing in older or newer replies.
import type { Bilingual } from './i18n.js';

export interface ConceptRef {
  id: string;
  name: Bilingual;
}

export interface ConceptSummary extends ConceptRef {
  category: string;
}

export interface Citation {
  sourceId: string;
  title?: Bilingual;
  url: string | null;
  section: { id: string; heading: string; title?: Bilingual } | null;
}

export interface Concept extends ConceptSummary {
  aliases: { en: string[]; ko: string[] };
  summary: Bilingual;
  tags: string[];
  sources: Citation[];
}

export interface Relation {
  id: string;
  type: string;
  subject: ConceptRef;
  object: ConceptRef;
  sentence: Bilingual;
  confidence: number;
  sources: Citation[];
}

export interface ConceptDetail {
  concept: Concept;
  relations: { outgoing: Relation[]; incoming: Relation[] };
}

export interface Neighborhood {
  nodes: (ConceptSummary & { depth: number })[];
  edges: Relation[];
  truncated: boolean;
}

export interface ExplainedPath {
  length: number;
  nodes: ConceptSummary[];
  edges: Relation[];
  explanation: Bilingual;
}

export interface SearchHit {
  concept: Concept;
  score: number;
  matched: { field: string; how: string; text: string };
}

export interface RelationTypeInfo {
  key: string;
  description: Bilingual;
  forward: Bilingual;
  inverse: Bilingual;
  symmetric?: boolean;
}

export interface CategoryInfo {
  id: string;
  name: Bilingual;
  description?: Bilingual;
  count?: number;
}

export interface LearningStep {
  position: number;
  concept: ConceptSummary;
  because: Relation[];
  /** Newer replies say in words why the step is there. */
  why?: Bilingual;
}

export interface LearningPath {
  target: ConceptSummary;
  known: ConceptSummary[];
  steps: LearningStep[];
  skipped: ConceptSummary[];
  /** Newer replies: how many prerequisites were left out as known. */
  skippedAsKnown?: number;
}

interface QuizExplanation {
  sentence: Bilingual;
  relationId?: string;
  citations: Citation[];
}

export type QuizQuestion =
  | {
      kind: 'multiple-choice';
      id: string;
      prompt: Bilingual;
      choices: ConceptRef[];
      answer: { conceptId: string };
      explanation: QuizExplanation;
    }
  | {
      kind: 'true-false';
      id: string;
      prompt: Bilingual;
      statement?: Bilingual;
      answer: { value: boolean };
      explanation: QuizExplanation;
    }
  | {
      kind: 'fill-in-the-blank';
      id: string;
      prompt: Bilingual;
      answer: { conceptId: string; text?: Bilingual; accepted: { en: string[]; ko: string[] } };
      explanation: QuizExplanation;
    };

export interface Quiz {
  seed: string;
  concept: ConceptRef | null;
  questions: QuizQuestion[];
  /** Newer replies: the count asked for, and how many different questions the facts allow. */
  requested?: number;
  available?: number;
}

/** RFC 9457 problem details, as every error of the API is sent. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { in?: string; path: string; message: string }[];
}
