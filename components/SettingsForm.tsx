import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { StoredLanguageSection } from '@/components/LanguageSection';
import { RepairNotice } from '@/components/RepairNotice';
import {
  ApiKeyField,
  AutoSitesField,
  DomainHintField,
  EndpointField,
  ModelField,
  MonthlyLimitField,
  SensitiveWordsField,
  TranslateEverythingField,
  type FieldProps,
} from '@/components/SettingsFields';
import { setApiKey } from '@/utils/api-key';
import { askForSites, giveBackSites, siteAllowed } from '@/utils/auto-site-access';
import { modelAfterEndpointChange } from '@/utils/models';
import { ensureHostPermission } from '@/utils/permissions';
import { failureWords } from '@/utils/failure-words';
import { sendToWorker, type CheckKeyReply } from '@/utils/protocol';
import { endpointPresets } from '@/utils/endpoints';
import { saveSettings } from '@/utils/settings';
import type { Repair } from '@/utils/settings-repair';
import { settingsFields } from '@/utils/settings-schema';
import { checkDraft, draftKeys, fieldIds, fieldOrder, focusField, storedFieldsDraft, type Draft, type FieldName } from './settings-draft';

/** What "Test key" says when the key does not work. */
function checkKeyWords(reply: Exclude<CheckKeyReply, { ok: true }>): string {
  if ('failure' in reply) return failureWords(reply.failure).message;
  const typed = {
    'invalid-endpoint': 'errors.checkKey.invalidEndpoint',
    'no-key': 'errors.checkKey.noKey',
    'invalid-model': 'errors.checkKey.invalidModel',
  } as const;
  return i18n.t(typed[reply.typed]);
}

/**
 * What the page last had to say: news for the status region, a problem for the alert, or `invalid` after a
 * refused save, whose alert lists the form's current errors and goes away once they are fixed.
 */
export type Feedback = { kind: 'status'; text: string } | { kind: 'alert'; text: string } | { kind: 'invalid' } | null;

function isPreset(endpoint: string): boolean {
  return endpointPresets.some((preset) => preset.url === endpoint);
}

function hostOf(endpoint: string): string {
  return new URL(endpoint).host;
}

/**
 * Asks for access to a custom endpoint's host (presets are allowed at install); whether it is allowed.
 * Call it first thing in a click or submit handler: see ensureHostPermission.
 */
async function allowEndpoint(endpoint: string): Promise<boolean> {
  // A failed request means the same as a refusal: the worker may not reach the endpoint.
  return isPreset(endpoint) || (await ensureHostPermission(endpoint).catch(() => false));
}

function notAllowed(endpoint: string): string {
  return i18n.t('options.notAllowed', { host: hostOf(endpoint) });
}

async function sitesWithoutAccess(sites: readonly string[]): Promise<string[]> {
  const allowed = await Promise.all(sites.map(siteAllowed));
  return sites.filter((_, i) => !allowed[i]);
}

interface SettingsFormProps {
  /** The form as the stored settings fill it. */
  initial: Draft;
  /** What the stored settings lost, for the notice above the form. */
  repaired: Repair[];
  /** What loading had to say, if anything. */
  loadFeedback: Feedback;
}

