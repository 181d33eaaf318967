import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  activeVoice,
  chainEnglish,
  inSentence,
  koreanWhichQuestion,
  nounPhrase,
  particle,
  render,
  toAdnominal,
  useArticles,
} from '../../src/graph/sentences.js';

describe('inSentence', () => {
  it.each([
    ['Container', 'container'],
    ['Virtual machine', 'virtual machine'],
    ['Host OS', 'host OS'],
    ['Multi-OS support', 'multi-OS support'],
    ['High-level container runtime', 'high-level container runtime'],
  ])('writes the common noun %s as %s', (name, written) => {
    expect(inSentence(name)).toBe(written);
  });

  it.each([
    'Docker',
    'Docker image',
    'Docker Engine',
    'Dockerfile instruction',
    'Kubernetes',
    'Linux namespace',
    'Linux VM (Docker on Windows/macOS)',
    'containerd',
    'runc',
    'LXC',
    'I/O performance',
    'OS-level virtualization',
    'Container Runtime Interface',
    'Docker Compose',
    'BuildKit',
  ])('keeps the product name %s as written', (name) => {
    expect(inSentence(name)).toBe(name);
  });
});

describe('render', () => {
  it('keeps the opening name as written and writes later names as inside a sentence', () => {
    expect(render('{s} uses {o}', 'Docker', 'Container')).toBe('Docker uses container');
    expect(render('{s} uses {o}', 'Container', 'Linux namespace')).toBe('Container uses Linux namespace');
    expect(render('{o} is managed by {s}', 'containerd', 'runc')).toBe('runc is managed by containerd');
  });

  it('picks Korean particles by the final sound of the name', () => {
    expect(render('{s}은(는) {o}을(를) 구현한다', 'containerd', 'CRI')).toBe('containerd는 CRI를 구현한다');
    expect(render('{s}은(는) {o}을(를) 사용한다', '쿠버네티스', '런타임')).toBe('쿠버네티스는 런타임을 사용한다');
    expect(render('{s}은(는) {o}으로(로) 대체된 이전 기술이다', 'LXC', '파일')).toBe('LXC는 파일로 대체된 이전 기술이다');
  });

  it('speaks Korean in the active voice instead of "에 의해 …된다"', () => {
    expect(render('{o}은(는) {s}에 의해 공유된다', '컨테이너', '호스트 커널')).toBe('호스트 커널은 컨테이너가 공유한다');
    expect(render('{o}은(는) {s}에 의해 관리된다', 'containerd', 'runc')).toBe('runc는 containerd가 관리한다');
    expect(activeVoice('{o}은(는) {s}에서 사용된다')).toBe('{o}은(는) {s}에서 사용된다');
  });
});

describe('particle', () => {
  it('chooses after a consonant, a vowel and ㄹ', () => {
    expect(particle('엔진', '이(가)')).toBe('이');
    expect(particle('도커', '이(가)')).toBe('가');
    expect(particle('파일', '으로(로)')).toBe('로');
    expect(particle('runtime', '을(를)')).toBe('을');
  });
});

describe('toAdnominal', () => {
  it.each([
    ['CRI를 구현한다', 'CRI를 구현하는'],
    ['호스트 OS 위에서 실행된다', '호스트 OS 위에서 실행되는'],
    ['가상화의 한 종류이다', '가상화의 한 종류인'],
    ['I/O 성능 면에서 강점이 있다', 'I/O 성능 면에서 강점이 있는'],
    ['요청을 받는다', '요청을 받는'],
    ['도커 데몬에 요청을 보낸다', '도커 데몬에 요청을 보내는'],
  ])('%s -> %s', (clause, described) => {
    expect(toAdnominal(clause)).toBe(described);
  });

  it('gives up on an ending it does not know', () => {
    expect(toAdnominal('만들어')).toBeUndefined();
  });
});

describe('koreanWhichQuestion', () => {
  it('asks for the subject as a natural question', () => {
    expect(koreanWhichQuestion('{s}은(는) {o}을(를) 구현한다', 's', 'CRI')).toBe('다음 중 CRI를 구현하는 것은?');
  });

  it('asks for the object from the inverse template, in the active voice', () => {
    expect(koreanWhichQuestion('{o}은(는) {s}에 의해 관리된다', 'o', 'containerd')).toBe('다음 중 containerd가 관리하는 것은?');
    expect(koreanWhichQuestion('{o}은(는) {s}의 강점이다', 'o', '컨테이너')).toBe('다음 중 컨테이너의 강점인 것은?');
  });

  it('declines a template that does not open with the asked name', () => {
    expect(koreanWhichQuestion('{s}은(는) {o}을(를) 구현한다', 'o', 'containerd')).toBeUndefined();
  });
});

