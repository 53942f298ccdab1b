import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { HOVER_ORIGINS, isHoverButtonOn, setHoverButton } from '@/utils/hover-button-setting';
import { endpointPresets } from '@/utils/endpoints';
import { useSettings } from './use-settings';

/** The opt-in button on images: off by default, and asking for access to all sites only when turned on. */
export function HoverButtonSection() {
  const stored = useSettings();
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
        setMessage(i18n.t('hoverButton.denied'));
        return;
      }
    } else if (stored.status === 'ready' && endpointPresets.some((preset) => preset.url === stored.settings.endpoint)) {
      // Given back only when no custom endpoint relies on site access. A build that grants these hosts up
      // front (the end-to-end one) cannot give them back: nothing to do then.
      await browser.permissions.remove({ origins: HOVER_ORIGINS }).catch(() => false);
    }
    await setHoverButton(checked);
    setMessage(checked ? i18n.t('hoverButton.turnedOn') : i18n.t('hoverButton.turnedOff'));
  };

  return (
    <section class="card options-section" aria-labelledby="hover-heading">
      <h2 id="hover-heading" class="section-title">
        {i18n.t('hoverButton.heading')}
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
            {i18n.t('hoverButton.label')}
          </label>
          <p id="hover-button-help" class="hint">
            {i18n.t('hoverButton.help')}
          </p>
        </div>
      </div>
      <p class="hint" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
