// Every hand-structured tuning number of retrieval, in one table. `npm run bench:fit-retrieval` fits the ranking
// ones on the training questions; the learned layer over them is learned-weights.ts (`npm run bench:fit-ranker`).
// `npm run bench:retrieval` shows what a change does to the training, development and blind sets.
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
    alias: 0.633,
    /** Factor for a name found only with a typo. */
    typo: 0.7,
    /** Seed weight = match weight × (floor + (1 − floor) × specificity): a name most concepts mention ("container") seeds less. */
    specificityFloor: 0.4,
    /** A Latin name written with other spacing is found over at most this many words, run together to at least this length. */
    joinedWords: 3,
    joinedMinLength: 4,
    /** Typo candidates checked with the edit distance, per question word or name length. */
    typoCandidates: 12,
    /** Latin question words shorter than this are never read as typos (too many near neighbours). */
    typoMinLatin: 5,
    /** Hangul names of fewer syllables are never matched with a typo (리스트 ~ 호스트). */
    typoMinHangul: 4,
  },
  scope: {
    /**
     * A question naming one concept only by a name weighing less than this (a generic word: "container")
     * and otherwise using at least minUnknown words no concept's text holds, unknownPerKnown times as many as
     * the known ones, is about that word's everyday meaning (scope.ts). Set by hand, not fitted.
     */
    genericName: 0.5,
    minUnknown: 3,
    unknownPerKnown: 2,
    /** A question naming nothing, with at least minWords content words of which at most this share the graph's texts hold, is about something else. */
    minWords: 2,
    maxKnownShare: 0.6,
  },
  described: {
    /** A concept is described by the question when its text shares this many content terms with it… */
    minTerms: 2,
    /** …whose summed inverse document frequency reaches this. */
    minScore: 3.2,
    /** At most this many described concepts join the named ones. */
    maxConcepts: 3,
    /**
     * A word in everyday use weighs less: fully up to `from` on the Zipf scale (log10 of uses per billion
     * words), then falling linearly over `span` to `floor`.
     */
    everyday: { from: 5.2, span: 0.6, floor: 0.2 },
    /** Their seed weight: base + perTerm × shared terms, capped. */
    base: 0.17,
    perTerm: 0.188,
    cap: 1,
    /** Terms in more than this share of concepts are too common to describe anything (and too costly to look up). */
    maxDocumentShare: 0.2,
    /** …and in more than this many concepts at any size: bounds the postings read per question. */
    maxPostings: 300,
    /** Weight of a term found in the phrases that describe a concept (`describedAs`), against 1 in its summary. */
    describedAsWeight: 0.5,
    /** Weight of a term found in a concept's name or aliases, against 1 in its summary. */
    nameTermBoost: 2,
  },
  hinted: {
    /** Concepts sharing some content words with the question, too few to count as described, still seed the walk a little. */
    minScore: 2.94,
    maxConcepts: 6,
    /** Their seed weight: perScore × shared score, capped. */
    perScore: 0.075,
    cap: 0.225,
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
    pathHops: 2,
    /** The question's strongest concepts whose pairs are searched for paths and shared neighbours. */
    linkedSeeds: 4,
    pathVisits: 1_500,
  },
  rank: {
    /** An end's rank is divided by its degree to this power (0: plain rank, 1: rank per relation). */
    degreeDamping: 0.25,
    /** The relation type is one the question asks about (its keywords or phrasing), on a relation of a concept it is about… */
    askedTypeAnchored: 2.5,
    /** …and elsewhere. */
    askedType: 1.465,
    /** Both ends are concepts of the question (a hinted one counts half). */
    bothEnds: 1.7,
    /** The subject is a concept of the question: a concept's own relations say what it does. */
    seedSubject: 1.55,
    /** The relation lies on a shortest path between two of the question's concepts. */
    onPath: 2.07,
    /** …times this when the question asks what lies between them: the path through the middle is the answer. */
    between: 4.83,
    /** The relation links one of the question's concepts to a neighbour it shares with another (a two-hop link). */
    bridge: 1.5,
    /** The summary of the question's concept at one end names the other end: its definition mentions this fact. */
    salient: 1.5,
    /** A why-question, and the fact is of an explaining type (why.explainingTypes) on a concept it is about. */
    explains: 1.904,
    /** Per content word of the question found in the far end's text, up to sharedWordsCap. */
    sharedWords: 0.469,
    sharedWordsCap: 2,
    /** A learning-order edge of a question's concept, when the question asks what to learn first. */
    learningOrder: 4,
    /** Each fact already chosen from the same concept multiplies the next one's score by this (so a comparison hears both sides). */
    repeatDecay: 0.9,
    /** Seed weight of the other kinds of what a set-aside concept is a kind of ("other than containerd": cri-o). */
    alternativeSeed: 0.6,
    /** The same in a comparison ("than", "versus", "차이"), so both sides are heard. */
    comparisonDecay: 0.9,
    /** In a comparison or a why-question, facts a concept's own definition names count this much more: they set it apart, or explain it. */
    focusedSalient: 1.745,
    /** What kind of thing (IS_A) a concept is that the question describes without naming it. */
    describedKind: 2.3,
    /** A why-question comparing two sides: the pair of facts where one has the strength the other lacks. */
    oppositePair: 3.22,
    /** A why-question: a concept's link to a mechanism that has the same strength or weakness, and the mechanism's fact. */
    reason: 1.4,
    /** A plain comparison: each fact of such a pair (one side's strength, the other's weakness in the same thing). */
    contrastPair: 1.61,
    /**
     * Repeat decay for a fact of an asked type on a concept of the question (outside comparisons): an aspect
     * asked for ("the downsides of containers") is heard whole before other facts.
     */
    aspectDecay: 1,
    /** The types that make an aspect: strengths, weaknesses, parts. */
    aspectTypes: ['HAS_STRENGTH', 'HAS_WEAKNESS', 'PART_OF'],
    /** A kind-of fact (IS_A) whose subject the question is not about, when it does not ask what kind: general taxonomy. */
    genericKind: 0.188,
    /** A fact scoring below this share of the leading facts' score (the score at leadRank) is left out. */
    minShareOfLead: 0.02,
    leadRank: 3,
  },
  /**
   * How often a fact of each type is what a question wants, beside everything else: a factor on every fact of
   * the type (1: no preference). Fitted on the training questions (bench/fit-retrieval.ts).
   */
  typePrior: {
    IS_A: 1,
    PART_OF: 1,
    IMPLEMENTS: 1.4,
    MANAGES: 1,
    USES: 1,
    PROVIDES: 1.15,
    CREATES: 1,
    RUNS_ON: 0.85,
    SHARES: 1.96,
    SENDS_REQUESTS_TO: 0.85,
    COMMUNICATES_VIA: 1,
    BUILT_FROM: 1,
    INSTANCE_OF: 1.4,
    REPLACED: 1.61,
    CONTRASTS_WITH: 1.15,
    LIMITS: 0.49,
    ISOLATES: 1,
    ABSTRACTS: 1,
    HAS_STRENGTH: 1,
    HAS_WEAKNESS: 1,
    PACKAGES: 1,
    DEFINES: 1,
    IDENTIFIES: 0.85,
  } as Record<string, number>,
  chain: {
    /** Facts (best first) searched for the next link of a chain: an asked type from a concept of the question to another. */
    lookAhead: 5,
    /** Only a question asking about this many relation types has links to chain ("uses…, and hands the work to…"). */
    minAskedTypes: 2,
    /** Concepts added that way, at this share of the seed weight of the concept they were reached from. */
    maxNodes: 2,
    seedShare: 0.45,
    /** Links (to a whole both ends are part of) a path between two of the question's concepts takes only when no path as short avoids them. */
    taxonomyTypes: ['PART_OF'],
    /** Links that say what a thing is, is like or is good at, not what it hands work to: no path "between" two concepts goes through them. */
    notBetweenTypes: ['IS_A', 'PART_OF', 'CONTRASTS_WITH', 'HAS_STRENGTH', 'HAS_WEAKNESS', 'REPLACED'],
    /** The chain of work between two of the question's concepts: facts of these types, subject to object, up to this many. */
    flowTypes: ['SENDS_REQUESTS_TO', 'USES', 'MANAGES', 'CREATES'],
    flowHops: 3,
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
