// What the About tab says under "How recommendations are made": how the index blends content and
// audience, and how well each way of recommending did on the held-out ratings (manifest.json
// "hybrid" and "evaluation"). Plain text and numbers here; about_panel.ts turns them into DOM nodes.
import type { EvaluatedMethod, Evaluation, HybridSpace, Manifest } from '../artifacts/manifest';
import { formatCount } from '../ui/format';

export interface SummaryFact {
  term: string;
  detail: string;
}

export interface MethodRow {
  name: string;
  label: string;
  ndcg: string;
  recall: string;
  coverage: string;
  /** The hybrid this site serves. */
  served: boolean;
}

export interface SweepRow {
  share: string;
  ndcg: string;
  recall: string;
  /** The build's default audience share. */
  isDefault: boolean;
}

export interface EvaluationSummary {
  caption: string;
  methods: MethodRow[];
  /** "The served hybrid reaches 0.95× EASE on NDCG@10.", or null without both numbers. */
  versusEase: string | null;
  sweep: SweepRow[];
}

export interface HybridSummary {
  /** false: the index is content-only. */
  hybrid: boolean;
  facts: SummaryFact[];
  evaluation: EvaluationSummary | null;
}

const METHOD_LABELS: Record<string, string> = {
  popularity: 'Most popular',
  content: 'Content (story & genre text)',
  collaborative: 'Audience (implicit ALS)',
  hybrid: 'Hybrid (served here)',
  ease: 'EASE (reference)',
};

export function methodLabel(name: string): string {
  return METHOD_LABELS[name] ?? name;
}

/** 0.5 → "50%". */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** NDCG and recall read best with three decimals: 0.1834 → "0.183". */
export function formatMetric(value: number): string {
  return value.toFixed(3);
}

