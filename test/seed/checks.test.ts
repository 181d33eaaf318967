// The content rules of `seed --check` (src/seed/checks/): each test puts back an error the expert review of
// issue 23 found, or one of its kind, into a copy of graph-seed/ and sees it rejected with file, line and fix.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadSeed, type SeedIssue, SeedValidationError } from '../../src/seed/load.js';

const copies: string[] = [];
afterAll(async () => {
  await Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The seed files as parsed YAML, edited freely by each test. */
type SeedFiles = Record<'concepts' | 'relations' | 'relationTypes', any[]>;

/** Loads a copy of graph-seed/ after `change` and returns its issues (the load must fail). */
async function issuesOf(change: (seed: SeedFiles) => void): Promise<SeedIssue[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'seed-checks-'));
  copies.push(dir);
  await cp('graph-seed', dir, { recursive: true });
  const files = { concepts: 'concepts.yaml', relations: 'relations.yaml', relationTypes: 'relation-types.yaml' } as const;
  const parsed = {} as SeedFiles;
  for (const [key, file] of Object.entries(files) as [keyof SeedFiles, string][]) {
    parsed[key] = (YAML.parse(await readFile(path.join(dir, file), 'utf8')) as Record<string, unknown[]>)[key] as unknown[];
  }
  change(parsed);
  for (const [key, file] of Object.entries(files) as [keyof SeedFiles, string][]) {
    await writeFile(path.join(dir, file), YAML.stringify({ [key]: parsed[key] }));
  }
  try {
    await loadSeed(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedValidationError);
    return (error as SeedValidationError).issues;
  }
  throw new Error('the broken seed was accepted');
}

const background = (section: string) => [{ source: 'background', section }];

function relation(subject: string, type: string, object: string, sources = background('docker-overview'), confidence = 0.8) {
  return { subject, type, object, confidence, sources };
}

/** The single issue a change caused, which must name relations.yaml or concepts.yaml, a line and a fix. */
function only(issues: SeedIssue[], file: 'relations.yaml' | 'concepts.yaml'): SeedIssue {
  expect(issues).toHaveLength(1);
  const [issue] = issues;
  expect(issue).toMatchObject({ file: expect.stringMatching(new RegExp(`${file.replace('.', '\\.')}$`)), line: expect.any(Number) });
  expect(issue?.fix).toEqual(expect.any(String));
  return issue as SeedIssue;
}

describe('domain and range of each relation type (relation-types.yaml)', () => {
  it.each([
    ['a command that shares a layer', relation('docker-pull', 'SHARES', 'image-layer'), /^SHARES does not take .*'tool' as its subject/],
    [
      'a spec that contains layers',
      relation('image-layer', 'PART_OF', 'oci-image-spec'),
      /^PART_OF does not take .*'interface' as its object/,
    ],
    [
      'an image that implements a spec',
      relation('docker-image', 'IMPLEMENTS', 'oci-image-spec'),
      /^IMPLEMENTS does not take .*'artifact' as its subject/,
    ],
    [
      'a Pod that packages containers',
      relation('pod', 'PACKAGES', 'container'),
      /^PACKAGES does not take .*'infrastructure' as its object/,
    ],
    [
      'a strength that is not a quality',
      relation('docker', 'HAS_STRENGTH', 'container'),
      /^HAS_STRENGTH does not take .*'infrastructure' as its object/,
    ],
  ])('rejects %s', async (_what, broken, message) => {
    const issue = only(await issuesOf((seed) => void seed.relations.push(broken)), 'relations.yaml');
    expect(issue.entry).toContain(`${broken.subject} ${broken.type} ${broken.object}`);
    expect(issue.message).toMatch(message);
  });
});

describe('USES never on a pair related as part and whole', () => {
  it('rejects docker USES containerd: containerd is part of Docker Engine, which is part of Docker', async () => {
    const issue = only(await issuesOf((seed) => void seed.relations.push(relation('docker', 'USES', 'containerd'))), 'relations.yaml');
    expect(issue.message).toMatch(/'containerd' is a part of 'docker' \(docker ⊃ docker-engine ⊃ containerd through PART_OF\)/);
  });

  it('rejects runc USES libcontainer: libcontainer is part of runc', async () => {
    const issue = only(await issuesOf((seed) => void seed.relations.push(relation('runc', 'USES', 'libcontainer'))), 'relations.yaml');
    expect(issue.message).toMatch(/'libcontainer' is a part of 'runc'/);
  });

  it('rejects USES on a pair that is also PART_OF', async () => {
    const issue = only(await issuesOf((seed) => void seed.relations.push(relation('libcontainer', 'USES', 'runc'))), 'relations.yaml');
    expect(issue.message).toMatch(/'libcontainer' is also PART_OF 'runc'/);
  });
});