describe('articles in English sentences', () => {
  // The articles a seeded graph gives these names (concepts.yaml); every other name in this block has none.
  beforeAll(() => {
    useArticles([
      ['Container', 'a'],
      ['Pod', 'a'],
      ['Image layer', 'an'],
      ['Linux kernel', 'the'],
      ['Docker daemon', 'the'],
    ]);
  });
  afterAll(() => {
    useArticles([]);
  });

  it('writes a common noun with its article and a product name bare, capitalising an opening article', () => {
    expect(nounPhrase('Container')).toBe('a container');
    expect(nounPhrase('Container', true)).toBe('A container');
    expect(nounPhrase('Image layer')).toBe('an image layer');
    expect(nounPhrase('Docker daemon', true)).toBe('The Docker daemon');
    expect(nounPhrase('containerd', true)).toBe('containerd');
    expect(nounPhrase('Container networking')).toBe('container networking');
  });

  it('puts the article in both positions of a sentence', () => {
    expect(render('{s} is part of {o}', 'Container', 'Pod')).toBe('A container is part of a pod');
    expect(render('{s} manages {o}', 'Kubernetes', 'Container')).toBe('Kubernetes manages a container');
    expect(render('{o} is shared by {s}', 'Container', 'Linux kernel')).toBe('The Linux kernel is shared by a container');
  });

  it('leaves Korean sentences without articles', () => {
    expect(render('{s}은(는) {o}을(를) 공유한다', 'Container', 'Linux kernel')).toBe('Container는 Linux kernel을 공유한다');
  });

  it('renders again once the articles change, not from the sentences it remembered', () => {
    expect(render('{s} uses {o}', 'Docker', 'Volume')).toBe('Docker uses volume');
    useArticles([['Volume', 'a']]);
    expect(render('{s} uses {o}', 'Docker', 'Volume')).toBe('Docker uses a volume');
    useArticles([
      ['Container', 'a'],
      ['Pod', 'a'],
      ['Image layer', 'an'],
      ['Linux kernel', 'the'],
      ['Docker daemon', 'the'],
    ]);
  });

  it('writes no a or an after "a kind of"', () => {
    expect(render('{s} is a kind of {o}', 'Pod', 'Container')).toBe('A pod is a kind of container');
    expect(render('{s} is a kind of {o}', 'Pod', 'Linux kernel')).toBe('A pod is a kind of the Linux kernel');
  });

  it('chains path sentences that open with an article', () => {
    const steps = [
      { text: render('{s} is part of {o}', 'Container', 'Pod'), from: 'Container' },
      { text: render('{o} is managed by {s}', 'Kubernetes', 'Pod'), from: 'Pod' },
    ];
    expect(chainEnglish(steps)).toBe('A container is part of a pod, which is managed by Kubernetes');
  });

  // Every relation type of the seed, both templates, the article-taking concept and the product name in each slot.
  const relationTypes = (
    YAML.parse(readFileSync('graph-seed/relation-types.yaml', 'utf8')) as {
      relationTypes: { key: string; forward: { en: string }; inverse: { en: string } }[];
    }
  ).relationTypes;

  it('covers the 24 relation types of the seed', () => {
    expect(relationTypes).toHaveLength(24);
  });

  /**
   * The template with each slot filled by hand: the opening form at the start, "kind of container" without a or
   * an, the phrase anywhere else.
   */
  const filled = (template: string, s: [string, string, string], o: [string, string, string]) =>
    template.replace(/\{([so])\}/gu, (_m, slot: string, offset: number) => {
      const [opening, inside, afterKindOf] = slot === 's' ? s : o;
      if (offset === 0) return opening;
      return /(kind|type|sort) of $/u.test(template.slice(0, offset)) ? afterKindOf : inside;
    });
  const container: [string, string, string] = ['A container', 'a container', 'container'];
  const containerd: [string, string, string] = ['containerd', 'containerd', 'containerd'];
  const imageLayer: [string, string, string] = ['An image layer', 'an image layer', 'image layer'];
  const linuxKernel: [string, string, string] = ['The Linux kernel', 'the Linux kernel', 'the Linux kernel'];

  describe.each(relationTypes.map((type) => [type.key, type] as const))('%s', (_key, type) => {
    it.each([
      ['forward', type.forward.en],
      ['inverse', type.inverse.en],
    ])('%s: "a container" as subject and object, containerd bare', (_direction, template) => {
      expect(render(template, 'Container', 'containerd')).toBe(filled(template, container, containerd));
      expect(render(template, 'containerd', 'Container')).toBe(filled(template, containerd, container));
      expect(render(template, 'Image layer', 'Linux kernel')).toBe(filled(template, imageLayer, linuxKernel));
      expect(render(template, 'Linux kernel', 'Image layer')).toBe(filled(template, linuxKernel, imageLayer));
    });
  });
});
