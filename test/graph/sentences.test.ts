import { describe, expect, it } from 'vitest';
import { activeVoice, inSentence, koreanWhichQuestion, particle, render, toAdnominal } from '../../src/graph/sentences.js';

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
