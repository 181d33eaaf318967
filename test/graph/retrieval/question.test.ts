// Reading a question: when it asks what to learn first, and which words set concepts aside.
import { describe, expect, it } from 'vitest';
import type { RelationType } from '../../../src/graph/catalogue.js';
import { askedTypes, readQuestion, typeCues } from '../../../src/graph/retrieval/question.js';

/** Every question, read, has `field` set to `value`; a failure names the question. */
function expectEach(field: 'learningOrder' | 'quantity' | 'flow' | 'whole', value: boolean, questions: string[]): void {
  for (const q of questions) expect(readQuestion(q)[field], q).toBe(value);
}

describe('learning-order intent', () => {
  it('needs a word of learning beside an order word, or a prerequisite', () => {
    expectEach('learningOrder', true, [
      'What should I learn before Kubernetes?',
      'prerequisites of cgroups',
      '쿠버네티스를 배우려면 먼저 뭘 알아야 해?',
      'libcontainer 선수 개념',
      '컨테이너 런타임 학습 순서 좀 알려줘',
      'In what order should I learn containerd and runc?',
      'What do I need to understand first before studying Kubernetes?',
      'before I read up on the kubelet, what should I already know?',
      '하이퍼바이저 이해하려면 먼저 알아야 하는 개념이 뭐야?',
      'total beginner here, what concepts come before containers?',
      "I'm going to start studying Kubernetes. What should I have a solid grasp of before I dive in?",
      'Where should a complete beginner start with containers?',
      'Before reading about containerd and runc, what background should I have?',
      '컨테이너 런타임 쪽 공부해 보고 싶은데 로드맵 같은 거 있을까요?',
      '도커 처음 배우는데 어디서부터 시작하면 좋을까요?',
      '도커 네트워크 공부하려는데 바탕 지식이 뭐예요',
      '파드 들어가기 전 사전 지식 뭐 필요함?',
      '데브옵스로 전직 준비 중인데 컨테이너 쪽 공부 방향 좀 잡아주세요',
      '도커 처음 접하는데 감 잡으려면 뭐부터 해보는 게 좋을까?',
      'What foundational Linux skills should I have before teaching myself Kubernetes?',
    ]);
  });

  it('is not switched on by "basically", "first" or "before" alone', () => {
    expectEach('learningOrder', false, [
      'Basically, what does docker push talk to?',
      'Before a container starts, what does runc use?',
      '이미지를 올리기 전에 무엇을 써?',
      '기본적으로 도커 허브는 무엇을 제공해?',
      'dockerd부터 컨테이너가 생길 때까지 누구를 거치는지 순서대로 알려주세요',
      'I read that the image filesystem copies a file up the first time you modify it. Is that why it is slow?',
    ]);
  });

  it('is not switched on by the asker learning, when the order word is about something else', () => {
    expectEach('learningOrder', false, [
      "I'm studying for the CKA. What starts first on a node, the kubelet or containerd?",
      'I learned Docker years ago; back then, what did it use before libcontainer?',
      "When learning Docker, the first thing people mix up is image vs container. What's the difference?",
      '도커 공부하다가 궁금해진 건데 containerd보다 먼저 뜨는 건 뭐야?',
      '쿠버네티스 공부 중인데 파드가 먼저 만들어지고 컨테이너가 뜨는 거야?',
      '처음 배우는 중인데 도커 이미지는 뭐로 만들어져?',
      'I learned Docker first and Kubernetes after that. Why did Kubernetes remove dockershim?',
      'Where does containerd start the shim?',
      '쿠버네티스 입문자인데요, pod가 노드에 배정되면 kubelet이 제일 먼저 하는 일이 뭐예요?',
      '도커를 먼저 배우고 나서 쿠버네티스를 배웠는데, 쿠버네티스는 왜 dockershim을 제거했나요?',
    ]);
  });

  it('is not switched on by knowing or understanding that nothing says is needed', () => {
    expectEach('learningOrder', false, [
      'Help me understand what happens first when I type docker run',
      'I know the daemon talks to containerd, but what does containerd call before the container exists?',
      'I understand the basics of namespaces; which kernel feature limits CPU?',
      'dockerd부터 runc까지 호출 흐름이 잘 이해가 안 돼요',
      '빌드 단계에서 레이어가 어떻게 만들어지는지 이해가 안 가요',
    ]);
  });
});

