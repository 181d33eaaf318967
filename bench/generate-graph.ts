// Writes a large graph in the seed format (graph-seed/'s catalogue and concepts, plus generated concepts and
// relations among them) to a temporary folder, so benchmarks and PROFILE runs see the size users will reach.
// The generated part never touches the real concepts: their neighbourhoods, and so the work a single-concept
// route does for them, stay the same at any size.
// Run: npx tsx bench/generate-graph.ts [concepts=10000] [relations=100000]  (prints the folder)
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { randomFrom } from '../src/graph/quiz-rules.js';
import { categoryProblem } from '../src/seed/checks/index.js';
import type { RelationTypeDef } from '../src/seed/schema.js';

const syllablesEn = ['ka', 'ro', 'mi', 'ten', 'lux', 'vor', 'sen', 'dal', 'qui', 'bri', 'zo', 'pel', 'nax', 'tor', 'fen', 'gul'];
const syllablesKo = ['가', '로', '미', '텐', '룩', '보', '센', '달', '퀴', '브', '조', '펠', '낙', '토', '펜', '굴'];
const categories = ['platform', 'runtime', 'kernel-feature', 'component', 'artifact', 'interface', 'tool', 'infrastructure', 'idea'];

function word(n: number, syllables: string[]): string {
  let text = '';
  let rest = n;
  do {
    text += syllables[rest % syllables.length];
    rest = Math.floor(rest / syllables.length);
  } while (rest > 0);
  return text;
}

export async function generateGraph(conceptCount = 10_000, relationCount = 100_000, seedDir = 'graph-seed'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'concept-graph-large-'));
  await cp(seedDir, dir, { recursive: true });
  const concepts = YAML.parse(await readFile(path.join(seedDir, 'concepts.yaml'), 'utf8')) as { concepts: unknown[] };
  const relations = YAML.parse(await readFile(path.join(seedDir, 'relations.yaml'), 'utf8')) as { relations: unknown[] };
  const types = (YAML.parse(await readFile(path.join(seedDir, 'relation-types.yaml'), 'utf8')) as { relationTypes: RelationTypeDef[] })
    .relationTypes;
  const learningType = types.find((t) => t.learningOrder);
  // Relations the seed checks read as an order (prerequisites, kinds, parts, uses and what a notion's examples do
  // to it) all point to lower numbers, so random relations never form a cycle or break those checks.
  const downward = new Set(
    [
      learningType?.key,
      ...types.filter((t) => t.hierarchy || t.excludesParts).map((t) => t.key),
      ...types.map((t) => t.excludesParts),
      ...(learningType?.examples?.types ?? []),
    ].filter((key): key is string => key !== undefined),
  );
  const partTypeOf = new Map(
    types.flatMap((t) => (t.excludesParts ? [[t.key, t.excludesParts] as const, [t.excludesParts, t.key] as const] : [])),
  );
  const next = randomFrom(String(42));
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T;

  const generated = Math.max(0, conceptCount - concepts.concepts.length);
  const id = (i: number) => `gen-${i.toString().padStart(5, '0')}`;
  const categoryOf: string[] = [];
  for (let i = 0; i < generated; i++) {
    const category = pick(categories);
    categoryOf.push(category);
    const en = `${word(i * 7 + 3, syllablesEn)} ${word(i, syllablesEn)}`;
    const ko = `${word(i * 7 + 3, syllablesKo)} ${word(i, syllablesKo)}`;
    concepts.concepts.push({
      id: id(i),
      name: { en, ko },
      aliases: { en: [`${en} ${i}`], ko: [] },
      category,
      tags: ['fundamentals'],
      summary: {
        en: `${en} is generated concept number ${i}, used to measure the service on a large graph.`,
        ko: `${ko}은(는) 큰 그래프에서 서비스를 측정하려고 만든 ${i}번째 개념이다.`,
      },
      sources: [{ source: 'notes', section: 'what-is-docker' }],
    });
  }

  const seen = new Set<string>();
  const wanted = Math.max(0, relationCount - relations.relations.length);
  // A few hubs, as in real graphs: a tenth of the relations touch the first hundred concepts.
  const end = () => (next() < 0.1 ? Math.floor(next() * Math.min(100, generated)) : Math.floor(next() * generated));
  while (generated > 1 && seen.size < wanted) {
    const type = pick(types);
    let [a, b] = [end(), end()];
    if (a === b) continue;
    if (downward.has(type.key) && a < b) [a, b] = [b, a];
    // Keep to the catalogue's domain and range, and never relate one pair both as a part and as a use.
    if (categoryProblem(type, categoryOf[a] as string, categoryOf[b] as string)) continue;
    const partner = partTypeOf.get(type.key);
    if (partner && seen.has(`${a}|${partner}|${b}`)) continue;
    const key = type.symmetric ? `${Math.min(a, b)}|${type.key}|${Math.max(a, b)}` : `${a}|${type.key}|${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    relations.relations.push({
      subject: id(a),
      type: type.key,
      object: id(b),
      confidence: pick([1, 0.8, 0.6]),
      sources: [{ source: 'notes', section: 'what-is-docker' }],
    });
  }
  await writeFile(path.join(dir, 'concepts.yaml'), YAML.stringify(concepts, { lineWidth: 0 }));
  await writeFile(path.join(dir, 'relations.yaml'), YAML.stringify(relations, { lineWidth: 0 }));
  return dir;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [concepts, relations] = process.argv.slice(2).map(Number);
  console.log(await generateGraph(concepts || undefined, relations || undefined));
}
