// "For a MovieLens user": recommendations from the movies one of the dataset's users liked.
import type { EngineClient } from '../engine/engine_client';
import type { Result } from '../engine/protocol';
import { element, required } from '../ui/element';
import { formatCount, formatMovieCount, formatQuantity } from '../ui/format';
import { K_PROBLEM, parseKInput, type Route, userIdProblem } from '../ui/route';
import { PanelStatus } from './panel_status';
import { QueryRunner } from './query_runner';
import { renderResults } from './result_list';

type UserRoute = Extract<Route, { tab: 'user' }>;

/** What a MovieLens user's list is made from, after their id: "rated 20 movies and liked none of them …". */
export function userSentence(result: Pick<Result<'user'>, 'totalRatings' | 'likedMovies' | 'dislikedMovies' | 'personal'>): string {
  const rated = `rated ${formatMovieCount(result.totalRatings)}`;
  if (!result.personal) {
    return (
      `${rated} and liked none of them (3.5 stars or more), so there is no taste to go on: these are popular picks ` +
      `they have not rated` +
      (result.dislikedMovies === 0 ? '.' : `, kept away from films like the ${formatCount(result.dislikedMovies)} they disliked (2 stars or less).`)
    );
  }
  // A MovieLens user's hundred-odd ratings speak for themselves: their dislikes push nothing (the build
  // tunes no push for them), so the sentence does not claim one.
  return (
    `${rated} and liked ${formatCount(result.likedMovies)} of them (3.5 stars or more). Their taste is made from the ` +
    'liked movies; everything they already rated is left out.'
  );
}

export class UserPanel {
  private readonly id = required('user-id', HTMLInputElement);
  private readonly k = required('user-k', HTMLInputElement);
  private readonly results = required('user-results', HTMLElement);
  private readonly runner: QueryRunner;

  constructor(
    private readonly client: EngineClient,
    private readonly navigate: (route: Route) => void,
  ) {
    this.runner = new QueryRunner(new PanelStatus(required('user-status', HTMLElement)), this.results);
    required('user-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  /** The last valid request, so a new audience share can ask again. */
  private last: { id: string; k: number } | null = null;

  route(): UserRoute {
    return { tab: 'user', id: this.id.value.trim(), k: parseKInput(this.k.value) ?? 10 };
  }

  /** Shows how many users there are once the catalog is loaded. */
  setUserCount(users: number): void {
    required('user-hint', HTMLElement).textContent =
      `The dataset has ${formatQuantity(users, 'user')}, numbered from 1.`;
  }

  /** Runs the last recommendation again (the blend moved); nothing when there was none. */
  rerun(): void {
    if (this.last !== null) this.recommend(this.last.id, this.last.k);
  }

  apply(route: UserRoute): void {
    this.id.value = route.id;
    this.k.value = String(route.k);
    if (route.id !== '') this.recommend(route.id, route.k);
  }

  private submit(): void {
    const k = parseKInput(this.k.value);
    if (k === null) {
      this.runner.reject(K_PROBLEM);
      return;
    }
    const id = this.id.value.trim();
    this.navigate({ tab: 'user', id, k });
    this.recommend(id, k);
  }

  private recommend(id: string, k: number): void {
    const problem = userIdProblem(id);
    if (problem !== null) {
      this.runner.reject(problem);
      return;
    }
    const userId = Number(id);
    this.last = { id, k };
    void this.runner.run(
      `Reading user ${userId}’s ratings…`,
      () => this.client.request('user', { userId, k }),
      (result) => {
        const heading = result.personal ? `${formatMovieCount(result.results.length)} for user ${result.userId}` : 'Popular picks';
        renderResults(this.results, heading, result.results, result.personal);
        const stats = element('p', { className: 'user-stats' }, [
          element('strong', { text: `User ${result.userId}` }),
          ` ${userSentence(result)}`,
        ]);
        stats.dataset['totalRatings'] = String(result.totalRatings);
        stats.dataset['likedMovies'] = String(result.likedMovies);
        stats.dataset['personal'] = String(result.personal);
        this.results.prepend(stats);
      },
    );
  }
}