describe('asking how the work passes along', () => {
  it('is "chain", "flow", "pipeline", "trace", a verb of passing before "through", 흐름, 거쳐, 넘겨, 순서대로', () => {
    expectEach('flow', true, [
      'what is the chain of components until the container exists?',
      'Which pieces does a docker run request pass through?',
      'trace docker pull for me',
      'docker run 하면 요청이 어떤 순서대로 넘어가?',
      '데몬을 거쳐서 어디로 가?',
      '빌드 요청 흐름 좀 알려줘',
    ]);
    expectEach('flow', false, ['Can a container see through to the host?', 'What does runc create?', '컨테이너는 무엇을 공유해?']);
  });
});

describe('asking for all of something', () => {
  it('is "all", "every", "list", 전부, 모두, 빠짐없이, 뭐뭐, or 다 as a word of its own', () => {
    expectEach('whole', true, [
      'Compared with VMs, list the weaknesses of containers',
      'what are all the parts of Docker Engine',
      'VM이랑 비교해서 컨테이너 약점 전부 정리해 주세요',
      '장점이 뭐뭐예요? 다 말해 주세요',
      '빠짐없이 알려줘',
    ]);
    expectEach('whole', false, ['What does a container share with its host?', '컨테이너와 VM은 뭐가 다른가요?', '다른 런타임은?']);
  });
});

describe('exclusions', () => {
  it('finds English cues before the names they set aside and Korean cues after them', () => {
    const english = readQuestion('Which parts are there other than the daemon?');
    expect(english.exclusions).toEqual([{ token: english.tokens.findIndex((t) => t.word === 'than'), after: true }]);
    const korean = readQuestion('데몬 말고 다른 구성 요소는?');
    expect(korean.exclusions).toEqual([{ token: 1, after: false }]);
    expect(readQuestion('Which parts does Docker Engine have?').exclusions).toEqual([]);
  });

  it('are no comparison: "other than" sets aside, "rather than" and "than" compare', () => {
    expect(readQuestion('Which parts are there other than the daemon?').comparison).toBe(false);
    expect(readQuestion('Is a container lighter than a VM?').comparison).toBe(true);
    expect(readQuestion('Why containerd rather than dockershim?').comparison).toBe(true);
  });
});

