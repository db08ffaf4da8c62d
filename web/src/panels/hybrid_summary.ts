// What the About tab says under "How recommendations are made": how the index blends content and
// audience, and how well each way of recommending did on the held-out ratings (manifest.json
// "hybrid" and "evaluation"). Plain text and numbers here; about_panel.ts turns them into DOM nodes.
import type { EvaluatedMethod, EvaluatedProtocol, Evaluation, HybridSpace, Manifest } from '../artifacts/manifest';
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

/** One visitor (or cold-item) protocol: the served hybrid beside EASE and popularity. */
export interface ProtocolRow {
  protocol: string;
  label: string;
  hybrid: string;
  ease: string;
  popularity: string;
  /** The served hybrid's NDCG@10 over EASE's, "1.20×". */
  ratio: string;
  diversity: string;
  coverage: string;
}

export interface EvaluationSummary {
  caption: string;
  methods: MethodRow[];
  /** "The served hybrid reaches 0.95× EASE on NDCG@10.", or null without both numbers. */
  versusEase: string | null;
  /** What a large catalog's evaluation left out ("Restricted at this catalog’s size: …"), or null. */
  restrictions: string | null;
  sweep: SweepRow[];
  /** Visitors with a handful of ratings, and films with few ratings; empty when the build ran none. */
  protocols: ProtocolRow[];
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
  const linear = space['linear'] as { rank?: unknown; regularization?: unknown } | undefined;
  const linearWords =
    space.linear_dimension > 0 && typeof linear?.rank === 'number'
      ? ` Beside it, a rank-${linear.rank} item-to-item model of which films the same people rate` +
        (typeof linear.regularization === 'number' ? ` (regularization ${formatSetting(linear.regularization)})` : '') +
        '.'
      : '';
  return `Implicit alternating least squares over who rated what: ${parts.join(', ')}.${linearWords}`;
}

function foldInWords(space: HybridSpace): string {
  const foldIn = space.fold_in ?? {};
  const settings: string[] = [];
  if (foldIn.alpha !== undefined) settings.push(`alpha ${formatSetting(foldIn.alpha)}`);
  if (foldIn.rating_confidence === true) settings.push('higher stars count more');
  const lambda = space.queries.user['fold_in_lambda'];
  if (typeof lambda === 'number') settings.push(`lambda ${formatSetting(lambda)}`);
  return (
    'A MovieLens user’s hundred-odd ratings are folded into the ALS model: their audience factors are the ' +
    `least-squares fit to their ratings, with the movies’ factors held fixed${settings.length === 0 ? '' : ` (${settings.join(', ')})`}; ` +
    'the text part is the mean of the liked movies’ text vectors.'
  );
}

function setting(question: Record<string, unknown>, name: string): number {
  const value = question[name];
  return typeof value === 'number' ? value : 0;
}

