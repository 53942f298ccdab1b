import { useEffect, useState } from 'preact/hooks';
import { loadSettings, watchSettings } from '@/utils/settings';
import type { RepairedSettings } from '@/utils/settings-repair';

/** The stored settings as a page shows them: still loading, unreadable, or read (with what had to be repaired). */
export type SettingsState = { status: 'loading' } | { status: 'failed' } | ({ status: 'ready' } & RepairedSettings);

/**
 * The stored settings, kept current: a change saved anywhere (another section, the popup, another window)
 * shows at once. Sections that hold an edit of their own take their first value from here and keep it.
 */
export function useSettings(): SettingsState {
  const [state, setState] = useState<SettingsState>({ status: 'loading' });
  useEffect(() => {
    // A change that arrives while the first read is under way is newer than what that read returns.
    let changed = false;
    const stop = watchSettings((settings, repaired) => {
      changed = true;
      setState({ status: 'ready', settings, repaired });
    });
    loadSettings().then(
      (loaded) => {
        if (!changed) setState({ status: 'ready', ...loaded });
      },
      () => {
        if (!changed) setState({ status: 'failed' });
      },
    );
    return stop;
  }, []);
  return state;
}
