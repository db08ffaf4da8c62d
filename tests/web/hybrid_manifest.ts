// A hybrid build's manifest objects, with numbers of the size a real build writes, for the page's tests.

/** The hybrid and evaluation objects as the pipeline writes them (docs/architecture.md, manifest.json). */
export function hybridFields(): Record<string, unknown> {
  return {
    hybrid: {
      content_dimension: 384,
      collaborative_dimension: 64,
      content_weight: 0.56,
      collaborative_weight: 1,
      factor_scale: 3.39,
      shrinkage_beta: 0,
      profile: 'least_squares',
      fold_in: { lambda: 8.8, alpha: 0.75, rating_confidence: true, feedback: 'positives' },
      als: { factors: 64, regularization: 30, alpha: 0.75, confidence: '1 + alpha * rating', feedback: 'positives', iterations: 12, seed: 42 },
      tuning: 'validation',
      default_audience_share: 0.5,
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
    },
  };
}
