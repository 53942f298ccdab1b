import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { HOVER_ORIGINS, isHoverButtonOn, setHoverButton } from '@/utils/hover-button';
import { endpointPresets, loadSettings } from '@/utils/settings';

async function usesCustomEndpoint(): Promise<boolean> {
  const { settings } = await loadSettings();
  return !endpointPresets.some((preset) => preset.url === settings.endpoint);
}

/** The opt-in button on images: off by default, and asking for access to all sites only when turned on. */
export function HoverButtonSection() {
  const [on, setOn] = useState(false);
  const [message, setMessage] = useState('');
  useEffect(() => {
    void isHoverButtonOn().then(setOn);
  }, []);

  const onChange = async (checked: boolean) => {
    setOn(checked);
    setMessage('');
    if (checked) {
      // Asked first, while the click still counts as the user's gesture.
      const granted = await browser.permissions.request({ origins: HOVER_ORIGINS });
      if (!granted) {
        setOn(false);
        setMessage('The button needs access to the sites you visit; without it, use the right-click menu.');
        return;
      }
    } else if (!(await usesCustomEndpoint())) {
      // Given back only when no custom endpoint relies on site access. A build that grants these hosts up
      // front (the end-to-end one) cannot give them back: nothing to do then.
      await browser.permissions.remove({ origins: HOVER_ORIGINS }).catch(() => false);
    }
    await setHoverButton(checked);
    setMessage(checked ? 'The button shows on images under the pointer.' : 'The button is off.');
  };

  return (
    <section class="card options-section" aria-labelledby="hover-heading">
      <h2 id="hover-heading" class="section-title">
        Button on images
      </h2>
      <div class="field checkbox-field">
        <input
          id="hover-button"
          class="checkbox"
          type="checkbox"
          checked={on}
          aria-describedby="hover-button-help"
          onChange={(event) => void onChange(event.currentTarget.checked)}
        />
        <div>
          <label class="label" for="hover-button">
            Show a translate button on images
          </label>
          <p id="hover-button-help" class="hint">
            Off by default. Turning it on asks for access to the sites you visit, so the button can appear on their images; the right-click
            menu needs no such access.
          </p>
        </div>
      </div>
      <p class="hint" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