/** Catalog coverage as a percentage with one decimal: 0.2417 → "24.2%". */
export function formatCoverage(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** A tuned setting with three significant digits: 0.5623413 → "0.562", 302.898 → "303". */
export function formatSetting(value: number): string {
  return String(Number(value.toPrecision(3)));
}

function feedbackWords(feedback: string | undefined): string {
  if (feedback === undefined) return '';
  if (feedback === 'positives') return 'liked movies only (3.5 stars or more)';
  if (feedback === 'all_ratings') return 'every rated movie';
  return feedback;
}

function audienceModel(space: HybridSpace): string {
  const als = space.als ?? {};
  const parts = [`${als.factors ?? space.collaborative_dimension} factors`];
  if (als.regularization !== undefined) parts.push(`regularization ${formatSetting(als.regularization)}`);
  if (als.confidence !== undefined) {
    parts.push(`confidence ${als.confidence}${als.alpha === undefined ? '' : ` (alpha ${formatSetting(als.alpha)})`}`);
  }
  if (als.iterations !== undefined) parts.push(`${als.iterations} iterations`);
  if (als.feedback !== undefined) parts.push(`feedback: ${feedbackWords(als.feedback)}`);
  return `Implicit alternating least squares over who rated what: ${parts.join(', ')}.`;
}

function profileWords(space: HybridSpace): string {
  const foldIn = space.fold_in ?? {};
  const method =
    space.profile === undefined || space.profile === 'least_squares'
      ? 'folded into the ALS model: your own audience factors are the least-squares fit to your ratings, with the movies’ factors held fixed'
      : `combined by “${space.profile}”`;
  const settings: string[] = [];
  if (foldIn.lambda !== undefined) settings.push(`lambda ${formatSetting(foldIn.lambda)}`);
  if (foldIn.alpha !== undefined) settings.push(`alpha ${formatSetting(foldIn.alpha)}`);
  if (foldIn.rating_confidence === true) settings.push('higher stars count more');
  if (foldIn.feedback !== undefined) settings.push(feedbackWords(foldIn.feedback));
  return (
    `Your ratings (and a MovieLens user’s) are ${method}${settings.length === 0 ? '' : ` (${settings.join(', ')})`}; ` +
    'the text half is the mean of the liked movies’ text vectors. Movies marked “Not interested” never come back.'
  );
}

function blendFacts(space: HybridSpace): SummaryFact[] {
  const tuning =
    space.tuning === 'validation'
      ? ', the blend tuned on a validation split'
      : space.tuning === 'defaults'
        ? ', the pipeline’s defaults (not tuned)'
        : '';
  return [
    {
      term: 'Blend',
      detail:
        `Every movie is one vector with two parts: what it is about (its ${space.content_dimension}-dimensional ` +
        `text vector, weight ${formatSetting(space.content_weight)}) and who watches it (${space.collaborative_dimension} audience factors). ` +
        'One inner product scores both, so “movies like this” mixes same story & genre with same audience.',
    },
    { term: 'Audience model', detail: audienceModel(space) },
    { term: 'Your taste', detail: profileWords(space) },
    {
      term: 'Default blend',
      detail:
        `${formatShare(space.default_audience_share)} audience${tuning}. The Content ↔ Audience slider above the results ` +
        'moves it for Similar movies, MovieLens users and My taste; described movies are matched on text alone.',
    },
  ];
}

function ratioToEase(evaluation: Evaluation): number | null {
  if (evaluation.hybrid_vs_ease_ndcg !== undefined) return evaluation.hybrid_vs_ease_ndcg;
  const hybrid = evaluation.methods.find((m) => m.name === 'hybrid');
  const ease = evaluation.methods.find((m) => m.name === 'ease');
  if (hybrid === undefined || ease === undefined || ease.ndcg_at_10 <= 0) return null;
  return hybrid.ndcg_at_10 / ease.ndcg_at_10;
}

function methodRow(method: EvaluatedMethod): MethodRow {
  return {
    name: method.name,
    label: methodLabel(method.name),
    ndcg: formatMetric(method.ndcg_at_10),
    recall: formatMetric(method.recall_at_10),
    coverage: formatCoverage(method.coverage_at_10),
    served: method.name === 'hybrid',
  };
}

export function summarizeEvaluation(evaluation: Evaluation, defaultShare: number | undefined): EvaluationSummary {
  const ratio = ratioToEase(evaluation);
  return {
    caption:
      `Top-10 quality on held-out ratings (${evaluation.protocol}): ${formatCount(evaluation.users)} users, ` +
      `${formatCount(evaluation.heldout)} held-out ratings, ${formatCount(evaluation.catalog)} movies` +
      (evaluation.seconds === undefined ? '.' : `; measured in ${evaluation.seconds.toFixed(1)} s.`),
    methods: evaluation.methods.map(methodRow),
    versusEase: ratio === null ? null : `The served hybrid reaches ${ratio.toFixed(2)}× EASE on NDCG@10.`,
    sweep: evaluation.audience_share.map((point) => ({
      share: formatShare(point.audience_share),
      ndcg: formatMetric(point.ndcg_at_10),
      recall: formatMetric(point.recall_at_10),
      isDefault: defaultShare !== undefined && Math.abs(point.audience_share - defaultShare) < 1e-6,
    })),
  };
}

export function summarizeHybrid(manifest: Pick<Manifest, 'hybrid' | 'evaluation'>, hasCollaborative: boolean): HybridSummary {
  const space = manifest.hybrid;
  const evaluation = manifest.evaluation === undefined ? null : summarizeEvaluation(manifest.evaluation, space?.default_audience_share);
  if (space === undefined || !hasCollaborative || space.collaborative_dimension === 0) {
    return {
      hybrid: false,
      facts: [
        {
          term: 'Index',
          detail:
            'Content-only: every match comes from the movies’ text (title, genres and tags). This build has no ' +
            'audience part, so there is no blend to adjust.',
        },
      ],
      evaluation,
    };
  }
  return { hybrid: true, facts: blendFacts(space), evaluation };
}
