// Korean particles after concept names: the reading rule on its own, a seed reading overriding it, and every
// Korean name of the seed rendered with every particle pair against readings written down by hand here.
import { beforeAll, describe, expect, it } from 'vitest';
import { type ParticlePair, useReadings, writtenEnding } from '../../../src/graph/language/index.js';
import { particle, render } from '../../../src/graph/sentences.js';
import { loadSeed } from '../../../src/seed/load.js';
import type { SeedData } from '../../../src/seed/schema.js';

/**
 * How a Korean reader says each Korean name of the seed that does not end in Hangul, written by a person, not by
 * the rule under test. A new concept whose Korean name ends in Latin letters or digits needs a line here.
 */
const spoken: Record<string, string> = {
  containerd: '컨테이너디',
  runc: '런씨',
  LXC: '엘엑스씨',
  cgroups: '씨그룹스',
  'containerd-shim': '컨테이너디 심',
  libcontainer: '립컨테이너',
  Dockerfile: '도커파일',
  '도커 엔진 API': '도커 엔진 에이피아이',
  CRI: '씨알아이',
  '도커 CLI': '도커 씨엘아이',
  '도커용 리눅스 VM': '도커용 리눅스 브이엠',
  '호스트 OS': '호스트 오에스',
  '게스트 OS': '게스트 오에스',
  'docker pull': '도커 풀',
  'docker push': '도커 푸시',
  OverlayFS: '오버레이에프에스',
  overlay2: '오버레이투',
  'docker build': '도커 빌드',
  BuildKit: '빌드킷',
  kubelet: '큐블릿',
  dockershim: '도커심',
  'cri-dockerd': '씨알아이 도커디',
  'CRI-O': '크라이오',
  crun: '씨런',
  gVisor: '지바이저',
  'Kata Containers': '카타 컨테이너스',
  Podman: '포드맨',
  seccomp: '섹컴프',
  AppArmor: '앱아머',
  SELinux: '에스이리눅스',
  'WSL 2': '더블유에스엘 투',
  'docker run': '도커 런',
  'docker create': '도커 크리에이트',
  'docker start': '도커 스타트',
  'docker stop': '도커 스톱',
  'docker rm': '도커 알엠',
  'docker exec': '도커 이그젝',
  'docker logs': '도커 로그스',
  Buildx: '빌드엑스',
  'docker login': '도커 로그인',
  'docker context': '도커 컨텍스트',
  RuntimeClass: '런타임클래스',
  CNI: '씨엔아이',
  ctr: '씨티알',
  nerdctl: '너드컨트롤',
  crictl: '크라이컨트롤',
};

const pairs: ParticlePair[] = ['은(는)', '이(가)', '을(를)', '과(와)', '으로(로)'];

/** The particle after a spoken Hangul word, from its last syllable alone (the reference the renderer must meet). */
function expectedParticle(spokenName: string, pair: ParticlePair): string {
  const code = (spokenName.at(-1) ?? '').codePointAt(0) ?? 0;
  expect(code >= 0xac00 && code <= 0xd7a3, `${spokenName} must end in a Hangul syllable`).toBe(true);
  const final = (code - 0xac00) % 28;
  const [afterConsonant = '', afterVowel = ''] = pair.replace(')', '').split('(');
  if (pair === '으로(로)') return final === 0 || final === 8 ? afterVowel : afterConsonant; // ㄹ takes 로
  return final === 0 ? afterVowel : afterConsonant;
}

/** A name written without a trailing parenthesis (the particle follows the word before it). */
const bare = (name: string) => name.replace(/\s*\([^()]*\)$/u, '');

let seed: SeedData;
beforeAll(async () => {
  seed = await loadSeed('graph-seed'); // also hands the seed's readings to the renderer
});

describe('Korean particles after every concept name', () => {
  it('has a spoken form written here for every Korean name that does not end in Hangul', () => {
    const unlisted = seed.concepts
      .map((concept) => concept.name.ko)
      .filter((name) => !/[가-힣]$/u.test(bare(name)) && spoken[name] === undefined);
    expect(unlisted).toEqual([]);
  });

  it('renders all five particle pairs after every name as the name is spoken', () => {
    const wrong: string[] = [];
    for (const concept of seed.concepts) {
      const name = concept.name.ko;
      const said = spoken[name] ?? bare(name);
      for (const pair of pairs) {
        const sentence = render(`{s}${pair} {o}에 있다`, name, '호스트');
        const want = `${name}${expectedParticle(said, pair)} 호스트에 있다`;
        if (sentence !== want) wrong.push(`${concept.id}: ${sentence} (want ${want})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reads kubelet and BuildKit with a final consonant', () => {
    expect(render('{s}은(는) {o}을(를) 관리한다', 'kubelet', '파드')).toBe('kubelet은 파드를 관리한다');
    expect(render('{o}은(는) {s}이(가) 사용한다', '도커 빌드', 'BuildKit')).toBe('BuildKit은 도커 빌드가 사용한다');
    expect(particle('BuildKit', '을(를)')).toBe('을');
  });
});

describe('the reading rule', () => {
  it.each([
    ['engine', 'consonant', true],
    ['runtime', 'consonant', true],
    ['file', 'rieul', true],
    ['nerdctl', 'rieul', true],
    ['ctr', 'rieul', true],
    ['rm', 'consonant', true],
    ['containerd', 'none', true],
    ['seccomp', 'none', true],
    ['context', 'none', true],
    ['runc', 'none', true],
    ['service', 'none', true],
    ['ENTRYPOINT', 'none', true],
    ['CMD', 'none', true],
    ['docker stop', 'consonant', false],
    ['kubelet', 'consonant', false],
    ['check', 'consonant', false],
    ['create', 'none', false],
    ['boot', 'none', false],
    ['WSL 2', 'none', true],
    ['1.24', 'none', true],
    ['쓰기 시 복사(CoW)', 'none', true],
    ['도커 엔진', 'consonant', true],
    ['파일', 'rieul', true],
  ] as const)('reads %s as ending in %s (sure: %s)', (word, sound, sure) => {
    expect(writtenEnding(word)).toEqual({ sound, sure });
  });

  it('lets a seed reading override the rule, and forgets sentences rendered before', () => {
    const template = '{s}은(는) {o}을(를) 사용한다';
    try {
      useReadings([]);
      expect(render(template, 'HEALTHCHECK', '명령')).toBe('HEALTHCHECK은 명령을 사용한다');
      useReadings([['HEALTHCHECK', '헬스체크']]);
      expect(render(template, 'HEALTHCHECK', '명령')).toBe('HEALTHCHECK는 명령을 사용한다');
    } finally {
      useReadings(seed.concepts.flatMap((concept) => (concept.reading ? [[concept.name.ko, concept.reading] as const] : [])));
    }
  });
});

describe('HAS_WEAKNESS read from its object', () => {
  it('says the subject falls short on the quality, not that the quality is a flaw', () => {
    const type = seed.relationTypes.find((t) => t.key === 'HAS_WEAKNESS');
    expect(render(type?.inverse.ko ?? '', '컨테이너', '보안 격리')).toBe('보안 격리는 컨테이너가 불리한 측면이다');
    expect(render(type?.inverse.en ?? '', 'Container', 'Security isolation')).toBe('Security isolation is where container falls short');
  });
});
