import type { JSX } from 'preact';
import { withElements } from '@/components/with-elements';
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { CacheSection } from '@/components/CacheSection';
import { StoredLanguageSection } from '@/components/LanguageSection';
import { HoverButtonSection } from '@/components/HoverButtonSection';
import { ProfilesSection } from '@/components/ProfilesSection';
import { ProductMark } from '@/components/ProductMark';
import { RepairNotice } from '@/components/RepairNotice';
import { SecretInput } from '@/components/SecretInput';
import { TerminologySection } from '@/components/TerminologySection';
import { UsageSection } from '@/components/UsageSection';
import { loadApiKey, setApiKey } from '@/utils/api-key';
import { DEFAULT_MODEL, modelAfterEndpointChange } from '@/utils/models';
import { ensureHostPermission } from '@/utils/permissions';
import { sendToWorker } from '@/utils/protocol';
import {
  DEFAULT_ENDPOINT,
  endpointPresets,
  loadSettings,
  MAX_DOMAIN_HINT_WORDS,
  MAX_SENSITIVES,
  monthlyLimitTextSchema,
  saveSettings,
  settingsFields,
  wordCount,
  type Repair,
  type Settings,
} from '@/utils/settings';

/** What the form holds, as typed. */
interface Draft {
  apiKey: string;
  endpoint: string;
  model: string;
  /** Images a month; empty for no limit. */
  monthlyLimitText: string;
  domainHint: string;
  /** Sensitive words, one a line. */
  sensitivesText: string;
  translateEverything: boolean;
}

type FieldName = 'apiKey' | 'endpoint' | 'model' | 'monthlyLimit' | 'domainHint' | 'sensitives';
type FieldErrors = Partial<Record<FieldName, string>>;

const fieldIds: Record<FieldName, string> = {
  apiKey: 'api-key',
  endpoint: 'endpoint',
  model: 'model',
  monthlyLimit: 'monthly-limit',
  domainHint: 'domain-hint',
  sensitives: 'sensitives',
};

const fieldOrder: FieldName[] = ['apiKey', 'endpoint', 'model', 'monthlyLimit', 'domainHint', 'sensitives'];

/** The worker's message schema refuses longer keys, so catch them here with a clearer message. */
const MAX_API_KEY_LENGTH = 512;

type SavedFields = Pick<Settings, 'endpoint' | 'model' | 'monthlyLimit' | 'domainHint' | 'sensitives' | 'skipImgSegment'>;

interface CheckedDraft {
  errors: FieldErrors;
  /** Present only when there are no errors. */
  valid?: { apiKey: string; settings: SavedFields };
}

/**
 * What the page last had to say: news for the status region, a problem for the alert, or `invalid` after a
 * refused save, whose alert lists the form's current errors and goes away once they are fixed.
 */
type Feedback = { kind: 'status'; text: string } | { kind: 'alert'; text: string } | { kind: 'invalid' } | null;

const blankDraft: Draft = {
  apiKey: '',
  endpoint: DEFAULT_ENDPOINT,
  model: DEFAULT_MODEL,
  monthlyLimitText: '',
  domainHint: '',
  sensitivesText: '',
  translateEverything: false,
};

