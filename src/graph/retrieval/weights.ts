// Every tuning number of retrieval, in one table. Change them here and re-run `npm run bench:retrieval`.
export const retrievalWeights = {
  question: {
    /** Most characters (code points, after NFKC) a question may have; the route answers 400 beyond. */
    maxCodePoints: 500,
    /** Most tokens looked at: every per-question loop is bounded by this or by the question's length. */
    maxTokens: 120,
  },
  match: {
    /** Seed weight of a concept the question names by its name, an alias or its id. */
    name: 1,
    alias: 0.9,
    /** Factor for a name found only with a typo. */
    typo: 0.7,
    /** Seed weight = match weight × (floor + (1 − floor) × specificity): a name most concepts mention ("container") seeds less. */
    specificityFloor: 0.4,
    /** Typo candidates checked with the edit distance, per question word or name length. */
    typoCandidates: 12,
    /** Latin question words shorter than this are never read as typos (too many near neighbours). */
    typoMinLatin: 5,
    /** Hangul names of fewer syllables are never matched with a typo (리스트 ~ 호스트). */
    typoMinHangul: 4,
  },
  described: {
    /** A concept is described by the question when its text shares this many content terms with it… */
    minTerms: 2,
    /** …whose summed inverse document frequency reaches this. */
    minScore: 3.2,
    /** At most this many described concepts join the named ones. */
    maxConcepts: 3,
    /** Their seed weight: base + perTerm × shared terms, capped. */
    base: 0.3,
    perTerm: 0.1,
    cap: 0.7,
    /** Terms in more than this share of concepts are too common to describe anything (and too costly to look up). */
    maxDocumentShare: 0.2,
    /** …and in more than this many concepts at any size: bounds the postings read per question. */
    maxPostings: 300,
    /** Weight of a term found in a concept's name or aliases, against 1 in its summary. */
    nameTermBoost: 2,
  },
  hinted: {
    /** Concepts sharing some content words with the question, too few to count as described, still seed the walk a little. */
    minScore: 1.5,
    maxConcepts: 5,
    /** Their seed weight: perScore × shared score, capped. */
    perScore: 0.06,
    cap: 0.3,
  },
  graph: {
    /** Personalised PageRank by local push: probability of jumping back to the question's concepts. */
    teleport: 0.45,
    /** Residual below which a node is not pushed (relative to its weighted degree). */
    epsilon: 1e-4,
    /** Hard cap on edge visits per question, whatever the graph's size. */
    maxEdgeVisits: 8_000,
    /** Nodes (by rank) whose relations become candidate facts, and relations read per node. */
    candidateNodes: 24,
    relationsPerNode: 60,
    /** Relations scanned per node for those: this many times relationsPerNode, skipping the ones the question may not walk. */
    scanFactor: 4,
    /** Longest path (hops) searched between two of the question's concepts, and nodes visited doing so. */
    pathHops: 3,
    /** The question's strongest concepts whose pairs are searched for paths and shared neighbours. */
    linkedSeeds: 4,
    pathVisits: 1_500,
  },
  rank: {
    /** An end's rank is divided by its degree to this power (0: plain rank, 1: rank per relation). */
    degreeDamping: 0.5,
    /** The relation type is one the question asks about (its keywords or phrasing), on a relation of a concept it is about… */
    askedTypeAnchored: 2.5,
    /** …and elsewhere. */
    askedType: 1.3,
    /** Both ends are concepts of the question (a hinted one counts half). */
    bothEnds: 2,
    /** The subject is a concept of the question: a concept's own relations say what it does. */
    seedSubject: 1.3,
    /** The relation lies on a shortest path between two of the question's concepts. */
    onPath: 1.8,
    /** The relation links one of the question's concepts to a neighbour it shares with another (a two-hop link). */
    bridge: 1.5,
    /** The summary of the question's concept at one end names the other end: its definition mentions this fact. */
    salient: 1.5,
    /** A why-question, and the fact is of an explaining type (why.explainingTypes) on a concept it is about. */
    explains: 1.6,
    /** Per content word of the question found in the far end's text, up to sharedWordsCap. */
    sharedWords: 0.3,
    sharedWordsCap: 3,
    /** A learning-order edge of a question's concept, when the question asks what to learn first. */
    learningOrder: 4,
    /** Each fact already chosen from the same concept multiplies the next one's score by this (so a comparison hears both sides). */
    repeatDecay: 0.8,
    /** The same in a comparison ("than", "versus", "차이"), so both sides are heard. */
    comparisonDecay: 0.6,
    /** In a comparison, what kind of thing each side is (its IS_A facts). */
    comparisonKind: 1.8,
    /** In a comparison or a why-question, facts a concept's own definition names count this much more: they set it apart, or explain it. */
    focusedSalient: 3,
    /** What kind of thing (IS_A) a concept is that the question describes without naming it. */
    describedKind: 2,
    /** A why-question comparing two sides: the pair of facts where one has the strength the other lacks. */
    oppositePair: 2,
    /**
     * Repeat decay for a fact of an asked type on a concept of the question (outside comparisons): an aspect
     * asked for ("the downsides of containers") is heard whole before other facts.
     */
    aspectDecay: 1,
    /** The types that make an aspect: strengths, weaknesses, parts. */
    aspectTypes: ['HAS_STRENGTH', 'HAS_WEAKNESS', 'PART_OF'],
    /** A kind-of fact (IS_A) whose subject the question is not about, when it does not ask what kind: general taxonomy. */
    genericKind: 0.5,
    /** A fact scoring below this share of the best one is left out. */
    minShareOfBest: 0.02,
  },
  chain: {
    /** Facts (best first) searched for the next link of a chain: an asked type from a concept of the question to another. */
    lookAhead: 6,
    /** Only a question asking about this many relation types has links to chain ("uses…, and hands the work to…"). */
    minAskedTypes: 2,
    /** Concepts added that way, at this share of the seed weight of the concept they were reached from. */
    maxNodes: 2,
    seedShare: 0.6,
    /** Links (to a whole both ends are part of) a path between two of the question's concepts takes only when no path as short avoids them. */
    taxonomyTypes: ['PART_OF'],
  },
  comparison: {
    /** The symmetric type of contrasts, and the kind-of type that says what each side is. */
    contrastType: 'CONTRASTS_WITH',
    kindType: 'IS_A',
    /** Types that say opposite things of a shared neighbour: one side's strength, the other's weakness. */
    opposites: [['HAS_STRENGTH', 'HAS_WEAKNESS']] as [string, string][],
  },
  why: {
    /** Relation types that say how something works, and so explain it (the reason a container is portable is what it packages). */
    explainingTypes: [
      'USES',
      'SHARES',
      'PACKAGES',
      'ISOLATES',
      'LIMITS',
      'ABSTRACTS',
      'IMPLEMENTS',
      'PROVIDES',
      'COMMUNICATES_VIA',
      'RUNS_ON',
      'HAS_STRENGTH',
      'HAS_WEAKNESS',
    ],
  },
  context: {
    /** Definitions (concept summaries) at the head of the context. */
    definitions: 3,
    /** Default budget of the context block, in characters (a token is about four English characters or one to two Hangul syllables). */
    defaultChars: 4_000,
    minChars: 300,
    maxChars: 20_000,
  },
} as const;
