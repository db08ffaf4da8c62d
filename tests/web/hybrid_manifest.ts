// A hybrid build's manifest objects, with numbers of the size a real build writes, for the page's tests.

/** The hybrid and evaluation objects as the pipeline writes them (docs/architecture.md, manifest.json). */
export function hybridFields(): Record<string, unknown> {
  return {
    hybrid: {
      content_dimension: 384,
      collaborative_dimension: 64,
      linear_dimension: 128,
      prior_dimension: 2,
      content_weight: 0.56,
      collaborative_weight: 1,
      factor_scale: 3.39,
      shrinkage_beta: 0,
      profile: 'least_squares',
      fold_in: { alpha: 0.75, rating_confidence: true },
      als: { factors: 64, regularization: 30, alpha: 0.75, confidence: '1 + alpha * rating', feedback: 'positives', iterations: 12, seed: 42 },
      linear: { rank: 128, regularization: 200, feedback: 'positives', power_iterations: 4, seed: 42 },
      tuning: 'validation',
      queries: {
        visitor: profileQuery('likeness', 0.7),
        user: profileQuery('fold_in', 0.75),
        similar: { audience_share: 0.5, series_bonus: 0.05, genre_bonus: 0.03 },
        describe: { popularity: 0.02, rating: 0.01 },
      },
    },
    evaluation: {
      protocol: 'ml-small-holdout-v1',
      users: 599,
      heldout: 12284,
      catalog: 9708,
      methods: [
        { name: 'popularity', recall_at_10: 0.071, ndcg_at_10: 0.082, coverage_at_10: 0.004, mean_popularity_rank: 40 },
        { name: 'content', recall_at_10: 0.051, ndcg_at_10: 0.061, coverage_at_10: 0.31, mean_popularity_rank: 2100 },
        { name: 'collaborative', recall_at_10: 0.152, ndcg_at_10: 0.171, coverage_at_10: 0.09, mean_popularity_rank: 300 },
        { name: 'hybrid', recall_at_10: 0.161, ndcg_at_10: 0.1812, coverage_at_10: 0.12, mean_popularity_rank: 420 },
        { name: 'ease', recall_at_10: 0.17, ndcg_at_10: 0.19, coverage_at_10: 0.08, mean_popularity_rank: 250 },
      ],
      audience_share: [0, 0.25, 0.5, 0.75, 1].map((share, i) => ({
        audience_share: share,
        recall_at_10: 0.05 + i * 0.03,
        ndcg_at_10: 0.06 + i * 0.03,
      })),
      hybrid_vs_ease_ndcg: 0.95,
      seconds: 4.2,
      protocols: [visitorProtocol('visitor-3', 0.09, 0.1), visitorProtocol('visitor-10', 0.14, 0.13)],
    },
  };
}

function profileQuery(profile: string, audienceShare: number): Record<string, unknown> {
  return {
    profile,
    audience_share: audienceShare,
    fold_in_lambda: 8.8,
    popularity: 0.3,
    popularity_ratings: 5,
    linear: 1,
    dislike: 0,
    not_interested: 0.25,
    calibration: 0.3,
    diversity: 0.15,
    max_per_series: 2,
    disliked_neighbours: 0.3,
  };
}

/** One visitor protocol's table: popularity against the served hybrid. */
function visitorProtocol(protocol: string, popularity: number, hybrid: number): Record<string, unknown> {
  return {
    protocol,
    users: 120,
    heldout: 2400,
    methods: [
      { name: 'popularity', recall_at_10: popularity, ndcg_at_10: popularity, coverage_at_10: 0.004 },
      { name: 'hybrid', recall_at_10: hybrid, ndcg_at_10: hybrid, coverage_at_10: 0.2, intra_list_diversity: 0.6, max_per_series: 1.3 },
    ],
  };
}
