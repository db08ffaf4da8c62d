// Page start-up: starts the worker, wires the tabs to the URL hash, and hands each tab its panel.
import './styles.css';
import { EngineError } from './engine/engine_client';
import type { Payload, RequestType } from './engine/protocol';
import { MODEL_FILE } from './artifacts/manifest';
import { isModelStored } from './offline/offline_model';
import { startOfflineSupport } from './offline/offline_support';
import { renderAbout } from './panels/about_panel';
import { setEmptyState } from './panels/result_list';
import { DescribePanel } from './panels/describe_panel';
import { MyTastePanel } from './panels/my_taste_panel';
import { SimilarPanel } from './panels/similar_panel';
import { UserPanel } from './panels/user_panel';
import { MyTaste } from './taste/my_taste';
import { currentPersistence, type Persistence, persistenceLine, requestPersistence } from './taste/persistent_storage';
import { connectRatingControls } from './taste/rating_control';
import { connectUndoBar } from './taste/undo_bar';
import { MemoryTasteStorage, TasteStore } from './taste/taste_store';
import { AudienceShareSetting, type ShareStorage } from './ui/audience_share';
import { BlendControl } from './ui/blend_control';
import { required } from './ui/element';
import { FilteringEngineClient } from './ui/filtering_client';
import { isFiltering, toEngineFilter } from './ui/filters';
import { FilterBar } from './ui/filters_bar';
import { Loader } from './ui/loader';
import { pageTitle, SEARCH_BOX_OF } from './ui/page_title';
import { formatRoute, parseRoute, type Route, type TabName } from './ui/route';
import { TabList } from './ui/tabs';

declare global {
  interface Window {
    /** A benchmark build's door to the worker (scripts/bench-browser.mjs): any request, "bench" included. */
    movierec?: { request(type: string, payload: unknown): Promise<unknown> };
  }
}