function visitorWords(space: HybridSpace): string {
  const visitor = space.queries.visitor;
  const parts = [
    visitor.profile === 'likeness'
      ? 'Your ratings become one query: for each movie you liked, how alike it is to every film (its story & genre ' +
        'text, relative to the average film, and its audience), added up'
      : 'Your ratings are folded into the audience model like a MovieLens user’s',
  ];
  if (setting(visitor, 'linear') > 0) parts.push('plus the item-to-item model of the films you liked');
  if (setting(visitor, 'popularity') > 0) parts.push('plus a pull towards well-liked films that fades as you rate more');
  const effects: string[] = [];
  if (setting(visitor, 'dislike') > 0 || setting(visitor, 'disliked_neighbours') > 0) {
    effects.push('a film you rate 2 stars or less moves its close look-alikes and the rest of its series down');
  }
  if (setting(visitor, 'not_interested') > 0) effects.push('“Not interested” hides a film and nudges its look-alikes away');
  return `${parts.join(', ')}.${effects.length === 0 ? '' : ` ${capitalize(effects.join('; '))}.`} Everything you rated is left out.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function varietyWords(space: HybridSpace): string | null {
  const visitor = space.queries.visitor;
  const parts: string[] = [];
  const perSeries = setting(visitor, 'max_per_series');
  if (perSeries > 0) parts.push(`at most ${perSeries} films of one series`);
  if (setting(visitor, 'diversity') > 0) parts.push('no run of near-identical films');
  if (setting(visitor, 'calibration') > 0) parts.push('genres roughly in the proportions of the films you liked');
  if (parts.length === 0) return null;
  return `My taste re-ranks its list for variety, in the engine: ${parts.join(', ')}.`;
}

function blendFacts(space: HybridSpace): SummaryFact[] {
  const tuning =
    space.tuning === 'validation' ? ' (tuned on a validation split)' : space.tuning === 'defaults' ? ' (the validated defaults)' : '';
  const { queries } = space;
  const variety = varietyWords(space);
  return [
    {
      term: 'Blend',
      detail:
        `Every movie is one vector: what it is about (its ${space.content_dimension}-dimensional text vector, weight ` +
        `${formatSetting(space.content_weight)}), who watches it (${space.collaborative_dimension} audience factors` +
        (space.linear_dimension > 0 ? ` and a ${space.linear_dimension}-dimensional item-to-item model` : '') +
        ')' +
        (space.prior_dimension > 0 ? ' and how often and how well it is rated' : '') +
        '. One inner product scores them all, so “movies like this” mixes same story & genre with same audience.',
    },
    { term: 'Audience model', detail: audienceModel(space) },
    { term: 'My taste', detail: visitorWords(space) },
    ...(variety === null ? [] : [{ term: 'Variety', detail: variety }]),
    { term: 'MovieLens users', detail: foldInWords(space) },
    {
      term: 'Default blend',
      detail:
        `Similar movies ${formatShare(queries.similar.audience_share)} audience, My taste ${formatShare(queries.visitor.audience_share)}, ` +
        `MovieLens users ${formatShare(queries.user.audience_share)}${tuning}. The Content ↔ Audience slider above the results ` +
        'moves all three; described movies are matched on their text, with a small preference for well-rated films.',
    },
    {
      term: 'Match',
      detail:
        'The percentage on a card means the same on every tab: how alike the movie is to what you asked for ' +
        '(a movie, your ratings or your words), the cosine of the two text vectors blended with the cosine of ' +
        'the two audience vectors at the tab’s audience share; a film with few ratings counts less on the audience ' +
        'side. The order also weighs how often and how well a film is rated and, on My taste, variety, so a card ' +
        'may rank above one with a higher match. Popular picks have no match.',
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

/** "visitor-3" → "3 liked movies", "visitor-3-dislikes" → "3 liked + dislikes", "cold-items" → "Films with ≤ 5 ratings". */
export function protocolLabel(protocol: EvaluatedProtocol): string {
  const visitor = /^visitor-(\d+)(-dislikes)?$/.exec(protocol.protocol);
  if (visitor !== null) return `${visitor[1]} liked ${visitor[1] === '1' ? 'movie' : 'movies'}${visitor[2] === undefined ? '' : ' + dislikes'}`;
  if (protocol.protocol === 'cold-items') {
    const most = protocol['max_train_ratings'];
    return typeof most === 'number' ? `Films with ≤ ${most} ratings` : 'Films with few ratings';
  }
  return protocol.protocol;
}

function protocolRow(protocol: EvaluatedProtocol): ProtocolRow | null {
  const method = (name: string) => protocol.methods.find((m) => m.name === name);
  const hybrid = method('hybrid');
  if (hybrid === undefined) return null;
  const ease = method('ease');
  const popularity = method('popularity');
  const dash = '–';
  return {
    protocol: protocol.protocol,
    label: protocolLabel(protocol),
    hybrid: formatMetric(hybrid.ndcg_at_10),
    ease: ease === undefined ? dash : formatMetric(ease.ndcg_at_10),
    popularity: popularity === undefined ? dash : formatMetric(popularity.ndcg_at_10),
    ratio: ease === undefined || ease.ndcg_at_10 <= 0 ? dash : `${(hybrid.ndcg_at_10 / ease.ndcg_at_10).toFixed(2)}×`,
    diversity: hybrid.intra_list_diversity === undefined ? dash : formatMetric(hybrid.intra_list_diversity),
    coverage: formatCoverage(hybrid.coverage_at_10),
  };
}

export function summarizeEvaluation(evaluation: Evaluation, defaultShare: number | undefined): EvaluationSummary {
  const ratio = ratioToEase(evaluation);
  return {
    caption:
      `Top-10 quality on held-out ratings (${evaluation.protocol}): ${formatCount(evaluation.users)} users, ` +
      `${formatCount(evaluation.heldout)} held-out ratings, ${formatCount(evaluation.catalog)} movies` +
      (evaluation.seconds === undefined ? '.' : `; measured in ${evaluation.seconds.toFixed(1)} s.`),
    restrictions:
      evaluation.restrictions === undefined ? null : `Restricted at this catalog’s size: ${evaluation.restrictions.join('; ')}.`,
    methods: evaluation.methods.map(methodRow),
    versusEase: ratio === null ? null : `The served hybrid reaches ${ratio.toFixed(2)}× EASE on NDCG@10.`,
    sweep: evaluation.audience_share.map((point) => ({
      share: formatShare(point.audience_share),
      ndcg: formatMetric(point.ndcg_at_10),
      recall: formatMetric(point.recall_at_10),
      isDefault: defaultShare !== undefined && Math.abs(point.audience_share - defaultShare) < 1e-6,
    })),
    protocols: evaluation.protocols.map(protocolRow).filter((row): row is ProtocolRow => row !== null),
  };
}

export function summarizeHybrid(manifest: Pick<Manifest, 'hybrid' | 'evaluation'>, hasCollaborative: boolean): HybridSummary {
  const space = manifest.hybrid;
  // The sweep runs on the MovieLens users' split, so its default is theirs.
  const evaluation =
    manifest.evaluation === undefined ? null : summarizeEvaluation(manifest.evaluation, space?.queries.user.audience_share);
  if (space === undefined || !hasCollaborative || space.collaborative_dimension === 0) {
    return {
      hybrid: false,
      facts: [
        {
          term: 'Index',
          detail:
            'Content-only: every match comes from the movies’ text (title, genres, overview and tags). This build has no ' +
            'audience part, so there is no blend to adjust.',
        },
      ],
      evaluation,
    };
  }
  return { hybrid: true, facts: blendFacts(space), evaluation };
}