/** The account and translation settings, checked as typed, saved together with the key. */
export function SettingsForm({ initial, repaired, loadFeedback }: SettingsFormProps) {
  const [draft, setDraft] = useState(initial);
  const [repairs, setRepairs] = useState(repaired);
  const [repairsKept, setRepairsKept] = useState(false);
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState<'saving' | 'testing' | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(loadFeedback);
  /** The sites translated automatically as last stored: those a save takes off give their access back. */
  const [storedSites, setStoredSites] = useState(() => checkDraft(initial).valid?.settings.autoSites ?? []);

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

  /** A text field's value, error and events. */
  const fieldOf = (field: FieldName): FieldProps<string> => ({
    value: draft[draftKeys[field]],
    error: shownError(field),
    onInput: (value) => update({ [draftKeys[field]]: value }),
    onBlur: touchOnBlur(field),
  });

  const showProblems = () => {
    setFeedback({ kind: 'invalid' });
    if (problems[0]) focusField(problems[0].field);
  };

  const onSubmit = async (event: JSX.TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setSubmitted(true);
    if (!valid) return showProblems();
    const sites = valid.settings.autoSites;
    // Asked first, while the submit still counts as the user's gesture; the settings are saved whatever the
    // answer, so a prompt left unanswered loses nothing the user typed.
    const askSites = () => askForSites(sites).catch(() => false);
    // One prompt at a time: the sites' access is asked for after a custom endpoint's, and at once (while Firefox
    // still counts the gesture) when the endpoint is a preset, which needs none.
    const sitesAsked = isPreset(valid.settings.endpoint) ? askSites() : undefined;
    const endpointAllowed = allowEndpoint(valid.settings.endpoint);
    const permission = endpointAllowed.then(async (allowed) => ({ allowed, sites: await (sitesAsked ?? askSites()) }));
    setBusy('saving');
    setFeedback({ kind: 'status', text: i18n.t('options.saving') });
    try {
      // The key goes with the endpoint it is saved with, and nowhere else.
      await setApiKey(valid.apiKey, valid.settings.endpoint);
      // The notice above tells what the stored settings lost: Save stores them without it.
      const saved = await saveSettings(valid.settings, { repairsShown: true });
      // Show what was stored: trimmed key, endpoint without trailing slash, sensitive words without blank lines.
      setDraft((current) => ({ ...current, apiKey: valid.apiKey, ...storedFieldsDraft(saved) }));
      setRepairs([]);
      await giveBackSites(
        storedSites.filter((site) => !saved.autoSites.includes(site)),
        saved.autoSites,
      );
      setStoredSites(saved.autoSites);
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
    const { allowed, sites: sitesAllowed } = await permission;
    if (!allowed) return setFeedback({ kind: 'alert', text: i18n.t('options.savedNotAllowed', { host: hostOf(valid.settings.endpoint) }) });
    const refused = sitesAllowed ? [] : await sitesWithoutAccess(sites);
    setFeedback(
      refused.length
        ? { kind: 'alert', text: i18n.t('options.savedSitesNotAllowed', { sites: refused.join(i18n.t('options.listSeparator')) }) }
        : { kind: 'status', text: i18n.t('options.saved') },
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
      setFeedback(reply.ok ? { kind: 'status', text: i18n.t('options.test.works') } : { kind: 'alert', text: checkKeyWords(reply) });
    } catch {
      setFeedback({ kind: 'alert', text: i18n.t('options.test.noAnswer') });
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {repairs.length > 0 && <RepairNotice repairs={repairs} kept={repairsKept} onKeep={() => void onKeepRepaired()} />}
      <form class="options-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <section class="card options-section" aria-labelledby="account-heading">
          <h2 id="account-heading" class="section-title">
            {i18n.t('options.account.heading')}
          </h2>
          <ApiKeyField {...fieldOf('apiKey')} />
          <EndpointField
            {...fieldOf('endpoint')}
            onInput={(endpoint) => update({ endpoint, model: modelAfterEndpointChange(draft.model, draft.endpoint, endpoint) })}
          />
          <ModelField {...fieldOf('model')} />
          <div class="row">
            <button type="button" class="button" aria-disabled={busy !== null} onClick={() => void onTestKey()}>
              {i18n.t('options.test.button')}
            </button>
            <span class="hint">{i18n.t('options.test.hint')}</span>
          </div>
          <MonthlyLimitField {...fieldOf('monthlyLimit')} />
        </section>

        <section class="card options-section" aria-labelledby="translation-heading">
          <h2 id="translation-heading" class="section-title">
            {i18n.t('options.translation.heading')}
          </h2>
          <StoredLanguageSection />
          <DomainHintField {...fieldOf('domainHint')} />
          <SensitiveWordsField {...fieldOf('sensitives')} />
          <TranslateEverythingField
            checked={draft.translateEverything}
            onChange={(translateEverything) => update({ translateEverything })}
          />
          <AutoSitesField {...fieldOf('autoSites')} />
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
    </>
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
