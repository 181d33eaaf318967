// A question about the everyday meaning of a word the graph uses gets no facts: no database.
import { describe, expect, it } from 'vitest';
import { stem } from '../../../src/graph/language/index.js';
import { matchDescribed } from '../../../src/graph/retrieval/described.js';
import { buildRetrievalIndex, type ConceptRow } from '../../../src/graph/retrieval/graph-index.js';
import { matchNamed } from '../../../src/graph/retrieval/matching.js';
import { askedTypes, readQuestion, type TypeCues } from '../../../src/graph/retrieval/question.js';
import { elsewhere } from '../../../src/graph/retrieval/scope.js';

const concept = (id: string, en: string, ko: string, summary: string): ConceptRow => ({
  id,
  name: { en, ko },
  aliases: { en: [], ko: [] },
  category: 'component',
  summary: { en: summary, ko: `${ko}은 컨테이너와 관련된 개념이다.` },
});
// "Container" is named in every summary, so it is a generic name; "containerd" is a specific one.
const index = buildRetrievalIndex(
  [
    concept('container', 'Container', '컨테이너', 'An isolated process on a shared kernel, started from an image.'),
    concept('containerd', 'containerd', 'containerd', 'A runtime daemon that pulls images and supervises each container.'),
    concept('runc', 'runc', 'runc', 'A low-level runtime that starts a container with namespaces and cgroups.'),
    concept('image', 'Image', '이미지', 'A layered read-only template a container is started from.'),
    concept('volume', 'Volume', '볼륨', 'Storage that outlives a container, kept by the daemon.'),
    concept('network', 'Bridge network', '브리지 네트워크', 'A private network joining each container on one host.'),
    concept('runtime', 'Runtime', '런타임', 'Software that runs a container.'),
  ],
  [
    ...['containerd', 'runc'].map((kind) => ({
      id: `${kind}:IS_A:runtime`,
      type: 'IS_A',
      subject: kind,
      object: 'runtime',
      confidence: 1,
      sources: [],
    })),
    { id: 'runc:CREATES:container', type: 'CREATES', subject: 'runc', object: 'container', confidence: 1, sources: [] },
  ],
  new Set(),
);
const creates: TypeCues = { key: 'CREATES', en: new Set(['make', 'create'].map(stem)), ko: [] };

function offTopic(query: string, cues: TypeCues[] = []): boolean {
  const question = readQuestion(query);
  const named = matchNamed(index, question);
  const asked = askedTypes(question, cues, named.claimedTokens);
  const described = matchDescribed(index, question, named.hits, named.claimedTokens, asked.cueTokens);
  return elsewhere(index, question, named, described, asked.stated);
}

describe('questions about something else', () => {
  it('are the ones naming only a generic word among words the graph never uses', () => {
    expect(offTopic('what kind of container should i store leftover soup in the fridge')).toBe(true);
    expect(offTopic('부산에서 LA까지 컨테이너 선박 운임 얼마 정도 해?')).toBe(true);
  });

  it('are the ones naming one concept only, each time right after a word no concept uses', () => {
    expect(offTopic('how do I grow an LVM volume without unmounting the disk?')).toBe(true);
    expect(offTopic('my Redis image keeps growing, which photo editor shrinks it?')).toBe(true);
    expect(offTopic('레디스 볼륨 백업은 크론으로 돌리면 돼?')).toBe(true);
    // A Korean verb form before the name modifies it as the graph means it ("지운 볼륨", "늘어나는데 볼륨").
    expect(offTopic('어제 지운 볼륨 백업은 크론으로 돌리면 돼?')).toBe(false);
    // An adverb says how often or how, and a past form is a verb's: neither names another thing.
    expect(offTopic('팀원들이 자꾸 containerd 재시작하던데 괜찮은 거야?')).toBe(false);
    expect(offTopic('someone on my team mentioned containerd. no clue what kind of beast that is')).toBe(false);
    expect(offTopic('someone on my team mentioned Redis containerd. no clue what kind of beast that is')).toBe(true);
    // The word before is the graph's, or a second concept is named: the name is the graph's.
    expect(offTopic('how do I grow a container volume without unmounting the disk?')).toBe(false);
    expect(offTopic('my Redis image keeps growing, does the container share its layers?')).toBe(false);
    // …or it asks for a relation the concept has ("what does runc create"), not one it lacks ("create a Redis volume backup").
    expect(offTopic('what does the legacy runc create?', [creates])).toBe(false);
    expect(offTopic('how do I create a Redis volume backup?', [creates])).toBe(true);
    // …or the question describes one of the graph's concepts: the word before names what the container runs.
    expect(offTopic('my flask container loses its files: which storage outlives it, kept by the daemon?')).toBe(false);
  });

  it('are the ones whose every name is a word another field shares, beside a word only that field uses', () => {
    expect(offTopic('moving overseas: do I need a 20ft or a 40ft shipping container for a 3-bedroom house?', [creates])).toBe(true);
    expect(offTopic('포토샵에서 이미지 여러 장 하나로 합치는 법')).toBe(true);
    expect(offTopic('이어폰 볼륨이 너무 작은데 어떻게 키워요?')).toBe(true);
    // A name only the graph uses beside it, or no word of the other sense: the graph's own.
    expect(offTopic('my containerd container runs a c++ app, which runtime creates it?', [creates])).toBe(false);
    expect(offTopic('does a container share the kernel with its image?')).toBe(false);
    // A Hangul marker counts inside one word, not across two ("관리해 운영" holds no 해운).
    expect(offTopic('컨테이너 볼륨을 직접 관리해 운영하려면?')).toBe(false);
  });

  it('are the ones asking for a count or an amount, whatever they name', () => {
    expect(offTopic('how many containers can containerd run on one host')).toBe(true);
    expect(offTopic('containerd 볼륨은 몇 개까지 만들 수 있어요?')).toBe(true);
    // How many of a class the graph lists the kinds of is answered by the list.
    expect(offTopic('how many runtimes are there?')).toBe(false);
  });

  it('do not include questions using the graph’s own words, a specific name, or asking why, what to learn or how two compare', () => {
    expect(offTopic('does a container share the kernel with its image?')).toBe(false);
    expect(offTopic('what does containerd do with leftover soup in the fridge')).toBe(false);
    expect(offTopic('why would anyone store leftover soup in a container fridge')).toBe(false);
    expect(offTopic('total beginner here, what should I learn before containers?')).toBe(false);
  });
});
