// Page start-up: starts the worker, wires the tabs to the URL hash, and hands each tab its panel.
import './styles.css';
import { renderAbout } from './about_panel';
import { DescribePanel } from './describe_panel';
import { required } from './element';
import { EngineError } from './engine_client';
import { toEngineFilter } from './filters';
import { FilterBar } from './filters_bar';
import { FilteringEngineClient } from './filters_client';
import { Loader } from './loader';
import { MyTaste } from './my_taste';
import { MyTastePanel } from './my_taste_panel';
import { startOfflineSupport } from './offline_support';
import type { Payload, RequestType, Result } from './protocol';
import { connectRatingControls } from './rating_control';
import { formatRoute, parseRoute, type Route, type TabName } from './route';
import { SimilarPanel } from './similar_panel';
import { TabList } from './tabs';
import { MemoryTasteStorage, TasteStore } from './taste_store';
import { UserPanel } from './user_panel';

declare global {
  interface Window {
    /** The worker's protocol, for scripts/bench-browser.mjs and the browser console. */
    movierec?: { request<T extends RequestType>(type: T, payload: Payload<T>): Promise<Result<T>> };
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
  const filterBar = new FilterBar(() => filtersChanged());
  const currentFilter = () => toEngineFilter(filterBar.filters(), taste.ratedMovieIds());
  // Every result list the panels ask for carries the visitor's filters and comes back in their order.
  const client = new FilteringEngineClient(worker, () => ({ filter: currentFilter(), sort: filterBar.filters().sort }));
  window.movierec = { request: (type, payload) => client.request(type, payload) };

  // Pushes a query's deep link so Back returns to the previous query.
  const navigate = (route: Route): void => {
    const hash = formatRoute(route);
    if (hash !== location.hash) history.pushState(null, '', hash);
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

  const tabs = new TabList(required('tablist', HTMLElement), (tab) => {
    // Switching tabs replaces the link rather than stacking history entries.
    history.replaceState(null, '', formatRoute(routeOf(tab)));
    filterBar.setVisible(tab !== 'about');
    if (tab === 'describe') describe.shown();
    if (tab === 'taste') myTaste.shown();
  });

  const apply = (route: Route): void => {
    tabs.show(route.tab);
    filterBar.setVisible(route.tab !== 'about');
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
  window.addEventListener('hashchange', () => apply(parseRoute(location.hash)));
  required('fatal-retry', HTMLButtonElement).addEventListener('click', () => location.reload());

  // The site root, whatever sub-path the site is served from; the worker resolves
  // artifacts/, engine/ and ort/ against it.
  const siteRoot = new URL('./', document.baseURI).href;
  client
    .request('init', { siteRoot }, (progress) => loader.progress(progress))
    .then(({ manifest, movieCount, userCount, genres }) => {
      filterBar.setGenres(genres);
      loader.done();
      renderAbout(manifest, movieCount, userCount);
      // Only a site that started is worth keeping offline.
      startOfflineSupport(siteRoot, manifest);
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