function sensitiveWords(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function firstMessage(result: { success: true } | { success: false; error: { issues: { message: string }[] } }): string | undefined {
  return result.success ? undefined : (result.error.issues[0]?.message ?? i18n.t('options.invalidValue'));
}

function checkDraft(draft: Draft): CheckedDraft {
  const apiKey = draft.apiKey.trim();
  const endpoint = settingsFields.endpoint.safeParse(draft.endpoint);
  const model = settingsFields.model.safeParse(draft.model);
  const monthlyLimit = monthlyLimitTextSchema.safeParse(draft.monthlyLimitText);
  const domainHint = settingsFields.domainHint.safeParse(draft.domainHint.trim());
  const sensitives = settingsFields.sensitives.safeParse(sensitiveWords(draft.sensitivesText));
  const errors: FieldErrors = {};
  if (apiKey.length > MAX_API_KEY_LENGTH) errors.apiKey = i18n.t('options.apiKey.tooLong');
  if (!endpoint.success) errors.endpoint = firstMessage(endpoint);
  if (!model.success) errors.model = i18n.t('errors.checkKey.invalidModel');
  if (!monthlyLimit.success) errors.monthlyLimit = firstMessage(monthlyLimit);
  if (!domainHint.success) errors.domainHint = firstMessage(domainHint);
  if (!sensitives.success) errors.sensitives = firstMessage(sensitives);
  if (!endpoint.success || !model.success || !monthlyLimit.success || !domainHint.success || !sensitives.success || errors.apiKey)
    return { errors };
  return {
    errors,
    valid: {
      apiKey,
      settings: {
        endpoint: endpoint.data,
        model: model.data,
        monthlyLimit: monthlyLimit.data,
        domainHint: domainHint.data,
        sensitives: sensitives.data,
        skipImgSegment: draft.translateEverything,
      },
    },
  };
}

function limitText(limit: number | null): string {
  return limit === null ? '' : String(limit);
}

function isPreset(endpoint: string): boolean {
  return endpointPresets.some((preset) => preset.url === endpoint);
}

function hostOf(endpoint: string): string {
  return new URL(endpoint).host;
}

/**
 * Access to a custom endpoint, asked for when needed; resolves to why it is refused, or null.
 * Call it first thing in a click or submit handler: see ensureHostPermission.
 */
/** Asks for access to a custom endpoint's host (presets are allowed at install); whether it is allowed. */
async function allowEndpoint(endpoint: string): Promise<boolean> {
  // A failed request means the same as a refusal: the worker may not reach the endpoint.
  return isPreset(endpoint) || (await ensureHostPermission(endpoint).catch(() => false));
}

function notAllowed(endpoint: string): string {
  return i18n.t('options.notAllowed', { host: hostOf(endpoint) });
}

function focusField(field: FieldName) {
  document.getElementById(fieldIds[field])?.focus();
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => typeof id === 'string');
  return present.length ? present.join(' ') : undefined;
}

