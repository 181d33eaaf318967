import { describe, expect, it } from 'vitest';
import { loadSeed, type SeedIssue, SeedValidationError } from '../../src/seed/load.js';
import { copySeed, type SeedCopy } from '../helpers/app.js';

/** Validates a broken copy of the seed and returns its issues (the load must fail). */
async function issuesOf(breakIt: (seed: SeedCopy) => Promise<void>): Promise<SeedIssue[]> {
  const seed = await copySeed();
  await breakIt(seed);
  try {
    await loadSeed(seed.dir);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedValidationError);
    return (error as SeedValidationError).issues;
  }
  throw new Error('the broken seed was accepted');
}

describe('seed validation (npm run seed -- --check)', () => {
  it('accepts graph-seed/ as committed', async () => {
    const data = await loadSeed('graph-seed');
    expect(data.concepts.length).toBeGreaterThanOrEqual(35);
    expect(data.relations.length).toBeGreaterThanOrEqual(60);
  });

  it('rejects YAML that does not parse, naming the file and line', async () => {
    const issues = await issuesOf((seed) =>
      seed.edit('concepts.yaml', (text) => text.replace('concepts:', 'concepts:\n  - id: [unclosed')),
    );
    expect(issues[0]).toMatchObject({ file: expect.stringMatching(/concepts\.yaml$/), entry: '(YAML)', line: expect.any(Number) });
  });

  it('rejects a relation to an unknown concept, naming the entry and the fix', async () => {
    const issues = await issuesOf((seed) =>
      seed.editData('relations.yaml', (data) => {
        data.relations.push({
          subject: 'containerd',
          type: 'USES',
          object: 'no-such-concept',
          confidence: 1,
          sources: [{ source: 'notes', section: 'containerd' }],
        });
      }),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/relations\.yaml$/),
        entry: expect.stringMatching(/^relations\[\d+\] \(containerd USES no-such-concept\)$/),
        message: "object 'no-such-concept' is not a concept id",
        fix: expect.stringContaining('concepts.yaml'),
        line: expect.any(Number),
      }),
    ]);
  });

  it('rejects an unknown relation type and lists the valid ones', async () => {
    const issues = await issuesOf((seed) =>
      seed.editData('relations.yaml', (data) => {
        data.relations[0].type = 'INVENTED_BY';
      }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toBe("type 'INVENTED_BY' is not in the relation-type catalogue");
    expect(issues[0]!.fix).toContain('IMPLEMENTS');
  });

  it('rejects duplicate concept ids', async () => {
    const issues = await issuesOf((seed) => seed.editData('concepts.yaml', (data) => void data.concepts.push({ ...data.concepts[0] })));
    expect(issues.map((issue) => issue.message)).toContain(`duplicate id 'docker' (first at concepts[0])`);
  });

  it('rejects a relation type lacking a phrasing', async () => {
    const issues = await issuesOf((seed) => seed.editData('relation-types.yaml', (data) => void delete data.relationTypes[2].inverse.ko));
    expect(issues).toEqual([
      expect.objectContaining({ entry: 'relationTypes[2] (key: IMPLEMENTS)', message: expect.stringMatching(/^inverse\.ko: /) }),
    ]);
  });

  it('rejects a template that cannot be read both ways', async () => {
    const issues = await issuesOf((seed) =>
      seed.editData('relation-types.yaml', (data) => {
        data.relationTypes[2].forward.ko = '{s}는 {o}를 구현함';
      }),
    );
    const messages = issues.map((issue) => issue.message).join('\n');
    expect(messages).toMatch(/particle "는"/);
    expect(messages).toMatch(/must end in 한다/);
  });

  it('rejects a cycle in prerequisites, naming the cycle', async () => {
    const issues = await issuesOf((seed) =>
      seed.editData('relations.yaml', (data) => {
        data.relations.push({
          subject: 'container',
          type: 'REQUIRES',
          object: 'docker',
          confidence: 0.8,
          sources: [{ source: 'notes', section: 'what-is-docker' }],
        });
      }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^REQUIRES edges form a cycle: .*container.*docker/);
  });

  it('rejects an unknown key, so a misspelt field is not silently ignored', async () => {
    const issues = await issuesOf((seed) =>
      seed.editData('concepts.yaml', (data) => {
        data.concepts[3].sumary = data.concepts[3].summary;
      }),
    );
    expect(issues[0]).toMatchObject({ entry: expect.stringMatching(/^concepts\[3\] \(id: /), message: expect.stringContaining('sumary') });
  });

  it('rejects a citation of a section the notes do not have', async () => {
    const issues = await issuesOf((seed) =>
      seed.editData('concepts.yaml', (data) => void data.concepts[0].sources.push({ source: 'notes', section: 'chapter-99' })),
    );
    expect(issues[0]).toMatchObject({ entry: 'concepts[0] (id: docker)', message: "cites unknown section 'chapter-99' of source 'notes'" });
  });

  it('rejects a relation grounded only in an article, and a background relation above 0.8', async () => {
    const issues = await issuesOf((seed) =>
      seed.editData('relations.yaml', (data) => {
        data.relations.push(
          { subject: 'containerd', type: 'USES', object: 'cgroups', confidence: 0.6, sources: [{ source: 'gngsn-docker-engine' }] },
          {
            subject: 'runc',
            type: 'USES',
            object: 'process',
            confidence: 1.0,
            sources: [{ source: 'background', section: 'moby-v1-11-release' }],
          },
        );
      }),
    );
    expect(issues.map((issue) => issue.message)).toEqual([
      'cites neither a section of the notes nor a page of the background documentation',
      expect.stringMatching(/^confidence 1\.0 is for facts stated in the notes/),
    ]);
  });

  it('rejects a background page without its URL', async () => {
    const issues = await issuesOf((seed) =>
      seed.editData('sources.yaml', (data) => {
        const background = data.sources.find((s: { kind: string }) => s.kind === 'background');
        delete background.sections[0].url;
      }),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/sources\.yaml$/),
        message: expect.stringMatching(/has no url/),
        line: expect.any(Number),
      }),
    ]);
  });

  it('reports schema and reference problems in one run: a schema error no longer hides the rest', async () => {
    const issues = await issuesOf(async (seed) => {
      await seed.editData('concepts.yaml', (data) => {
        data.concepts[3].sumary = data.concepts[3].summary;
      });
      await seed.editData('relations.yaml', (data) => {
        data.relations[1].object = 'nowhere';
        data.relations[2].confidence = 'high';
      });
    });
    expect(issues.map((issue) => [issue.file.split('/').at(-1), issue.entry.replace(/ \(.*$/, ''), issue.message.split(':')[0]])).toEqual([
      ['concepts.yaml', 'concepts[3]', 'Unrecognized key'],
      ['relations.yaml', 'relations[1]', "object 'nowhere' is not a concept id"],
      ['relations.yaml', 'relations[2]', 'confidence'],
    ]);
    for (const issue of issues) expect(issue.line).toEqual(expect.any(Number));
  });

  it('does not report references to an entry that has a schema error as unknown', async () => {
    const issues = await issuesOf((seed) =>
      seed.editData('concepts.yaml', (data) => {
        const runc = data.concepts.find((c: { id: string }) => c.id === 'runc');
        runc.tags = ['Not A Slug'];
      }),
    );
    expect(issues).toEqual([
      expect.objectContaining({ entry: expect.stringMatching(/\(id: runc\)$/), message: expect.stringMatching(/^tags\.0: /) }),
    ]);
  });

  it('takes categories from categories.yaml: a category added there can be used at once', async () => {
    const seed = await copySeed();
    await seed.editData('categories.yaml', (data) => {
      data.categories.push({
        id: 'gadget',
        name: { en: 'Gadget', ko: '장치' },
        description: { en: 'A test category.', ko: '시험용 분류이다.' },
      });
    });
    await seed.editData('concepts.yaml', (data) => {
      data.concepts[0].category = 'gadget';
    });
    const data = await loadSeed(seed.dir);
    expect(data.concepts[0]!.category).toBe('gadget');
  });

  it('reports every problem at once, across files', async () => {
    const shape = await issuesOf(async (seed) => {
      await seed.editData('concepts.yaml', (data) => {
        data.concepts[0].category = 'gadget';
      });
      await seed.editData('relations.yaml', (data) => {
        data.relations[0].confidence = 0.95;
      });
    });
    expect(shape.map((issue) => issue.file.split('/').at(-1))).toEqual(['concepts.yaml', 'relations.yaml']);
    expect(shape[1]!.message).toMatch(/confidence: must be one of 1\.0 \(stated in the notes\), 0\.8/);

    const references = await issuesOf(async (seed) => {
      await seed.editData('concepts.yaml', (data) => void data.concepts.push({ ...data.concepts[1] }));
      await seed.editData('relations.yaml', (data) => {
        data.relations[0].type = 'INVENTED_BY';
        data.relations[1].object = 'nowhere';
      });
    });
    expect(references).toHaveLength(3);
  });
});
