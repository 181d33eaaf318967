// The block a chatbot pastes into its prompt: what the concepts are (definitions, in the question's
// language), then numbered facts with [n] source markers, then the sources; kept within a character
// budget by dropping the lowest-ranked material first. Pure.
import type { Language, NumberedCitation, RetrievedConcept, RetrievedFact } from './schema.js';

const labels = {
  en: {
    definitions: 'What these are:',
    facts: 'Facts from the concept graph (numbers in brackets point to sources):',
    sources: 'Sources:',
    none: 'The concept graph has no facts related to this question.',
  },
  ko: {
    definitions: '개념 정의:',
    facts: '개념 그래프의 사실 (괄호 안 번호는 출처):',
    sources: '출처:',
    none: '개념 그래프에서 이 질문에 관련된 사실을 찾지 못했습니다.',
  },
} as const;

export function citationLine(citation: NumberedCitation, language: Language): string {
  const title = citation.title[language];
  const section = citation.section
    ? language === 'ko'
      ? `, 「${citation.section.heading}」 절`
      : `, section “${citation.section.heading}”`
    : '';
  return `[${citation.n}] ${title}${section}${citation.url ? ` — ${citation.url}` : ''}`;
}

function render(language: Language, definitions: RetrievedConcept[], facts: RetrievedFact[], citations: NumberedCitation[]): string {
  const text = labels[language];
  const parts: string[] = [];
  if (definitions.length > 0) {
    parts.push([text.definitions, ...definitions.map((c) => `- ${c.name[language]}: ${c.summary[language]}`)].join('\n'));
  }
  if (facts.length > 0) {
    const used = new Set(facts.flatMap((fact) => fact.citations));
    parts.push(
      [text.facts, ...facts.map((fact, i) => `${i + 1}. ${fact.sentence[language]}. ${fact.citations.map((n) => `[${n}]`).join('')}`)].join(
        '\n',
      ),
      [text.sources, ...citations.filter((c) => used.has(c.n)).map((c) => citationLine(c, language))].join('\n'),
    );
  } else {
    parts.push(text.none);
  }
  return parts.join('\n\n');
}

/**
 * The context within `budget` characters (code points). Facts go from the bottom first, down to one;
 * then definitions from the bottom, down to one; then the last fact; and a single definition left over
 * budget is cut at a character boundary.
 */
export function contextBlock(
  language: Language,
  concepts: RetrievedConcept[],
  facts: RetrievedFact[],
  citations: NumberedCitation[],
  maxDefinitions: number,
  budget: number,
): string {
  // A question with no facts gets no definitions either: nothing was found that answers it.
  let definitions = facts.length > 0 ? concepts.slice(0, maxDefinitions) : [];
  let kept = facts;
  let text = render(language, definitions, kept, citations);
  while ([...text].length > budget) {
    if (kept.length > 1) kept = kept.slice(0, -1);
    else if (definitions.length > 1) definitions = definitions.slice(0, -1);
    else if (kept.length > 0 && definitions.length > 0) kept = [];
    else return `${[...text].slice(0, Math.max(0, budget - 1)).join('')}…`;
    text = render(language, definitions, kept, citations);
  }
  return text;
}
