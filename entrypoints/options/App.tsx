import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { CacheSection } from '@/components/CacheSection';
import { HoverButtonSection } from '@/components/HoverButtonSection';
import { ProductMark } from '@/components/ProductMark';
import { ProfilesSection } from '@/components/ProfilesSection';
import { blankDraft, draftOf } from '@/components/settings-draft';
import { SettingsForm } from '@/components/SettingsForm';
import { TerminologySection } from '@/components/TerminologySection';
import { UsageSection } from '@/components/UsageSection';
import { useSettings } from '@/components/use-settings';
import { loadApiKey, type StoredApiKey } from '@/utils/api-key';

export function App() {
  const settings = useSettings();
  const [storedKey, setStoredKey] = useState<StoredApiKey | 'failed' | null>(null);
  useEffect(() => {
    loadApiKey().then(setStoredKey, () => setStoredKey('failed'));
  }, []);

  if (settings.status === 'loading' || storedKey === null) {
    return (
      <main class="options" aria-busy="true">
        <OptionsHeader />
      </main>
    );
  }

  const failed = settings.status === 'failed' || storedKey === 'failed';
  return (
    <main class="options">
      <OptionsHeader />
      {failed ? (
        <SettingsForm initial={blankDraft} repaired={[]} loadFeedback={{ kind: 'alert', text: i18n.t('options.loadFailed') }} />
      ) : (
        // The form keeps what the user types: the settings it starts from are read once.
        <SettingsForm
          initial={draftOf(settings.settings, storedKey)}
          repaired={settings.repaired}
          loadFeedback={storedKey === 'unreadable' ? { kind: 'alert', text: i18n.t('options.apiKey.unreadable') } : null}
        />
      )}

      <TerminologySection />
      <ProfilesSection />
      <HoverButtonSection />
      <UsageSection />
      <CacheSection />
      <PrivacyNote />
    </main>
  );
}

function OptionsHeader() {
  return (
    <header class="options-header">
      <ProductMark />
      <div>
        <h1 class="options-title">{i18n.t('extName')}</h1>
        <p class="options-subtitle">{i18n.t('options.subtitle')}</p>
      </div>
    </header>
  );
}

function PrivacyNote() {
  return (
    <section class="privacy" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading" class="section-title">
        {i18n.t('options.privacy.heading')}
      </h2>
      <p class="hint">{i18n.t('options.privacy.text')}</p>
    </section>
  );
}
