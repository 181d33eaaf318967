// Per-type rules declared in relation-types.yaml: which categories a type's subject (domain) and object (range)
// may have, and, for a type that excludes parts (USES), never on a pair whose object is one of the subject's parts.
import type { RelationDef, RelationTypeDef } from '../schema.js';
import { type CheckInput, entryLabel } from './context.js';

type CategoryRule = NonNullable<RelationTypeDef['domain']>;

function allows(rule: CategoryRule | undefined, category: string): boolean {
  if (!rule) return true;
  return 'only' in rule ? rule.only.includes(category) : !rule.not.includes(category);
}

function describe(rule: CategoryRule): string {
  return 'only' in rule ? `only ${rule.only.join(', ')}` : `anything but ${rule.not.join(', ')}`;
}

/** What is wrong with a relation of `type` between concepts of these categories, or undefined. Pure: the bench generator uses it too. */
export function categoryProblem(type: RelationTypeDef, subjectCategory: string, objectCategory: string): string | undefined {
  if (type.domain && !allows(type.domain, subjectCategory)) {
    return `${type.key} does not take a concept of category '${subjectCategory}' as its subject (relation-types.yaml allows ${describe(type.domain)})`;
  }
  if (type.range && !allows(type.range, objectCategory)) {
    return `${type.key} does not take a concept of category '${objectCategory}' as its object (relation-types.yaml allows ${describe(type.range)})`;
  }
  return undefined;
}

/** The chain of parts from `whole` down to `part` through `partsOf` (whole -> its direct parts), or undefined. */
function partChain(partsOf: Map<string, string[]>, whole: string, part: string): string[] | undefined {
  const cameFrom = new Map<string, string>([[whole, whole]]);
  const queue = [whole];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as string;
    for (const next of partsOf.get(node) ?? []) {
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, node);
      if (next === part) {
        const chain = [part];
        for (let at = part; at !== whole; ) {
          at = cameFrom.get(at) as string;
          chain.unshift(at);
        }
        return chain;
      }
      queue.push(next);
    }
  }
  return undefined;
}

/** For each type some type excludes as parts (PART_OF): whole -> its direct parts, and the direct pairs. */
function partIndexes(data: CheckInput['data'], partTypes: Set<string>) {
  const partsOf = new Map<string, Map<string, string[]>>();
  const pairs = new Map<string, Set<string>>();
  for (const key of partTypes) {
    const parts = new Map<string, string[]>();
    const direct = new Set<string>();
    for (const relation of data.relations) {
      if (relation.type !== key) continue;
      const list = parts.get(relation.object);
      if (list) list.push(relation.subject);
      else parts.set(relation.object, [relation.subject]);
      direct.add(`${relation.subject}\u0000${relation.object}`);
    }
    partsOf.set(key, parts);
    pairs.set(key, direct);
  }
  return { partsOf, pairs };
}

export function checkDomainAndRange({ data, report }: CheckInput): void {
  const types = new Map(data.relationTypes.map((type) => [type.key, type]));
  const categoryIds = new Set(data.categories.map((category) => category.id));
  // Only concepts whose category is known: an unknown one is reported by the reference checks already.
  const categoryOf = new Map(data.concepts.filter((c) => categoryIds.has(c.category)).map((concept) => [concept.id, concept.category]));
  const partTypes = new Set([...types.values()].map((type) => type.excludesParts).filter((key): key is string => key !== undefined));
  const { partsOf, pairs } = partIndexes(data, partTypes);

  data.relations.forEach((relation: RelationDef, index) => {
    const type = types.get(relation.type);
    if (!type) return;
    const entry = entryLabel('relations', index, relation);
    const subjectCategory = categoryOf.get(relation.subject);
    const objectCategory = categoryOf.get(relation.object);
    const problem = subjectCategory && objectCategory ? categoryProblem(type, subjectCategory, objectCategory) : undefined;
    if (problem) {
      report(
        'relations',
        ['relations', index, 'type'],
        entry,
        `${problem}: '${relation.subject}' has category ${subjectCategory}, '${relation.object}' has ${objectCategory}`,
        'use the type that says what is meant (read its description in relation-types.yaml), or reverse the relation',
      );
    }
    const partType = type.excludesParts;
    if (!partType) return;
    if (pairs.get(partType)?.has(`${relation.subject}\u0000${relation.object}`)) {
      report(
        'relations',
        ['relations', index, 'type'],
        entry,
        `'${relation.subject}' is also ${partType} '${relation.object}': a pair is related by ${partType} or by ${relation.type}, never both`,
        `keep the one that is true and delete the other`,
      );
      return;
    }
    const chain = partChain(partsOf.get(partType) ?? new Map(), relation.subject, relation.object);
    if (chain) {
      report(
        'relations',
        ['relations', index, 'type'],
        entry,
        `'${relation.object}' is a part of '${relation.subject}' (${chain.join(' ⊃ ')} through ${partType}), and ${relation.type} excludes the subject's own parts`,
        `delete this relation: the ${partType} chain already says that ${relation.subject} contains ${relation.object}`,
      );
    }
  });
}