describe('confidence follows provenance', () => {
  it('rejects a relation citing the notes about a concept the notes never mention', async () => {
    const notes = [{ source: 'notes', section: 'how-docker-works' }];
    const issue = only(
      await issuesOf((seed) => void seed.relations.push(relation('container', 'USES', 'seccomp', notes, 1))),
      'relations.yaml',
    );
    expect(issue.message).toMatch(/'seccomp' is a concept the notes never mention/);
  });
});

describe('learning order: a general notion never requires its own examples', () => {
  it('rejects copy-on-write REQUIRES container-writable-layer (the writable layer uses copy-on-write)', async () => {
    const issue = only(
      await issuesOf(
        (seed) =>
          void seed.relations.push(relation('copy-on-write', 'REQUIRES', 'container-writable-layer', background('docker-storage-drivers'))),
      ),
      'relations.yaml',
    );
    expect(issue.message).toMatch(/'copy-on-write' is a general notion \(idea\) and 'container-writable-layer' USES it/);
    expect(issue.fix).toContain('container-writable-layer REQUIRES copy-on-write');
  });

  it('rejects a notion requiring one of its kinds (a physical server is a kind of physical resource)', async () => {
    const notes = [{ source: 'notes', section: 'what-is-virtualization' }];
    const issue = only(
      await issuesOf((seed) => void seed.relations.push(relation('physical-resource', 'REQUIRES', 'physical-server', notes))),
      'relations.yaml',
    );
    expect(issue.message).toMatch(/'physical-server' is a kind of 'physical-resource'/);
  });
});

describe('Korean names are readable for their particles', () => {
  it('rejects a Latin name whose ending the rule can only guess, unless it has a reading (kubelet)', async () => {
    const issue = only(
      await issuesOf((seed) => {
        const kubelet = seed.concepts.find((concept) => concept.id === 'kubelet');
        delete kubelet.reading;
      }),
      'concepts.yaml',
    );
    expect(issue.entry).toMatch(/\(id: kubelet\)$/);
    expect(issue.message).toMatch(/particle after 'kubelet' depends on how it is read/);
    expect(issue.fix).toMatch(/reading:/);
  });

  it('rejects a reading that does not end in Hangul', async () => {
    const issue = only(
      await issuesOf((seed) => {
        const buildkit = seed.concepts.find((concept) => concept.id === 'buildkit');
        buildkit.reading = 'buildkit';
      }),
      'concepts.yaml',
    );
    expect(issue.message).toMatch(/reading "buildkit" does not end in Hangul/);
  });
});

describe('English articles fit the name they stand before', () => {
  it('rejects "a" before a name that starts with a vowel sound, naming the article to write', async () => {
    const issue = only(
      await issuesOf((seed) => {
        seed.concepts.find((concept) => concept.id === 'image-layer').article = 'a';
      }),
      'concepts.yaml',
    );
    expect(issue.entry).toMatch(/\(id: image-layer\)$/);
    expect(issue.message).toMatch(/"a image layer" does not fit the sound/);
    expect(issue.fix).toMatch(/article: an/);
  });

  it('rejects "an" before a consonant sound, the "yu" of user included', async () => {
    const issue = only(
      await issuesOf((seed) => {
        seed.concepts.find((concept) => concept.id === 'user-namespaces').article = 'an';
      }),
      'concepts.yaml',
    );
    expect(issue.fix).toMatch(/article: a \("a user namespace"\)/);
  });

  it('rejects an indefinite article before a plural name', async () => {
    const issue = only(
      await issuesOf((seed) => {
        seed.concepts.find((concept) => concept.id === 'linux-capabilities').article = 'a';
      }),
      'concepts.yaml',
    );
    expect(issue.message).toMatch(/"a Linux capabilities" puts a singular article before a plural/);
  });

  it('rejects an article other than a, an or the', async () => {
    const issues = await issuesOf((seed) => {
      seed.concepts.find((concept) => concept.id === 'cluster').article = 'some';
    });
    expect(issues).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/concepts\.yaml$/),
        line: expect.any(Number),
        message: expect.stringMatching(/"a"/),
      }),
    ]);
  });
});

describe('the rules themselves', () => {
  it('rejects a rule naming a category that does not exist', async () => {
    const issues = await issuesOf((seed) => {
      const shares = seed.relationTypes.find((type) => type.key === 'SHARES');
      shares.domain = { only: ['infrastructure', 'artifact', 'gadgets'] };
    });
    expect(issues).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/domain names category 'gadgets'/), line: expect.any(Number) }),
    ]);
  });
});