export function App() {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [repairs, setRepairs] = useState<Repair[]>([]);
  const [repairsKept, setRepairsKept] = useState(false);
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState<'saving' | 'testing' | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);

  useEffect(() => {
    Promise.all([loadSettings(), loadApiKey()]).then(
      ([{ settings, repaired }, storedKey]) => {
        setDraft({
          apiKey: typeof storedKey === 'object' ? storedKey.apiKey : '',
          endpoint: settings.endpoint,
          model: settings.model,
          monthlyLimitText: limitText(settings.monthlyLimit),
          domainHint: settings.domainHint,
          sensitivesText: settings.sensitives.join('\n'),
          translateEverything: settings.skipImgSegment,
        });
        setRepairs(repaired);
        if (storedKey === 'unreadable') setFeedback({ kind: 'alert', text: i18n.t('options.apiKey.unreadable') });
      },
      () => {
        setDraft(blankDraft);
        setFeedback({ kind: 'alert', text: i18n.t('options.loadFailed') });
      },
    );
  }, []);

  if (!draft) {
    return (
      <main class="options" aria-busy="true">
        <OptionsHeader />
      </main>
    );
  }

  const { errors, valid } = checkDraft(draft);
  const shownError = (field: FieldName) => (submitted || touched[field] ? errors[field] : undefined);
  const update = (changes: Partial<Draft>) => {
    setDraft({ ...draft, ...changes });
    // "Saved." would be stale once the form changes again.
    if (feedback?.kind === 'status') setFeedback(null);
  };
  const problems = fieldOrder.flatMap((field) => {
    const message = errors[field];
    return message ? [{ field, message }] : [];
  });
  // An error that appears on blur pushes the page down; when the blur comes from pressing a button, that
  // would move the button away between mousedown and mouseup and swallow the click. Such errors wait for
  // the button's own action instead.
  const touchOnBlur = (field: FieldName) => (event: FocusEvent) => {
    if (!(event.relatedTarget instanceof HTMLButtonElement)) setTouched((was) => ({ ...was, [field]: true }));
  };

  const showProblems = () => {
    setFeedback({ kind: 'invalid' });
    if (problems[0]) focusField(problems[0].field);
  };

  const onSubmit = async (event: JSX.TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setSubmitted(true);
    if (!valid) return showProblems();
    // Asked first, while the submit still counts as the user's gesture; the settings are saved whatever the
    // answer, so a prompt left unanswered loses nothing the user typed.
    const permission = allowEndpoint(valid.settings.endpoint);
    setBusy('saving');
    setFeedback({ kind: 'status', text: i18n.t('options.saving') });
    try {
      // The key goes with the endpoint it is saved with, and nowhere else.
      await setApiKey(valid.apiKey, valid.settings.endpoint);
      // The notice above tells what the stored settings lost: Save stores them without it.
      const saved = await saveSettings(valid.settings, { repairsShown: true });
      // Show what was stored: trimmed key, endpoint without trailing slash, sensitive words without blank lines.
      setDraft((current) =>
        current
          ? {
              ...current,
              apiKey: valid.apiKey,
              endpoint: saved.endpoint,
              model: saved.model,
              monthlyLimitText: limitText(saved.monthlyLimit),
              domainHint: saved.domainHint,
              sensitivesText: saved.sensitives.join('\n'),
            }
          : current,
      );
      setRepairs([]);
      const custom = !isPreset(saved.endpoint);
      setFeedback({
        kind: 'status',
        text: custom ? i18n.t('options.savedWaiting', { host: hostOf(saved.endpoint) }) : i18n.t('options.saved'),
      });
    } catch {
      return setFeedback({ kind: 'alert', text: i18n.t('options.saveFailed') });
    } finally {
      setBusy(null);
    }
    const allowed = await permission;
    setFeedback(
      allowed
        ? { kind: 'status', text: i18n.t('options.saved') }
        : { kind: 'alert', text: i18n.t('options.savedNotAllowed', { host: hostOf(valid.settings.endpoint) }) },
    );
  };

  const onKeepRepaired = async () => {
    if (busy) return;
    setBusy('saving');
    try {
      await saveSettings({}, { repairsShown: true });
      setRepairsKept(true);
    } catch {
      setFeedback({ kind: 'alert', text: i18n.t('options.saveFailed') });
    } finally {
      setBusy(null);
    }
  };

  const onTestKey = async () => {
    if (busy) return;
    setTouched((was) => ({ ...was, apiKey: true, endpoint: true, model: true }));
    const apiKey = draft.apiKey.trim();
    const endpoint = settingsFields.endpoint.safeParse(draft.endpoint);
    const model = settingsFields.model.safeParse(draft.model);
    if (!apiKey) {
      focusField('apiKey');
      return setFeedback({ kind: 'alert', text: i18n.t('options.test.noKey') });
    }
    if (errors.apiKey) {
      focusField('apiKey');
      return setFeedback({ kind: 'alert', text: errors.apiKey });
    }
    if (!endpoint.success) {
      focusField('endpoint');
      return setFeedback({ kind: 'alert', text: errors.endpoint ?? i18n.t('options.test.checkEndpoint') });
    }
    if (!model.success) {
      focusField('model');
      return setFeedback({ kind: 'alert', text: i18n.t('errors.checkKey.invalidModel') });
    }
    // As on Save: asked first, under this click's gesture, and not waited for: a prompt left unanswered
    // must not stop the check (a gateway that allows any origin answers without it).
    const permission = allowEndpoint(endpoint.data);
    setBusy('testing');
    setFeedback({ kind: 'status', text: i18n.t('options.test.checking') });
    try {
      const reply = await sendToWorker({ type: 'check-key', apiKey, endpoint: endpoint.data, model: model.data });
      if (!reply.ok && !(await Promise.race([permission, Promise.resolve(true)]))) {
        return setFeedback({ kind: 'alert', text: notAllowed(endpoint.data) });
      }
      setFeedback(reply.ok ? { kind: 'status', text: i18n.t('options.test.works') } : { kind: 'alert', text: reply.message });
    } catch {
      setFeedback({ kind: 'alert', text: i18n.t('options.test.noAnswer') });
    } finally {
      setBusy(null);
    }
  };

  return (
    <main class="options">
      <OptionsHeader />
      {repairs.length > 0 && <RepairNotice repairs={repairs} kept={repairsKept} onKeep={() => void onKeepRepaired()} />}
      <form class="options-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <section class="card options-section" aria-labelledby="account-heading">
          <h2 id="account-heading" class="section-title">
            {i18n.t('options.account.heading')}
          </h2>
          <ApiKeyField
            value={draft.apiKey}
            error={shownError('apiKey')}
            onInput={(apiKey) => update({ apiKey })}
            onBlur={touchOnBlur('apiKey')}
          />
          <EndpointField
            value={draft.endpoint}
            error={shownError('endpoint')}
            onInput={(endpoint) => update({ endpoint, model: modelAfterEndpointChange(draft.model, draft.endpoint, endpoint) })}
            onBlur={touchOnBlur('endpoint')}
          />
          <ModelField
            value={draft.model}
            error={shownError('model')}
            onInput={(model) => update({ model })}
            onBlur={touchOnBlur('model')}
          />
          <div class="row">
            <button type="button" class="button" aria-disabled={busy !== null} onClick={() => void onTestKey()}>
              {i18n.t('options.test.button')}
            </button>
            <span class="hint">{i18n.t('options.test.hint')}</span>
          </div>
          <MonthlyLimitField
            value={draft.monthlyLimitText}
            error={shownError('monthlyLimit')}
            onInput={(monthlyLimitText) => update({ monthlyLimitText })}
            onBlur={touchOnBlur('monthlyLimit')}
          />
        </section>

        <section class="card options-section" aria-labelledby="translation-heading">
          <h2 id="translation-heading" class="section-title">
            {i18n.t('options.translation.heading')}
          </h2>
          <StoredLanguageSection />
          <DomainHintField
            value={draft.domainHint}
            error={shownError('domainHint')}
            onInput={(domainHint) => update({ domainHint })}
            onBlur={touchOnBlur('domainHint')}
          />
          <SensitiveWordsField
            value={draft.sensitivesText}
            error={shownError('sensitives')}
            onInput={(sensitivesText) => update({ sensitivesText })}
            onBlur={touchOnBlur('sensitives')}
          />
          <TranslateEverythingField
            checked={draft.translateEverything}
            onChange={(translateEverything) => update({ translateEverything })}
          />
        </section>

        {/* Sticky, so that what Test key or Save says is in view wherever the page is scrolled. */}
        <div class="form-footer">
          <div class="form-actions">
            {/* aria-disabled rather than disabled: disabling the focused button would drop keyboard focus. */}
            <button type="submit" class="button button-primary" aria-disabled={busy !== null}>
              {i18n.t('options.save')}
            </button>
            <p class="status-message" role="status">
              {feedback?.kind === 'status' ? feedback.text : ''}
            </p>
          </div>
          {feedback?.kind === 'alert' && <FeedbackAlert text={feedback.text} />}
          {feedback?.kind === 'invalid' && problems.length > 0 && <FeedbackAlert text={i18n.t('options.invalid')} problems={problems} />}
        </div>
      </form>

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

function FeedbackAlert({ text, problems }: { text: string; problems?: { field: FieldName; message: string }[] }) {
  return (
    <div class="alert" role="alert">
      <p>{text}</p>
      {problems && problems.length > 0 && (
        <ul class="alert-list">
          {problems.map(({ field, message }) => (
            <li key={field}>
              <a
                href={`#${fieldIds[field]}`}
                onClick={(event) => {
                  event.preventDefault();
                  focusField(field);
                }}
              >
                {message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldProps<T> {
  value: T;
  error?: string;
  onInput: (value: T) => void;
  onBlur: (event: FocusEvent) => void;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} class="field-error">
      {message}
    </p>
  ) : null;
}

function ApiKeyField({ value, error, onInput, onBlur }: FieldProps<string>) {
  const id = fieldIds.apiKey;
  return (
    <div class="field" onFocusOut={onBlur}>
      <label class="label" for={id}>
        {i18n.t('options.apiKey.label')}
      </label>
      <SecretInput
        id={id}
        noun={i18n.t('options.apiKey.noun')}
        value={value}
        invalid={error !== undefined}
        describedBy={describedBy(`${id}-help`, error && `${id}-error`)}
        onInput={onInput}
      />
      <FieldError id={`${id}-error`} message={error} />
      <p id={`${id}-help`} class="hint">
        {withElements(i18n.t('options.apiKey.help', { apiKeys: '{apiKeys}' }), {
          apiKeys: <strong>{i18n.t('options.apiKey.helpApiKeys')}</strong>,
        })}{' '}
        <a class="link" href="https://www.alibabacloud.com/help/en/model-studio/get-api-key" target="_blank" rel="noreferrer">
          {i18n.t('options.apiKey.howTo')}
        </a>
      </p>
    </div>
  );
}

function EndpointField({ value, error, onInput, onBlur }: FieldProps<string>) {
  const id = fieldIds.endpoint;
  const normalized = settingsFields.endpoint.safeParse(value);
  const current = normalized.success ? normalized.data : value;
  return (
    <div class="field">
      <label class="label" for={id}>
        {i18n.t('options.endpoint.label')}
      </label>
      <input
        id={id}
        class="input"
        type="text"
        inputMode="url"
        list={`${id}-presets`}
        value={value}
        spellcheck={false}
        autoCapitalize="off"
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error && `${id}-error`, `${id}-help`)}
        onInput={(event) => onInput(event.currentTarget.value)}
        onBlur={onBlur}
      />
      <datalist id={`${id}-presets`}>
        {endpointPresets.map((preset) => (
          <option key={preset.url} value={preset.url}>
            {preset.label}
          </option>
        ))}
      </datalist>
      <FieldError id={`${id}-error`} message={error} />
      <div class="row row-tight" role="group" aria-label={i18n.t('options.endpoint.presets')}>
        {endpointPresets.map((preset) => (
          <button
            key={preset.url}
            type="button"
            class="button button-small"
            aria-pressed={current === preset.url}
            onClick={() => onInput(preset.url)}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <p id={`${id}-help`} class="hint">
        {i18n.t('options.endpoint.help')}
      </p>
    </div>
  );
}

function ModelField({ value, error, onInput, onBlur }: FieldProps<string>) {
  const id = fieldIds.model;
  return (
    <div class="field">
      <label class="label" for={id}>
        {i18n.t('options.model.label')}
      </label>
      <input
        id={id}
        class="input"
        type="text"
        list={`${id}-choices`}
        value={value}
        spellcheck={false}
        autoCapitalize="off"
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error && `${id}-error`, `${id}-help`)}
        onInput={(event) => onInput(event.currentTarget.value)}
        onBlur={onBlur}
      />
      <datalist id={`${id}-choices`}>
        {endpointPresets.map((preset) => (
          <option key={preset.model} value={preset.model}>
            {preset.label}
          </option>
        ))}
      </datalist>
      <FieldError id={`${id}-error`} message={error} />
      <p id={`${id}-help`} class="hint">
        {i18n.t('options.model.help')}
      </p>
    </div>
  );
}

function MonthlyLimitField({ value, error, onInput, onBlur }: FieldProps<string>) {
  const id = fieldIds.monthlyLimit;
  return (
    <div class="field">
      <label class="label" for={id}>
        {i18n.t('options.monthlyLimit.label')}
      </label>
      {/* Text, not type="number": that hands "abc" or "1,000" to the page as "", which here means no limit. */}
      <input
        id={id}
        class="input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error && `${id}-error`, `${id}-help`)}
        onInput={(event) => onInput(event.currentTarget.value)}
        onBlur={onBlur}
      />
      <FieldError id={`${id}-error`} message={error} />
      <p id={`${id}-help`} class="hint">
        {i18n.t('options.monthlyLimit.help')}
      </p>
    </div>
  );
}

function DomainHintField({ value, error, onInput, onBlur }: FieldProps<string>) {
  const id = fieldIds.domainHint;
  const words = wordCount(value);
  return (
    <div class="field">
      <label class="label" for={id}>
        {i18n.t('options.domainHint.label')}
      </label>
      <textarea
        id={id}
        class="textarea"
        rows={3}
        value={value}
        placeholder={i18n.t('options.domainHint.placeholder')}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error && `${id}-error`, `${id}-help`, `${id}-count`)}
        onInput={(event) => onInput(event.currentTarget.value)}
        onBlur={onBlur}
      />
      <div class="field-meta">
        <p id={`${id}-help`} class="hint">
          {i18n.t('options.domainHint.help')}
        </p>
        <Counter id={`${id}-count`} count={words} max={MAX_DOMAIN_HINT_WORDS} words />
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function SensitiveWordsField({ value, error, onInput, onBlur }: FieldProps<string>) {
  const id = fieldIds.sensitives;
  return (
    <div class="field">
      <label class="label" for={id}>
        {i18n.t('options.sensitives.label')}
      </label>
      <textarea
        id={id}
        class="textarea"
        rows={4}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error && `${id}-error`, `${id}-help`, `${id}-count`)}
        onInput={(event) => onInput(event.currentTarget.value)}
        onBlur={onBlur}
      />
      <div class="field-meta">
        <p id={`${id}-help`} class="hint">
          {i18n.t('options.sensitives.help')}
        </p>
        <Counter id={`${id}-count`} count={sensitiveWords(value).length} max={MAX_SENSITIVES} />
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** "12 / 50", or "12 / 200 words" when counting words. */
function Counter({ id, count, max, words = false }: { id: string; count: number; max: number; words?: boolean }) {
  return (
    <span id={id} class={count > max ? 'counter counter-over' : 'counter'}>
      {words ? i18n.t('options.counterWords', { count, max }) : i18n.t('options.counter', { count, max })}
    </span>
  );
}

function TranslateEverythingField({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div class="field checkbox-field">
      <input
        id="translate-everything"
        class="checkbox"
        type="checkbox"
        checked={checked}
        aria-describedby="translate-everything-help"
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <div>
        <label class="label" for="translate-everything">
          {i18n.t('options.translateEverything.label')}
        </label>
        <p id="translate-everything-help" class="hint">
          {i18n.t('options.translateEverything.help')}
        </p>
      </div>
    </div>
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
