// Page start-up: starts the worker, wires the tabs to the URL hash, and hands each tab its panel.
import './styles.css';
import { renderAbout } from './about_panel';
import { DescribePanel } from './describe_panel';
import { required } from './element';
import { EngineClient, EngineError } from './engine_client';
import { Loader } from './loader';
import type { Payload, RequestType, Result } from './protocol';
import { formatRoute, parseRoute, type Route, type TabName } from './route';
import { SimilarPanel } from './similar_panel';
import { TabList } from './tabs';
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
  const client = new EngineClient(worker);
  window.movierec = { request: (type, payload) => client.request(type, payload) };

  // Pushes a query's deep link so Back returns to the previous query.
  const navigate = (route: Route): void => {
    const hash = formatRoute(route);
    if (hash !== location.hash) history.pushState(null, '', hash);
  };
  const similar = new SimilarPanel(client, navigate);
  const user = new UserPanel(client, navigate);
  const describe = new DescribePanel(client, navigate);
  const routeOf = (tab: TabName): Route =>
    tab === 'similar' ? similar.route() : tab === 'user' ? user.route() : tab === 'describe' ? describe.route() : { tab: 'about' };

  const tabs = new TabList(required('tablist', HTMLElement), (tab) => {
    // Switching tabs replaces the link rather than stacking history entries.
    history.replaceState(null, '', formatRoute(routeOf(tab)));
    if (tab === 'describe') describe.shown();
  });

  const apply = (route: Route): void => {
    tabs.show(route.tab);
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
      case 'about':
        break;
    }
  };
  window.addEventListener('hashchange', () => apply(parseRoute(location.hash)));
  required('fatal-retry', HTMLButtonElement).addEventListener('click', () => location.reload());

  // The site root, whatever sub-path the site is served from; the worker resolves
  // artifacts/, engine/ and ort/ against it.
  const siteRoot = new URL('./', document.baseURI).href;
  client
    .request('init', { siteRoot }, (progress) => loader.progress(progress))
    .then(({ manifest, movieCount, userCount }) => {
      loader.done();
      renderAbout(manifest, movieCount, userCount);
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