describe('relation-type cues', () => {
  const strength: RelationType = {
    key: 'HAS_STRENGTH',
    symmetric: false,
    learningOrder: false,
    hierarchy: false,
    description: { en: 'A strength.', ko: '장점이다.' },
    forward: { en: '{s} has an advantage in {o}', ko: '{s}은(는) {o} 면에서 장점이 있다' },
    inverse: { en: '{o} is an advantage of {s}', ko: '{o}은(는) {s}의 장점이다' },
    keywords: { en: ['advantage'], ko: ['좋'] },
  };

  it("keeps a catalogue keyword of one syllable: 좋 asks for strengths in '좋은 점'", () => {
    const cues = [typeCues(strength)];
    expect(cues[0]?.ko).toContain('좋');
    expect([...askedTypes(readQuestion('컨테이너 쓰면 좋은 점이 뭐야?'), cues).types]).toEqual(['HAS_STRENGTH']);
  });

  it('reads a Korean word as the longest cue it starts with: 담당 asks who is in charge, not what is held (담)', () => {
    const type = (key: string, ko: string[]): RelationType => ({
      ...strength,
      key,
      forward: { en: '{s} relates to {o}', ko: '{s}은(는) {o}' },
      inverse: { en: '{o} relates to {s}', ko: '{o}은(는) {s}' },
      keywords: { en: [], ko },
    });
    const cues = [
      type('PACKAGES', ['담']),
      type('MANAGES', ['담당']),
      type('BUILT_FROM', ['명령어']),
      type('SENDS_REQUESTS_TO', ['명령']),
    ].map(typeCues);
    const asked = (q: string) => [...askedTypes(readQuestion(q), cues).types].sort();
    expect(asked('각각 정확히 뭘 담당하는지 비교 좀')).toEqual(['MANAGES']);
    expect(asked('앱을 이미지에 담는 건 뭐야?')).toEqual(['PACKAGES']);
    expect(asked('우분투에 도커 설치하는 명령어 알려줘')).toEqual(['BUILT_FROM']);
    expect(asked('데몬에 명령을 보내는 건 누구야?')).toEqual(['SENDS_REQUESTS_TO']);
  });

  it('reads the forms of 쓰다 "use" as asking what a thing uses, but not 쓰기 "writing"', () => {
    const uses = typeCues({ ...strength, key: 'USES', keywords: { en: [], ko: [] } });
    const asked = (q: string) => [...askedTypes(readQuestion(q), [uses]).types];
    for (const q of ['overlay2는 밑에서 무슨 파일시스템을 쓰나요?', '그거 써도 돼?', '예전엔 뭘 썼어?', '이 드라이버가 쓰이는 곳'])
      expect(asked(q), q).toEqual(['USES']);
    expect(asked('컨테이너의 쓰기 가능한 레이어')).toEqual([]);
  });

  it('reads 유리/강한/나은 as asking for strengths, 약한/취약 for weaknesses, 들어있/속한/소속 for what a thing is part of', () => {
    const of = (key: string) => typeCues({ ...strength, key, keywords: { en: [], ko: [] } });
    const asked = (q: string) => [...askedTypes(readQuestion(q), [of('HAS_STRENGTH'), of('HAS_WEAKNESS')]).types].sort();
    expect(asked('각자 어디서 유리한지 알려줘')).toEqual(['HAS_STRENGTH']);
    expect(asked('컨테이너가 약한 점들 정리해 주세요')).toEqual(['HAS_WEAKNESS']);
    expect(asked('보안에 취약한 부분이 있어?')).toEqual(['HAS_WEAKNESS']);
    expect(asked('VM이 컨테이너보다 나은 점 전부 뭐야')).toEqual(['HAS_STRENGTH']);
    const partOf = typeCues({ ...strength, key: 'PART_OF', keywords: { en: [], ko: [] } });
    for (const q of ['그 기능은 어디에 들어있는 거지?', '스냅숏터는 어디 소속이야?', '이건 어느 쪽에 속한 기능이야?'])
      expect([...askedTypes(readQuestion(q), [partOf]).types], q).toEqual(['PART_OF']);
  });

  it("drops a template's one-syllable words, which are particles and endings", () => {
    // (A type of its own: the forms question.ts adds for the catalogue's types may be one syllable, as keywords may.)
    const type = { ...strength, key: 'PRAISED' };
    expect(typeCues(type).ko.every((word) => word.length >= 2 || type.keywords.ko.includes(word))).toBe(true);
  });
});

describe('asking for a count or an amount', () => {
  it('is "how many", "how much", "몇" or "얼마" asking for nothing else', () => {
    expectEach('quantity', true, [
      'How much does a Docker Business seat cost per month?',
      'how many containers fit on one host',
      '도커 허브 무료 계정은 pull 몇 번까지 돼요?',
      '라이선스 비용 1인당 얼마예요?',
    ]);
  });

  it('is not a list of kinds, a degree, or a question asking which thing', () => {
    expectEach('quantity', false, [
      'how many types of virtualization are there?',
      'How much faster is a container to start?',
      'Which kernel feature caps how much CPU a container can use?',
      '가상화 종류는 몇 가지야?',
      '컨테이너는 VM보다 얼마나 가벼워?',
      '몇 번째 레이어에 무엇이 저장돼?',
      'how many ways can a container keep its data?',
      '컨테이너 네트워크 종류가 몇 개예요?',
      // "몇" telling, beside a question asking what ("뭔가요", 뭐 contracted).
      'COPY 줄만 고쳤는데 빌드가 몇 초 만에 끝나네요. 원리가 뭔가요?',
    ]);
  });
});
