// Korean particles: every Korean name must be readable, so the renderer picks 은/는, 이/가, 을/를, 과/와 and
// (으)로 right. A name ending in Hangul or a digit is exact; a Latin ending the reading rule can only guess
// (kubelet, BuildKit, HEALTHCHECK) needs `reading:` in concepts.yaml, written in Hangul.
import { particleAfter, writtenEnding } from '../../graph/language/index.js';
import type { CheckInput } from './context.js';

export function checkKoreanNames({ data, report }: CheckInput): void {
  data.concepts.forEach((concept, index) => {
    const entry = `concepts[${index}] (id: ${concept.id})`;
    const name = concept.name.ko;
    if (concept.reading !== undefined) {
      if (!writtenEnding(concept.reading).sure) {
        report(
          'concepts',
          ['concepts', index, 'reading'],
          entry,
          `reading "${concept.reading}" does not end in Hangul, so it cannot settle the particle after '${name}'`,
          `write how '${name}' is read, ending in Hangul (e.g. reading: 큐블릿 for kubelet)`,
        );
      }
      return;
    }
    if (!writtenEnding(name).sure) {
      report(
        'concepts',
        ['concepts', index, 'name', 'ko'],
        entry,
        `the particle after '${name}' depends on how it is read, which its spelling does not settle (the rule would write ${name}${particleAfter(name, '은(는)')}, ${name}${particleAfter(name, '을(를)')})`,
        `add reading: <'${name}' as read, in Hangul> to the concept (e.g. reading: 큐블릿 for kubelet)`,
      );
    }
  });
}