/** localStorage, or null where the browser refuses access to it. */
function localStorageOrNull(): ShareStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function start(): void {
  const loader = new Loader();
  if (typeof WebAssembly !== 'object' || typeof Worker !== 'function') {
    loader.fail('This browser cannot run WebAssembly in a background worker, which movierec needs.', false);
    return;
  }

  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'movierec-engine' });
  // The visitor's ratings live in this browser's IndexedDB; where it is unavailable, in memory.
  let storageProblem: string | null = null;
  const taste = new MyTaste(
    TasteStore.open().catch((error: unknown) => {
      storageProblem = `This browser does not let the site store your ratings (${error instanceof Error ? error.message : String(error)}); they last until this tab is closed.`;
      return new MemoryTasteStorage();
    }),
  );
  connectRatingControls(taste);
  connectUndoBar();
  // The first rating asks the browser to keep the ratings under storage pressure; About shows the answer.
  const persistence = required('storage-persistence', HTMLElement);
  const showPersistence = (state: Persistence): void => {
    persistence.textContent = persistenceLine(state, taste.all().length);
  };
  void taste.loaded().then(() => currentPersistence().then(showPersistence));
  taste.subscribe(() => {
    void (taste.all().length > 0 ? requestPersistence() : currentPersistence()).then(showPersistence);
  });
  const filterBar = new FilterBar(() => filtersChanged());
  setEmptyState(() => isFiltering(filterBar.filters()), () => filterBar.reset());
  // The Content ↔ Audience blend travels with the filters: a query carries the visitor's share once they
  // chose one; until then the engine applies the build's share for that kind of question.
  const audienceShare = new AudienceShareSetting(localStorageOrNull());
  const blend = new BlendControl(audienceShare);
  const currentFilter = () => {
    const filter = toEngineFilter(filterBar.filters(), taste.ratedMovieIds());
    const share = audienceShare.queryShare();
    return share === undefined ? filter : { ...filter, audienceShare: share };
  };
  // Every result list the panels ask for carries the visitor's filters and comes back in their order.
  const client = new FilteringEngineClient(worker, () => ({ filter: currentFilter(), sort: filterBar.filters().sort }));
  if (import.meta.env.MODE === 'bench') {
    window.movierec = { request: (type, payload) => client.request(type as RequestType, payload as Payload<RequestType>) };
  }

  // Pushes a query's deep link so Back returns to the previous query.
  const navigate = (route: Route): void => {
    const hash = formatRoute(route);
    if (hash !== location.hash) history.pushState(null, '', hash);
    document.title = pageTitle(route);
  };
  const similar = new SimilarPanel(client, navigate);
  const user = new UserPanel(client, navigate);
  const describe = new DescribePanel(client, navigate);
  const myTaste = new MyTastePanel(
    client,
    taste,
    currentFilter,
    taste.loaded().then(() => {
      if (storageProblem !== null) myTaste.warn(storageProblem);
    }),
  );
  const routeOf = (tab: TabName): Route =>
    tab === 'similar'
      ? similar.route()
      : tab === 'user'
        ? user.route()
        : tab === 'describe'
          ? describe.route()
          : tab === 'taste'
            ? { tab: 'taste' }
            : { tab: 'about' };

  // Tabs whose list on screen was made with another audience share; they ask again when shown.
  const blendStale = new Set<TabName>();
  const tabs = new TabList(required('tablist', HTMLElement), (tab) => {
    // Switching tabs replaces the link rather than stacking history entries.
    history.replaceState(null, '', formatRoute(routeOf(tab)));
    document.title = pageTitle(routeOf(tab));
    filterBar.setVisible(tab !== 'about');
    blend.showFor(tab);
    if (tab === 'describe') describe.shown();
    else describe.hidden();
    if (tab === 'taste') myTaste.shown();
    if (blendStale.delete(tab)) {
      if (tab === 'similar') similar.rerun();
      if (tab === 'user') user.rerun();
    }
  });

  const apply = (route: Route): void => {
    document.title = pageTitle(route);
    if (route.tab !== 'describe') describe.hidden();
    tabs.show(route.tab);
    filterBar.setVisible(route.tab !== 'about');
    blend.showFor(route.tab);
    blendStale.delete(route.tab);
    switch (route.tab) {
      case 'similar':
        similar.apply(route);
        break;
      case 'user':
        user.apply(route);
        break;
      case 'describe':
        describe.shown();
        describe.apply(route);
        break;
      case 'taste':
        myTaste.shown();
        break;
      case 'about':
        break;
    }
  };
  // New filters or a new sort order: the list on screen is asked for again.
  function filtersChanged(): void {
    myTaste.filtersChanged();
    const route = parseRoute(location.hash);
    if (route.tab !== 'taste' && route.tab !== 'about') apply(route);
  }
  // The blend moved (debounced): the visible list is asked for again, the others when next shown.
  // Each panel repeats its last query, not what its form holds now (text typed but not submitted).
  audienceShare.onChange(() => {
    const visible = tabs.selected();
    for (const tab of ['similar', 'user'] as const) if (tab !== visible) blendStale.add(tab);
    myTaste.blendChanged();
    if (visible === 'similar') similar.rerun();
    if (visible === 'user') user.rerun();
  });
  window.addEventListener('hashchange', () => apply(parseRoute(location.hash)));
  // The skip link moves focus to the open tab's search box; it never touches the URL (a hash would be
  // read as a route).
  required('skip-link', HTMLAnchorElement).addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById(SEARCH_BOX_OF[tabs.selected()])?.focus();
  });
  required('fatal-retry', HTMLButtonElement).addEventListener('click', () => location.reload());

  // The site root, whatever sub-path the site is served from; the worker resolves
  // artifacts/, engine/ and ort/ against it.
  const siteRoot = new URL('./', document.baseURI).href;
  client
    .request('init', { siteRoot }, (progress) => loader.progress(progress))
    .then(({ manifest, movieCount, userCount, genres, hasCollaborative }) => {
      filterBar.setGenres(genres);
      const queries = manifest.hybrid?.queries;
      if (hasCollaborative && queries !== undefined) {
        blend.enable({ similar: queries.similar.audience_share, user: queries.user.audience_share, taste: queries.visitor.audience_share });
      } else {
        blend.disable();
      }
      loader.done();
      const model = manifest.files[MODEL_FILE];
      if (model !== undefined) {
        describe.setModel({
          bytes: model.bytes + Number(import.meta.env['VITE_ORT_RUNTIME_BYTES'] ?? 0),
          stored: isModelStored(siteRoot, new URL(`artifacts/${MODEL_FILE}`, siteRoot).href, model),
        });
      }
      renderAbout(manifest, movieCount, userCount, hasCollaborative);
      // Only a site that started is worth keeping offline.
      startOfflineSupport(
        siteRoot,
        manifest,
        () => describe.download(),
        (onProgress) => client.request('storeRatings', {}, (progress) => onProgress(progress.loaded, progress.total)).then(() => undefined),
      );
      user.setUserCount(userCount);
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      loader.fail(message, error instanceof EngineError && error.kind === 'artifact');
    });

  // Queries from a deep link wait in the worker until the engine is ready.
  apply(parseRoute(location.hash));
}

start();
