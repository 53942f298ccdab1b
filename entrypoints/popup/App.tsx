import { useEffect, useState } from 'preact/hooks';
import { browser, type Browser } from 'wxt/browser';
import { i18n } from '#i18n';
import type { LanguagePair } from '@/utils/languages';
import { LanguageSection } from '@/components/LanguageSection';
import { PageTranslation } from '@/components/PageTranslation';
import { SiteProfile } from '@/components/SiteProfile';
import { ProductMark } from '@/components/ProductMark';
import { Switch } from '@/components/Switch';
import { AutoSiteSwitch } from '@/components/AutoSiteSwitch';
import { getApiKey } from '@/utils/api-key';
import { sendToWorker, type View } from '@/utils/protocol';
import { viewItem } from '@/utils/session-items';
import { useSettings } from '@/components/use-settings';

/** What the popup reads besides the settings. */
interface PopupState {
  hasKey: boolean;
  /** The tab the popup was opened over; undefined when the browser gives none. */
  tabId: number | undefined;
  /** Its address, which decides its site's profile. */
  pageUrl: string | undefined;
  view: View;
}

/**
 * The tab the popup acts on. As the toolbar popup it has no tab of its own and that is the active tab of
 * its window; opened in a window of its own, it acts on the browser tab used last.
 */
async function activeTab(): Promise<Browser.tabs.Tab | undefined> {
  if (!(await browser.tabs.getCurrent())) {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab;
  }
  const tabs = await browser.tabs.query({ active: true, windowType: 'normal' });
  return tabs.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
}

/** The worker records each tab's view in session storage. */
async function storedView(tabId: number): Promise<View> {
  return (await viewItem(tabId).getValue()) ?? 'translated';
}

async function loadPopupState(): Promise<PopupState> {
  const [apiKey, tab] = await Promise.all([getApiKey(), activeTab()]);
  const tabId = tab?.id;
  return {
    hasKey: apiKey !== '',
    tabId,
    pageUrl: tab?.url,
    view: tabId === undefined ? 'translated' : await storedView(tabId),
  };
}

async function openSettings(): Promise<void> {
  await browser.runtime.openOptionsPage();
  window.close();
}

export function App() {
  const settings = useSettings();
  const [state, setState] = useState<PopupState | null>(null);
  const [stateFailed, setStateFailed] = useState(false);

  useEffect(() => {
    loadPopupState().then(setState, () => setStateFailed(true));
  }, []);

  const loadError = stateFailed || settings.status === 'failed' ? i18n.t('popup.loadError') : '';
  const ready = settings.status === 'ready' ? settings.settings : null;
  return (
    <main class="popup" aria-busy={(state === null || !ready) && !loadError}>
      <header class="popup-header">
        <ProductMark />
        <h1 class="popup-title">{i18n.t('extName')}</h1>
      </header>
      {loadError ? (
        <p class="alert" role="alert">
          {loadError}
        </p>
      ) : state && ready ? (
        <PopupBody state={state} pair={{ source: ready.sourceLang, target: ready.targetLang }} model={ready.model} />
      ) : null}
    </main>
  );
}

/** `pair` is read once: the pickers keep the user's picks from then on. */
function PopupBody({ state, pair, model }: { state: PopupState; pair: LanguagePair; model: string }) {
  return (
    <>
      {!state.hasKey && <MissingKeyPrompt />}
      <LanguageSection initial={pair} model={model} />
      {state.pageUrl && <SiteProfile pageUrl={state.pageUrl} />}
      {state.pageUrl && <AutoSiteSwitch pageUrl={state.pageUrl} />}
      {state.tabId !== undefined && <PageTranslation tabId={state.tabId} />}
      <ViewSwitch tabId={state.tabId} initial={state.view} />
      <PopupFooter />
    </>
  );
}

function MissingKeyPrompt() {
  return (
    <section class="card card-accent missing-key" aria-labelledby="missing-key-text">
      <p id="missing-key-text" class="missing-key-text">
        {i18n.t('popup.missingKey')}
      </p>
      <button type="button" class="button button-primary" onClick={() => void openSettings()}>
        {i18n.t('popup.openSettings')}
      </button>
    </section>
  );
}

function ViewSwitch({ tabId, initial }: { tabId: number | undefined; initial: View }) {
  const [showOriginals, setShowOriginals] = useState(initial === 'original');
  const [error, setError] = useState('');

  const onChange = (checked: boolean) => {
    if (tabId === undefined) return;
    setShowOriginals(checked);
    setError('');
    sendToWorker({ type: 'set-view', tabId, view: checked ? 'original' : 'translated' }).catch(() => {
      setShowOriginals(!checked);
      setError(i18n.t('popup.unreachable'));
    });
  };

  return (
    <section class="card popup-section" aria-label={i18n.t('popup.thisPage')}>
      <Switch
        id="show-originals"
        label={i18n.t('popup.showOriginals')}
        checked={showOriginals}
        disabled={tabId === undefined}
        describedBy="show-originals-hint"
        onChange={onChange}
      />
      <p id="show-originals-hint" class="hint">
        {tabId === undefined ? i18n.t('popup.notAvailable') : i18n.t('popup.showOriginalsHint')}
      </p>
      {error && (
        <p class="alert" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function PopupFooter() {
  const onSettingsClick = (event: MouseEvent) => {
    event.preventDefault();
    void openSettings();
  };
  return (
    <footer class="popup-footer">
      <p class="hint">{i18n.t('popup.rightClickHint', { item: i18n.t('menus.translateImage') })}</p>
      <a class="link" href="/options.html" onClick={onSettingsClick}>
        {i18n.t('popup.settings')}
      </a>
    </footer>
  );
}
