import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveSettings } from '@/utils/settings';
import { useSettings, type SettingsState } from './use-settings';

/** Renders a component that records every state the hook gives, into a document of its own. */
function mountHook(): { states: SettingsState[]; unmount: () => void } {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  vi.stubGlobal('document', document);
  const root = document.getElementById('root')!;
  const states: SettingsState[] = [];
  function Probe() {
    states.push(useSettings());
    return null;
  }
  // Inside act, so that the effects run now rather than after a frame.
  // act flushes at once for a callback that returns nothing; the promise it gives has nothing left to wait for.
  void act(() => render(<Probe />, root));
  return { states, unmount: () => void act(() => render(null, root)) };
}

const ready = (state: SettingsState | undefined) => (state?.status === 'ready' ? state : undefined);

/** Lets storage calls and their listeners run, then the renders they cause. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

describe('useSettings', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.unstubAllGlobals());

  it('loads the stored settings, with what had to be repaired', async () => {
    await fakeBrowser.storage.local.set({ settings: { targetLang: 'ja', sensitives: ['ok', 7] } });
    const hook = mountHook();
    expect(hook.states[0]).toEqual({ status: 'loading' });
    await settle();
    const loaded = ready(hook.states.at(-1));
    expect(loaded?.settings.targetLang).toBe('ja');
    expect(loaded?.settings.sensitives).toEqual(['ok']);
    expect(loaded?.repaired).toEqual([{ field: 'sensitives', dropped: '7', reason: 'invalid' }]);
    hook.unmount();
  });

  it('sees a change saved elsewhere', async () => {
    const hook = mountHook();
    await settle();
    expect(ready(hook.states.at(-1))?.settings.domainHint).toBe('');
    await act(async () => {
      await saveSettings({ domainHint: 'Menus of restaurants.' });
    });
    await settle();
    expect(ready(hook.states.at(-1))?.settings.domainHint).toBe('Menus of restaurants.');
    hook.unmount();
  });

  it('stops watching once the component is gone', async () => {
    const hook = mountHook();
    await settle();
    hook.unmount();
    const seen = hook.states.length;
    await saveSettings({ domainHint: 'Comics.' });
    await settle();
    expect(hook.states).toHaveLength(seen);
  });

  it('says when the settings cannot be read', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValueOnce(new Error('storage is gone'));
    const hook = mountHook();
    await settle();
    expect(hook.states.at(-1)).toEqual({ status: 'failed' });
    hook.unmount();
  });
});
